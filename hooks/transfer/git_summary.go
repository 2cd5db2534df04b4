package transfer

import (
	"fmt"
	"io"
	"strings"
)

// WriteText writes the summary for people: the commits replayed, the page outcomes, then every
// warning and skipped file version.
func (s GitSummary) WriteText(w io.Writer, space string) error {
	from := "the start"
	if s.From != "" {
		from = s.From[:10]
	}
	to := s.To
	if len(to) > 10 {
		to = to[:10]
	}
	if s.Commits == 0 {
		_, err := fmt.Fprintf(w, "Space %s is up to date with %s %s (%s): nothing to import.\n", space, s.Source, s.Ref, to)
		return err
	}
	fmt.Fprintf(w, "Imported %d commit(s) of %s %s (%s, %s → %s) into space %s:\n", s.Commits, s.Source, s.Ref, s.Format, from, to, space)
	fmt.Fprintf(w, "  %d revision(s); pages: %d created, %d updated, %d moved, %d deleted\n", s.Revisions, s.Created, s.Updated, s.Moved, s.Deleted)
	for _, list := range []struct {
		what  string
		items []FileError
	}{{"warning(s)", s.Warnings}, {"file version(s) skipped", s.Errors}} {
		if len(list.items) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%d %s:\n", len(list.items), list.what)
		for _, e := range list.items {
			if _, err := fmt.Fprintf(w, "  %s: %s\n", e.File, strings.ReplaceAll(e.Reason, "\n", " ")); err != nil {
				return err
			}
		}
	}
	return nil
}
