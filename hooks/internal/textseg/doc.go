// Package textseg cuts text into search terms for SQLite FTS5 in every script, and turns a
// user's search box input into a safe FTS5 MATCH expression built from the same terms.
//
// The FTS5 table is expected to use tokenize='ascii': that tokenizer splits only on ASCII
// whitespace and punctuation and keeps every non-ASCII byte inside a token, so the terms
// produced here reach the index unchanged and all folding happens in Go, identically for
// documents and queries. Chinese and Japanese have no spaces between words, so their runs are
// indexed as overlapping two-character terms; Korean separates words with spaces but glues
// particles to nouns, so a Hangul word is indexed whole and as syllable pairs; every other
// script is indexed by word with case and diacritics folded away.
package textseg
