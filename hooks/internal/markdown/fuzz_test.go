package markdown_test

import (
	"testing"

	"folio/hooks/internal/markdown"
)

func FuzzRender(f *testing.F) {
	for _, v := range loadXSSCorpus(f) {
		f.Add(v.src)
	}
	for _, seed := range []string{
		"# 한국어 제목 {#소개}\n\n## 日本語\n\n## 日本語",
		"| a | b |\n|---|---|\n| <b>x</b> | [y](z) |",
		"- [x] a\n  - [ ] b\n\n> quote[^1]\n\n[^1]: note <i>x</i>",
		"<details>\n\n```js\n</details><script>\n```\n\n</details>",
		"[a](<b c> 'd') <e@f.example> www.g.example/h?i=<j>",
		"\x00<a href=\"\x00javascript:x\">\x00</a>",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		res, err := markdown.Render(src)
		if err != nil {
			t.Fatalf("Render error: %v", err)
		}
		if problem := unsafeHTML(res.HTML); problem != "" {
			t.Fatalf("unsafe output (%s)\nsource: %q\nhtml: %s", problem, src, res.HTML)
		}
		seen := map[string]bool{}
		for _, h := range res.TOC {
			if h.ID == "" || seen[h.ID] {
				t.Fatalf("heading ID %q is empty or repeated in %+v", h.ID, res.TOC)
			}
			seen[h.ID] = true
		}
		for _, l := range res.Links {
			if unsafeURL(l.Href) {
				t.Fatalf("link list has unsafe href %q", l.Href)
			}
		}
		_ = markdown.PlainText(src)
	})
}
