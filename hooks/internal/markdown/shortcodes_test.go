package markdown_test

import (
	"strings"
	"testing"

	"folio/hooks/internal/markdown"
)

func TestShortcodesRenderInert(t *testing.T) {
	src := "# Title\n\n" +
		"{{% alert title=\"Note\" color=\"info\" %}}\nRead **this** <script>x</script>.\n{{% /alert %}}\n\n" +
		"{{% blocks/cover\n  title=\"Welcome\"\n  height=\"full\"\n%}}\nCover text\n{{% /blocks/cover %}}\n\n" +
		"Inline {{< param \"github_repo\" >}} here and <a {{% _param btn-lg primary %}} href=\"docs/\">a</a>.\n\n" +
		"See [the guide]({{< ref \"/docs/guide.md\" >}}) and {{< relref \"other\" >}}.\n\n" +
		"{{< unknown-thing a=\"<b>\" >}}\n\n" +
		"```go-html-template\n{{</* imgproc sunset Crop \"500x300\" */>}}\n```\n\n" +
		"Outside code: {{</* figure */>}}\n"
	res, err := markdown.Render(src)
	if err != nil {
		t.Fatal(err)
	}
	h := res.HTML
	for _, want := range []string{
		`<div class="shortcode" data-shortcode="alert" data-args="title=&#34;Note&#34; color=&#34;info&#34;">`,
		`<strong>this</strong>`,
		`data-shortcode="blocks/cover"`,
		`<span class="shortcode" data-shortcode="param" data-args="&#34;github_repo&#34;"></span>`,
		`<a href="/docs/guide.md">the guide</a>`,
		`<a href="other">other</a>`,
		`data-shortcode="unknown-thing"`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %s\n%s", want, h)
		}
	}
	if strings.Contains(h, "<script") {
		t.Errorf("script survived:\n%s", h)
	}
	outside := h[:strings.Index(h, "<pre>")] + h[strings.Index(h, "</pre>"):]
	outside = strings.ReplaceAll(outside, "<code>{{&lt; figure &gt;}}</code>", "")
	if strings.Contains(outside, "{{") {
		t.Errorf("a reader sees shortcode syntax outside code:\n%s", outside)
	}
	if !strings.Contains(h, "{{&lt; imgproc sunset Crop &#34;500x300&#34; &gt;}}") {
		t.Errorf("the code sample lost its shortcode:\n%s", h)
	}
	var hrefs []string
	for _, l := range res.Links {
		hrefs = append(hrefs, l.Href)
	}
	if strings.Join(hrefs, " ") != "/docs/guide.md other" {
		t.Errorf("links = %v, want the ref targets", hrefs)
	}
	if text := markdown.PlainText(src); strings.Contains(text, "{{%") || strings.Contains(text, "param") || !strings.Contains(text, "Cover text") {
		t.Errorf("plain text: %q", text)
	}
}

func TestShortcodeIncludes(t *testing.T) {
	pages := map[string]string{"snippets/note": "Included **note** {{< include \"snippets/loop\" >}}", "snippets/loop": "{{< include \"snippets/note\" >}}"}
	include := func(p string) (string, bool) { s, ok := pages[p]; return s, ok }
	res, err := markdown.RenderWithIncludes("Before\n\n{{< include \"snippets/note\" >}}\n\n{{% include \"nope\" %}}\n", include)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.HTML, "Included <strong>note</strong>") || !strings.Contains(res.HTML, `data-shortcode="include" data-args="&#34;nope&#34;"`) {
		t.Fatalf("includes: %s", res.HTML)
	}
}

// TestShortcodesMany renders many shortcodes on one line, many on many lines, and many "{{<"
// that never end (each looked-for end is searched once, not once per opener).
func TestShortcodesMany(t *testing.T) {
	one := strings.Repeat("x {{< param a >}} ", 2000)
	many := strings.Repeat("{{% alert %}}\ntext\n{{% /alert %}}\n", 1000)
	for name, src := range map[string]string{"one line": one, "many lines": many} {
		if strings.Count(src, "{{") < 2000 {
			t.Fatalf("%s: too few shortcodes", name)
		}
		res, err := markdown.Render(src)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(res.HTML, "{{") {
			t.Errorf("%s: shortcode syntax left", name)
		}
	}
}

func TestShortcodeOpenersWithoutEnd(t *testing.T) {
	res, err := markdown.Render(strings.Repeat("{{< ", 50000))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.HTML, "{{&lt;") {
		t.Fatalf("openers without an end are text: %.100s", res.HTML)
	}
}
