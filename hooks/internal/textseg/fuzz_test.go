package textseg_test

import (
	"errors"
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"folio/hooks/internal/textseg"
)

func FuzzTokens(f *testing.F) {
	for _, d := range docs {
		f.Add(d.title + "\n" + d.body)
	}
	for _, s := range []string{"ｶﾞｲﾄﾞ ㌀ ﷺ ½ ⑴", "\u1112\u1161\u11AB", "a\u0301\u200D", "葛\U000E0100城", "\xff\xfe東京", "゛゜ﾞ",
		"Привет мир\n" + strings.Repeat("ЁЛКА ёлка, Ελληνικά ΆΡΗΣ. ", 30) + "\nПривет", "東京，大阪「京都」\n" + strings.Repeat("、。，", 200) + "\n東京"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkOffsets(t, text)
		q, err := textseg.ParseQuery(prefixRunes(text, 40))
		if err != nil {
			return
		}
		marked := textseg.Highlight(text, q)
		plain := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(marked)
		if html.UnescapeString(plain) != html.UnescapeString(html.EscapeString(text)) {
			t.Fatalf("Highlight changed the text: %q -> %q", text, marked)
		}
		textseg.Snippet(text, q, 20)
		// A snippet as long as the text marks something whenever the text holds a match: no
		// paragraph holding one is skipped.
		if whole := textseg.Snippet(text, q, utf8.RuneCountInString(text)+1); strings.Contains(marked, "<mark>") && !strings.Contains(whole, "<mark>") {
			t.Fatalf("the text holds a match (%q) that its snippet %q lacks", marked, whole)
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"地铁", "클러스터 -kubernetes", `"prépare un café"`, "kube*", `a b -c -"d e"`, "首", "物",
		`"`, `-"`, "***", "-*", `"a"*"b"`, "\x00", "NEAR(a, b)", `col:"x" OR ^y`, "a AND -b", "“x”",
		"Kubernetes클러스터를*", `"東京 大阪"*`, "ﾞﾟ", "-", "- -", `"" x`,
	} {
		f.Add(s)
	}
	db := openFTS(f)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := textseg.ParseQuery(s)
		if err != nil {
			var qe *textseg.QueryError
			if !errors.As(err, &qe) || qe.Message == "" || qe.Code == "" {
				t.Fatalf("ParseQuery(%q) error %v is not a complete *QueryError", s, err)
			}
			return
		}
		expr := q.MatchExprIn("")
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM t WHERE t MATCH ?`, expr).Scan(&n); err != nil {
			t.Fatalf("ParseQuery(%q).MatchExprIn = %s rejected by FTS5: %v", s, expr, err)
		}
		textseg.Snippet(docs[2].body, q, 30)
	})
}

func prefixRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
