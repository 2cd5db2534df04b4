package textseg

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// MaxQueryRunes is the longest search query ParseQuery accepts, in characters.
	MaxQueryRunes = 256
	// MaxQueryTerms is how many words and phrases (exclusions included) a query may have.
	MaxQueryTerms = 32
	// MaxQueryIndexTerms is how many index terms the phrases of a query may name in all. A run
	// of Chinese or Japanese text is a phrase of its bigrams, one per character after the first
	// (a Korean word of three or more syllables: the word, or its bigrams), and FTS5 checks every
	// term's positions on every page where they all occur: on 100,000 generated pages a query
	// cost about 1.2 ms of CPU per character of such a run, so 256 characters of it took 0.3 s,
	// where the bound keeps a query near 80 ms.
	MaxQueryIndexTerms = 64
	// MinPrefixRunes is the fewest characters a word searched by prefix (word*) may have. FTS5
	// answers a prefix by merging, for every statement of the query, the posting lists of every
	// term that starts with it: on 100,000 generated pages a* took 2.1 s of CPU, l* 1.4 s, le*
	// 0.54 s, and three letters 27–140 ms. A lone Chinese, Japanese or Korean character has its
	// own token (UnitToken) and is not bound by this.
	MinPrefixRunes = 3
	// MaxQueryPrefixes is how many words and phrases a query may search by prefix (ending in *),
	// exclusions included. Each one makes FTS5 merge the posting lists of its terms again for
	// every statement of the query: on 100,000 generated pages con* took 91 ms of CPU, the* con*
	// 216 ms, four such prefixes 325 ms and twelve 481 ms.
	MaxQueryPrefixes = 2
	// MaxPhraseRepeats is how often one index term may occur in a phrase: a quoted one, or a run
	// of Chinese or Japanese text (a phrase of its character pairs). FTS5 checks a phrase on
	// every page holding all of its terms, walking each term's positions once per occurrence in
	// the phrase, so repeating common words makes the phrase longer without making those pages
	// fewer: on 100,000 generated pages "the of" took 88 ms of CPU, "the of the of" 250 ms, the
	// pair eight times 1.2 s and 31 times 4.3 s, where six common words each twice take 370 ms.
	MaxPhraseRepeats = 2
)

// QueryError is a search query a person has to fix. Message says how, in English; Code is a
// stable identifier a client can translate instead.
type QueryError struct {
	Code    string
	Message string
}

// Error returns the message.
func (e *QueryError) Error() string { return e.Message }

func queryError(code, msg string) *QueryError { return &QueryError{Code: code, Message: msg} }

// Query is a parsed search query: words and quoted phrases that must all match, and words and
// phrases that must not. Build it with ParseQuery; the zero Query matches nothing.
type Query struct {
	include []item
	exclude []item
}

// item is one word or quoted phrase of the query, already segmented.
type item struct {
	prefix bool
	runs   []queryRun
	// typed is the word or phrase as the person typed it, for error messages.
	typed string
}

// queryRun is a run of the query text segmented exactly as documents are.
type queryRun struct {
	class class
	// term is the folded word or Hangul word; pieces are the folded characters of CJK and
	// Hangul runs; emitted are the terms a document run with this text puts in the index.
	term    string
	pieces  []string
	emitted []string
}

// ParseQuery reads what a person typed in a search box: words (all required), "quoted phrases",
// -word and -"phrase" exclusions, and a trailing * to search by prefix. Text is segmented like
// documents, so a Chinese or Korean word needs no spaces or special syntax. Every problem is a
// *QueryError.
func ParseQuery(q string) (Query, error) {
	if strings.TrimFunc(q, unicode.IsSpace) == "" {
		return Query{}, queryError("empty", "The query is empty.")
	}
	if utf8.RuneCountInString(q) > MaxQueryRunes {
		return Query{}, queryError("too_long", fmt.Sprintf(
			"The search query is too long: use at most %d characters.", MaxQueryRunes))
	}
	raw, err := splitQuery(q)
	if err != nil {
		return Query{}, err
	}
	var query Query
	prefixes := 0
	for _, r := range raw {
		it := item{prefix: r.prefix, runs: segmentQuery(r.text), typed: r.text}
		if len(it.runs) == 0 {
			continue // only punctuation or symbols: nothing the index could hold
		}
		if last := it.runs[len(it.runs)-1]; it.prefix && last.class == classWord && utf8.RuneCountInString(last.term) < MinPrefixRunes {
			return Query{}, queryError("prefix_too_short", fmt.Sprintf(
				"A word searched by prefix needs at least %d letters before the *: %q is too short to look up.", MinPrefixRunes, last.term+"*"))
		}
		if it.prefix {
			if prefixes++; prefixes > MaxQueryPrefixes {
				return Query{}, queryError("too_many_prefixes", fmt.Sprintf(
					"A search query can look up at most %d words by prefix: remove the * from the others.", MaxQueryPrefixes))
			}
		}
		if r.negated {
			query.exclude = append(query.exclude, it)
		} else {
			query.include = append(query.include, it)
		}
	}
	if n := len(query.include) + len(query.exclude); n > MaxQueryTerms {
		return Query{}, queryError("too_many_terms", fmt.Sprintf(
			"The search query has too many words: use at most %d.", MaxQueryTerms))
	}
	if n := query.indexTerms(); n > MaxQueryIndexTerms {
		return Query{}, queryError("too_many_terms", fmt.Sprintf(
			"The search query is too long to look up: use at most %d words in all, counting each character of Chinese, Japanese or Korean text as one.", MaxQueryIndexTerms))
	}
	for _, it := range append(slices.Clone(query.include), query.exclude...) {
		if err := checkRepeats(it); err != nil {
			return Query{}, err
		}
	}
	if len(query.include) == 0 {
		if len(query.exclude) > 0 {
			return Query{}, queryError("only_exclusions",
				"The search query only excludes words: add at least one word to look for.")
		}
		return Query{}, queryError("no_terms",
			"The search query has no words to look for: use letters or numbers.")
	}
	return query, nil
}

// checkRepeats refuses an item one of whose phrases names a term more than MaxPhraseRepeats
// times: a quoted phrase, or a run of Chinese, Japanese or Korean text (a phrase of its
// character pairs).
func checkRepeats(it item) error {
	for _, p := range it.patterns() {
		if len(p.terms) <= MaxPhraseRepeats {
			continue
		}
		counts := make(map[string]int, len(p.terms))
		for _, t := range p.terms {
			if counts[t]++; counts[t] > MaxPhraseRepeats {
				return queryError("phrase_repeats", fmt.Sprintf(
					"A phrase can hold the same word at most %d times, counting each pair of characters of Chinese, Japanese or Korean text as a word: %q repeats %q. Shorten it.", MaxPhraseRepeats, it.typed, t))
			}
		}
	}
	return nil
}

// rawItem is a word or phrase as typed, before segmentation.
type rawItem struct {
	text    string
	negated bool
	prefix  bool
}

// isQuote accepts typographic quotes, which phones substitute for ", and the full-width forms a
// Japanese or Chinese input method types; isMinus and prefixStars do the same for - and *.
func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '„' || r == '＂' }

func isMinus(r rune) bool { return r == '-' || r == '－' }

const prefixStars = "*＊"

// splitQuery cuts the query into words and phrases at whitespace and quotes.
func splitQuery(q string) ([]rawItem, error) {
	var items []rawItem
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		var it rawItem
		if isMinus(r) && i+size < len(q) {
			if next, _ := utf8.DecodeRuneInString(q[i+size:]); !unicode.IsSpace(next) {
				it.negated = true
				i += size
				r, size = utf8.DecodeRuneInString(q[i:])
			}
		}
		if isQuote(r) {
			body := q[i+size:]
			end := strings.IndexFunc(body, isQuote)
			if end < 0 {
				return nil, queryError("unclosed_quote",
					`Unclosed quote in the search query: add the closing ".`)
			}
			it.text = body[:end]
			_, closeSize := utf8.DecodeRuneInString(body[end:])
			i += size + end + closeSize
			if star, n := utf8.DecodeRuneInString(q[i:]); strings.ContainsRune(prefixStars, star) {
				it.prefix = true
				i += n
			}
		} else {
			end := strings.IndexFunc(q[i:], func(r rune) bool { return unicode.IsSpace(r) || isQuote(r) })
			if end < 0 {
				end = len(q) - i
			}
			it.text = q[i : i+end]
			i += end
			trimmed := strings.TrimRight(it.text, prefixStars)
			it.prefix = len(trimmed) < len(it.text)
			it.text = trimmed
		}
		items = append(items, it)
	}
	return items, nil
}

// segmentQuery segments one word or phrase with the document rules and keeps, per run, what
// MatchExprIn and the highlighter need.
func segmentQuery(text string) []queryRun {
	var runs []queryRun
	forEachRun(text, func(r *run) {
		qr := queryRun{class: r.class, term: r.term}
		for _, p := range r.pieces {
			qr.pieces = append(qr.pieces, p.text)
		}
		r.emit(func(a, b string, _, _ int, _ class) { qr.emitted = append(qr.emitted, a+b) })
		runs = append(runs, qr)
	})
	return runs
}

// Terms returns the folded words the query looks for (CJK and Hangul runs whole), once each,
// for clients that highlight on their own.
func (q Query) Terms() []string {
	var terms []string
	seen := map[string]bool{}
	for _, it := range q.include {
		for _, r := range it.runs {
			if !seen[r.term] {
				seen[r.term] = true
				terms = append(terms, r.term)
			}
		}
	}
	return terms
}

// indexTerms counts the index terms the query's FTS5 expression names: every alternative of
// every distinct item, required or excluded (MatchExprIn writes a repeated item once).
func (q Query) indexTerms() int {
	n := 0
	for _, items := range [][]Item{q.Items(), Query{include: q.exclude}.Items()} {
		for _, it := range items {
			for _, alt := range it.Alternatives {
				n += len(alt)
			}
		}
	}
	return n
}
