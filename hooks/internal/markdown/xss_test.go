package markdown_test

import (
	"os"
	"strings"
	"testing"

	"folio/hooks/internal/markdown"
)

// xssVector is one entry of testdata/xss.txt.
type xssVector struct {
	name, src string
}

// loadXSSCorpus reads testdata/xss.txt: entries start with a "=== name"
// line and run until the next one, so a vector can span several lines.
func loadXSSCorpus(tb testing.TB) []xssVector {
	tb.Helper()
	data, err := os.ReadFile("testdata/xss.txt")
	if err != nil {
		tb.Fatal(err)
	}
	var vectors []xssVector
	for _, entry := range strings.Split("\n"+string(data), "\n=== ")[1:] {
		name, src, _ := strings.Cut(entry, "\n")
		vectors = append(vectors, xssVector{name: name, src: strings.TrimSuffix(src, "\n")})
	}
	return vectors
}

func TestRenderXSSCorpus(t *testing.T) {
	vectors := loadXSSCorpus(t)
	if len(vectors) < 40 {
		t.Fatalf("corpus has %d vectors, want at least 40", len(vectors))
	}
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			res, err := markdown.Render(v.src)
			if err != nil {
				t.Fatal(err)
			}
			if problem := unsafeHTML(res.HTML); problem != "" {
				t.Fatalf("unsafe output (%s):\n%s", problem, res.HTML)
			}
		})
	}
}

// TestVerifierCatchesUnsafeHTML makes sure the verifier the XSS tests rely
// on is not vacuous: each of these must be reported.
func TestVerifierCatchesUnsafeHTML(t *testing.T) {
	for _, bad := range []string{
		`<script>alert(1)</script>`,
		`<p><img src="x" onerror="alert(1)"></p>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href=" JAVA&#09;SCRIPT:alert(1)">x</a>`,
		`<a href="&#106;avascript:alert(1)">x</a>`,
		`<a href="&#x01;javascript:alert(1)">x</a>`,
		`<img src="data:image/png;base64,AAAA">`,
		`<svg><g></g></svg>`,
		`<math><mi>x</mi></math>`,
		`<form></form>`,
		`<div style="color:red">x</div>`,
		`<input type="text">`,
		`<input type="checkbox">`,
		`<img srcset="a.png 1x, javascript:alert(1) 2x">`,
		`<table><tr><td><iframe></iframe></td></tr></table>`,
	} {
		if unsafeHTML(bad) == "" {
			t.Errorf("verifier accepted %q", bad)
		}
	}
	for _, good := range []string{
		`<p><a href="https://example.com" rel="nofollow">x</a> <a href="mailto:a@example.com">m</a></p>`,
		`<a href="../x">rel</a> <a href="#fn:1">n</a> <a href="/ko/문서">ko</a>`,
		`<img src="a.png" alt="a:b">`,
		`<ul><li><input type="checkbox" disabled checked> done</li></ul>`,
		`<a href="&amp;#106;avascript:alert(1)">only a relative path to a browser</a>`,
	} {
		if problem := unsafeHTML(good); problem != "" {
			t.Errorf("verifier rejected %q: %s", good, problem)
		}
	}
}
