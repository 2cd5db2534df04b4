package transfer_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/mdtree"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

func mustImport(t *testing.T, app core.App, space *core.Record, fsys fstest.MapFS, opts transfer.ImportOptions) transfer.Summary {
	t.Helper()
	sum, err := transfer.Import(app, space, fsys, opts)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return sum
}

func wantCounts(t *testing.T, sum transfer.Summary, created, updated, unchanged, failed int) {
	t.Helper()
	if sum.Created != created || sum.Updated != updated || sum.Unchanged != unchanged || sum.Failed != failed {
		t.Fatalf("summary created/updated/unchanged/failed = %d/%d/%d/%d, want %d/%d/%d/%d; errors %v",
			sum.Created, sum.Updated, sum.Unchanged, sum.Failed, created, updated, unchanged, failed, sum.Errors)
	}
}

func TestImportWikiJS(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "kb", schema.VisibilityPrivate)

	sum := mustImport(t, app, space, wikiTree(), transfer.ImportOptions{})
	wantCounts(t, sum, 5, 0, 0, 0)
	if sum.Format != string(mdtree.FormatWikiJS) || sum.PerLocale["en"].Created != 2 || sum.PerLocale["zh"].Created != 1 {
		t.Errorf("format %q, per locale %v", sum.Format, sum.PerLocale)
	}

	en := findPage(t, app, space, "en", "Knowledge-base/Dictionary/message-queue")
	if en.GetString(schema.PageTitle) != "Message Queue" || en.GetString(schema.PageDescription) != "How work is handed over" {
		t.Errorf("en title/description = %q/%q", en.GetString(schema.PageTitle), en.GetString(schema.PageDescription))
	}
	if !strings.HasPrefix(en.GetString(schema.PageBody), "\n# Message Queue\n") {
		t.Errorf("en body = %q", en.GetString(schema.PageBody))
	}
	wantTags(t, en, "backend", "messaging")
	wantTags(t, findPage(t, app, space, "ko", "Knowledge-base/Dictionary/message-queue"), "백엔드", "메시징")
	wantTags(t, findPage(t, app, space, "zh", "Knowledge-base/Dictionary/message-queue"))

	// Dates: dateCreated → created, date → updated, to the millisecond.
	wantDate(t, en, schema.PageCreated, "2024-03-01T18:00:00Z")
	wantDate(t, en, schema.PageUpdated, "2024-03-05T09:12:30.25Z")

	// Extra keeps editor and unknown keys, in the file's order.
	if got := en.GetString(schema.PageExtra); got != `{"editor":"markdown","weight":3,"aliases":["/mq","/queues"]}` {
		t.Errorf("en extra = %s", got)
	}
	// published as a bool and as a string.
	for locale, want := range map[string]string{"en": schema.PagePublished, "ko": schema.PagePublished, "ja": schema.PageDraft, "zh": schema.PageDraft} {
		if got := findPage(t, app, space, locale, "Knowledge-base/Dictionary/message-queue").GetString(schema.PageStatus); got != want {
			t.Errorf("%s status = %q, want %q", locale, got, want)
		}
	}
	// Unseen locales were added to the space.
	space, _ = app.FindRecordById(schema.CollectionSpaces, space.Id)
	if got := schema.AsSpace(space).Locales(); !reflect.DeepEqual(got, []string{"en", "ja", "ko", "zh"}) {
		t.Errorf("space locales = %v", got)
	}
	// One revision per page, no editor: the import ran without a user.
	if n := countRevisions(t, app, space); n != 5 {
		t.Errorf("revisions = %d, want 5", n)
	}
	if en.GetString(schema.PageAuthor) != "" || en.GetString(schema.PageEditor) != "" {
		t.Errorf("author/editor = %q/%q, want empty", en.GetString(schema.PageAuthor), en.GetString(schema.PageEditor))
	}
}

func TestImportHugo(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "glossary", schema.VisibilityPublic)

	sum := mustImport(t, app, space, hugoTree(), transfer.ImportOptions{})
	wantCounts(t, sum, 7, 0, 0, 0) // _TEMPLATE.md is not a page
	if sum.Format != string(mdtree.FormatHugo) {
		t.Errorf("format = %q", sum.Format)
	}
	if countPages(t, app, space, "en") != 5 || countPages(t, app, space, "ko") != 2 {
		t.Errorf("pages en %d, ko %d", countPages(t, app, space, "en"), countPages(t, app, space, "ko"))
	}
	findPage(t, app, space, "en", "index")
	contribute := findPage(t, app, space, "en", "contribute")
	if got := contribute.GetString(schema.PageExtra); got != `{"toc_hide":true,"menu":{"main":{"weight":10}}}` {
		t.Errorf("contribute extra = %s", got)
	}
	cluster := findPage(t, app, space, "en", "cluster")
	wantTags(t, cluster, "infrastructure", "fundamental")
	if got := cluster.GetString(schema.PageExtra); got != `{"status":"Completed","category":"Concept"}` {
		t.Errorf("cluster extra = %s", got)
	}
	// No draft key: published (Hugo publishes every page not marked draft).
	if cluster.GetString(schema.PageStatus) != schema.PagePublished {
		t.Errorf("cluster status = %q", cluster.GetString(schema.PageStatus))
	}
	if s := findPage(t, app, space, "en", "firewall").GetString(schema.PageStatus); s != schema.PageDraft {
		t.Errorf("draft firewall status = %q", s)
	}
	ko := findPage(t, app, space, "ko", "cluster")
	if ko.GetString(schema.PageTitle) != "클러스터" || ko.GetString(schema.PageExtra) != `{"Status":"Completed"}` {
		t.Errorf("ko cluster title %q extra %s", ko.GetString(schema.PageTitle), ko.GetString(schema.PageExtra))
	}
}

func TestImportHugoLinksStayInTheirLocale(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "glossary", schema.VisibilityPublic)
	mustImport(t, app, space, hugoTree(), transfer.ImportOptions{})

	for _, locale := range []string{"en", "ko"} {
		from := findPage(t, app, space, locale, "cluster")
		nodes := findPage(t, app, space, locale, "nodes")
		links, err := app.FindAllRecords(schema.CollectionPageLinks)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, l := range links {
			if l.GetString(schema.PageLinkPage) == from.Id {
				found = true
				if l.GetString(schema.PageLinkToPage) != nodes.Id {
					t.Errorf("%s cluster links to %q (%s/%s), want %s/nodes %s", locale, l.GetString(schema.PageLinkToPage),
						l.GetString(schema.PageLinkToLocale), l.GetString(schema.PageLinkToPath), locale, nodes.Id)
				}
			}
		}
		if !found {
			t.Errorf("%s cluster has no link rows", locale)
		}
	}
}

func TestImportSkipsBadFilesWhole(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "kb", schema.VisibilityPrivate)
	tree := wikiTree()
	tree["broken.md"] = file("---\ntitle: Broken\ntags: [a, b\n---\nbody\n")
	tree["ja/latin1.md"] = file("---\ntitle: caf\xe9\n---\n")
	tree["what?.md"] = file(wikiHome)
	tree["ko/bad-date.md"] = file("---\ntitle: Bad date\ndate: next tuesday\n---\n")
	tree["huge-title.md"] = file("---\ntitle: " + strings.Repeat("x", 301) + "\n---\nbody\n")
	// a time zone carries the year 0 into the year -1 in UTC, which no export could write back
	tree["ko/year-zero.md"] = file("---\ntitle: Year zero\ndate: 0000-01-01T00:00:00+01:00\n---\n")
	tree["ko/year-ten-thousand.md"] = file("---\ntitle: Far\ndateCreated: 9999-12-31T23:00:00-02:00\n---\n")

	sum := mustImport(t, app, space, tree, transfer.ImportOptions{})
	wantCounts(t, sum, 5, 0, 0, 7)
	reasons := map[string]string{
		"broken.md":               "not valid YAML at line 3",
		"huge-title.md":           "title: Must be no more than 300 character(s)",
		"ja/latin1.md":            "not UTF-8",
		"ko/bad-date.md":          `date "next tuesday" is not a date`,
		"ko/year-zero.md":         `date "0000-01-01T00:00:00+01:00" is out of range: dates run from the year 1 to 9999 in UTC`,
		"ko/year-ten-thousand.md": `dateCreated "9999-12-31T23:00:00-02:00" is out of range`,
		"what?.md":                `"?"`,
	}
	if len(sum.Errors) != len(reasons) {
		t.Fatalf("errors = %v", sum.Errors)
	}
	for _, e := range sum.Errors {
		if !strings.Contains(e.Reason, reasons[e.File]) {
			t.Errorf("%s: reason %q should mention %q", e.File, e.Reason, reasons[e.File])
		}
	}
	if sum.PerLocale["ko"].Failed != 3 || sum.PerLocale["ja"].Failed != 1 || sum.PerLocale["en"].Failed != 3 {
		t.Errorf("per locale = %v", sum.PerLocale)
	}
	// Skipped whole: no page and no revision for any of them.
	if n := countPages(t, app, space, ""); n != 5 {
		t.Errorf("pages = %d, want 5", n)
	}
	if n := countRevisions(t, app, space); n != 5 {
		t.Errorf("revisions = %d, want 5", n)
	}
}

func TestReimportChangesNothing(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "kb", schema.VisibilityPrivate)
	mustImport(t, app, space, wikiTree(), transfer.ImportOptions{})
	before := findPage(t, app, space, "en", "Knowledge-base/Dictionary/message-queue")

	sum := mustImport(t, app, space, wikiTree(), transfer.ImportOptions{})
	wantCounts(t, sum, 0, 0, 5, 0)
	if n := countRevisions(t, app, space); n != 5 {
		t.Errorf("revisions = %d after re-import, want 5", n)
	}
	after := findPage(t, app, space, "en", "Knowledge-base/Dictionary/message-queue")
	if !after.GetDateTime(schema.PageUpdated).Equal(before.GetDateTime(schema.PageUpdated)) {
		t.Errorf("updated moved from %v to %v", before.GetDateTime(schema.PageUpdated), after.GetDateTime(schema.PageUpdated))
	}
}

func TestChangedFileMakesOneRevision(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "kb", schema.VisibilityPrivate)
	user := testapp.CreateUser(t, app, "ed@example.com", "Ed")
	mustImport(t, app, space, wikiTree(), transfer.ImportOptions{})

	tree := wikiTree()
	tree["ko/Knowledge-base/Dictionary/message-queue.md"] = file(strings.Replace(wikiKO, "큐는 일을 넘깁니다.", "큐는 일을 나눕니다.", 1))
	tree["zh/Knowledge-base/Dictionary/message-queue.md"] = file(strings.Replace(wikiZH, "reviewed_by: 王", "reviewed_by: 李", 1))
	sum := mustImport(t, app, space, tree, transfer.ImportOptions{User: user.Id})
	wantCounts(t, sum, 0, 2, 3, 0)

	ko := findPage(t, app, space, "ko", "Knowledge-base/Dictionary/message-queue")
	if ko.GetInt(schema.PageRevision) != 2 || !strings.Contains(ko.GetString(schema.PageBody), "나눕니다") {
		t.Errorf("ko revision %d body %q", ko.GetInt(schema.PageRevision), ko.GetString(schema.PageBody))
	}
	if ko.GetString(schema.PageEditor) != user.Id {
		t.Errorf("ko editor = %q, want the importing user", ko.GetString(schema.PageEditor))
	}
	// The body changed but the file's date did not: updated is the time of the import.
	if d := ko.GetDateTime(schema.PageUpdated).Time(); time.Since(d) > time.Minute {
		t.Errorf("ko updated = %v, want now", d)
	}
	// An extra-only change saves the page without a content revision.
	zh := findPage(t, app, space, "zh", "Knowledge-base/Dictionary/message-queue")
	if zh.GetInt(schema.PageRevision) != 1 || !strings.Contains(zh.GetString(schema.PageExtra), "李") {
		t.Errorf("zh revision %d extra %s", zh.GetInt(schema.PageRevision), zh.GetString(schema.PageExtra))
	}
	if n := countRevisions(t, app, space); n != 6 {
		t.Errorf("revisions = %d, want 6", n)
	}
}

func TestImportRefusesUnusableTrees(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "kb", schema.VisibilityPrivate)
	for name, c := range map[string]struct {
		fsys   fstest.MapFS
		format mdtree.Format
	}{
		"empty":          {fstest.MapFS{"notes.txt": file("x")}, ""},
		"unknown format": {wikiTree(), "mediawiki"},
	} {
		_, err := transfer.Import(app, space, c.fsys, transfer.ImportOptions{Format: c.format})
		var treeErr *transfer.TreeError
		if !errors.As(err, &treeErr) {
			t.Errorf("%s: error = %v, want a TreeError", name, err)
		}
	}
	if n := countPages(t, app, space, ""); n != 0 {
		t.Errorf("pages = %d, want 0", n)
	}
}

func wantTags(t *testing.T, page *core.Record, want ...string) {
	t.Helper()
	var got []string
	if err := json.Unmarshal([]byte(page.GetString(schema.PageTags)), &got); err != nil {
		t.Fatal(err)
	}
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s tags = %q, want %q", page.GetString(schema.PagePath), got, want)
	}
}

func wantDate(t *testing.T, page *core.Record, field, want string) {
	t.Helper()
	w, err := time.Parse(time.RFC3339Nano, want)
	if err != nil {
		t.Fatal(err)
	}
	if got := page.GetDateTime(field).Time(); !got.Equal(w) {
		t.Errorf("%s %s = %v, want %v", page.GetString(schema.PagePath), field, got, w)
	}
}

func TestImportSavesSourcesBeforeTranslations(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "glossary", schema.VisibilityPublic)
	tree := fstest.MapFS{ // bn sorts before the source locale en
		"content/en/_index.md":  file("---\ntitle: Glossary\n---\n"),
		"content/en/cluster.md": file("---\ntitle: Cluster\n---\nA group.\n"),
		"content/bn/cluster.md": file("---\ntitle: ক্লাস্টার\n---\nএকটি দল।\n"),
	}
	app.ResetEventCalls()
	wantCounts(t, mustImport(t, app, space, tree, transfer.ImportOptions{}), 3, 0, 0, 0)
	bn := findPage(t, app, space, "bn", "cluster")
	if bn.GetString(schema.PageTranslationState) != schema.TranslationCurrent || bn.GetInt(schema.PageSourceRevision) != 1 {
		t.Errorf("bn state %q, source revision %d; want current from revision 1",
			bn.GetString(schema.PageTranslationState), bn.GetInt(schema.PageSourceRevision))
	}
	// Only the space is updated (its new locale); no page is saved twice.
	if n := app.EventCalls["OnRecordUpdate"]; n != 1 {
		t.Errorf("OnRecordUpdate fired %d times, want 1 (the space)", n)
	}
}
