package textseg_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"folio/hooks/internal/textseg"
)

// MatchesText agrees with FTS5 on one column: for the fixture documents and generated Korean
// ones, every query without exclusions (words, phrases, prefixes, lone characters, phrases ending
// in one character) finds in the text exactly what MatchExprIn finds in the index.
func TestMatchesTextAgreesWithFTS(t *testing.T) {
	var texts []string
	for _, d := range docs[1:] {
		texts = append(texts, d.title+"\n"+d.body)
	}
	r := rand.New(rand.NewPCG(9, 10))
	for _, d := range phraseDocs(r, 60) {
		texts = append(texts, writeRuns(d))
	}
	db := bodiesFTS(t, texts)

	queries := []string{"地铁", "公司", "友達", "静か", "アイス", "ｺｰﾋｰ", "寺", "司", "铁", "날씨", "클러스터",
		"서버", "새", "날씨가", "cafe", "helene", "econom*", "noi tieng", "strasse", `"prépare un café"`,
		`"un cafe fort"`, `"ha noi"`, `"京都 行き"`, `"the 東京 region"`, `"날씨가 맑고"`, `"새 클러스터"`,
		"kube*", "Kubernetes클러스터", "k8s", "東京", "날씨 로그", `"東京 region"`, "東京reg*", `"서버 팀"`,
		`"데이 서"`, "api를", "api서버", `"클러스터를 설치"`, "서버*", "클러스*"}
	for _, d := range phraseDocs(rand.New(rand.NewPCG(9, 10)), 60) {
		for i := 0; i+1 < len(d); i++ {
			next := []rune(d[i+1].text)
			queries = append(queries, `"`+d[i].text+" "+string(next[:1+r.IntN(len(next))])+`"`)
		}
	}
	agreed := 0
	for _, query := range queries {
		q, err := textseg.ParseQuery(query)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", query, err)
		}
		found := matchIDs(t, db, q.MatchExprIn("{title body}"))
		for i, text := range texts {
			want := slices.Contains(found, i+1)
			if got := q.MatchesText(text); got != want {
				t.Errorf("%q in %q: MatchesText %v, FTS5 (%s) %v", query, text, got, q.MatchExprIn(""), want)
			}
			if want {
				agreed++
			}
		}
	}
	if agreed < 200 {
		t.Fatalf("only %d matches compared", agreed)
	}
}
