package search_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"folio/hooks/internal/testapp"
	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
	"folio/hooks/search"
)

// The multilingual fixtures of these tests, written for them: the words searched for sit
// mid-sentence (Chinese, Japanese), carry particles (Korean) or accents (French, Vietnamese).
var multilingual = []page{
	{locale: "zh", title: "上海生活笔记", tags: []string{"城市"},
		body: "我每天早上坐地铁上班，下班以后常常去图书馆看书。周末和朋友一起去公园跑步。"},
	{locale: "ja", title: "奈良の週末", tags: []string{"旅行"},
		body: "土曜日に奈良公園で鹿にせんべいをあげました。帰りに駅前の喫茶店で抹茶ラテを飲みました。"},
	{locale: "ko", title: "서버 운영 일지", tags: []string{"운영"},
		body: "어제 새 클러스터를 만들었고 오늘은 데이터베이스를 백업했습니다. 모니터링 도구가 경고를 보냈지만 문제는 없었습니다."},
	{locale: "fr", title: "Recettes d'été", tags: []string{"cuisine"},
		body: "La crème brûlée de Hélène est célèbre à Besançon ; elle la prépare chaque été pour ses voisins."},
	{locale: "vi", title: "Ghi chú du lịch Hà Nội", tags: []string{"du lịch"},
		body: "Buổi sáng chúng tôi ăn phở bò gần hồ Hoàn Kiếm, rồi đi bộ quanh phố cổ."},
	{locale: "en", title: "Packing list", tags: []string{"travel"},
		body: "Bring a rain jacket, a power adapter and the **subway** map of Shanghai."},
}

func multilingualWorld(t *testing.T) (*world, map[string]string) {
	t.Helper()
	w := newWorld(t, testapp.New(t))
	byLocale := map[string]string{}
	for _, p := range multilingual {
		p.space = "public"
		byLocale[p.locale] = w.save(t, p).Id
	}
	return w, byLocale
}

func TestSearchFindsWordsInEveryScript(t *testing.T) {
	w, id := multilingualWorld(t)
	cases := []struct {
		query, want string
	}{
		{"地铁", "zh"},           // two characters mid-sentence
		{"图书馆", "zh"},          // three characters mid-sentence
		{"公园跑步", "zh"},         // across a word boundary the author did not mark
		{"抹茶", "ja"},           // kanji before katakana
		{"喫茶店", "ja"},          // mid-sentence
		{"せんべい", "ja"},         // hiragana
		{"클러스터", "ko"},         // written with the object particle 를
		{"데이터베이스", "ko"},       // likewise
		{"경고", "ko"},           // two syllables, particle attached
		{"creme brulee", "fr"}, // accents folded
		{"HÉLÈNE", "fr"},       // case and accents folded
		{"besancon", "fr"},     // cedilla folded
		{"pho bo", "vi"},       // Vietnamese tones folded
		{"Hoàn Kiếm", "vi"},    // typed with the tones
		{"上海生活笔记", "zh"},       // a whole title
		{"subway", "en"},       // inside markdown emphasis
		{"城市", "zh"},           // a tag
		{"새", "ko"},            // one syllable, a word of its own
		{"백", "ko"},            // one syllable starting a word (백업했습니다)
		{"鹿", "ja"},            // one character mid-sentence
		{"馆", "zh"},            // one character ending a word
		{"데이터* 새", "ko"},       // a prefix and one syllable together
	}
	for _, c := range cases {
		if got := found(t, w, c.query); !slices.Equal(got, []string{id[c.want]}) {
			t.Errorf("%q found %v, want only the %s page %s", c.query, got, c.want, id[c.want])
		}
	}
	for _, q := range []string{"地下铁", "緑茶", "클러스트", "creme caramel", "北京", "뷁", "鹿 subway", "鹿 -奈良"} {
		if got := found(t, w, q); len(got) != 0 {
			t.Errorf("%q (not in any page) found %v", q, got)
		}
	}
}

func TestSnippetsAreHighlightedOnTheOriginalText(t *testing.T) {
	w, _ := multilingualWorld(t)
	cases := []struct{ query, snippet, title string }{
		{"地铁", "我每天早上坐<mark>地铁</mark>上班，", ""},
		{"抹茶", "喫茶店で<mark>抹茶</mark>ラテを", ""},
		{"클러스터", "새 <mark>클러스터</mark>를 만들었고", ""},
		{"helene", "crème brûlée de <mark>Hélène</mark> est", ""},
		{"subway", "the <mark>subway</mark> map", ""}, // no ** left from the markdown
		{"recettes", "", "<mark>Recettes</mark> d&#39;été"},
		{"奈良", "土曜日に<mark>奈良</mark>公園", "<mark>奈良</mark>の週末"},
	}
	for _, c := range cases {
		res, err := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: c.query})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) != 1 {
			t.Errorf("%q: %d hits", c.query, len(res.Items))
			continue
		}
		h := res.Items[0]
		if c.snippet != "" && !strings.Contains(h.Snippet, c.snippet) {
			t.Errorf("%q: snippet %q lacks %q", c.query, h.Snippet, c.snippet)
		}
		if c.title != "" && h.TitleHighlighted != c.title {
			t.Errorf("%q: titleHighlighted %q, want %q", c.query, h.TitleHighlighted, c.title)
		}
		if strings.Contains(h.Snippet, "**") {
			t.Errorf("%q: snippet shows markdown: %q", c.query, h.Snippet)
		}
	}
}

func TestHitsCarryWhereThePageLives(t *testing.T) {
	w, id := multilingualWorld(t)
	res, err := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: "데이터베이스"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 1 || res.TotalItems != 1 || res.Page != 1 || res.PerPage != search.DefaultPerPage {
		t.Fatalf("result %+v", res)
	}
	h := res.Items[0]
	if h.ID != id["ko"] || h.Space != w.spaces["public"].Id || h.Locale != "ko" ||
		h.Path != "p/서버 운영 일지" || h.Title != "서버 운영 일지" || h.Score <= 0 {
		t.Errorf("hit %+v", h)
	}
}

// rankingWorld holds English pages built so that each ranking rule decides one order.
func rankingWorld(t *testing.T) (*world, map[string]string) {
	t.Helper()
	w := newWorld(t, testapp.New(t))
	return w, w.savePublic(t, map[string]page{
		"title":     {title: "Deployment checklist", body: "Steps to take before every release."},
		"body":      {title: "Release notes", body: "This release changes the deployment of the worker."},
		"exact":     {title: "Cluster", body: "A group of machines."},
		"dense":     {title: "Cluster autoscaling for a cluster of clusters", body: "Cluster cluster cluster: the cluster grows when the cluster is busy.", tags: []string{"cluster"}},
		"tagged":    {title: "Routers", body: "How packets find their way.", tags: []string{"networking"}},
		"mentioned": {title: "Firewalls", body: "Rules that filter traffic; see networking basics."},
		"phrase":    {title: "Service mesh", body: "A service mesh routes calls between services."},
		"scattered": {title: "Mesh networks", body: "Each node offers a service; the mesh relays it."},
	})
}

func TestRanking(t *testing.T) {
	w, id := rankingWorld(t)
	cases := []struct {
		name, query string
		want        []string // the hits, in order
	}{
		{"a title match beats a body match", "deployment", []string{"title", "body"}},
		{"the exact title comes first", "cluster", []string{"exact", "dense"}},
		{"exact title ignores case and accents", "CLÚSTER", []string{"exact", "dense"}},
		{"a tag beats a body mention", "networking", []string{"tagged", "mentioned"}},
		{"a quoted phrase needs the words together", `"service mesh"`, []string{"phrase"}},
		{"without quotes both match", "service mesh", nil},
		{"an exclusion drops pages", "cluster -autoscaling", []string{"exact"}},
		{"an excluded phrase drops pages", `mesh -"service mesh"`, []string{"scattered"}},
		{"a trailing star searches by prefix", "autosca*", []string{"dense"}},
		// A prefix narrows without ranking (see levels.go): both pages, in either order.
		{"a prefix matches several words", "deploy*", []string{"title", "body"}},
	}
	for _, c := range cases {
		got := found(t, w, c.query)
		if c.want == nil {
			if len(got) != 2 || !slices.Contains(got, id["phrase"]) || !slices.Contains(got, id["scattered"]) {
				t.Errorf("%s: %q found %v", c.name, c.query, got)
			}
			continue
		}
		want := make([]string, len(c.want))
		for i, n := range c.want {
			want[i] = id[n]
		}
		if strings.HasSuffix(c.query, "*") && !strings.Contains(c.query, " ") && len(want) > 1 {
			slices.Sort(got)
			slices.Sort(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q found %v, want %v (%v)", c.name, c.query, got, want, c.want)
		}
	}
}

func TestScoresDescend(t *testing.T) {
	w, _ := rankingWorld(t)
	res, err := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: "cluster"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 2 || res.Items[0].Score <= res.Items[1].Score || res.Items[0].Score < 1000 {
		t.Errorf("scores %+v", res.Items)
	}
}

func TestFilters(t *testing.T) {
	w, id := multilingualWorld(t)
	other := w.save(t, page{space: "other", locale: "en", title: "Shanghai subway", body: "Line 2 crosses the river.", tags: []string{"travel"}})
	cases := []struct {
		name string
		p    search.Params
		want []string
	}{
		{"no filter", search.Params{Query: "subway"}, []string{id["en"], other.Id}},
		{"space by slug", search.Params{Query: "subway", Space: "public"}, []string{id["en"]}},
		{"space by id", search.Params{Query: "subway", Space: w.spaces["other"].Id}, []string{other.Id}},
		{"unknown space", search.Params{Query: "subway", Space: "nowhere"}, []string{}},
		{"locale", search.Params{Query: "subway", Locales: []string{"ko"}}, []string{}},
		{"locales", search.Params{Query: "subway", Locales: []string{"ko", "en"}}, []string{id["en"], other.Id}},
		{"tag", search.Params{Query: "shanghai", Tags: []string{"travel"}}, []string{id["en"], other.Id}},
		{"tags all required", search.Params{Query: "shanghai", Tags: []string{"travel", "cuisine"}}, []string{}},
		{"tag in another script", search.Params{Query: "地铁", Tags: []string{"城市"}}, []string{id["zh"]}},
	}
	for _, c := range cases {
		got := foundAs(t, w, "superuser", c.p.Query, c.p)
		slices.Sort(got)
		slices.Sort(c.want)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: found %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPaging(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	for i := range 5 {
		w.save(t, page{space: "public", path: "lantern" + string(rune('a'+i)), title: "Lantern " + string(rune('a'+i)), body: "Oil lamp."})
	}
	seen := map[string]bool{}
	for pg := 1; pg <= 3; pg++ {
		res, err := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: "lamp", Page: pg, PerPage: 2})
		if err != nil {
			t.Fatal(err)
		}
		if res.TotalItems != 5 || res.TotalPages != 3 || res.Page != pg || res.PerPage != 2 {
			t.Errorf("page %d: %+v", pg, res)
		}
		if want := min(2, 5-2*(pg-1)); len(res.Items) != want {
			t.Errorf("page %d has %d items, want %d", pg, len(res.Items), want)
		}
		for _, h := range res.Items {
			if seen[h.ID] {
				t.Errorf("page %d repeats %s", pg, h.ID)
			}
			seen[h.ID] = true
		}
	}
	res, err := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: "lamp", Page: 9, PerPage: 2})
	if err != nil || len(res.Items) != 0 || res.TotalItems != 5 {
		t.Errorf("past the end: %+v, %v", res, err)
	}
	res, err = search.Search(w.app, w.auth(t, "guest"), search.Params{Query: "lamp", PerPage: 1000})
	if err != nil || res.PerPage != search.MaxPerPage {
		t.Errorf("perPage 1000: %+v, %v", res, err)
	}
	// skipTotal gives the same pages without the totals.
	for pg := 1; pg <= 3; pg++ {
		with, err1 := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: "lamp", Page: pg, PerPage: 2})
		without, err2 := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: "lamp", Page: pg, PerPage: 2, SkipTotal: true})
		if err1 != nil || err2 != nil || without.TotalItems != -1 || without.TotalPages != -1 || without.TotalCapped {
			t.Fatalf("skipTotal page %d: %+v %v %v", pg, without, err1, err2)
		}
		if !slices.EqualFunc(with.Items, without.Items, func(a, b search.Hit) bool { return a.ID == b.ID }) {
			t.Errorf("skipTotal page %d: %+v, want the items of %+v", pg, without.Items, with.Items)
		}
	}
}

func TestQueryErrors(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	for _, q := range []string{"", "   ", `"open quote`, "-only", "!!!", strings.Repeat("word ", 60)} {
		_, err := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: q})
		var qe *textseg.QueryError
		if !errors.As(err, &qe) || qe.Message == "" {
			t.Errorf("%q: error %v, want a *textseg.QueryError", q, err)
		}
	}
}

func TestRuleCheckStartsFromTheCandidates(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	for _, caller := range []string{"guest", "viewer", "superuser"} {
		sql, params, err := search.ReadableSQL(w.app, w.auth(t, caller), []int64{3, 1, 2},
			search.Params{Space: "public", Locales: []string{"en"}, Tags: []string{"x"}})
		if err != nil {
			t.Fatal(err)
		}
		var plan []struct {
			Detail string `db:"detail"`
		}
		if err := w.app.DB().NewQuery("EXPLAIN QUERY PLAN " + sql).Bind(params).All(&plan); err != nil {
			t.Fatal(err)
		}
		if len(plan) == 0 || plan[0].Detail != "SEARCH "+schema.SearchDocsTable+" USING COVERING INDEX "+schema.SearchDocsPageIndex+" (id=?)" {
			t.Errorf("%s: the plan does not start from the candidates: %+v", caller, plan)
		}
		t.Logf("%s: %+v", caller, plan)
		for _, step := range plan {
			for _, table := range []string{schema.CollectionPages, schema.SearchDocsTable, schema.CollectionMemberships} {
				if step.Detail == "SCAN "+table || strings.HasPrefix(step.Detail, "SCAN "+table+" ") {
					t.Errorf("%s: the plan scans %s: %+v", caller, table, plan)
				}
			}
		}
	}
}

// Counting starts from FTS5's matches too: a total never walks the pages table, and the rule
// reads the columns it needs from the read index, not from the page rows (the table itself only
// for a tag filter).
func TestCountStartsFromTheMatches(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	for _, caller := range []string{"guest", "viewer", "superuser"} {
		for _, p := range []search.Params{
			{Space: "public", Locales: []string{"en"}, Tags: []string{"x"}},
			{Locales: []string{"en"}},
		} {
			sql, params, err := search.CountSQL(w.app, w.auth(t, caller), "cluster", p)
			if err != nil {
				t.Fatal(err)
			}
			var plan []struct {
				Detail string `db:"detail"`
			}
			if err := w.app.DB().NewQuery("EXPLAIN QUERY PLAN " + sql).Bind(params).All(&plan); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %+v", caller, plan)
			if len(plan) == 0 || !strings.HasPrefix(plan[0].Detail, "SCAN "+schema.SearchIndexTable+" VIRTUAL TABLE") {
				t.Errorf("%s: the plan does not start from the matches: %+v", caller, plan)
			}
			if len(plan) < 2 || plan[1].Detail != "SEARCH "+schema.SearchDocsTable+" USING COVERING INDEX "+schema.SearchDocsPageIndex+" (id=?)" {
				t.Errorf("%s: the page of a match is not read from the page index: %+v", caller, plan)
			}
			want := "SEARCH " + schema.CollectionPages + " USING COVERING INDEX idx_pages_search_read (id=?)"
			if len(p.Tags) > 0 {
				want = "SEARCH " + schema.CollectionPages + " USING INDEX idx_pages_search_read ("
			}
			found := false
			for _, step := range plan {
				found = found || strings.HasPrefix(step.Detail, want)
				for _, table := range []string{schema.CollectionPages, schema.SearchDocsTable, schema.CollectionMemberships} {
					if step.Detail == "SCAN "+table || strings.HasPrefix(step.Detail, "SCAN "+table+" ") {
						t.Errorf("%s: the plan scans %s: %+v", caller, table, plan)
					}
				}
			}
			if !found && caller != "superuser" {
				t.Errorf("%s, %+v: no step %q in %+v", caller, p, want, plan)
			}
		}
	}
}

// More matches than MaxHits: the best MaxHits are kept and the total says it stopped counting.
// With most matches unreadable, ranking widens its candidates until every match is seen.
func TestHitsAreCapped(t *testing.T) {
	defer search.SetMaxHits(3)()
	w := newWorld(t, testapp.New(t))
	var published []string
	for i := range 5 {
		published = append(published, w.save(t, page{space: "public", path: fmt.Sprintf("lamp%d", i),
			title: fmt.Sprintf("Note %d", i), body: strings.Repeat("lamp ", 1<<i)}).Id)
	}
	res, err := search.Search(w.app, w.auth(t, "guest"), search.Params{Query: "lamp", PerPage: 2, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.TotalItems != 3 || !res.TotalCapped || res.TotalPages != 2 || len(res.Items) != 1 || res.Items[0].ID != published[2] {
		t.Errorf("capped: %+v", res)
	}
	// Eight drafts that outrank everything (the word in their titles) hide the two readable
	// pages from the first rounds of candidates.
	for i := range 8 {
		w.save(t, page{space: "public", path: fmt.Sprintf("draft%d", i), title: "Gull gull " + fmt.Sprint(i),
			body: "gull", status: schema.PageDraft})
	}
	a := w.save(t, page{space: "public", path: "gull-a", title: "Seabirds", body: "A gull."})
	b := w.save(t, page{space: "public", path: "gull-b", title: "Harbour", body: "Gull and gull."})
	for caller, want := range map[string][]string{"guest": {b.Id, a.Id}, "editor": nil} {
		res, err := search.Search(w.app, w.auth(t, caller), search.Params{Query: "gull"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Items {
			got = append(got, h.ID)
		}
		if caller == "editor" {
			if res.TotalItems != 3 || !res.TotalCapped || slices.Contains(got, a.Id) {
				t.Errorf("editor: %+v", res)
			}
			continue
		}
		if !slices.Equal(got, want) || res.TotalItems != 2 || res.TotalCapped {
			t.Errorf("guest: got %v (total %d, capped %v), want %v", got, res.TotalItems, res.TotalCapped, want)
		}
	}
}

// A title whose words are the query's, once each and in order, makes its page an exact title
// only if the page matches the query: checked in Go on the title where it can be, by FTS5 where
// the title alone cannot tell (a phrase found in the body, an exclusion).
func TestExactTitleStillMatchesTheQuery(t *testing.T) {
	w := newWorld(t, testapp.New(t))
	id := w.savePublic(t, map[string]page{
		// The key of each title is "cluster node backup"; only some hold the phrase "node backup".
		"apart":    {title: "Cluster node, cluster backup", body: "Machines and copies."},
		"in body":  {title: "Cluster node, cluster backup", body: "Take a node backup nightly."},
		"in title": {title: "Cluster: node backup", body: "Machines and copies."},
		"excluded": {title: "Cluster: node backup", body: "A draft about copies."},
		"other":    {title: "Backups", body: "A cluster needs a node backup plan."},
	})
	cases := []struct {
		query string
		want  []string
	}{
		{`cluster "node backup"`, []string{"in body", "in title", "excluded", "other"}},
		{`cluster "node backup" -draft`, []string{"in body", "in title", "other"}},
		{`cluster "node backup"* -draft`, []string{"in body", "in title", "other"}},
	}
	for _, c := range cases {
		got := found(t, w, c.query)
		var want []string
		for _, n := range c.want {
			want = append(want, id[n])
		}
		// The exact titles come first, in any order among them; "other" last.
		if len(got) != len(want) || got[len(got)-1] != id["other"] {
			t.Errorf("%q found %v, want %v then %s (%v)", c.query, got, want[:len(want)-1], id["other"], c.want)
			continue
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q found %v, want %v (%v)", c.query, got, want, c.want)
		}
	}
}
