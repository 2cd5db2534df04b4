package translations_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

func TestNewPagesTakeTheirState(t *testing.T) {
	f := newFixture(t)
	g := f.group(t, "docs", "guide/install")
	f.wantState(t, g["en"], schema.TranslationSource, 0)
	for _, l := range []string{"ko", "ja", "zh"} {
		f.wantState(t, g[l], schema.TranslationCurrent, 1) // made from the source's head
	}
	// A translation with no source yet is orphaned and records no source revision.
	lone := f.page(t, "docs", "ko", "guide/lone", nil)
	f.wantState(t, lone, schema.TranslationOrphaned, 0)
}

func TestSourceEditsOutdateTranslationsUnlessMinor(t *testing.T) {
	f := newFixture(t)
	g := f.group(t, "docs", "guide/install")
	koRevisions := f.revisionCount(t, g["ko"])

	f.editSource(t, g["en"], guide["en"].body+"\nTypo fixed.\n", true)
	for _, l := range []string{"ko", "ja", "zh"} {
		f.wantState(t, g[l], schema.TranslationCurrent, 1) // a minor edit outdates nothing
	}

	f.editSource(t, g["en"], guide["en"].body+"\nA new section on backups.\n", false)
	f.wantState(t, g["en"], schema.TranslationSource, 0)
	for _, l := range []string{"ko", "ja", "zh"} {
		f.wantState(t, g[l], schema.TranslationOutdated, 1)
	}
	// Keeping the state is not a content change: no revision of the translation was made.
	if n := f.revisionCount(t, g["ko"]); n != koRevisions {
		t.Fatalf("the ko page has %d revisions after state changes, want %d", n, koRevisions)
	}
	if r := f.fresh(t, g["ko"]).GetInt(schema.PageRevision); r != 1 {
		t.Fatalf("the ko page is at revision %d, want 1", r)
	}

	// A later minor edit leaves them outdated: the major one is still unread.
	f.editSource(t, g["en"], guide["en"].body+"\nA new section on backups!\n", true)
	f.wantState(t, g["ko"], schema.TranslationOutdated, 1)
}

func TestTranslatorCatchesUpBySendingSourceRevision(t *testing.T) {
	f := newFixture(t)
	g := f.group(t, "docs", "guide/install")
	f.editSource(t, g["en"], guide["en"].body+"\nBack up pb_data before upgrading.\n", false) // head 2

	// New text without saying which source revision it follows: still outdated.
	res := f.patch(t, g["ko"], editor, map[string]any{"body": guide["ko"].body + "\n업그레이드 전에 pb_data를 백업하세요.\n", "base_revision": 1})
	if res.Status != http.StatusOK {
		t.Fatalf("translate: %d %s", res.Status, res.Raw)
	}
	f.wantState(t, g["ko"], schema.TranslationOutdated, 1)

	res = f.patch(t, g["ko"], editor, map[string]any{"source_revision": 2})
	if res.Status != http.StatusOK || res.Body[schema.PageTranslationState] != schema.TranslationCurrent {
		t.Fatalf("catch up: %d %s", res.Status, res.Raw)
	}
	f.wantState(t, g["ko"], schema.TranslationCurrent, 2)
	if n := f.revisionCount(t, g["ko"]); n != 2 {
		t.Fatalf("the ko page has %d revisions, want 2 (source_revision alone makes none)", n)
	}

	// Content and source_revision in one save.
	res = f.patch(t, g["ja"], editor, map[string]any{"body": guide["ja"].body + "\nアップグレード前に pb_data をバックアップしてください。\n", "base_revision": 1, "source_revision": 2})
	if res.Status != http.StatusOK {
		t.Fatalf("translate ja: %d %s", res.Status, res.Raw)
	}
	f.wantState(t, g["ja"], schema.TranslationCurrent, 2)

	// A translation may also say it follows an older revision: it is outdated then.
	res = f.patch(t, g["ja"], editor, map[string]any{"source_revision": 1})
	if res.Status != http.StatusOK {
		t.Fatalf("older source_revision: %d %s", res.Status, res.Raw)
	}
	f.wantState(t, g["ja"], schema.TranslationOutdated, 1)
}

func TestClientsCannotForgeTheState(t *testing.T) {
	f := newFixture(t)
	g := f.group(t, "docs", "guide/install")
	f.editSource(t, g["en"], "# Installing Folio\n\nRewritten.\n", false)
	res := f.patch(t, g["zh"], editor, map[string]any{schema.PageTranslationState: schema.TranslationCurrent})
	if res.Status != http.StatusOK {
		t.Fatalf("patch: %d %s", res.Status, res.Raw)
	}
	f.wantState(t, g["zh"], schema.TranslationOutdated, 1)
	res = f.patch(t, g["en"], editor, map[string]any{schema.PageTranslationState: schema.TranslationOrphaned, schema.PageSourceRevision: 1})
	if res.Status != http.StatusOK {
		t.Fatalf("patch source: %d %s", res.Status, res.Raw)
	}
	f.wantState(t, g["en"], schema.TranslationSource, 0)
}

func TestSourceRevisionMustNameASourceRevision(t *testing.T) {
	f := newFixture(t)
	en := f.page(t, "docs", "en", "guide/install", nil)
	ko := f.page(t, "docs", "ko", "guide/install", nil)
	create := func(locale, path string, sr any) response {
		return f.do(t, http.MethodPost, "/api/collections/pages/records", editor, map[string]any{
			schema.PageSpace: f.spaces["docs"].Id, schema.PageLocale: locale, schema.PagePath: path,
			schema.PageTitle: guide[locale].title, schema.PageBody: guide[locale].body, schema.PageSourceRevision: sr,
		})
	}
	for _, c := range []struct {
		name, locale, path string
		sr                 any
		want               string
	}{
		{"above the head", "ja", "guide/install", 2, "1 to 1"},
		{"negative", "ja", "guide/install", -1, "1 to 1"},
		{"no source", "ja", "guide/nowhere", 1, "no en page"},
	} {
		res := create(c.locale, c.path, c.sr)
		data, _ := res.Body["data"].(map[string]any)
		msg, _ := res.Body["message"].(string)
		if res.Status != http.StatusBadRequest || data[schema.PageSourceRevision] == nil || !strings.Contains(msg, c.want) {
			t.Fatalf("%s: %d %s", c.name, res.Status, res.Raw)
		}
	}
	if n, _ := f.app.CountRecords(schema.CollectionPages); n != 2 {
		t.Fatalf("a refused create left %d pages, want 2", n)
	}
	// Explicit and valid on create.
	if res := create("ja", "guide/install", 1); res.Status != http.StatusOK || res.Body[schema.PageTranslationState] != schema.TranslationCurrent {
		t.Fatalf("valid source_revision: %d %s", res.Status, res.Raw)
	}
	// On update too; nothing is written when it is refused.
	res := f.patch(t, ko, editor, map[string]any{schema.PageSourceRevision: 7, schema.PageTitle: "바뀐 제목", "base_revision": 1})
	if res.Status != http.StatusBadRequest {
		t.Fatalf("update above the head: %d %s", res.Status, res.Raw)
	}
	if got := f.fresh(t, ko); got.GetString(schema.PageTitle) != guide["ko"].title || f.revisionCount(t, ko) != 1 {
		t.Fatal("a refused update was partly written")
	}
	f.wantState(t, ko, schema.TranslationCurrent, 1)
	_ = en
}

func TestDeletingTheSourceOrphansItsTranslations(t *testing.T) {
	f := newFixture(t)
	g := f.group(t, "docs", "guide/install")
	f.editSource(t, g["en"], guide["en"].body+"\nMore.\n", false)
	if res := f.patch(t, g["ko"], editor, map[string]any{schema.PageSourceRevision: 2}); res.Status != http.StatusOK {
		t.Fatalf("catch up: %d %s", res.Status, res.Raw)
	}
	if res := f.do(t, http.MethodDelete, "/api/collections/pages/records/"+g["en"].Id, owner, nil); res.Status != http.StatusNoContent {
		t.Fatalf("delete source: %d %s", res.Status, res.Raw)
	}
	// The numbers counted the deleted page's revisions: they are forgotten with it.
	for _, l := range []string{"ko", "ja", "zh"} {
		f.wantState(t, g[l], schema.TranslationOrphaned, 0)
	}
	// A new source at the path is another page: its translations must be looked at again.
	en := f.page(t, "docs", "en", "guide/install", nil)
	f.wantState(t, en, schema.TranslationSource, 0)
	for _, l := range []string{"ko", "ja", "zh"} {
		f.wantState(t, g[l], schema.TranslationOutdated, 0)
	}
	if res := f.patch(t, g["ja"], editor, map[string]any{schema.PageSourceRevision: 1}); res.Status != http.StatusOK {
		t.Fatalf("confirm: %d %s", res.Status, res.Raw)
	}
	f.wantState(t, g["ja"], schema.TranslationCurrent, 1)

	// Deleting a translation changes nobody else.
	if err := f.app.Delete(f.fresh(t, g["zh"])); err != nil {
		t.Fatal(err)
	}
	f.wantState(t, g["ja"], schema.TranslationCurrent, 1)
	f.wantState(t, en, schema.TranslationSource, 0)
}

func TestMovingPagesBetweenGroups(t *testing.T) {
	f := newFixture(t)
	g := f.group(t, "docs", "guide/install")
	move := func(locale, path string) {
		t.Helper()
		if res := f.patch(t, g[locale], editor, map[string]any{schema.PagePath: path}); res.Status != http.StatusOK {
			t.Fatalf("move %s: %d %s", locale, res.Status, res.Raw)
		}
	}
	// The source moves first: the translations it left are orphaned but keep their source
	// revision, and follow it without losing their state.
	move("en", "guide/setup")
	f.wantState(t, g["en"], schema.TranslationSource, 0)
	f.wantState(t, g["ko"], schema.TranslationOrphaned, 1)
	move("ko", "guide/setup")
	f.wantState(t, g["ko"], schema.TranslationCurrent, 1)

	// A translation moving first is orphaned until its source joins it.
	move("ja", "guide/start")
	f.wantState(t, g["ja"], schema.TranslationOrphaned, 1)
	move("en", "guide/start")
	f.wantState(t, g["ja"], schema.TranslationCurrent, 1)
	f.wantState(t, g["ko"], schema.TranslationOrphaned, 1) // left behind at guide/setup

	// A source edit while away is counted when the translation comes back.
	f.editSource(t, g["en"], "# Installing Folio\n\nNew text.\n", false)
	f.wantState(t, g["ja"], schema.TranslationOutdated, 1)
	move("ko", "guide/start")
	f.wantState(t, g["ko"], schema.TranslationOutdated, 1)
	f.wantState(t, g["zh"], schema.TranslationOrphaned, 1) // still at guide/install, alone
}

func TestSourceChangingLocaleLeavesTheGroup(t *testing.T) {
	f := newFixture(t)
	en := f.page(t, "docs", "en", "guide/install", nil)
	ko := f.page(t, "docs", "ko", "guide/install", nil)
	// An English page mislabelled: the fix makes it a (Japanese) translation of nothing.
	if res := f.patch(t, en, editor, map[string]any{schema.PageLocale: "ja"}); res.Status != http.StatusOK {
		t.Fatalf("relabel: %d %s", res.Status, res.Raw)
	}
	f.wantState(t, en, schema.TranslationOrphaned, 0)
	f.wantState(t, ko, schema.TranslationOrphaned, 1)
}

func TestSwitchingTheSpaceSourceLocale(t *testing.T) {
	f := newFixture(t)
	inStep := f.group(t, "docs", "guide/install")
	stale := f.group(t, "docs", "guide/upgrade")
	f.editSource(t, stale["en"], "# Upgrading\n\nStop the server first.\n", false) // all outdated
	mixed := f.group(t, "docs", "guide/backup")
	f.editSource(t, mixed["en"], "# Backups\n\nCopy pb_data.\n", false)
	for _, l := range []string{"ko", "ja"} {
		if res := f.patch(t, mixed[l], editor, map[string]any{schema.PageSourceRevision: 2}); res.Status != http.StatusOK {
			t.Fatalf("catch up %s: %d %s", l, res.Status, res.Raw)
		}
	}
	noKo := map[string]*core.Record{"en": f.page(t, "docs", "en", "guide/faq", nil), "ja": f.page(t, "docs", "ja", "guide/faq", nil)}

	res := f.do(t, http.MethodPatch, "/api/collections/spaces/records/"+f.spaces["docs"].Id, owner, map[string]any{schema.SpaceSourceLocale: "ko"})
	if res.Status != http.StatusOK {
		t.Fatalf("switch: %d %s", res.Status, res.Raw)
	}
	// Everyone was in step with en, so everyone is in step with ko's head.
	f.wantState(t, inStep["ko"], schema.TranslationSource, 0)
	for _, l := range []string{"en", "ja", "zh"} {
		f.wantState(t, inStep[l], schema.TranslationCurrent, 1)
	}
	// ko was behind en: nothing can be said to follow it.
	f.wantState(t, stale["ko"], schema.TranslationSource, 0)
	for _, l := range []string{"en", "ja", "zh"} {
		f.wantState(t, stale[l], schema.TranslationOutdated, 0)
	}
	// ko and ja followed en's head, zh did not; ko's own head is still its revision 1.
	f.wantState(t, mixed["en"], schema.TranslationCurrent, 1)
	f.wantState(t, mixed["ja"], schema.TranslationCurrent, 1)
	f.wantState(t, mixed["zh"], schema.TranslationOutdated, 0)
	// No ko page: no source.
	for _, l := range []string{"en", "ja"} {
		f.wantState(t, noKo[l], schema.TranslationOrphaned, 0)
	}
	// And the new source's edits now drive the group.
	f.editSource(t, inStep["ko"], guide["ko"].body+"\n새 단락.\n", false)
	f.wantState(t, inStep["en"], schema.TranslationOutdated, 1)
}
