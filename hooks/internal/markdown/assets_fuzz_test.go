package markdown_test

import (
	"strings"
	"testing"
	"unicode"

	"folio/hooks/internal/markdown"
	"folio/hooks/internal/pagepath"
)

// FuzzResolveAsset: whatever a page writes as a file reference, and wherever the page is, the
// reference resolves to a normalized path inside the space — no "..", no leading "/", no
// control characters — in the page's locale or one the space lists, or it is refused.
func FuzzResolveAsset(f *testing.F) {
	for _, seed := range [][2]string{
		{"img/a.png", "docs/x"}, {"../../../../etc/passwd", "a/b"}, {"/fa/../../x.png", "index"},
		{"%2e%2e/%2e%2e/x.png", "a"}, {"..%2f..%2fx.png", "a/b"}, {"/\\evil.png", "a"},
		{"./a/./b/../c.png?x#y", "p/q"}, {"/no/", "a"}, {"img/%00.png", "a"}, {"\u202eevil.png", "a"},
	} {
		f.Add(seed[0], seed[1])
	}
	locales := []string{"en", "fa", "no"}
	f.Fuzz(func(t *testing.T, href, fromPath string) {
		from, err := pagepath.Normalize(fromPath)
		if err != nil {
			return // a page cannot be at that path
		}
		got, ok := markdown.ResolveAsset(href, markdown.Location{Locale: "en", Path: from}, locales)
		if !ok {
			if got != (markdown.AssetTarget{}) {
				t.Fatalf("refused %q but returned %+v", href, got)
			}
			return
		}
		if got.Locale != "en" && got.Locale != "fa" && got.Locale != "no" {
			t.Fatalf("%q resolved to locale %q", href, got.Locale)
		}
		for _, p := range []string{got.Path, got.AltPath} {
			if p == "" && p == got.AltPath {
				continue
			}
			inside(t, href, p)
		}
	})
}

func inside(t *testing.T, href, p string) {
	t.Helper()
	if n, err := pagepath.Normalize(p); err != nil || n != p {
		t.Fatalf("%q resolved to %q, not a normalized path (%v)", href, p, err)
	}
	if strings.HasPrefix(p, "/") || strings.ContainsRune(p, '\\') || strings.IndexFunc(p, unicode.IsControl) >= 0 {
		t.Fatalf("%q resolved to %q", href, p)
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.TrimSpace(seg) == ".." || strings.TrimSpace(seg) == "." || seg == "" {
			t.Fatalf("%q resolved to %q, which has a dot or empty segment", href, p)
		}
	}
}

// FuzzRewriteAssets: rewriting the file references of any rendered page, even to URLs made of
// the references themselves, leaves the html as safe as Render made it.
func FuzzRewriteAssets(f *testing.F) {
	for _, seed := range []string{
		"![a](img/a.png) [b](files/b.pdf) <img src=\"c.png\" onerror=\"x\">",
		"<a href=\"x.pdf\" title='\" onmouseover=alert(1)'>x</a>",
		"![\"><script>](a.png \"t\\\" src=x\")",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		res, err := markdown.Render(src)
		if err != nil {
			return
		}
		out := markdown.RewriteAssets(res.HTML, func(_ markdown.AssetKind, href string) (string, bool) {
			return "/api/folio/files/x/" + href + "\"><script>alert(1)</script>", true
		})
		if problem := unsafeHTML(out); problem != "" {
			t.Fatalf("unsafe output after rewriting (%s)\nsource: %q\nhtml: %s", problem, src, out)
		}
	})
}
