package markdown_test

import (
	"testing"

	"folio/hooks/internal/markdown"
)

// FuzzShortcodes renders bodies full of shortcode fragments, with includes that hand back
// other fragments (which include each other): rendering ends, and the HTML stays safe.
func FuzzShortcodes(f *testing.F) {
	for _, seed := range []string{
		"{{% alert title=\"x\" %}}\n**a**\n{{% /alert %}}",
		"{{< a >}}{{< b >}}{{< /a >}}{{< /b >}}",
		"[x]({{< ref \"/a b.md\" >}}) {{< relref `c` >}}",
		"<a {{% _param btn %}} href=\"{{% param repo %}}\">x</a>",
		"```\n{{</* imgproc x */>}}\n```\n{{</* y */>}}",
		"{{% blocks/cover\n title=\"<script>alert(1)</script>\"\n%}}\nx\n{{% /blocks/cover %}}",
		"{{< include \"s\" >}} {{% include s %}}",
		"{{<{{%>}}%}}{{< />}}{{<>}}",
	} {
		f.Add(seed)
	}
	include := func(p string) (string, bool) {
		return "{{< include \"" + p + "\" >}} <img src=x onerror=alert(1)> {{% " + p + " %}}", true
	}
	f.Fuzz(func(t *testing.T, src string) {
		res, err := markdown.RenderWithIncludes(src, include)
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		if problem := unsafeHTML(res.HTML); problem != "" {
			t.Fatalf("unsafe output (%s)\nsource: %q\nhtml: %s", problem, src, res.HTML)
		}
	})
}
