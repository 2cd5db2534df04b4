package textseg_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"folio/hooks/internal/textseg"
)

// phraseRun is one run of a generated document: a Latin word, or a Hangul word that may carry a
// particle. glued marks a Hangul run written straight after the Latin word before it (api를).
type phraseRun struct {
	text  string
	glued bool
}

// phraseDocs generates documents of Latin and Hangul runs from a few syllables, so that words
// share beginnings (서버, 서버를, 서버스) and one-syllable words are common.
func phraseDocs(r *rand.Rand, n int) [][]phraseRun {
	syllables := strings.Fields("서 버 팀 데 이 터 를 가 의")
	latin := strings.Fields("api db log")
	docs := make([][]phraseRun, n)
	for d := range docs {
		for range 4 + r.IntN(12) {
			if r.IntN(5) == 0 {
				docs[d] = append(docs[d], phraseRun{text: latin[r.IntN(len(latin))]})
				continue
			}
			var w strings.Builder
			for range 1 + r.IntN(4) {
				w.WriteString(syllables[r.IntN(len(syllables))])
			}
			prev := len(docs[d]) - 1
			glued := prev >= 0 && !docs[d][prev].glued && strings.ContainsRune("abcdefghijklmnopqrstuvwxyz", rune(docs[d][prev].text[0])) && r.IntN(2) == 0
			docs[d] = append(docs[d], phraseRun{text: w.String(), glued: glued})
		}
	}
	return docs
}

// writeRuns writes a document's runs, a space between them unless a run is glued.
func writeRuns(runs []phraseRun) string {
	var b strings.Builder
	for i, run := range runs {
		if i > 0 && !run.glued {
			b.WriteByte(' ')
		}
		b.WriteString(run.text)
	}
	return b.String()
}

// A phrase whose last word is Hangul matches, without any prefix search, exactly the documents
// where the words before it stand as typed and the next word starts with the last one (a
// particle may follow: "데이터 서버" finds 데이터 서버를). A last word of one syllable matches
// every such document, and otherwise only documents that hold the words before it as typed and
// a term starting with that syllable. Checked on FTS5 itself against a reading of the runs.
func TestPhraseEndingInHangulOnFTS(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	docs := phraseDocs(r, 300)
	bodies := make([]string, len(docs))
	for i, d := range docs {
		bodies[i] = writeRuns(d)
	}
	db := bodiesFTS(t, bodies)

	type query struct {
		text  string
		first string
		last  string
	}
	var queries []query
	for range 400 {
		d := docs[r.IntN(len(docs))]
		if len(d) < 2 {
			continue
		}
		i := r.IntN(len(d) - 1)
		first, next := d[i].text, d[i+1].text
		if strings.ContainsRune("abcdefghijklmnopqrstuvwxyz", rune(next[0])) {
			continue // the last word is Latin: not what this test is about
		}
		n := utf8.RuneCountInString(next)
		cut := 1 + r.IntN(n)
		last := string([]rune(next)[:cut])
		sep := " "
		if d[i+1].glued && r.IntN(2) == 0 {
			sep = ""
		}
		text := `"` + first + sep + last + `"`
		if sep == "" {
			text = first + last
		}
		queries = append(queries, query{text, first, last})
	}

	exact, oneSyllable := 0, 0
	for _, q := range queries {
		parsed, err := textseg.ParseQuery(q.text)
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", q.text, err)
		}
		expr := parsed.MatchExprIn("{title body}")
		if strings.Contains(expr, "*") {
			t.Fatalf("%q: %s searches by prefix", q.text, expr)
		}
		got := matchIDs(t, db, expr)
		var holds, near []int
		for id, d := range docs {
			if phraseHolds(d, q.first, q.last) {
				holds = append(holds, id+1)
			}
			if phraseNear(d, q.first, q.last) {
				near = append(near, id+1)
			}
		}
		if utf8.RuneCountInString(q.last) == 1 {
			oneSyllable++
			if !slices.Equal(got, near) {
				t.Errorf("%q (%s): found %v, want the pages with %q and a term starting with %q: %v", q.text, expr, got, q.first, q.last, near)
			}
			for _, id := range holds {
				if !slices.Contains(got, id) {
					t.Errorf("%q (%s): page %d holds the phrase but was not found", q.text, expr, id)
				}
			}
			continue
		}
		exact++
		if utf8.RuneCountInString(q.last) > 2 || twoSyllables(q.first) {
			// A chain of bigrams can also run across a word boundary (서버 버를… for 서버를, or
			// 웹서버를 for "서버 버를"): every page with the phrase is found, and maybe such a
			// page too.
			for _, id := range holds {
				if !slices.Contains(got, id) {
					t.Errorf("%q (%s): page %d holds the phrase but was not found", q.text, expr, id)
				}
			}
			continue
		}
		if !slices.Equal(got, holds) {
			t.Errorf("%q (%s): found %v, want %v", q.text, expr, got, holds)
		}
	}
	if exact < 100 || oneSyllable < 50 {
		t.Fatalf("only %d phrases with a longer last word and %d with one syllable tried", exact, oneSyllable)
	}
}

// phraseHolds reports whether first stands as a whole run right before a run starting with last.
func phraseHolds(d []phraseRun, first, last string) bool {
	for i := 0; i+1 < len(d); i++ {
		if d[i].text == first && strings.HasPrefix(d[i+1].text, last) {
			return true
		}
	}
	return false
}

// phraseNear reports whether the document holds what the phrase before a one-syllable last word
// pins (first as a whole run, or, for a Hangul word of two syllables, which is also the bigram
// of longer words, any such term) and some index term starting with last.
func phraseNear(d []phraseRun, first, last string) bool {
	terms := textseg.Tokens(writeRuns(d))
	pinned := false
	for _, run := range d {
		pinned = pinned || run.text == first
	}
	for _, tok := range terms {
		pinned = pinned || (twoSyllables(first) && tok.Term == first)
	}
	if !pinned {
		return false
	}
	for _, tok := range terms {
		if strings.HasPrefix(tok.Term, last) {
			return true
		}
	}
	return false
}

// twoSyllables reports whether w is a Hangul word of two syllables: its one index term is also a
// bigram of every longer word that holds it, so a phrase can start inside such a word.
func twoSyllables(w string) bool {
	return utf8.RuneCountInString(w) == 2 && !strings.ContainsAny(w, "abcdefghijklmnopqrstuvwxyz")
}
