package markdown_test

import (
	"reflect"
	"testing"

	"folio/hooks/internal/markdown"
)

func TestRenderLinks(t *testing.T) {
	src := `See [the guide](guide.md "Guide") and [한국어](/ko/지식/문서#개요).

An image ![logo](logo.png) is not a link, but [![badge](b.svg)](https://ci.example/run) is.

Reference [docs][d], autolinks <https://example.com/a?b=1> and www.example.org,
mail <user@example.com> and bare user2@example.com.

Dangerous [x](javascript:alert(1)) links are left out, like the HTML drops them.
<a href="/raw">Raw HTML links</a> are not parsed as markdown.

- [ ] item with [a *styled* link](../up "t")

[d]: https://docs.example/ref
`
	want := []markdown.Link{
		{Href: "guide.md", Text: "the guide"},
		{Href: "/ko/%EC%A7%80%EC%8B%9D/%EB%AC%B8%EC%84%9C#%EA%B0%9C%EC%9A%94", Text: "한국어"},
		{Href: "https://ci.example/run", Text: "badge"},
		{Href: "https://docs.example/ref", Text: "docs"},
		{Href: "https://example.com/a?b=1", Text: "https://example.com/a?b=1"},
		{Href: "http://www.example.org", Text: "www.example.org"},
		{Href: "mailto:user@example.com", Text: "user@example.com"},
		{Href: "mailto:user2@example.com", Text: "user2@example.com"},
		{Href: "../up", Text: "a styled link"},
	}
	res, err := markdown.Render(src)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Links, want) {
		t.Fatalf("Links =\n%+v\nwant\n%+v", res.Links, want)
	}
}

func TestRenderNoLinks(t *testing.T) {
	res, err := markdown.Render("plain text, ![only](an-image.png)")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Links) != 0 {
		t.Fatalf("Links = %+v, want none", res.Links)
	}
}
