package markdown_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"folio/hooks/internal/markdown"
)

func render(t *testing.T, src string) markdown.Result {
	t.Helper()
	res, err := markdown.Render(src)
	if err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	if problem := unsafeHTML(res.HTML); problem != "" {
		t.Fatalf("Render(%q) output is unsafe (%s):\n%s", src, problem, res.HTML)
	}
	return res
}

// TestRenderFeatures checks that each supported markdown feature reaches
// the sanitized output in the form clients style and script against.
func TestRenderFeatures(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"table with alignment", "| L | R | C |\n|:--|--:|:-:|\n| 1 | 2 | 3 |",
			[]string{"<table>", `<th align="left">L</th>`, `<td align="right">2</td>`, `<td align="center">3</td>`}},
		{"task list", "- [x] done\n- [ ] todo",
			[]string{`<li><input type="checkbox" disabled checked> done</li>`, `<li><input type="checkbox" disabled> todo</li>`}},
		{"strikethrough", "~~old~~", []string{"<del>old</del>"}},
		{"autolinks", "see https://example.com and www.example.org",
			[]string{`<a href="https://example.com" rel="nofollow">https://example.com</a>`, `<a href="http://www.example.org" rel="nofollow">www.example.org</a>`}},
		{"footnotes", "Claim[^src].\n\n[^src]: The source.",
			[]string{`<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`,
				`<div class="footnotes" role="doc-endnotes">`, `<li id="fn:1">`, `class="footnote-backref" role="doc-backlink"`}},
		{"code language class", "```c++\nint x;\n```", []string{`<pre><code class="language-c++">int x;`}},
		{"code language class with dashes", "```objective-c\nx\n```", []string{`<code class="language-objective-c">`}},
		{"code html escaped", "```html\n<b>not bold</b>\n```", []string{"&lt;b&gt;not bold&lt;/b&gt;"}},
		{"internal links stay followable", "[a](../b) [c](/ko/d)", []string{`<a href="../b">a</a>`, `<a href="/ko/d">c</a>`}},
		{"external links nofollow", "[a](https://example.com)", []string{`<a href="https://example.com" rel="nofollow">a</a>`}},
		{"link title kept", `[a](b "A title")`, []string{`<a href="b" title="A title">a</a>`}},
		{"images", "![alt text](pic.png)", []string{`<img src="pic.png" alt="alt text">`}},
		{"safe raw html kept", "<details><summary>More</summary>\n\n<kbd>Ctrl</kbd> H<sub>2</sub>O\n\n</details>",
			[]string{"<details><summary>More</summary>", "<kbd>Ctrl</kbd>", "<sub>2</sub>"}},
		{"raw html heading id in another script", `<h2 id="개요">개요</h2>`, []string{`<h2 id="개요">`}},
		{"script typed in prose stays visible", "Use the <script> tag.\n\nNext paragraph.",
			[]string{"<p>Use the &lt;script&gt; tag.</p>", "<p>Next paragraph.</p>"}},
		{"raw input becomes a disabled checkbox", `<input type="text" checked value="x">`,
			[]string{`<input type="checkbox" disabled checked>`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := render(t, tc.src)
			for _, want := range tc.want {
				if !strings.Contains(res.HTML, want) {
					t.Errorf("output lacks %q:\n%s", want, res.HTML)
				}
			}
		})
	}
}

func TestRenderDropsUnsafeAttributes(t *testing.T) {
	res := render(t, `<p class="x" style="color:red" id="ok">text</p> <span class="big">s</span>

`+"```js\"><b>\nx\n```")
	for _, unwanted := range []string{"class=\"x\"", "style=", "class=\"big\"", "<b>"} {
		if strings.Contains(res.HTML, unwanted) {
			t.Errorf("output keeps %q:\n%s", unwanted, res.HTML)
		}
	}
}

func TestRenderEmpty(t *testing.T) {
	res := render(t, "")
	if res.HTML != "" || res.TOC != nil || res.Links != nil {
		t.Fatalf("Render(\"\") = %+v, want zero Result", res)
	}
}

func TestResultJSON(t *testing.T) {
	res := render(t, "# Title\n\n[x](y)")
	b, err := json.Marshal(struct {
		TOC   []markdown.Heading `json:"toc"`
		Links []markdown.Link    `json:"links"`
	}{res.TOC, res.Links})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"toc":[{"level":1,"id":"title","text":"Title","html":"Title"}],"links":[{"href":"y","text":"x"}]}`
	if string(b) != want {
		t.Fatalf("JSON = %s, want %s", b, want)
	}
}

// TestRenderConcurrent guards the package-level engine and policy: parallel
// renders must not share per-document state such as heading IDs.
func TestRenderConcurrent(t *testing.T) {
	docs := make([]string, 16)
	want := make([]markdown.Result, len(docs))
	for i := range docs {
		docs[i] = fmt.Sprintf("# Doc %d\n\n## Part\n\n## Part\n\n[link %d](p%d) text[^n]\n\n[^n]: note %d", i, i, i, i)
		want[i] = render(t, docs[i])
	}
	var wg sync.WaitGroup
	errs := make(chan string, len(docs)*20)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 20; r++ {
				i := (g + r) % len(docs)
				got, err := markdown.Render(docs[i])
				if err != nil || got.HTML != want[i].HTML || fmt.Sprint(got.TOC) != fmt.Sprint(want[i].TOC) {
					errs <- fmt.Sprintf("doc %d rendered differently under concurrency", i)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
