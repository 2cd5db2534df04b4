package transfer

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/frontmatter"
	"folio/hooks/internal/mdtree"
	"folio/hooks/schema"
)

// wikiJSEditorKey is the Wiki.js front matter key naming the page's editor ("markdown"). The
// import keeps it in extra, because the page's own editor field is the user who last saved.
const wikiJSEditorKey = "editor"

// exportPages returns every page of space, all locales and drafts included, in the shape of a
// Wiki.js export: the seven Wiki.js keys from the page's fields (date is the page's updated
// date, dateCreated its created date), the editor key and every other key from extra.
func exportPages(app core.App, space *core.Record) ([]mdtree.ExportPage, error) {
	records, err := app.FindAllRecords(schema.CollectionPages, dbx.HashExp{schema.PageSpace: space.Id})
	if err != nil {
		return nil, err
	}
	pages := make([]mdtree.ExportPage, 0, len(records))
	for _, r := range records {
		p, err := exportPage(r)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	return pages, nil
}

func exportPage(r *core.Record) (mdtree.ExportPage, error) {
	extra := map[string]any{}
	if raw := r.GetString(schema.PageExtra); raw != "" && raw != "null" {
		if err := json.Unmarshal([]byte(raw), &extra); err != nil {
			return mdtree.ExportPage{}, fmt.Errorf("page %s: extra is not a JSON object: %w", r.Id, err)
		}
	}
	editor, _ := extra[wikiJSEditorKey].(string)
	delete(extra, wikiJSEditorKey)
	return mdtree.ExportPage{
		Locale: r.GetString(schema.PageLocale),
		Path:   r.GetString(schema.PagePath),
		Fields: frontmatter.WikiJSFields{
			Title:       r.GetString(schema.PageTitle),
			Description: r.GetString(schema.PageDescription),
			Published:   r.GetString(schema.PageStatus) == schema.PagePublished,
			Date:        r.GetDateTime(schema.PageUpdated).Time(),
			Tags:        storedTags(r),
			Editor:      editor,
			DateCreated: r.GetDateTime(schema.PageCreated).Time(),
		},
		Extra: extra,
		Body:  r.GetString(schema.PageBody),
	}, nil
}

// ExportError is an export refused because of the pages themselves (two paths that differ only
// in letter case, a folder named like a locale); the reason names the page to rename.
type ExportError struct{ Reason string }

// Error returns the reason.
func (e *ExportError) Error() string { return e.Reason }

// Export writes every page of space under dir as a Wiki.js tree (the space's source locale at
// the root, other locales in their folders), and its attachments at their paths, and returns
// the number of pages written. Files
// already in dir are replaced when a page has the same path and left alone otherwise.
func Export(app core.App, space *core.Record, dir string) (int, error) {
	pages, err := exportPages(app, space)
	if err != nil {
		return 0, err
	}
	if err := mdtree.WriteWikiJS(dir, pages, schema.AsSpace(space).SourceLocale()); err != nil {
		return 0, &ExportError{Reason: err.Error()}
	}
	if _, err := exportFiles(app, space, dir); err != nil {
		return 0, err
	}
	return len(pages), nil
}

// ExportZip writes the Wiki.js tree of space to w as a zip archive and returns the number of
// pages in it. The tree is written to a temporary folder first, so the archive holds exactly
// what Export would write.
func ExportZip(app core.App, space *core.Record, w io.Writer) (int, error) {
	return exportZipAs(app, space, FormatWikiJS, w)
}

// exportZipAs is ExportZip in format (FormatWikiJS, or FormatHugo as ExportHugo writes it).
func exportZipAs(app core.App, space *core.Record, format Format, w io.Writer) (int, error) {
	dir, err := os.MkdirTemp("", "folio-export-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	var n int
	if format == FormatHugo {
		n, err = ExportHugo(app, space, dir, "")
	} else {
		n, err = Export(app, space, dir)
	}
	if err != nil {
		return 0, err
	}
	zw := zip.NewWriter(w)
	if err := zw.AddFS(os.DirFS(dir)); err != nil {
		return 0, err
	}
	return n, zw.Close()
}
