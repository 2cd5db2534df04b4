package markdown_test

import (
	"fmt"
	"strings"
	"testing"

	"folio/hooks/internal/markdown"
)

// benchDocument builds a knowledge-base page of about 10 KB that exercises
// every feature Render handles: headings in two scripts, lists, a table,
// code, links, raw HTML and footnotes.
func benchDocument() string {
	var b strings.Builder
	b.WriteString("# Backend programming\n\nA backend stores data, authenticates users and runs business logic.[^1]\n\n")
	for i := 0; b.Len() < 10*1024-600; i++ {
		fmt.Fprintf(&b, "## Section %d: 백엔드 개요\n\n", i)
		b.WriteString("Servers keep **state** and *secrets*; clients render it. See [the guide](../guide.md#setup), ")
		b.WriteString("[PocketBase](https://pocketbase.io) and www.example.org for `details`.\n")
		b.WriteString("데이터 저장, 사용자 인증, 비즈니스 로직을 담당합니다.\n\n")
		b.WriteString("- [x] Create accounts\n- [ ] Verify credentials\n  - Manage sessions\n\n")
		b.WriteString("| Concern | Owner | Status |\n|:--|:-:|--:|\n| Auth | accounts | ~~todo~~ done |\n| Search | search | <kbd>wip</kbd> |\n\n")
		b.WriteString("```go\nfunc main() {\n\tapp := pocketbase.New()\n\t_ = app.Start()\n}\n```\n\n")
		b.WriteString("> Quoted <span title=\"note\">advice</span> with an image ![diagram](img/arch.png).\n\n")
	}
	b.WriteString("[^1]: Wiki.js export, translated into ko, ja and zh.\n")
	return b.String()
}

func BenchmarkRender(b *testing.B) {
	doc := benchDocument()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := markdown.Render(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlainText(b *testing.B) {
	doc := benchDocument()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		_ = markdown.PlainText(doc)
	}
}

func TestBenchDocumentIsAbout10KB(t *testing.T) {
	if n := len(benchDocument()); n < 9*1024 || n > 11*1024 {
		t.Fatalf("bench document is %d bytes", n)
	}
	res := render(t, benchDocument())
	if len(res.TOC) < 10 || len(res.Links) < 20 {
		t.Fatalf("bench document too plain: %d headings, %d links", len(res.TOC), len(res.Links))
	}
}

// BenchmarkHostileShapes renders each hostile shape at 1 KB, 10 KB and 160 KB; cpu-ns/B is the
// CPU cost per byte, which stays flat across sizes when rendering is linear:
//
//	go test ./hooks/internal/markdown -run '^$' -bench HostileShapes -benchtime 3x
func BenchmarkHostileShapes(b *testing.B) {
	for _, s := range hostileShapes {
		for _, n := range []int{1_000, 10_000, 160_000} {
			src := s.build(n)
			b.Run(fmt.Sprintf("%s/%dKB", s.name, n/1000), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				runs := 0
				cpu := cpuTime(func() {
					for b.Loop() {
						if _, err := markdown.Render(src); err != nil {
							b.Fatal(err)
						}
						runs++
					}
				})
				// CPU time per byte: on a shared machine ns/op mostly measures the wait for a core.
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(runs)/float64(len(src)), "cpu-ns/B")
			})
		}
	}
}
