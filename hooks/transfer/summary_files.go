package transfer

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// sharedLocale is the PerLocale key of files every locale shares.
const sharedLocale = "shared"

// FileCounts are the outcomes of an import's non-markdown files.
type FileCounts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Refused   int `json:"refused"`
}

// FilesSummary is what an import did with the tree's files (images, PDFs…): counts in total and
// per locale ("shared" for files outside locale folders), and each refused file with the reason.
type FilesSummary struct {
	FileCounts
	PerLocale map[string]FileCounts `json:"perLocale"`
	Errors    []FileError           `json:"errors"`
}

func newFilesSummary() FilesSummary {
	return FilesSummary{PerLocale: map[string]FileCounts{}, Errors: []FileError{}}
}

func (s *FilesSummary) count(locale, outcome string) {
	if locale == "" {
		locale = sharedLocale
	}
	c := s.PerLocale[locale]
	for _, p := range []*FileCounts{&s.FileCounts, &c} {
		switch outcome {
		case outcomeCreated:
			p.Created++
		case outcomeUpdated:
			p.Updated++
		case outcomeUnchanged:
			p.Unchanged++
		case outcomeFailed:
			p.Refused++
		}
	}
	s.PerLocale[locale] = c
}

func (s *FilesSummary) refuse(locale, file, reason string) {
	s.count(locale, outcomeFailed)
	s.Errors = append(s.Errors, FileError{File: file, Reason: reason})
}

// writeTable writes the files' counts per locale and the refused files, when the tree had any.
func (s FilesSummary) writeTable(w io.Writer) error {
	if len(s.PerLocale) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nfiles:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "locale\tcreated\tupdated\tunchanged\trefused\t")
	locales := make([]string, 0, len(s.PerLocale))
	for l := range s.PerLocale {
		locales = append(locales, l)
	}
	slices.Sort(locales)
	for _, l := range locales {
		c := s.PerLocale[l]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", l, c.Created, c.Updated, c.Unchanged, c.Refused)
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t\n", s.Created, s.Updated, s.Unchanged, s.Refused)
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, e := range s.Errors {
		if _, err := fmt.Fprintf(w, "  %s: %s\n", e.File, e.Reason); err != nil {
			return err
		}
	}
	return nil
}
