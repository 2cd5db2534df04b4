package pages_test

import (
	"strings"

	"golang.org/x/net/html"
)

// unsafeHTML returns the first thing in s that could run script — an element such as script or
// iframe, an on* handler, a style attribute, a javascript:, vbscript: or data: URL — or "".
// It parses s as a browser would rather than searching text, where "javascript:" is harmless.
func unsafeHTML(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "style", "frame", "frameset", "base", "meta", "link", "form":
				return "<" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				val := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(key, "on") || key == "style" || key == "srcdoc" || key == "formaction" {
					return key + "=" + a.Val
				}
				for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
					if strings.HasPrefix(val, scheme) {
						return key + "=" + a.Val
					}
				}
			}
		}
	}
}
