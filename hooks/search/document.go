package search

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/markdown"
	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// document is what the index holds of one page: each column segmented by textseg, the level
// tokens ranking reads (levels.go), the title's key for the exact-title boost, and the plain text
// snippets are cut from.
type document struct {
	title, tags, body string
	levels            string
	titleKey          string
	text              string
}

// documentOf segments a page for the index. The body column holds the description and the
// plain text of the markdown body (markup, link targets and HTML comments stripped), the same
// text snippets are cut from, so a snippet always shows why its page matched.
func documentOf(page *core.Record) document {
	p := schema.AsPage(page)
	text := plainTextOf(p.Description(), p.Body())
	d := document{
		title:    textseg.IndexText(p.Title()),
		tags:     textseg.IndexText(strings.Join(p.Tags(), "\n")),
		body:     textseg.IndexText(text),
		titleKey: titleKey(p.Title()),
		text:     snippetSource(text),
	}
	d.levels = levelsOf(d.title, d.tags, d.body)
	return d
}

// plainTextOf is the searchable text of a page: its description, then its body without markup.
func plainTextOf(description, body string) string {
	text := markdown.PlainText(body)
	if description == "" {
		return text
	}
	return description + "\n" + text
}

// IndexFormat names the shape of what the index stores for a page (columns, level tokens,
// snippet text). It enters every content hash, so a Folio that indexes differently rewrites each
// page on its next save, and an index built by an older format can be told apart.
const IndexFormat = "levels-v3"

// hash identifies the document's content, so a save that changes nothing the index holds
// (a status or publish-window change) leaves the FTS table alone.
func (d document) hash() string {
	h := sha256.New()
	h.Write([]byte(IndexFormat + "\x00"))
	for _, s := range []string{d.title, d.tags, d.body, d.titleKey, d.text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// titleKey is a title as a search query would spell it: its words folded and segmented, once
// each, in order. A query whose words (textseg's Query.Terms) give the same key names the title
// exactly, whatever its case, accents, spacing or punctuation. Titles too long to be typed as a
// query have no key.
func titleKey(title string) string {
	q, err := textseg.ParseQuery(strings.Map(dropQuerySyntax, title))
	if err != nil {
		return ""
	}
	return queryKey(q)
}

// queryKey is the key a parsed query gives, compared with the titleKey of each page.
func queryKey(q textseg.Query) string {
	return strings.Join(q.Terms(), " ")
}

// dropQuerySyntax blanks the characters ParseQuery reads as syntax (quotes, exclusion, prefix),
// none of which is a letter or digit the index could hold.
func dropQuerySyntax(r rune) rune {
	switch r {
	case '"', '“', '”', '„', '-', '*':
		return ' '
	}
	return r
}
