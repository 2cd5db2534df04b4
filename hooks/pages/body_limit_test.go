package pages_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"folio/hooks/internal/markdown"
)

// TestBodyLimits: a page body or comment past its limit is a 400 naming body, answered before
// any markdown work (the hostile shapes here cost seconds to render without the limit and the
// pre-pass); a body at the limit saves.
func TestBodyLimits(t *testing.T) {
	f := newFixture(t)
	max := markdown.Limits().Body
	page := f.pages["public/live"]
	for _, c := range []struct {
		name string
		do   func() response
		want int
	}{
		{"page body one past the limit", func() response {
			return f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", map[string]any{
				"space": f.spaces["private"].Id, "locale": "en", "path": "too-long", "title": "T", "body": strings.Repeat("> ", max/2) + "a"})
		}, 400},
		{"page update one past the limit", func() response {
			return f.patchPage(t, page.Id, "editor", map[string]any{"body": strings.Repeat("[a](", max/4) + "a", "base_revision": page.GetInt("revision")})
		}, 400},
		{"page body in characters, not bytes", func() response {
			return f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", map[string]any{
				"space": f.spaces["private"].Id, "locale": "en", "path": "korean", "title": "T", "body": strings.Repeat("한", max)})
		}, 200},
		{"hostile page body at the limit", func() response {
			return f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", map[string]any{
				"space": f.spaces["private"].Id, "locale": "en", "path": "at-limit", "title": "T", "body": strings.Repeat("> ", max/2)})
		}, 200},
		{"a stranger's 80,000-character comment", func() response {
			return f.postComment(t, "stranger", page.Id, map[string]any{"body": strings.Repeat("> ", 40_000)})
		}, 400},
		{"comment at the limit", func() response {
			return f.postComment(t, "stranger", page.Id, map[string]any{"body": strings.Repeat("1. ", markdown.Limits().Comment/3)})
		}, 200},
	} {
		start := time.Now()
		res := c.do()
		t.Logf("%s: %d in %v", c.name, res.Status, time.Since(start))
		if res.Status != c.want {
			t.Errorf("%s: got %d, want %d: %.300s", c.name, res.Status, c.want, res.Raw)
			continue
		}
		if c.want == 400 {
			if data, _ := res.Body["data"].(map[string]any); data["body"] == nil {
				t.Errorf("%s: the 400 does not name body: %.300s", c.name, res.Raw)
			}
		}
	}
}
