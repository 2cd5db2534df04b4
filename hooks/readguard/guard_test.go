package readguard_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// superuserToken signs in a superuser of w (made on first use).
func (w *world) superuserToken(t testing.TB) string {
	t.Helper()
	su, err := w.app.FindAuthRecordByEmail(core.CollectionNameSuperusers, "root@example.com")
	if err != nil {
		c, _ := w.app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
		su = core.NewRecord(c)
		su.SetEmail("root@example.com")
		su.SetPassword(testapp.TestPassword)
		if err := w.app.Save(su); err != nil {
			t.Fatal(err)
		}
	}
	return testapp.Token(t, su)
}

// TestGuardRefusals pins the answer to a refused filter, sort and expand: a 400 in PocketBase's
// error shape naming the parameter, with a message that says what to do instead.
func TestGuardRefusals(t *testing.T) {
	a := worlds(t).a
	for _, c := range []struct {
		role, url, param, says string
	}{
		{"guest", "/api/collections/spaces/records?filter=" + q("pages_via_space.body !~ 'x%'"), "filter", "back-relations (pages_via_space) are not allowed"},
		{"viewer", "/api/collections/users/records?filter=" + q("verified = true"), "filter", "users.verified cannot be filtered or sorted on"},
		{"viewer", "/api/collections/users/records?sort=-created", "sort", "users.created cannot be filtered or sorted on"},
		{"viewer", "/api/collections/memberships/records?filter=" + q("user.email ~ 'example'"), "filter", "users.email cannot be filtered"},
		{"guest", "/api/collections/page_links/records?filter=" + q("to_page = ''"), "filter", "page_links.to_page cannot be filtered"},
		{"guest", "/api/collections/page_links/records?sort=to_page.title", "sort", "page_links.to_page cannot be filtered"},
		{"guest", "/api/collections/pages/records?perPage=50&expand=space.pages_via_space", "expand", "back-relations (pages_via_space) cannot be expanded"},
		{"owner", "/api/collections/pages/records?filter=" + q("@collection.sessions.user_agent ~ 'UA'"), "filter", "@collection and @request belong in API rules"},
		{"owner", "/api/collections/spaces/records/" + fid("spacep") + "?expand=memberships_via_space", "expand", "cannot be expanded"},
	} {
		res := testapp.Do(t, a.h, "GET", c.url, a.tokens[c.role], remoteAddr(), nil)
		data, _ := res.Body["data"].(map[string]any)
		field, _ := data[c.param].(map[string]any)
		msg, _ := res.Body["message"].(string)
		if res.Status != 400 || field["code"] != "validation_"+c.param+"_not_allowed" || !strings.Contains(msg, c.says) {
			t.Errorf("%s GET %s: %d %s; want 400 naming %s and saying %q", c.role, c.url, res.Status, res.Raw, c.param, c.says)
		}
	}
}

// TestGuardLetsThrough checks that what Folio's clients send (the reference client, the
// end-to-end tests, the README's examples) and what the dashboard sends as a superuser still
// work.
func TestGuardLetsThrough(t *testing.T) {
	a := worlds(t).a
	su := a.superuserToken(t)
	for _, c := range []struct{ token, url string }{
		{a.tokens["viewer"], "/api/collections/memberships/records?perPage=200&sort=-created&expand=space&filter=" + q("user = '"+fid("uviewer")+"'")},
		{a.tokens["viewer"], "/api/collections/memberships/records?expand=user&filter=" + q("space = '"+fid("spacep")+"'")},
		{a.tokens["viewer"], "/api/collections/sessions/records?sort=-created"},
		{a.tokens["viewer"], "/api/collections/sessions/records?sort=created&filter=" + q(`revoked_at != ""`)},
		{a.tokens["viewer"], "/api/collections/sessions/records?filter=" + q(`revoked_reason = "password_changed"`)},
		{a.tokens["viewer"], "/api/collections/audit_events/records?sort=seq"},
		{a.tokens["viewer"], "/api/collections/revisions/records?sort=number&filter=" + q(`page = "`+fid("pgguide")+`"`)},
		{"", "/api/collections/pages/records?sort=locale,path&filter=" + q("space = '"+fid("spacep")+"'")},
		{"", "/api/collections/pages/records?expand=space,author&filter=" + q("space.visibility = 'public' && title ~ 'guide' && tags ?~ 'docs' && space.name:lower ~ 'space'")},
		{"", "/api/collections/users/records?filter=" + q("name ~ 'viewer'")},
		{a.tokens["viewer"], "/api/collections/comments/records?sort=-created&expand=author,parent&filter=" + q("page.space = '"+fid("spacep")+"'")},
		{a.tokens["viewer"], "/api/collections/pages/records?filter=" + q("created > @yesterday || strftime('%Y', created) = '2026'")},
		// the literals PocketBase reads when no field has their name
		{a.tokens["viewer"], "/api/collections/pages/records?filter=" + q("live = true && publish_at != null && render != NULL && live != FALSE")},
		// the dashboard, signed in as a superuser: every path, @rowid sorts
		{su, "/api/collections/pages/records?page=1&perPage=40&sort=-%40rowid&skipTotal=1&expand=space&filter=" + q("(id~'x' || title~'x' || revisions_via_page.body~'x')")},
		{su, "/api/collections/spaces/records?expand=pages_via_space&filter=" + q("pages_via_space.body !~ 'x%'")},
		{su, "/api/collections/users/records?sort=-created&filter=" + q("email ~ 'example' && verified = true")},
	} {
		res := testapp.Do(t, a.h, "GET", c.url, c.token, remoteAddr(), nil)
		if res.Status != 200 {
			t.Errorf("GET %s: %d %s", c.url, res.Status, res.Raw)
		}
	}
}

// TestGuardRealtimeAndBatch checks the realtime subscription options and the batch API.
func TestGuardRealtimeAndBatch(t *testing.T) {
	a := worlds(t).a
	opts := func(query map[string]string) string {
		return "?options=" + url.QueryEscape(mustJSON(map[string]any{"query": query}))
	}
	refused := a.subscribe(t, "viewer", "spaces/*"+opts(map[string]string{"filter": "pages_via_space.body !~ 'x%'"}))
	allowed := a.subscribe(t, "viewer", "pages/*"+opts(map[string]string{"filter": "space = '" + fid("spacep") + "'", "expand": "space"}))
	expand := a.subscribe(t, "guest", "pages/*"+opts(map[string]string{"expand": "space.pages_via_space"}))
	if refused.status != 400 || allowed.status != 204 || expand.status != 400 {
		t.Errorf("subscribe: back-relation filter %d (want 400), own-space filter %d (want 204), back-relation expand %d (want 400)",
			refused.status, allowed.status, expand.status)
	}
	res := testapp.Do(t, a.h, "POST", "/api/batch", a.tokens["editor"], remoteAddr(), map[string]any{"requests": []map[string]any{{
		"method": "PATCH", "url": "/api/collections/pages/records/" + fid("pgguide") + "?expand=space.pages_via_space",
		"body": map[string]any{schema.PageTitle: "never saved"},
	}}})
	if res.Status != 400 {
		t.Errorf("batch with a back-relation expand: %d %s, want 400", res.Status, res.Raw)
	}
	if p, _ := a.app.FindRecordById(schema.CollectionPages, fid("pgguide")); p.GetString(schema.PageTitle) == "never saved" {
		t.Error("the refused batch was saved")
	}
}

// TestPageLinkTargetHidden checks that to_page names a draft target to its readers only.
func TestPageLinkTargetHidden(t *testing.T) {
	a := worlds(t).a
	link := "/api/collections/page_links/records?filter=" + q("href = '/drafts/target'")
	for role, want := range map[string]string{"guest": "", "viewer": "", "editor": fid("pgtarget"), "owner": fid("pgtarget")} {
		res := testapp.Do(t, a.h, "GET", link, a.tokens[role], remoteAddr(), nil)
		items, _ := res.Body["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("%s: %d %s", role, res.Status, res.Raw)
		}
		if got := items[0].(map[string]any)["to_page"]; got != want {
			t.Errorf("%s sees to_page %q, want %q", role, got, want)
		}
	}
	res := testapp.Do(t, a.h, "GET", link, a.superuserToken(t), remoteAddr(), nil)
	if items, _ := res.Body["items"].([]any); len(items) != 1 || items[0].(map[string]any)["to_page"] != fid("pgtarget") {
		t.Errorf("superuser: %s", res.Raw)
	}
}
