package markdown_test

import (
	"fmt"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// forbiddenElements must never appear in rendered output: each can run
// script, load active content, restyle the page or retarget its links.
var forbiddenElements = map[string]bool{
	"script": true, "style": true, "iframe": true, "object": true, "embed": true,
	"svg": true, "math": true, "form": true, "base": true, "meta": true,
	"link": true, "frame": true, "frameset": true, "applet": true, "template": true,
	"textarea": true, "button": true, "select": true, "noscript": true, "plaintext": true,
}

// urlAttributes are the attributes a browser loads or navigates to.
var urlAttributes = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "cite": true,
	"background": true, "poster": true, "data": true, "codebase": true, "lowsrc": true,
	"dynsrc": true, "longdesc": true, "ping": true, "manifest": true, "srcset": true,
}

var urlScheme = regexp.MustCompile(`^[a-z][a-z0-9+.-]*:`)

// unsafeHTML parses fragment the way a browser would (in a <div>) and
// describes the first thing in it that could run script or load active
// content, or returns "" when there is none. It checks the parsed tree, not
// the text, so that mutation tricks which only become dangerous after
// parsing are judged by their result.
func unsafeHTML(fragment string) string {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(fragment), ctx)
	if err != nil {
		return fmt.Sprintf("does not parse: %v", err)
	}
	for _, n := range nodes {
		if problem := unsafeNode(n); problem != "" {
			return problem
		}
	}
	return ""
}

func unsafeNode(n *html.Node) string {
	if n.Type == html.ElementNode {
		name := strings.ToLower(n.Data)
		switch {
		case forbiddenElements[name]:
			return "element <" + name + ">"
		case n.Namespace != "":
			return "foreign element <" + n.Namespace + ":" + name + ">"
		case name == "input" && !isDisabledCheckbox(n):
			return "input that is not a disabled checkbox"
		}
		for _, a := range n.Attr {
			if problem := unsafeAttr(name, a); problem != "" {
				return problem
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if problem := unsafeNode(c); problem != "" {
			return problem
		}
	}
	return ""
}

func unsafeAttr(element string, a html.Attribute) string {
	key := strings.ToLower(a.Key)
	switch {
	case strings.HasPrefix(key, "on"):
		return fmt.Sprintf("event handler %s on <%s>", key, element)
	case key == "style" || key == "srcdoc" || key == "formaction":
		return fmt.Sprintf("attribute %s on <%s>", key, element)
	case key == "srcset":
		for _, candidate := range strings.Split(a.Val, ",") {
			if fields := strings.Fields(candidate); len(fields) > 0 && unsafeURL(fields[0]) {
				return fmt.Sprintf("srcset %q on <%s>", a.Val, element)
			}
		}
	case urlAttributes[key] && unsafeURL(a.Val):
		return fmt.Sprintf("%s=%q on <%s>", key, a.Val, element)
	}
	return ""
}

// unsafeURL reports a URL whose scheme is not http, https or mailto. The
// parser has already decoded entities, once, as a browser does; what is left
// is cleaned the way a browser's URL parser cleans it (tabs and line breaks
// removed anywhere, control characters and spaces trimmed at the ends) and
// lowercased before the scheme is read.
func unsafeURL(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	v = strings.ToLower(strings.TrimFunc(v, func(r rune) bool { return r <= ' ' }))
	switch urlScheme.FindString(v) {
	case "", "http:", "https:", "mailto:":
		return false
	}
	return true
}

func isDisabledCheckbox(n *html.Node) bool {
	var checkbox, disabled bool
	for _, a := range n.Attr {
		switch a.Key {
		case "type":
			checkbox = strings.EqualFold(a.Val, "checkbox")
		case "disabled":
			disabled = true
		}
	}
	return checkbox && disabled
}
