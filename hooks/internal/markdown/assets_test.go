package markdown_test

import (
	"strings"
	"testing"

	"folio/hooks/internal/markdown"
)

func TestResolveAsset(t *testing.T) {
	locales := []string{"en", "fa", "no"}
	from := markdown.Location{Locale: "en", Path: "docs/guide"}
	for _, c := range []struct {
		href string
		want markdown.AssetTarget
		ok   bool
	}{
		{"img/arch.png", markdown.AssetTarget{Locale: "en", Path: "docs/guide/img/arch.png", AltPath: "docs/img/arch.png"}, true},
		{"./diagram.png?v=2#top", markdown.AssetTarget{Locale: "en", Path: "docs/guide/diagram.png", AltPath: "docs/diagram.png"}, true},
		{"../shared/a%20b.png", markdown.AssetTarget{Locale: "en", Path: "docs/shared/a b.png", AltPath: "shared/a b.png"}, true},
		{"../../top.png", markdown.AssetTarget{Locale: "en", Path: "top.png"}, true},
		{"/docs/img/arch.png", markdown.AssetTarget{Locale: "en", Path: "docs/img/arch.png"}, true},
		{"/FA/img/arch.png", markdown.AssetTarget{Locale: "fa", Path: "img/arch.png"}, true},
		{"/images/x.jpg", markdown.AssetTarget{Locale: "en", Path: "images/x.jpg"}, true},
		{"../../../up.png", markdown.AssetTarget{}, false},
		{"/../etc/passwd", markdown.AssetTarget{}, false},
		{"https://example.com/a.png", markdown.AssetTarget{}, false},
		{"//example.com/a.png", markdown.AssetTarget{}, false},
		{"data:image/png;base64,AAAA", markdown.AssetTarget{}, false},
		{"javascript:alert(1)", markdown.AssetTarget{}, false},
		{"/fa/", markdown.AssetTarget{}, false},
		{"img/%0aevil.png", markdown.AssetTarget{}, false},
		{"", markdown.AssetTarget{}, false},
	} {
		got, ok := markdown.ResolveAsset(c.href, from, locales)
		if ok != c.ok || got != c.want {
			t.Errorf("ResolveAsset(%q) = %+v, %v; want %+v, %v", c.href, got, ok, c.want, c.ok)
		}
	}
}

func TestIsFileHref(t *testing.T) {
	for href, want := range map[string]bool{
		"files/spec.pdf":            true,
		"img/A.PNG#x":               true,
		"/docs/archive.zip?dl=1":    true,
		"other-page":                false,
		"notes.md":                  false,
		"releases/v1.2":             false,
		"https://example.com/a.pdf": false,
		"mailto:a@example.com":      false,
	} {
		if got := markdown.IsFileHref(href); got != want {
			t.Errorf("IsFileHref(%q) = %v, want %v", href, got, want)
		}
	}
}

// TestRewriteAssets covers the three ways a page references a file — a markdown image, a
// markdown link to a file and a raw HTML <img> — and leaves page links and external images.
func TestRewriteAssets(t *testing.T) {
	out, err := markdown.Render("![arch](img/arch.png) [the PDF](files/spec.pdf) [page](other) " +
		"![ext](https://example.com/x.png)\n\n<img src=\"raw.png\" alt=\"r\" onerror=\"alert(1)\">\n")
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	html := markdown.RewriteAssets(out.HTML, func(kind markdown.AssetKind, href string) (string, bool) {
		seen = append(seen, string(kind)+":"+href)
		if strings.HasPrefix(href, "https:") {
			return "", false
		}
		return "/api/folio/files/x/" + href + "?\"<", true
	})
	want := []string{"image:img/arch.png", "file:files/spec.pdf", "image:https://example.com/x.png", "image:raw.png"}
	if strings.Join(seen, " ") != strings.Join(want, " ") {
		t.Fatalf("references seen = %q, want %q", seen, want)
	}
	for _, s := range []string{`src="/api/folio/files/x/img/arch.png?&#34;&lt;"`, `href="/api/folio/files/x/files/spec.pdf?&#34;&lt;"`,
		`src="https://example.com/x.png"`, `href="other"`, `src="/api/folio/files/x/raw.png?&#34;&lt;"`} {
		if !strings.Contains(html, s) {
			t.Errorf("rewritten HTML lacks %s:\n%s", s, html)
		}
	}
	if strings.Contains(html, "onerror") {
		t.Errorf("rewritten HTML carries an event handler:\n%s", html)
	}
	for _, l := range out.Links {
		if strings.Contains(l.Href, "spec.pdf") {
			t.Errorf("a link to a file is listed as a page link: %+v", l)
		}
	}
}

// TestRewriteAssetsUnchanged: a page without file references comes back byte for byte.
func TestRewriteAssetsUnchanged(t *testing.T) {
	out, err := markdown.Render("# T\n\n[a](b) <a href=\"c\">c</a> & <b>x</b>\n")
	if err != nil {
		t.Fatal(err)
	}
	got := markdown.RewriteAssets(out.HTML, func(markdown.AssetKind, string) (string, bool) { return "/x", true })
	if got != out.HTML {
		t.Errorf("RewriteAssets changed a page without file references:\n%s\n%s", out.HTML, got)
	}
}
