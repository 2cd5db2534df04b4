package markdown_test

import (
	"fmt"
	"strings"
	"testing"

	"folio/hooks/internal/markdown"
)

// BenchmarkAssets50 is the markdown side of a save of a page with 50 images: finding the
// references in the rendered html, resolving each, and rewriting the html.
func BenchmarkAssets50(b *testing.B) {
	var sb strings.Builder
	for i := range 50 {
		fmt.Fprintf(&sb, "Figure %d shows the system.\n\n![Figure %d](img/fig-%d.png)\n\n", i, i, i)
	}
	out, err := markdown.Render(sb.String())
	if err != nil {
		b.Fatal(err)
	}
	from := markdown.Location{Locale: "en", Path: "docs/with"}
	b.ResetTimer()
	for range b.N {
		n := 0
		markdown.RewriteAssets(out.HTML, func(k markdown.AssetKind, href string) (string, bool) {
			if _, ok := markdown.ResolveAsset(href, from, []string{"en", "fa"}); ok {
				n++
			}
			return "", false
		})
		markdown.RewriteAssets(out.HTML, func(k markdown.AssetKind, href string) (string, bool) {
			return "/api/folio/files/abcdefghijklmno/" + href, true
		})
	}
}
