package markdown

import (
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"testing"
)

// memoSources are bodies of every shape the memo has to answer for exactly: shortcodes (an
// include that resolves changes the parsed source), raw HTML, tables, footnotes, entities.
func memoSources(t *testing.T) []string {
	xss, err := os.ReadFile("testdata/xss.txt")
	if err != nil {
		t.Fatal(err)
	}
	out := []string{
		"", "# Title\n\nSome *emphasis* and [a link](../x).",
		"{{< alert >}}Careful **now**{{< /alert >}}\n\n{{< include \"snippets/a\" >}}\n\nAfter.",
		"| a | b |\n|---|---|\n| 1 | 2 |\n\nText.[^1]\n\n[^1]: A note.",
		"<div>raw <b>html</b></div>\n\nAT&amp;T `code &amp;`",
	}
	for _, entry := range strings.Split(string(xss), "\n=== ") {
		out = append(out, entry)
	}
	return out
}

// TestPlainTextFromRenderEqualsOwnParse: the plain text PlainText answers from a render's parse
// is exactly the text of parsing the body itself, with and without includes resolved.
func TestPlainTextFromRenderEqualsOwnParse(t *testing.T) {
	include := func(path string) (string, bool) { return "Included *text* from " + path, true }
	for i, src := range memoSources(t) {
		clearPlainMemo()
		own := PlainText(src) // no render before: parses src itself
		for _, render := range []func() (Result, error){
			func() (Result, error) { return Render(src) },
			func() (Result, error) { return RenderWithIncludes(src, include) },
		} {
			clearPlainMemo()
			if _, err := render(); err != nil {
				t.Fatal(err)
			}
			if got := PlainText(src); got != own {
				t.Fatalf("source %d: plain text after a render\n%q\nwant\n%q", i, got, own)
			}
		}
	}
}

// TestPlainTextAnsweredFromRender: after Render of a body, PlainText of it is in the memo (no
// second parse), while a body whose include resolved is not taken from the render of the
// expanded text.
func TestPlainTextAnsweredFromRender(t *testing.T) {
	clearPlainMemo()
	src := "# Heading\n\nA paragraph with [a link](/x)."
	if _, err := RenderWithIncludes(src, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	if _, ok := plainTexts.get(sha256.Sum256([]byte(tame(expandShortcodes(src, nil, 0))))); !ok {
		t.Fatal("the render's plain text is not remembered")
	}

	clearPlainMemo()
	withInclude := "Before\n\n{{< include \"a\" >}}\n\nAfter"
	if _, err := RenderWithIncludes(withInclude, func(string) (string, bool) { return "SECRET included", true }); err != nil {
		t.Fatal(err)
	}
	if got := PlainText(withInclude); strings.Contains(got, "SECRET") {
		t.Fatalf("the search text of a body took included content from its render: %q", got)
	}
}

// TestPlainMemoBounded: the memo never holds more than its entry and byte bounds, dropping the
// oldest first.
func TestPlainMemoBounded(t *testing.T) {
	clearPlainMemo()
	for i := range plainMemoEntries * 3 {
		if _, err := Render(fmt.Sprintf("page %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(plainTexts.texts); n != plainMemoEntries || len(plainTexts.order) != n {
		t.Fatalf("memo holds %d entries (%d in order); want %d", n, len(plainTexts.order), plainMemoEntries)
	}
	if _, ok := plainTexts.get(sha256.Sum256([]byte(tame(expandShortcodes("page 0", nil, 0))))); ok {
		t.Fatal("the oldest entry was kept")
	}

	clearPlainMemo()
	big := strings.Repeat("word ", plainMemoBytes/5/3) // about a third of the byte bound each
	for i := range 5 {
		if _, err := Render(fmt.Sprintf("%s%d", big, i)); err != nil {
			t.Fatal(err)
		}
	}
	if plainTexts.bytes > plainMemoBytes || len(plainTexts.texts) > 3 {
		t.Fatalf("memo holds %d bytes in %d entries; bound %d", plainTexts.bytes, len(plainTexts.texts), plainMemoBytes)
	}
}

func clearPlainMemo() {
	plainTexts.mu.Lock()
	defer plainTexts.mu.Unlock()
	plainTexts.texts = map[[sha256.Size]byte]string{}
	plainTexts.order = nil
	plainTexts.bytes = 0
}
