package textseg_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"folio/hooks/internal/textseg"
)

func TestMatchExpr(t *testing.T) {
	cases := []struct{ query, want string }{
		{"word", `"word"`},
		{"Café", `"cafe"`},
		{"kube*", `"kube"*`},
		{"two words", `"two" AND "words"`},
		{`"quoted phrase"`, `"quoted phrase"`},
		{`"quoted phrase"*`, `"quoted phrase"*`},
		{"“smart quotes”", `"smart quotes"`},
		{"＂全角＂ －除外 東京＊", `("全角" AND "東京"*) NOT "除外"`},
		{"首都", `"首都"`},
		{"東京都", `"東京 京都"`},
		{"首", `"首·"`},
		{"首*", `"首·"`},
		{"ｶﾞｲﾄﾞ", `"ガイ イド"`},
		{"클러스터", `("클러스터" OR "클러 러스 스터")`},
		{"클러스터*", `"클러 러스 스터"`},
		{"서버*", `"서버"`},
		{"날씨", `"날씨"`},
		{"물", `"물·"`},
		{"물 -불", `"물·" NOT "불·"`},
		{"a -b", `"a" NOT "b"`},
		{`a b -c -"d e"`, `("a" AND "b") NOT "c" NOT "d e"`},
		{"서버 -클러스터", `"서버" NOT ("클러스터" OR "클러 러스 스터")`},
		{"don't", `"don t"`},
		{"e-mail", `"e mail"`},
		// Several runs make one phrase: inner runs as indexed, the last one free to run on.
		{"Kubernetes클러스터", `"kubernetes 클러 러스 스터"`},
		{`"東京 大阪"`, `"東京 京 大阪"`},
		{`"날씨가 좋다"`, `"날씨 씨가 날씨가 좋다"`},
		{`"새 클러스터"*`, `"새 클러 러스 스터"`},
		// A last run of one character or syllable: the phrase before it, and the character.
		{`"hello 世"`, `("hello" AND "世·")`},
		{"2024年", `("2024" AND "年·")`},
		{`"서버 팀"`, `("서버" AND "팀·")`},
		{`-"서버 팀" 검색`, `"검색" NOT ("서버" AND "팀·")`},
		// FTS5 syntax typed by a user is only text.
		{`NEAR(a b) OR c`, `"near a" AND "b" AND "or" AND "c"`},
		{`col:x ^y {a b}`, `"col x" AND "y" AND "a" AND "b"`},
		{"a - b", `"a" AND "b"`},
		{"ok !!! -???", `"ok"`},
	}
	for _, c := range cases {
		q, err := textseg.ParseQuery(c.query)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", c.query, err)
			continue
		}
		if got := q.MatchExprIn(""); got != c.want {
			t.Errorf("ParseQuery(%q).MatchExprIn = %s, want %s", c.query, got, c.want)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	cases := []struct{ query, code, message string }{
		{"", "empty", "The query is empty."},
		{" \t\u3000", "empty", "The query is empty."},
		{`"open phrase`, "unclosed_quote", `Unclosed quote in the search query: add the closing ".`},
		{`a "b" "c`, "unclosed_quote", `Unclosed quote in the search query: add the closing ".`},
		{"-spam", "only_exclusions", "The search query only excludes words: add at least one word to look for."},
		{`-spam -"junk mail" ???`, "only_exclusions", "The search query only excludes words: add at least one word to look for."},
		{"!!! ...", "no_terms", "The search query has no words to look for: use letters or numbers."},
		{`""`, "no_terms", "The search query has no words to look for: use letters or numbers."},
		{strings.Repeat("a", 257), "too_long", "The search query is too long: use at most 256 characters."},
		{strings.Repeat("w ", 33), "too_many_terms", "The search query has too many words: use at most 32."},
		// 66 characters of Japanese make one phrase of 65 bigrams; a word of 66 letters is one term.
		{strings.Repeat("サーバーネットワーク", 6) + "東京都の人口", "too_many_terms",
			"The search query is too long to look up: use at most 64 words in all, counting each character of Chinese, Japanese or Korean text as one."},
		{strings.Repeat("가", 65), "too_many_terms",
			"The search query is too long to look up: use at most 64 words in all, counting each character of Chinese, Japanese or Korean text as one."},
		{"検索 " + strings.Repeat("東京都の人口", 11), "too_many_terms",
			"The search query is too long to look up: use at most 64 words in all, counting each character of Chinese, Japanese or Korean text as one."},
	}
	for _, c := range cases {
		_, err := textseg.ParseQuery(c.query)
		var qe *textseg.QueryError
		if !errors.As(err, &qe) {
			t.Errorf("ParseQuery(%q) error = %v, want a *QueryError", c.query, err)
			continue
		}
		if qe.Code != c.code || qe.Error() != c.message {
			t.Errorf("ParseQuery(%q) = %s %q, want %s %q", c.query, qe.Code, qe.Error(), c.code, c.message)
		}
	}
}

func TestParseQueryLimitsAreInclusive(t *testing.T) {
	if _, err := textseg.ParseQuery(strings.Repeat("a", 256)); err != nil {
		t.Errorf("256 characters: %v", err)
	}
	if _, err := textseg.ParseQuery(strings.TrimSpace(strings.Repeat("w ", 32))); err != nil {
		t.Errorf("32 words: %v", err)
	}
}

func TestQueryTerms(t *testing.T) {
	q, err := textseg.ParseQuery(`Café 東京都 "클러스터를 Café" -spam kube*`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"cafe", "東京都", "클러스터를", "kube"}
	if got := q.Terms(); !slices.Equal(got, want) {
		t.Errorf("Terms() = %q, want %q", got, want)
	}
}

func TestZeroQuery(t *testing.T) {
	var q textseg.Query
	if got := q.MatchExprIn(""); got != "" {
		t.Errorf("zero Query MatchExprIn = %q", got)
	}
	if got := textseg.Highlight("a <b>", q); got != "a &lt;b&gt;" {
		t.Errorf("zero Query Highlight = %q", got)
	}
}

// The index-term bound counts a Chinese or Japanese run by its characters and a word of any
// other script as one: up to the bound a query is read.
func TestParseQueryIndexTermBound(t *testing.T) {
	for _, q := range []string{
		distinctRunes(0x4E00, 64), // 64 Han characters: 63 bigrams, none repeated
		strings.Repeat("w ", 32),
		strings.Repeat("데이터 ", 32), // one item, written once
		distinctRunes(0xAC00, 64),  // one Hangul word of 64 syllables
		strings.Repeat("supercalifragilistic", 12),
	} {
		if _, err := textseg.ParseQuery(q); err != nil {
			t.Errorf("ParseQuery(%q): %v", q, err)
		}
	}
}

// distinctRunes returns n different characters from first on, every third one.
func distinctRunes(first rune, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteRune(first + rune(3*i))
	}
	return b.String()
}
