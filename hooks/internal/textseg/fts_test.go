package textseg_test

import (
	"database/sql"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"folio/hooks/internal/textseg"
)

// docs are written for these tests: CJK words sit mid-sentence, Korean nouns carry particles,
// Latin-script words carry accents.
var docs = []struct{ title, body string }{
	1: {"城市交通指南", "上海的地铁很方便，每天早上我坐地铁去公司。周末我们常去公园散步。"},
	2: {"京都の旅行メモ", "先週、友達と京都へ行きました。お寺の庭がとても静かで、抹茶のアイスクリームを食べました。"},
	3: {"오늘의 날씨", "오늘은 날씨가 맑고 바람이 시원합니다. 새 클러스터를 설치하고 서버에서 로그를 확인했습니다."},
	4: {"Le café du matin", "Chaque matin, Hélène prépare un café très fort avant de lire les nouvelles économiques."},
	5: {"Món ăn Việt Nam", "Phở bò ở Hà Nội rất ngon, còn bún chả thì nổi tiếng khắp nơi. Đường phố luôn đông đúc."},
	6: {"Kubernetes 클러스터 운영", "Deploying Kubernetes클러스터에서 with k8s operators; the 東京 region keeps 데이터베이스 backups."},
	7: {"Winterspaziergang", "Die STRASSE vor dem Bahnhof ist im Winter sehr ruhig, die Straße dahinter auch."},
	8: {"ﾒﾆｭｰ", "ｱｲｽｺｰﾋｰは三百円です。"},
}

// openFTS returns an in-memory FTS5 table holding docs, set up as the search package will: the
// segmented columns, and a column of the unit tokens of their terms.
func openFTS(t testing.TB) *sql.DB {
	t.Helper()
	db := emptyFTS(t)
	for id, d := range docs {
		if id > 0 {
			addDoc(t, db, id, d.title, d.body)
		}
	}
	return db
}

// bodiesFTS returns an FTS5 table like openFTS's holding each text as a body (rowid = index + 1).
func bodiesFTS(t testing.TB, bodies []string) *sql.DB {
	t.Helper()
	db := emptyFTS(t)
	for i, body := range bodies {
		addDoc(t, db, i+1, "", body)
	}
	return db
}

// emptyFTS returns the in-memory FTS5 table of openFTS with nothing in it.
func emptyFTS(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1) // every connection to :memory: is a different database
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE VIRTUAL TABLE t USING fts5(title, body, units, tokenize='ascii')`); err != nil {
		t.Fatal(err)
	}
	return db
}

// addDoc indexes one document: its segmented title and body, and the unit tokens of their terms.
func addDoc(t testing.TB, db *sql.DB, id int, title, body string) {
	t.Helper()
	title, body = textseg.IndexText(title), textseg.IndexText(body)
	if _, err := db.Exec(`INSERT INTO t(rowid, title, body, units) VALUES (?, ?, ?, ?)`, id,
		title, body, unitsOf(title, body)); err != nil {
		t.Fatal(err)
	}
}

// unitsOf is the unit tokens of the terms of IndexText outputs, each once.
func unitsOf(columns ...string) string {
	var units []string
	for _, col := range columns {
		for _, term := range strings.Fields(col) {
			if u, ok := textseg.UnitToken(term); ok && !slices.Contains(units, u) {
				units = append(units, u)
			}
		}
	}
	return strings.Join(units, " ")
}

func search(t *testing.T, db *sql.DB, query string) []int {
	t.Helper()
	q, err := textseg.ParseQuery(query)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", query, err)
	}
	return matchIDs(t, db, q.MatchExprIn("{title body}"))
}

func matchIDs(t *testing.T, db *sql.DB, expr string) []int {
	t.Helper()
	rows, err := db.Query(`SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid`, expr)
	if err != nil {
		t.Fatalf("MATCH %s: %v", expr, err)
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestFTSMatch(t *testing.T) {
	db := openFTS(t)
	cases := []struct {
		name, query string
		want        []int
	}{
		{"chinese word mid-sentence", "地铁", []int{1}},
		{"chinese word before punctuation", "公司", []int{1}},
		{"chinese word absent", "地球", nil},
		{"japanese kanji word mid-sentence", "友達", []int{2}},
		{"japanese mixed word mid-sentence", "静か", []int{2}},
		{"japanese place", "京都", []int{2}},
		{"katakana word inside a longer one", "アイス", []int{2, 8}},
		{"half-width query", "ｺｰﾋｰ", []int{8}},
		{"single han char by prefix", "寺", []int{2}},
		{"single han char ending a run", "司", []int{1}},
		{"single han char second in a word", "铁", []int{1}},
		{"korean noun with subject particle", "날씨", []int{3}},
		{"korean noun with object particle", "클러스터", []int{3, 6}},
		{"korean noun with locative particle", "서버", []int{3}},
		{"korean compound", "데이터", []int{6}},
		{"korean one syllable", "새", []int{3}},
		{"korean exact word", "날씨가", []int{3}},
		{"korean word not present", "바다", nil},
		{"cafe finds café", "cafe", []int{4}},
		{"accented query", "CAFÉ", []int{4}},
		{"name without accents", "helene", []int{4}},
		{"prefix", "econom*", []int{4}},
		{"vietnamese without diacritics", "noi tieng", []int{5}},
		{"vietnamese with diacritics", "Nổi Tiếng", []int{5}},
		{"vietnamese d with stroke", "duong", []int{5}},
		{"german sharp s both ways", "strasse", []int{7}},
		{"german sharp s query", "Straße", []int{7}},
		{"phrase", `"prépare un café"`, []int{4}},
		{"phrase needs adjacency", `"un cafe fort"`, nil},
		{"vietnamese phrase", `"ha noi"`, []int{5}},
		{"phrase across a run end", `"京都 行き"`, nil},
		{"phrase of han and latin", `"the 東京 region"`, []int{6}},
		{"phrase of hangul words", `"날씨가 맑고"`, []int{3}},
		{"phrase with particle on last word", `"새 클러스터"`, []int{3}},
		{"exclusion", "클러스터 -kubernetes", []int{3}},
		{"phrase exclusion", `cafe -"tres fort"`, nil},
		{"exclusion keeps others", `matin -"tres faible"`, []int{4}},
		{"latin prefix", "kube*", []int{6}},
		{"mixed latin hangul word", "Kubernetes클러스터", []int{6}},
		{"digits and letters", "k8s", []int{6}},
		{"han in latin text", "東京", []int{6}},
		{"implicit and across columns", "날씨 로그", []int{3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := search(t, db, c.query); !slices.Equal(got, c.want) {
				t.Errorf("%q (MATCH %s) found %v, want %v", c.query, mustExpr(c.query), got, c.want)
			}
		})
	}
}

// A lone character written as its unit token finds exactly the pages the prefix over the
// segmented columns finds, for every character of every document, typed as written or folded.
func TestUnitTokenMatchesThePrefix(t *testing.T) {
	db := openFTS(t)
	tried := 0
	for _, d := range docs {
		for _, r := range d.title + d.body {
			q, err := textseg.ParseQuery(string(r))
			if err != nil {
				continue
			}
			expr := q.MatchExprIn("")
			if !strings.HasSuffix(expr, `·"`) {
				continue // not a lone Han, kana or Hangul character
			}
			unit := strings.TrimSuffix(strings.TrimPrefix(expr, `"`), `·"`)
			prefix := `{title body} : "` + unit + `"*`
			if got, want := matchIDs(t, db, expr), matchIDs(t, db, prefix); !slices.Equal(got, want) {
				t.Errorf("%q: %s found %v, %s found %v", string(r), expr, got, prefix, want)
			}
			tried++
		}
	}
	if tried < 100 {
		t.Fatalf("only %d lone characters tried", tried)
	}
}

func mustExpr(query string) string {
	q, _ := textseg.ParseQuery(query)
	return q.MatchExprIn("{title body}")
}
