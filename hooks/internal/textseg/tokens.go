package textseg

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one search term cut from a text. Start and End are byte offsets into the original
// text, so a match can be highlighted on what the author wrote rather than on the folded form.
type Token struct {
	Term       string
	Start, End int
}

// Tokens cuts text into search terms, in the order their positions take in the FTS index:
//   - a Han/Hiragana/Katakana run gives its overlapping bigrams and then its last character
//     (東京都 → 東京, 京都, 都), so any two adjacent characters can be found mid-sentence and a
//     single character as the start of a term (see UnitToken);
//   - a Hangul run gives, from three syllables on, its bigrams and then the whole word
//     (날씨가 → 날씨, 씨가, 날씨가), so a noun is found with a particle attached; a word of one or
//     two syllables gives itself. Either way the run's first term is its first one or two
//     syllables, so a phrase can end in a word that takes a particle without a prefix search;
//   - any other run of letters and digits gives one folded word (Café → cafe), split where the
//     script changes (Kubernetes클러스터 → kubernetes, 클러스터).
//
// Terms never contain ASCII whitespace or punctuation.
func Tokens(text string) []Token {
	var out []Token
	eachToken(text, func(a, b string, start, end int, _ class) {
		out = append(out, Token{Term: a + b, Start: start, End: end})
	})
	return out
}

// IndexText returns the terms of text joined by single spaces: the form to store in an FTS5
// column declared with tokenize='ascii'.
func IndexText(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/2)
	eachToken(text, func(x, y string, _, _ int, _ class) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(x)
		b.WriteString(y)
	})
	return b.String()
}

// eachToken hands out each term as two halves (a bigram's characters, or a term and "") so
// IndexText can write bigrams without building a string for each.
func eachToken(text string, fn func(a, b string, start, end int, c class)) {
	forEachRun(text, func(r *run) { r.emit(fn) })
}

// emit produces the terms of one run; the order defines FTS positions, which phrase queries
// rely on (see item.patterns).
func (r *run) emit(fn func(a, b string, start, end int, c class)) {
	p := r.pieces
	switch r.class {
	case classWord:
		fn(r.term, "", r.start, r.end, classWord)
	case classCJK:
		for i := 0; i+1 < len(p); i++ {
			fn(p[i].text, p[i+1].text, p[i].start, p[i+1].end, classCJK)
		}
		last := p[len(p)-1]
		fn(last.text, "", last.start, last.end, classCJK)
	case classHangul:
		if len(p) >= 3 {
			for i := 0; i+1 < len(p); i++ {
				fn(p[i].text, p[i+1].text, p[i].start, p[i+1].end, classHangul)
			}
		}
		fn(r.term, "", r.start, r.end, classHangul)
	}
}

// run is a maximal stretch of text under one segmentation rule.
type run struct {
	class      class
	start, end int
	// term is the folded word (word runs) or the folded run as a whole (Hangul runs).
	term string
	// pieces are the folded characters of CJK and Hangul runs with the span each came from.
	// A half-width or compatibility character can fold to several pieces sharing one span.
	pieces []piece
}

type piece struct {
	text       string
	start, end int
}

// forEachRun calls fn for each run of text. The run and its pieces are reused afterwards.
func forEachRun(text string, fn func(*run)) {
	s := scanner{text: text, fn: fn}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		s.step(r, i, i+size)
		i += size
	}
	s.flush()
}

type scanner struct {
	text   string
	fn     func(*run)
	run    run
	active bool
	// unitStart is where the current Han/Kana character or Hangul syllable began.
	unitStart int
	// folded is false while every unit of the run is its own index form, so the run's term can
	// be a substring of the text.
	folded bool
	// script is the script of the current word run's letters; lastScript caches the lookup.
	script, lastScript *unicode.RangeTable
}

func (s *scanner) step(r rune, start, end int) {
	if r == utf8.RuneError && end-start == 1 {
		s.flush()
		return
	}
	if s.active && extends(r, s.run.class) {
		s.run.end = end
		return
	}
	if isJoiner(r) {
		s.flush()
		return
	}
	switch c := classOf(r); c {
	case classNone:
		s.flush()
	case classWord:
		sc := scriptOf(r, s.lastScript)
		if sc != nil {
			s.lastScript = sc
		}
		if s.active && s.run.class == classWord && (sc == nil || s.script == nil || sc == s.script) {
			if s.script == nil {
				s.script = sc
			}
			s.run.end = end
			return
		}
		s.flush()
		s.begin(classWord, start, end)
		s.script = sc
	default:
		if s.active && s.run.class == c {
			s.closeUnit(start)
		} else {
			s.flush()
			s.begin(c, start, end)
		}
		s.unitStart = start
		s.run.end = end
	}
}

func (s *scanner) begin(c class, start, end int) {
	s.active = true
	s.run.class, s.run.start, s.run.end = c, start, end
	s.run.pieces = s.run.pieces[:0]
	s.run.term = ""
	s.folded = false
	s.unitStart = start
}

// closeUnit folds the unit [unitStart, end) and appends its pieces.
func (s *scanner) closeUnit(end int) {
	orig := s.text[s.unitStart:end]
	f := foldUnit(orig, s.run.class)
	if f != orig {
		s.folded = true
	}
	// A new piece starts at every rune that is not a combining mark: NFKC expands a few
	// characters into several (the kana digraph ゟ into より).
	pieceStart := -1
	for i, r := range f {
		if isMark(r) {
			continue
		}
		if pieceStart >= 0 {
			s.run.pieces = append(s.run.pieces, piece{f[pieceStart:i], s.unitStart, end})
		}
		pieceStart = i
	}
	if pieceStart >= 0 {
		s.run.pieces = append(s.run.pieces, piece{f[pieceStart:], s.unitStart, end})
	}
}

func (s *scanner) flush() {
	if !s.active {
		return
	}
	s.active = false
	r := &s.run
	if r.class == classWord {
		r.term = foldWord(s.text[r.start:r.end])
		s.script = nil
		if r.term != "" {
			s.fn(r)
		}
		return
	}
	s.closeUnit(r.end)
	if len(r.pieces) == 0 {
		return
	}
	if s.folded {
		var b strings.Builder
		for _, p := range r.pieces {
			b.WriteString(p.text)
		}
		r.term = b.String()
	} else {
		r.term = s.text[r.start:r.end]
	}
	s.fn(r)
}
