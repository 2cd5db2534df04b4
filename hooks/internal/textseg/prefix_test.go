package textseg_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"folio/hooks/internal/textseg"
)

// Only FTS5 prefix phrases get the column filter: whole terms and unit tokens name what they
// match.
func TestMatchExprInFiltersOnlyPrefixes(t *testing.T) {
	for q, want := range map[string]string{
		"cluster":        `"cluster"`,
		"cluster kube*":  `"cluster" AND {a b} : "kube"*`,
		"cluster -kube*": `"cluster" NOT {a b} : "kube"*`,
		`"the cluster"`:  `"the cluster"`,
		"東":              `"東·"`,
		"東 kube*":        `"東·" AND {a b} : "kube"*`,
		`"hello 世"`:      `("hello" AND "世·")`,
		"클러스터*":          `"클러 러스 스터"`,
		`"東京 大阪"*`:       `{a b} : "東京 京 大阪"*`,
	} {
		parsed, err := textseg.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := parsed.MatchExprIn("{a b}"); got != want {
			t.Errorf("%q: MatchExprIn = %s, want %s", q, got, want)
		}
	}
}

var unitTokens = regexp.MustCompile(`"[^"\s]·"`)

// No query term holds the middle dot (search's level tokens are "term·level"), however it is
// typed: a query without prefix patterns can only match the title, tags and body columns, and
// the unit tokens of its lone characters.
func TestQueryTermsNeverHoldTheMiddleDot(t *testing.T) {
	for _, q := range []string{"the·3", "cluster·16 x", "·", "a ·b", "東京·3", "클러스터·2", "東·"} {
		parsed, err := textseg.ParseQuery(q)
		if err != nil {
			continue // nothing searchable left is fine too
		}
		for _, it := range parsed.Items() {
			for _, alt := range it.Alternatives {
				if strings.Contains(strings.Join(alt, " "), "·") {
					t.Errorf("%q gives the terms %q", q, alt)
				}
			}
		}
		// The only dots of the expression end unit tokens: one character, the dot, the quote.
		expr := parsed.MatchExprIn("")
		if rest := unitTokens.ReplaceAllString(expr, ""); strings.Contains(rest, "·") {
			t.Errorf("%q gives the FTS expression %s, which names a level token", q, expr)
		}
	}
}

// TestShortPrefixesAreRefused: a word searched by prefix needs MinPrefixRunes characters, counted
// after folding, in every position a query can hold it; a lone CJK character or Hangul syllable
// (its own token) and a word without * are not bound.
func TestShortPrefixesAreRefused(t *testing.T) {
	for _, q := range []string{"a*", "le*", "Lé*", "cluster le*", "cluster -le*", `"cluster de"*`, "東京k*", "1*", "42*"} {
		_, err := textseg.ParseQuery(q)
		var qe *textseg.QueryError
		if !errors.As(err, &qe) || qe.Code != "prefix_too_short" {
			t.Errorf("%q: %v, want prefix_too_short", q, err)
		}
	}
	for _, q := range []string{"kub*", "Lér*", "le", "a", "東*", "팀*", "cluster kube*", "東京kub*", "123*"} {
		if _, err := textseg.ParseQuery(q); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
}

// TestPrefixesPerQueryAreBounded: at most MaxQueryPrefixes words or phrases end in *, counting
// exclusions, in any script.
func TestPrefixesPerQueryAreBounded(t *testing.T) {
	for _, q := range []string{"kub* clu*", "kub* -clu* x", "首* 서버", `"new cluster"* kub*`} {
		if _, err := textseg.ParseQuery(q); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	for _, q := range []string{"kub* clu* ope*", "x -kub* -clu* -ope*", "首* 서버* kub*", `"new cluster"* kub* -old*`} {
		_, err := textseg.ParseQuery(q)
		var qe *textseg.QueryError
		if !errors.As(err, &qe) || qe.Code != "too_many_prefixes" || !strings.Contains(qe.Message, "at most 2 words by prefix") {
			t.Errorf("%q: %v, want too_many_prefixes", q, err)
		}
	}
}

// TestPhraseRepeatsAreBounded: a quoted phrase, or an unspaced CJK run, may name one index term at
// most MaxPhraseRepeats times, whatever the script; a word typed again outside a phrase is looked
// for once anyway.
func TestPhraseRepeatsAreBounded(t *testing.T) {
	for _, q := range []string{`"the state of the art"`, `"of the of"`, "the the the the", `"the of" "of the" "the of"`,
		`"サーバーとサーバー"`, `"very very"*`} {
		if _, err := textseg.ParseQuery(q); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	for _, q := range []string{`"the of the of the"`, `"THE the Thé"`, `x -"a b a b a"`, `"サーバーとサーバーとサーバー"`,
		`"very very very"*`, `"서버 서버 서버"`, "サーバーサーバーサーバー"} {
		_, err := textseg.ParseQuery(q)
		var qe *textseg.QueryError
		if !errors.As(err, &qe) || qe.Code != "phrase_repeats" || !strings.Contains(qe.Message, "at most 2 times") || !strings.Contains(qe.Message, "Shorten it") {
			t.Errorf("%q: %v, want phrase_repeats", q, err)
		}
	}
}
