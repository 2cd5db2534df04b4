package mdtree

import "folio/hooks/internal/frontmatter"

// Entry is one page read from a tree.
type Entry struct {
	File   string // path of the file in the tree, "/"-separated
	Locale string // lowercase BCP 47 tag, such as "en", "zh-cn" or "pt-br"
	Path   string // page path, such as "Knowledge-base/Dictionary/backend-programming"
	Doc    frontmatter.Document
	// Warnings are what the import accepted but the author may want to fix (a Hugo front
	// matter key written twice).
	Warnings []string
}

// FileError is a file that was skipped, with a Reason a person can act on.
type FileError struct {
	File string
	// Locale is the locale the file would have been a page of (by the same rule as a page's),
	// so that failures can be counted per locale; empty for the tree itself (".").
	Locale string
	Reason string
}

// Error returns "<file>: <reason>".
func (e FileError) Error() string {
	return e.File + ": " + e.Reason
}
