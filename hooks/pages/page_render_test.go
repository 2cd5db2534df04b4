package pages_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestRenderOnSave: the html and toc are stored on save, sanitized, and only re-rendered when
// the body changes.
func TestRenderOnSave(t *testing.T) {
	f := newFixture(t)
	body := strings.Join([]string{
		"# Backend programming {#backend}",
		"## 백엔드 프로그래밍",
		"| a | b |", "|---|---|", "| 1 | 2 |", "",
		"- [x] done", "- [ ] todo", "",
		"A note[^1].", "", "[^1]: The footnote.", "",
		`<script>alert(1)</script>`,
		`<img src=x onerror="alert(2)">`,
		`[click](javascript:alert(3))`,
		`<a href="javascript:alert(4)">x</a>`,
		`<iframe src="https://evil.example"></iframe>`,
		`<div style="background:url(javascript:alert(5))" onclick="alert(6)">d</div>`,
	}, "\n")
	res := f.do(t, http.MethodPost, "/api/collections/pages/records", "editor", map[string]any{
		"space": f.spaces["private"].Id, "locale": "en", "path": "render", "title": "R", "body": body,
	})
	mustStatus(t, res, 200)
	html := res.Body["html"].(string)
	if bad := unsafeHTML(html); bad != "" {
		t.Errorf("html keeps %s: %s", bad, html)
	}
	for _, good := range []string{`id="backend"`, "<table>", `type="checkbox"`, "footnote", "백엔드 프로그래밍"} {
		if !strings.Contains(html, good) {
			t.Errorf("html lacks %q: %s", good, html)
		}
	}
	toc, _ := json.Marshal(res.Body["toc"])
	if !strings.Contains(string(toc), `"id":"backend"`) || !strings.Contains(string(toc), `"level":2`) || !strings.Contains(string(toc), "백엔드") {
		t.Errorf("toc: %s", toc)
	}

	// A status change keeps the stored rendering; a client cannot replace it.
	id := res.Body["id"].(string)
	res = f.patchPage(t, id, "editor", map[string]any{"status": "published", "html": "<b>forged</b>", "toc": []any{}})
	mustStatus(t, res, 200)
	if res.Body["html"] != html {
		t.Errorf("html changed without a body change: %v", res.Body["html"])
	}
}
