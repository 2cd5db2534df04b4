package transfer_test

import (
	"encoding/json"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pocketbase/dbx"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// TestHugoAndWikiJSNavigationMeaning imports front matter keys that mean something to
// navigation: they land on page fields and stay in extra, aliases become redirects, and a second
// import changes nothing.
func TestHugoAndWikiJSNavigationMeaning(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "nav", schema.VisibilityPublic)
	tree := fstest.MapFS{
		"content/en/docs/_index.md":    file("---\ntitle: Docs\nlinkTitle: Documentation\nweight: 20\n---\n"),
		"content/en/docs/news.md":      file("---\ntitle: News\npublishDate: 2020-01-01\nexpiryDate: 2021-01-01\naliases: [/old/news, ../legacy-news, /blog/2018/*]\n---\nBody\n"),
		"content/en/docs/snippet.md":   file("---\ntitle: Snippet\nheadless: true\n---\nShared text\n"),
		"content/en/docs/external.md":  file("---\ntitle: External\nbuild:\n  render: link\n---\n"),
		"content/en/docs/hidden.md":    file("---\ntitle: Hidden\n_build: {render: never, list: never}\n---\n"),
		"content/en/docs/uses.md":      file("---\ntitle: Uses\n---\n{{< include \"snippet\" >}}\n"),
		"content/en/docs/wiki-page.md": file("---\ntitle: Wiki\nisPublished: false\npublishStartDate: 2030-01-01T00:00:00Z\n---\n"),
	}
	if sum, err := transfer.Import(app, space, tree, transfer.ImportOptions{Format: transfer.FormatHugo}); err != nil || sum.Failed > 0 {
		t.Fatal(err, sum.Errors)
	}
	docs := findPage(t, app, space, "en", "docs")
	if docs.GetInt(schema.PageWeight) != 20 || docs.GetString(schema.PageLinkTitle) != "Documentation" {
		t.Errorf("docs: weight %d link_title %q", docs.GetInt(schema.PageWeight), docs.GetString(schema.PageLinkTitle))
	}
	news := findPage(t, app, space, "en", "docs/news")
	if !news.GetDateTime(schema.PagePublishAt).Time().Equal(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) ||
		!news.GetDateTime(schema.PageUnpublishAt).Time().Equal(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)) || news.GetBool(schema.PageLive) {
		t.Errorf("news window: %v – %v live %v", news.Get(schema.PagePublishAt), news.Get(schema.PageUnpublishAt), news.GetBool(schema.PageLive))
	}
	if !hasExtra(news, "expiryDate") || !hasExtra(news, "aliases") {
		t.Errorf("news extra lost keys: %s", news.GetString(schema.PageExtra))
	}
	for _, alias := range []string{"old/news", "legacy-news"} {
		r, err := app.FindFirstRecordByFilter(schema.CollectionRedirects, "space={:s} && locale='en' && path={:p}", dbx.Params{"s": space.Id, "p": alias})
		if err != nil || r.GetString(schema.RedirectPage) != news.Id {
			t.Errorf("alias %s: %v", alias, err)
		}
	}
	for path, want := range map[string]string{"docs/snippet": schema.RenderNever, "docs/hidden": schema.RenderNever, "docs/external": schema.RenderLink, "docs/uses": ""} {
		if got := findPage(t, app, space, "en", path).GetString(schema.PageRender); got != want {
			t.Errorf("%s render %q, want %q", path, got, want)
		}
	}
	if wiki := findPage(t, app, space, "en", "docs/wiki-page"); wiki.GetString(schema.PageStatus) != schema.PageDraft || wiki.GetDateTime(schema.PagePublishAt).IsZero() {
		t.Errorf("wiki page: status %s publish_at %v", wiki.GetString(schema.PageStatus), wiki.Get(schema.PagePublishAt))
	}
	sum, err := transfer.Import(app, space, tree, transfer.ImportOptions{Format: transfer.FormatHugo})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created+sum.Updated != 0 {
		t.Errorf("second import changed pages: %+v", sum)
	}
}

func hasExtra(page interface{ GetString(string) string }, key string) bool {
	var m map[string]any
	_ = json.Unmarshal([]byte(page.GetString(schema.PageExtra)), &m)
	_, ok := m[key]
	return ok
}
