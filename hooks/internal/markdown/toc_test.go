package markdown_test

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"folio/hooks/internal/markdown"
)

func TestRenderHeadingIDs(t *testing.T) {
	type h = tocEntry
	cases := []struct {
		name string
		src  string
		want []h
	}{
		{"latin", "# Hello World", []h{{1, "hello-world", "Hello World"}}},
		{"punctuation dropped", "## What's new? (v2.0)", []h{{2, "whats-new-v20", "What's new? (v2.0)"}}},
		{"underscores and dashes kept", "### snake_case - kebab", []h{{3, "snake_case---kebab", "snake_case - kebab"}}},
		{"korean", "## 백엔드 프로그래밍", []h{{2, "백엔드-프로그래밍", "백엔드 프로그래밍"}}},
		{"japanese", "## バックエンド・プログラミング入門", []h{{2, "バックエンドプログラミング入門", "バックエンド・プログラミング入門"}}},
		{"chinese", "## 后端编程", []h{{2, "后端编程", "后端编程"}}},
		{"non-latin lowercased", "## Ölçü BİRİMİ Ωμέγα", []h{{2, "ölçü-birimi-ωμέγα", "Ölçü BİRİMİ Ωμέγα"}}},
		{"decomposed text composed", "# Cafe\u0301", []h{{1, "café", "Cafe\u0301"}}},
		{"markup stripped", "## See [the docs](https://x.example) and `code` **now**",
			[]h{{2, "see-the-docs-and-code-now", "See the docs and code now"}}},
		{"duplicates numbered", "# A\n## A\n### A", []h{{1, "a", "A"}, {2, "a-1", "A"}, {3, "a-2", "A"}}},
		{"duplicate skips a taken suffix", "# A\n# A-1\n# A", []h{{1, "a", "A"}, {1, "a-1", "A-1"}, {1, "a-2", "A"}}},
		{"korean duplicates", "## 개요\n## 개요", []h{{2, "개요", "개요"}, {2, "개요-1", "개요"}}},
		{"explicit id", "## Introduction {#intro}", []h{{2, "intro", "Introduction"}}},
		{"explicit id in another script", "## Introduction {#소개}", []h{{2, "소개", "Introduction"}}},
		{"explicit id claimed before earlier generated one", "# Start\n# Other {#start}",
			[]h{{1, "start-1", "Start"}, {1, "start", "Other"}}},
		{"repeated explicit id made unique", "# A {#x}\n# B {#x}", []h{{1, "x", "A"}, {1, "x-1", "B"}}},
		{"unsafe explicit id replaced", `# Title {id="has space"}`, []h{{1, "title", "Title"}}},
		{"setext", "Title\n=====\n\nSub\n---", []h{{1, "title", "Title"}, {2, "sub", "Sub"}}},
		{"empty heading", "#\n", []h{{1, "heading", ""}}},
		{"emoji only", "# 🚀🚀", []h{{1, "heading", "🚀🚀"}}},
		{"no headings", "just text", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := markdown.Render(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			got := withoutHTML(res.TOC)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("TOC = %+v, want %+v", got, tc.want)
			}
			if got, want := headingIDsInHTML(t, res.HTML), tocIDs(res.TOC); !reflect.DeepEqual(got, want) {
				t.Fatalf("heading ids in HTML = %q, want the TOC's %q\n%s", got, want, res.HTML)
			}
		})
	}
}

func TestRenderLongHeadingIDIsBounded(t *testing.T) {
	res, err := markdown.Render("# " + strings.Repeat("가나다 ", 200))
	if err != nil {
		t.Fatal(err)
	}
	if n := len([]rune(res.TOC[0].ID)); n > 128 {
		t.Fatalf("ID has %d characters", n)
	}
	if got := headingIDsInHTML(t, res.HTML); len(got) != 1 || got[0] != res.TOC[0].ID {
		t.Fatalf("HTML heading ids %q, TOC id %q", got, res.TOC[0].ID)
	}
}

func tocIDs(toc []markdown.Heading) []string {
	var ids []string
	for _, h := range toc {
		ids = append(ids, h.ID)
	}
	return ids
}

// headingIDsInHTML returns the id of every h1–h6 in html, in order, so
// tests can check the TOC names anchors that survived sanitizing.
func headingIDsInHTML(t *testing.T, fragment string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(fragment))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || len(n.Data) != 2 || n.Data[0] != 'h' || n.Data[1] < '1' || n.Data[1] > '6' {
			continue
		}
		for _, a := range n.Attr {
			if a.Key == "id" {
				ids = append(ids, a.Val)
			}
		}
	}
	return ids
}
