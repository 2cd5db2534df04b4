package transfer_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

func TestGitImportReplaysHistory(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "docs", schema.VisibilityPrivate)
	m := newMemRepo(t)
	c1 := m.commit("Add the glossary\n\nLonger text.", map[string]string{
		"content/en/_index.md":    hugoPage("Glossary", "Terms."),
		"content/en/cluster.md":   hugoPage("Cluster", "A group of nodes."),
		"content/en/old-term.md":  hugoPage("Old", "Going away."),
		"content/en/_TEMPLATE.md": hugoPage("Template", "Not a page."),
	})
	m.commit("Edit the cluster term", map[string]string{"content/en/cluster.md": hugoPage("Cluster", "A group of nodes that run containers.")})
	m.commit("Only a status key", map[string]string{"content/en/cluster.md": hugoPage("Cluster", "A group of nodes that run containers.", "status: Completed")})
	m.commit("Rename cluster to clusters", map[string]string{
		"content/en/cluster.md":  "",
		"content/en/clusters.md": hugoPage("Cluster", "A group of nodes that run containers.", "status: Completed"),
	})
	last := m.commit("Remove the old term", map[string]string{"content/en/old-term.md": ""})

	sum := importGit(t, app, space, m)
	if sum.Commits != 5 || sum.Moved != 1 || sum.Deleted != 1 || sum.Format != "hugo" || sum.To != last.String() {
		t.Fatalf("summary = %+v", sum)
	}
	if p := pageOrNil(t, app, space, "en", "cluster"); p != nil {
		t.Fatal("the renamed page is still at its old path")
	}
	if p := pageOrNil(t, app, space, "en", "old-term"); p != nil {
		t.Fatal("the page of a deleted file is still there")
	}
	if p := pageOrNil(t, app, space, "en", "_template"); p != nil {
		t.Fatal("_TEMPLATE.md became a page")
	}
	page := findPage(t, app, space, "en", "clusters")
	revs := revisions(t, app, page)
	// Added, edited; the status-only commit and the rename change no content.
	if len(revs) != 2 {
		t.Fatalf("clusters has %d revisions, want 2 (its history kept through the rename)", len(revs))
	}
	first, second := revs[0], revs[1]
	if first.GetString(schema.RevisionSummary) != "Add the glossary" || second.GetString(schema.RevisionSummary) != "Edit the cluster term" {
		t.Fatalf("summaries = %q, %q", first.GetString(schema.RevisionSummary), second.GetString(schema.RevisionSummary))
	}
	if first.GetString(schema.RevisionSourceCommit) != c1.String() || first.GetString(schema.RevisionSourceAuthor) != "Ada Writer <ada@example.com>" {
		t.Fatalf("revision 1 credits %q %q", first.GetString(schema.RevisionSourceCommit), first.GetString(schema.RevisionSourceAuthor))
	}
	if got, want := first.GetDateTime(schema.RevisionCreated).Time(), time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("revision 1 created %s, want the commit date %s", got, want)
	}
	if !strings.Contains(page.GetString(schema.PageExtra), `"status":"Completed"`) {
		t.Fatalf("extra = %s, want the status key of the third commit", page.GetString(schema.PageExtra))
	}
	if got := page.GetDateTime(schema.PageCreated).Time(); !got.Equal(time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("page created %s, want the first commit's date", got)
	}

	again := importGit(t, app, space, m)
	if again.Commits != 0 || again.Revisions != 0 {
		t.Fatalf("a second run replayed %d commits", again.Commits)
	}
}

func TestGitImportIncrementalAndForcePush(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "docs", schema.VisibilityPrivate)
	m := newMemRepo(t)
	c1 := m.commit("one", map[string]string{"content/en/a.md": hugoPage("A", "v1")})
	m.commit("two", map[string]string{"content/en/a.md": hugoPage("A", "v2")})
	if sum := importGit(t, app, space, m); sum.Commits != 2 {
		t.Fatalf("first run replayed %d commits", sum.Commits)
	}
	m.commit("three", map[string]string{"content/en/a.md": hugoPage("A", "v3")})
	sum := importGit(t, app, space, m)
	if sum.Commits != 1 || sum.Revisions != 1 {
		t.Fatalf("the sync replayed %d commits, %d revisions; want 1, 1", sum.Commits, sum.Revisions)
	}
	if n := len(revisions(t, app, findPage(t, app, space, "en", "a"))); n != 3 {
		t.Fatalf("a has %d revisions, want 3", n)
	}

	// Rewrite the history: drop two and three, commit another change on one.
	m.resetTo(c1)
	m.commit("rewritten", map[string]string{"content/en/a.md": hugoPage("A", "v2 rewritten")})
	before := countRevisions(t, app, space)
	_, err := transfer.ImportGit(app, space, m.repo, transfer.GitOptions{Source: "test"})
	var he *transfer.GitHistoryError
	if !errors.As(err, &he) || !strings.Contains(he.Reason, "rewritten") || !strings.Contains(he.Reason, "force-push") {
		t.Fatalf("err = %v, want a GitHistoryError about the rewritten history", err)
	}
	if after := countRevisions(t, app, space); after != before {
		t.Fatalf("the refused sync wrote %d revisions", after-before)
	}
	if body := findPage(t, app, space, "en", "a").GetString(schema.PageBody); !strings.Contains(body, "v3") {
		t.Fatalf("the refused sync changed the page: %q", body)
	}

	// Another source name starts its own history in the same space.
	if _, err := transfer.ImportGit(app, space, m.repo, transfer.GitOptions{Source: "other"}); err != nil {
		t.Fatalf("another source: %v", err)
	}
	if _, err := transfer.ImportGit(app, space, m.repo, transfer.GitOptions{Source: "test", Ref: "no-such-branch"}); !errors.As(err, &he) {
		t.Fatalf("a missing ref: err = %v, want a GitHistoryError", err)
	}
}

func TestGitImportProvenance(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "docs", schema.VisibilityPrivate)
	m := newMemRepo(t)
	c1 := m.commit("en v1", map[string]string{
		"content/en/a.md": hugoPage("A", "v1"), "content/en/b.md": hugoPage("B", "v1"),
		"content/en/c.md": hugoPage("C", "v1"), "content/en/d.md": hugoPage("D", "v1"),
	})
	c2 := m.commit("en v2", map[string]string{"content/en/a.md": hugoPage("A", "v2"), "content/en/b.md": hugoPage("B", "v2")})
	// A side branch from c2, never merged: its commit is in the repository, not in the history.
	m.resetTo(c2)
	side := m.commit("side", map[string]string{"content/en/e.md": hugoPage("E", "side")})
	m.resetTo(c2)
	m.commit("translations", map[string]string{
		// made from v1 by its key: outdated
		"content/ko/a.md": hugoPage("가", "v1 번역", "default_lang_commit: "+c1.String()),
		// made from v2 by its key (abbreviated): current
		"content/ko/b.md": hugoPage("나", "v2 번역", "default_lang_commit: "+c2.String()[:10]),
		// a key naming no commit: warning, outdated
		"content/ko/c.md": hugoPage("다", "번역", "default_lang_commit: 0123456789abcdef0123456789abcdef01234567"),
		// a key naming a commit outside the history: warning, outdated
		"content/ko/d.md": hugoPage("라", "번역", "default_lang_commit: "+side.String()),
	})
	// No key: made from the source current when the translation's commit landed.
	m.commit("ja translation", map[string]string{"content/ja/a.md": hugoPage("ア", "訳")})
	m.commit("en a v3", map[string]string{"content/en/a.md": hugoPage("A", "v3")})
	m.commit("en b v3 and its translation in one commit", map[string]string{
		"content/en/b.md": hugoPage("B", "v3"), "content/ja/b.md": hugoPage("ビ", "訳 v3"),
	})

	sum := importGit(t, app, space, m)
	want := map[string]struct {
		state string
		sr    int
	}{
		"ko/a": {schema.TranslationOutdated, 1},
		"ko/b": {schema.TranslationOutdated, 2}, // current when made; b's v3 came later
		"ko/c": {schema.TranslationOutdated, 0},
		"ko/d": {schema.TranslationOutdated, 0},
		"ja/a": {schema.TranslationOutdated, 2}, // made from a v2, then a v3 landed
		"ja/b": {schema.TranslationCurrent, 3},  // the same commit: made from b v3
	}
	for k, w := range want {
		locale, path, _ := strings.Cut(k, "/")
		p := findPage(t, app, space, locale, path)
		if got, sr := p.GetString(schema.PageTranslationState), p.GetInt(schema.PageSourceRevision); got != w.state || sr != w.sr {
			t.Errorf("%s: %s from revision %d, want %s from %d", k, got, sr, w.state, w.sr)
		}
	}
	var warned []string
	for _, w := range sum.Warnings {
		warned = append(warned, w.File+": "+w.Reason)
	}
	joined := strings.Join(warned, "\n")
	if len(sum.Warnings) != 2 || !strings.Contains(joined, "content/ko/c.md@") || !strings.Contains(joined, "not in the repository") ||
		!strings.Contains(joined, "content/ko/d.md@") || !strings.Contains(joined, "not an ancestor") || !strings.Contains(joined, "outdated") {
		t.Fatalf("warnings = %s", joined)
	}
}

func TestGitImportMergeAndOffChainKey(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "docs", schema.VisibilityPrivate)
	m := newMemRepo(t)
	c1 := m.commit("en v1", map[string]string{"content/en/a.md": hugoPage("A", "v1")})
	// A translation branch whose commit names the branch's own first commit.
	m.resetTo(c1)
	s1 := m.commit("ko branch base", map[string]string{"content/ko/notes.md": hugoPage("메모", "작업 중")})
	s2 := m.commit("ko a", map[string]string{"content/ko/a.md": hugoPage("가", "v1 번역", "default_lang_commit: "+s1.String())})
	m.resetTo(c1)
	c2 := m.commit("en v2 on main", map[string]string{"content/en/a.md": hugoPage("A", "v2")})
	// The merge: first parent main, second the branch; its tree has both sides.
	merge := m.commit("Merge the ko branch", map[string]string{
		"content/ko/notes.md": hugoPage("메모", "작업 중"),
		"content/ko/a.md":     hugoPage("가", "v1 번역", "default_lang_commit: "+s1.String()),
	}, c2, s2)

	sum := importGit(t, app, space, m)
	if sum.Commits != 3 {
		t.Fatalf("replayed %d commits, want the 3 of the first-parent history", sum.Commits)
	}
	ko := findPage(t, app, space, "ko", "a")
	revs := revisions(t, app, ko)
	if len(revs) != 1 || revs[0].GetString(schema.RevisionSourceCommit) != merge.String() || revs[0].GetString(schema.RevisionSummary) != "Merge the ko branch" {
		t.Fatalf("ko/a revisions: %d, first from %s", len(revs), revs[0].GetString(schema.RevisionSourceCommit))
	}
	// s1 is an ancestor off the first-parent history: it maps to the merge that brought it in,
	// where en/a is at v2.
	if got := ko.GetInt(schema.PageSourceRevision); got != 2 || ko.GetString(schema.PageTranslationState) != schema.TranslationCurrent {
		t.Fatalf("ko/a made from %d (%s), want 2 (current)", got, ko.GetString(schema.PageTranslationState))
	}
	if len(sum.Warnings) != 0 {
		t.Fatalf("warnings: %v", sum.Warnings)
	}
}
