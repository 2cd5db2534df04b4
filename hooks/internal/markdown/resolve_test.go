package markdown_test

import (
	"testing"

	"folio/hooks/internal/markdown"
)

func TestResolveLink(t *testing.T) {
	locales := []string{"en", "ko", "zh-cn", "pt-br"}
	from := markdown.Location{Locale: "en", Path: "a/b"}
	type target = markdown.Target
	cases := []struct {
		name string
		href string
		from markdown.Location
		want target
		ok   bool
	}{
		{"anchor only", "#setup", from, target{"en", "a/b", "setup"}, true},
		{"anchor percent-decoded", "#%EA%B0%9C%EC%9A%94", from, target{"en", "a/b", "개요"}, true},
		{"decomposed anchor composed", "#%E1%84%80%E1%85%A1", from, target{"en", "a/b", "가"}, true},
		{"bare hash", "#", from, target{"en", "a/b", ""}, true},
		{"query only", "?tab=2", from, target{"en", "a/b", ""}, true},
		{"site-absolute", "/nodes/", from, target{"en", "nodes", ""}, true},
		{"site-absolute nested", "/Knowledge-base/Dictionary", from, target{"en", "Knowledge-base/Dictionary", ""}, true},
		{"locale prefix", "/ko/Knowledge-base/x", from, target{"ko", "Knowledge-base/x", ""}, true},
		{"locale prefix in capitals", "/KO/x", from, target{"ko", "x", ""}, true},
		{"region locale", "/zh-CN/x", from, target{"zh-cn", "x", ""}, true},
		{"unknown locale is a path", "/fr/x", from, target{"en", "fr/x", ""}, true},
		{"locale with anchor", "/pt-br/guia#inicio", from, target{"pt-br", "guia", "inicio"}, true},
		{"relative sibling", "c", from, target{"en", "a/c", ""}, true},
		{"relative dot", "./c", from, target{"en", "a/c", ""}, true},
		{"relative parent", "../c", from, target{"en", "c", ""}, true},
		{"relative child with anchor", "c/d#x", from, target{"en", "a/c/d", "x"}, true},
		{"relative from the top", "c", markdown.Location{Locale: "ko", Path: "top"}, target{"ko", "c", ""}, true},
		{"md extension stripped", "c.md", from, target{"en", "a/c", ""}, true},
		{"MD extension stripped", "/x/y.MD#z", from, target{"en", "x/y", "z"}, true},
		{"query stripped", "c?version=2#h", from, target{"en", "a/c", "h"}, true},
		{"percent-decoded path", "/ko/%EC%A7%80%EC%8B%9D/%EB%AC%B8%EC%84%9C", from, target{"ko", "지식/문서", ""}, true},
		{"percent-encoded space", "c%20d", from, target{"en", "a/c d", ""}, true},
		{"dots in absolute path", "/x/./y/../z", from, target{"en", "x/z", ""}, true},
		{"colon needs a dot slash", "./std::vector", from, target{"en", "a/std::vector", ""}, true},
		{"surrounding spaces", "  c  ", from, target{"en", "a/c", ""}, true},
		{"decomposed text composed", "/cafe%CC%81", from, target{"en", "café", ""}, true},

		{"empty", "", from, target{}, false},
		{"https", "https://example.com/x", from, target{}, false},
		{"http in capitals", "HTTP://example.com", from, target{}, false},
		{"mailto", "mailto:a@example.com", from, target{}, false},
		{"javascript", "javascript:alert(1)", from, target{}, false},
		{"custom scheme", "tel:+123", from, target{}, false},
		{"colon reads as a scheme", "std::vector", from, target{}, false},
		{"protocol-relative", "//example.com/x", from, target{}, false},
		{"escapes above the top", "../../c", from, target{}, false},
		{"escapes from the top", "../c", markdown.Location{Locale: "en", Path: "top"}, target{}, false},
		{"absolute escapes above the top", "/../x", from, target{}, false},
		{"bare locale is not a page", "/ko/", from, target{}, false},
		{"site root is not a page", "/", from, target{}, false},
		{"bad percent escape", "/x%zz", from, target{}, false},
		{"backslash", `/x\y`, from, target{}, false},
		{"backslash host trick", `/\evil.example`, from, target{}, false},
		{"encoded control character", "/x%0Ay", from, target{}, false},
		{"encoded question mark", "/x%3Fy", from, target{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := markdown.ResolveLink(tc.href, tc.from, locales)
			if ok != tc.ok || got != tc.want {
				t.Fatalf("ResolveLink(%q, %+v) = %+v, %v; want %+v, %v", tc.href, tc.from, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestResolveRenderedLinks checks the two halves work together: hrefs as
// Render reports them (percent-encoded) resolve to the pages they name.
func TestResolveRenderedLinks(t *testing.T) {
	res, err := markdown.Render("[a](../백엔드.md#소개) [b](/ja/ガイド) [c](https://example.com)")
	if err != nil {
		t.Fatal(err)
	}
	from := markdown.Location{Locale: "ko", Path: "지식/문서"}
	want := []struct {
		target markdown.Target
		ok     bool
	}{
		{markdown.Target{Locale: "ko", Path: "백엔드", Anchor: "소개"}, true},
		{markdown.Target{Locale: "ja", Path: "ガイド"}, true},
		{markdown.Target{}, false},
	}
	if len(res.Links) != len(want) {
		t.Fatalf("Links = %+v", res.Links)
	}
	for i, l := range res.Links {
		got, ok := markdown.ResolveLink(l.Href, from, []string{"ko", "ja"})
		if got != want[i].target || ok != want[i].ok {
			t.Errorf("ResolveLink(%q) = %+v, %v; want %+v, %v", l.Href, got, ok, want[i].target, want[i].ok)
		}
	}
}
