package pages_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestRenderPreviewRoute(t *testing.T) {
	f := newFixture(t)
	res := f.do(t, http.MethodPost, "/api/folio/render", "viewer", map[string]any{
		"body": "# Title\n\n**bold** [x](javascript:alert(1))\n\n<script>alert(1)</script>\n\n## Next",
	})
	mustStatus(t, res, 200)
	html, _ := res.Body["html"].(string)
	if !strings.Contains(html, "<strong>bold</strong>") || strings.Contains(html, "<script") || strings.Contains(html, "javascript:") {
		t.Fatalf("preview html not rendered and sanitized as a save would: %s", html)
	}
	if toc, _ := res.Body["toc"].([]any); len(toc) != 2 {
		t.Fatalf("toc: %s", res.Raw)
	}
	// Guests get PocketBase's 401: the preview is for people who can write.
	if res := f.do(t, http.MethodPost, "/api/folio/render", "guest", map[string]any{"body": "x"}); res.Status != 401 {
		t.Fatalf("guest preview: %d %s", res.Status, res.Raw)
	}
}
