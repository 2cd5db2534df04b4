package markdown_test

import (
	"runtime"
	"testing"
	"time"

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

// FuzzRenderCost checks that rendering costs linear time in the body: a fuzzed prefix and a
// fuzzed unit repeated to 4 KB and to 64 KB, timed benchmark-style (the least CPU time of three
// runs, read from the thread, after a collection), may cost at most 8 times more per byte at
// 64 KB than at 4 KB — a quadratic shape costs 16 times more. Runs too short to time are not
// judged. The seeds are the shapes an outside test found costly and blocks that once hid a
// costly shape from the pre-pass; BenchmarkHostileShapes covers the rest.
func FuzzRenderCost(f *testing.F) {
	for _, unit := range []string{">", "> ", "[a](", "1. ", "+ ", "- a\n", "*a_ ", "]([\n"} {
		f.Add("", unit)
	}
	f.Add("- a\n  ```\n", "> ")
	f.Add("- a\n  ```\n", "[a]: b\n")
	f.Add("<div>\n```\n\n", "> ")
	f.Add("|a|\n|-|\n***\n", "*a_ *a_ *a_ *a_ x\n")
	f.Fuzz(func(t *testing.T, prefix, unit string) {
		if unit == "" || len(unit) > 64 || len(prefix) > 256 {
			return
		}
		small, large := prefix+repeatTo(unit, 4<<10), prefix+repeatTo(unit, 64<<10)
		least := func(src string) time.Duration {
			runtime.GC()
			best := time.Duration(1 << 62)
			for range 3 {
				best = min(best, cpuTime(func() { _, _ = markdown.Render(src) }))
			}
			return best
		}
		ts, tl := least(small), least(large)
		if tl < 20*time.Millisecond {
			return
		}
		perByteSmall := float64(max(ts, time.Millisecond)) / float64(len(small))
		perByteLarge := float64(tl) / float64(len(large))
		if perByteLarge > 8*perByteSmall {
			t.Fatalf("rendering %q then %q repeated grows faster than its length: %v CPU for %d bytes, %v for %d bytes", prefix, unit, ts, len(small), tl, len(large))
		}
	})
}
