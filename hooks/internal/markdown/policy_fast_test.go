package markdown

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// fastPathDocs take the fast path: markdown without raw HTML whose every tag the policy keeps.
var fastPathDocs = []string{
	"# Title\n\nSome *text* and **bold**, `code`, ~~gone~~ and a \"quote\" & an 'apostrophe' < > &amp; &copy;.",
	"## 한국어 제목 {#소개}\n\n### 日本語\n\n### 日本語\n\nA [link](/docs/x#intro), [relative](../y), [mail](mailto:a@b.example) and [out](https://example.com/a?b=c&d=e).",
	"| a | b | c |\n|:--|:-:|--:|\n| x | [y](z) | `w` |\n",
	"- [x] done\n- [ ] todo\n  1. one\n  2. two\n\n> quote[^1]\n\n[^1]: the note\n",
	"```go\nfunc main() { fmt.Println(\"<b>\") }\n```\n\n    indented <code>\n\n---\n\nline  \nbreak",
	"![An image](img/a.png) and ![alt text](https://cdn.example/b.jpg) www.example.org/page and <https://example.com>",
	"Auto <someone@example.com> e-mail.\n\n* a\n* b\n\n***\n",
}

// slowPathDocs must go through the sanitizer: raw HTML, or markup the policy changes.
var slowPathDocs = []string{
	"<b>raw</b> html",
	"<div>\nblock\n</div>",
	"[x](javascript:alert(1))",
	"[x](/a \"title: with a colon\")",
	"3. starts at three\n4. four",
	"# Heading {.class}",
	"# Heading {title=x}",
	"```go{x}\ncode\n```",
	"![img](data:image/png;base64,AAAA)",
	"[x](HTTP://EXAMPLE.COM)",
	"[empty]()",
}

func TestSanitizeFastPathIsTakenAndEquivalent(t *testing.T) {
	for _, src := range fastPathDocs {
		fast, slow, took := bothPaths(src)
		if !took {
			t.Errorf("expected the fast path for %q", src)
			continue
		}
		if err := sameTokens(fast, slow); err != nil {
			t.Errorf("fast path differs for %q: %v\nfast: %s\nslow: %s", src, err, fast, slow)
		}
	}
	for _, src := range slowPathDocs {
		if _, _, took := bothPaths(src); took {
			t.Errorf("expected the sanitizer for %q", src)
		}
	}
}

func TestSanitizeFastPathAddsNofollowAsThePolicyDoes(t *testing.T) {
	res, err := Render("[out](https://example.com/a) [in](/docs/a)")
	if err != nil {
		t.Fatal(err)
	}
	want := `<p><a href="https://example.com/a" rel="nofollow">out</a> <a href="/docs/a">in</a></p>`
	if strings.TrimSpace(res.HTML) != want {
		t.Fatalf("got %s\nwant %s", res.HTML, want)
	}
}

// FuzzSanitizeFastPath checks, for any document the fast path takes, that its HTML is the
// sanitizer's HTML of the same document token for token: the same elements, the same
// attributes with the same values, the same text, as a browser's tokenizer reads them.
func FuzzSanitizeFastPath(f *testing.F) {
	for _, src := range append(slices.Clone(fastPathDocs), slowPathDocs...) {
		f.Add(src)
	}
	// The XSS corpus (testdata/xss.txt, "=== name" then the source), as FuzzRender takes it.
	data, err := os.ReadFile("testdata/xss.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, entry := range strings.Split("\n"+string(data), "\n=== ")[1:] {
		_, src, _ := strings.Cut(entry, "\n")
		f.Add(strings.TrimSuffix(src, "\n"))
	}
	f.Fuzz(func(t *testing.T, src string) {
		fast, slow, took := bothPaths(src)
		if !took {
			return
		}
		if err := sameTokens(fast, slow); err != nil {
			t.Fatalf("fast path differs: %v\nsource: %q\nfast: %s\nslow: %s", err, src, fast, slow)
		}
	})
}

// bothPaths renders src as Render does and returns the fast path's HTML, the sanitizer's HTML
// of the same goldmark output, and whether the fast path was taken.
func bothPaths(src string) (fast, slow []byte, took bool) {
	source := []byte(tame(expandShortcodes(src, nil, 0)))
	doc := engine.Parser().Parse(text.NewReader(source), parser.WithContext(newContext()))
	var buf bytes.Buffer
	if err := engine.Renderer().Render(&buf, source, doc); err != nil {
		return nil, nil, false
	}
	rendered := buf.Bytes()
	slow = policy().SanitizeBytes(filterRawTextTags(slices.Clone(rendered)))
	if hasRawHTML(doc) {
		return nil, slow, false
	}
	fast, took = passPolicy(slices.Clone(rendered))
	return fast, slow, took
}

// sameTokens compares two HTML documents as a tokenizer reads them, adjacent text joined.
func sameTokens(a, b []byte) error {
	ta, tb := tokensOf(a), tokensOf(b)
	for i := range max(len(ta), len(tb)) {
		var x, y string
		if i < len(ta) {
			x = ta[i]
		}
		if i < len(tb) {
			y = tb[i]
		}
		if x != y {
			return fmt.Errorf("token %d: %q against %q", i, x, y)
		}
	}
	return nil
}

func tokensOf(b []byte) []string {
	var out []string
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			out = append(out, "text:"+text.String())
			text.Reset()
		}
	}
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				out = append(out, "error:"+z.Err().Error())
			}
			flush()
			return out
		}
		tok := z.Token()
		if tt == html.TextToken {
			text.WriteString(tok.Data)
			continue
		}
		flush()
		s := fmt.Sprintf("%d:%s", tt, tok.Data)
		if tt == html.SelfClosingTagToken {
			s = fmt.Sprintf("%d:%s", html.StartTagToken, tok.Data)
		}
		for _, a := range tok.Attr {
			s += fmt.Sprintf(" %s=%q", a.Key, a.Val)
		}
		out = append(out, s)
	}
}
