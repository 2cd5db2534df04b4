package readguard_test

import (
	"net/url"
	"testing"
)

// The oracle probes of the security review, re-run: each asks a yes/no question about data
// the caller may not read (a hidden page's body, title, description or tags, a revision's or a
// comment's body, a co-member's email, another user's session user agent) through a
// back-relation filter with a negated operator, for a guest, a signed-in stranger, a member of
// another space and a viewer. A probe leaks when the answer differs between A and B_role;
// each must now be the same refusal on both sides.
var probes = []struct{ name, url string }{
	{"page body via spaces", "/api/collections/spaces/records?filter=" + q("id = 'spacep000000000' && pages_via_space.body !~ 'alpha%'")},
	{"page title via spaces", "/api/collections/spaces/records?filter=" + q("id = 'spacep000000000' && pages_via_space.title !~ 'alpha%'")},
	{"page description via spaces", "/api/collections/spaces/records?filter=" + q("id = 'spacep000000000' && pages_via_space.description !~ 'alpha%'")},
	{"page tags via spaces", "/api/collections/spaces/records?filter=" + q("id = 'spacep000000000' && pages_via_space.tags !~ 'alpha'")},
	{"page body via a live page", "/api/collections/pages/records?filter=" + q("space.pages_via_space.body !~ 'alpha%'")},
	{"revision body via spaces", "/api/collections/spaces/records?filter=" + q("pages_via_space.revisions_via_page.body !~ 'alpha%'")},
	{"comment body via a live page", "/api/collections/pages/records?filter=" + q("space.pages_via_space.comments_via_page.body !~ 'alpha%'")},
	{"co-member email via memberships", "/api/collections/memberships/records?filter=" + q("space.memberships_via_space.user.email !~ 'owner@%'")},
	{"co-member email via users", "/api/collections/users/records?filter=" + q("memberships_via_user.user.email !~ 'owner@%'")},
	{"author email by id via pages", "/api/collections/pages/records?filter=" + q("author.memberships_via_user.user.email !~ 'owner@%'")},
	{"session user agent via pages", "/api/collections/pages/records?filter=" + q("author.sessions_via_user.user_agent !~ 'UA alpha%'")},
}

func q(filter string) string { return url.QueryEscape(filter) }

func TestOracleProbes(t *testing.T) {
	p := worlds(t)
	leaks := 0
	for _, role := range []string{"guest", "stranger", "other", "viewer"} {
		for _, pr := range probes {
			if d := p.compare(t, role, pr.url); d != nil {
				leaks++
				t.Errorf("%s leaks to %s:\n  %s", pr.name, role, d)
				continue
			}
			if status, _ := p.a.get(t, role, pr.url); status != 400 {
				t.Errorf("%s as %s: status %d, want the 400 that refuses a back-relation filter", pr.name, role, status)
			}
		}
	}
	t.Logf("%d of %d probes leaked", leaks, 4*len(probes))
}
