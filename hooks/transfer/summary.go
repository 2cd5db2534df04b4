package transfer

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Outcomes of importing one file.
const (
	outcomeCreated   = "created"
	outcomeUpdated   = "updated"
	outcomeUnchanged = "unchanged"
	outcomeFailed    = "failed"
)

// FileError is a file the import skipped whole, with a Reason a person can act on.
type FileError struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Error returns "<file>: <reason>".
func (e FileError) Error() string { return e.File + ": " + e.Reason }

// LocaleCounts are the outcomes of an import for one locale.
type LocaleCounts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
}

// Summary is what an import did: one outcome per file, in total and per locale, and why each
// failed file was skipped. Failed counts every FileError, including files that could not be
// read far enough to know their locale (they are missing from PerLocale).
type Summary struct {
	Format    string                  `json:"format"`
	Created   int                     `json:"created"`
	Updated   int                     `json:"updated"`
	Unchanged int                     `json:"unchanged"`
	Failed    int                     `json:"failed"`
	Errors    []FileError             `json:"errors"`
	PerLocale map[string]LocaleCounts `json:"perLocale"`
	// Warnings are files imported as Hugo reads them that their author may want to fix (a
	// front matter key written twice).
	Warnings []FileError `json:"warnings"`
	// Files is what the import did with the tree's other files (images, PDFs…).
	Files FilesSummary `json:"files"`
}

func newSummary(format string) Summary {
	return Summary{Format: format, Errors: []FileError{}, Warnings: []FileError{}, PerLocale: map[string]LocaleCounts{}, Files: newFilesSummary()}
}

// count records the outcome of one file of locale ("" when unknown).
func (s *Summary) count(locale, outcome string) {
	c := s.PerLocale[locale]
	switch outcome {
	case outcomeCreated:
		s.Created++
		c.Created++
	case outcomeUpdated:
		s.Updated++
		c.Updated++
	case outcomeUnchanged:
		s.Unchanged++
		c.Unchanged++
	case outcomeFailed:
		s.Failed++
		c.Failed++
	}
	if locale != "" {
		s.PerLocale[locale] = c
	}
}

// fail records a skipped file.
func (s *Summary) fail(locale, file, reason string) {
	s.count(locale, outcomeFailed)
	s.Errors = append(s.Errors, FileError{File: file, Reason: reason})
}

// Total is the number of files the import looked at.
func (s Summary) Total() int { return s.Created + s.Updated + s.Unchanged + s.Failed }

// Locales returns the locales of PerLocale, sorted.
func (s Summary) Locales() []string {
	out := make([]string, 0, len(s.PerLocale))
	for l := range s.PerLocale {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// WriteTable writes the summary as a table, one row per locale and a total, followed by the
// skipped files and their reasons.
func (s Summary) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "locale\tcreated\tupdated\tunchanged\tfailed\t")
	for _, l := range s.Locales() {
		c := s.PerLocale[l]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", l, c.Created, c.Updated, c.Unchanged, c.Failed)
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t\n", s.Created, s.Updated, s.Unchanged, s.Failed)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(s.Errors) > 0 {
		fmt.Fprintf(w, "\n%d file(s) skipped:\n", len(s.Errors))
	}
	for _, e := range s.Errors {
		if _, err := fmt.Fprintf(w, "  %s: %s\n", e.File, strings.ReplaceAll(e.Reason, "\n", " ")); err != nil {
			return err
		}
	}
	if len(s.Warnings) > 0 {
		fmt.Fprintf(w, "\n%d warning(s):\n", len(s.Warnings))
	}
	for _, e := range s.Warnings {
		if _, err := fmt.Fprintf(w, "  %s: %s\n", e.File, strings.ReplaceAll(e.Reason, "\n", " ")); err != nil {
			return err
		}
	}
	return s.Files.writeTable(w)
}
