package transfer

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/mdtree"
	"folio/hooks/schema"
)

// Format is the layout of a markdown tree.
type Format = mdtree.Format

// The tree formats Import reads; Export writes FormatWikiJS.
const (
	FormatWikiJS = mdtree.FormatWikiJS
	FormatHugo   = mdtree.FormatHugo
)

// ImportOptions tune an Import. The zero value detects the format, reads files outside locale
// folders as the space's source locale and records no user.
type ImportOptions struct {
	// Format is FormatWikiJS or FormatHugo; "" detects it from the tree.
	Format Format
	// DefaultLocale is the locale of pages outside locale folders; "" is the space's
	// source locale.
	DefaultLocale string
	// User is the id of the users record written as author (new pages) and editor (every
	// page saved); "" leaves both empty, as for an import from the command line.
	User string
	// Progress, when set, is called after each file with the files done and the total.
	Progress func(done, total int)
}

// TreeError is an import that could not start because of the tree itself (no pages in it,
// an unknown format): the caller sent the wrong thing, and nothing was written.
type TreeError struct{ Reason string }

// Error returns the reason.
func (e *TreeError) Error() string { return e.Reason }

// Import reads a Wiki.js or Hugo tree from fsys into space. Every file is imported on its
// own: a file that cannot be read or saved is reported in the Summary with the reason and
// skipped whole, and the rest goes on. A page is matched by (locale, normalized path); one
// whose content, status and extra keys already equal the file's is not saved at all, so
// re-importing a tree writes nothing and makes no revision. Locales the space does not list
// yet are added to it first. The returned error is a *TreeError when the tree is unusable,
// or an internal failure; failed files are not errors.
func Import(app core.App, space *core.Record, fsys fs.FS, opts ImportOptions) (Summary, error) {
	format, err := resolveFormat(fsys, opts.Format)
	if err != nil {
		return Summary{}, err
	}
	def := opts.DefaultLocale
	if def == "" {
		def = schema.AsSpace(space).SourceLocale()
	}
	entries, readErrs := mdtree.Read(fsys, format, def)
	if z, ok := fsys.(interface{ Err() error }); ok && z.Err() != nil {
		// An uploaded zip that inflated past its limits or its headers: nothing is imported.
		return Summary{}, &TreeError{Reason: z.Err().Error()}
	}
	if len(entries) == 0 && len(readErrs) == 1 && readErrs[0].File == "." {
		return Summary{}, &TreeError{Reason: readErrs[0].Reason}
	}
	im := importer{app: app, space: space.Id, user: opts.User, progress: opts.Progress,
		total: len(entries) + len(readErrs), sum: newSummary(string(format)), root: mdtree.Root(fsys, format)}
	for _, e := range readErrs {
		im.fail(e.Locale, e.File, e.Reason)
	}
	if im.files, err = pageFiles(app, space.Id); err != nil {
		return im.sum, fmt.Errorf("read the pages' files: %w", err)
	}
	pages := im.prepare(entries, format)
	sourceFirst(pages, schema.AsSpace(space).SourceLocale())
	files, fileErrs := mdtree.ReadFiles(fsys, format)
	if err := addSpaceLocales(app, space.Id, append(localesOf(pages), localesOfFiles(files)...)); err != nil {
		return im.sum, fmt.Errorf("add the tree's locales to the space: %w", err)
	}
	im.importFiles(fsys, files, fileErrs)
	for _, p := range pages {
		im.save(p, format)
	}
	slices.SortFunc(im.sum.Errors, func(a, b FileError) int { return strings.Compare(a.File, b.File) })
	return im.sum, nil
}

// resolveFormat checks a format given by the caller or detects it.
func resolveFormat(fsys fs.FS, format mdtree.Format) (mdtree.Format, error) {
	switch format {
	case mdtree.FormatWikiJS, mdtree.FormatHugo:
		return format, nil
	case "":
		f, err := mdtree.Detect(fsys)
		if err != nil {
			return "", &TreeError{Reason: err.Error()}
		}
		return f, nil
	}
	return "", &TreeError{Reason: fmt.Sprintf("the format %q is unknown; use %q or %q", format, mdtree.FormatWikiJS, mdtree.FormatHugo)}
}

// importer holds the state of one Import.
type importer struct {
	app      core.App
	space    string
	user     string
	progress func(done, total int)
	done     int
	total    int
	sum      Summary
	root     string              // the tree's page folder, which page_sources names files from
	files    map[string]pageFile // the space's page_sources rows by page id, read once
}

// entryPage is a page read from a file, ready to save.
type entryPage struct {
	file string
	data pageData
	head string // the file's text before the body
}

// prepare turns entries into pages, reporting the files whose front matter cannot be one.
func (im *importer) prepare(entries []mdtree.Entry, format mdtree.Format) []entryPage {
	pages := make([]entryPage, 0, len(entries))
	for _, e := range entries {
		d, err := pageDataOf(e, format)
		if err != nil {
			im.fail(e.Locale, e.File, err.Error())
			continue
		}
		for _, w := range e.Warnings {
			im.sum.Warnings = append(im.sum.Warnings, FileError{File: e.File, Reason: w})
		}
		pages = append(pages, entryPage{file: e.File, data: d, head: e.Doc.Head()})
	}
	return pages
}

// save imports one page in its own transaction and records the outcome.
func (im *importer) save(p entryPage, format mdtree.Format) {
	outcome, page, err := importPage(im.app, im.space, p.data, im.user)
	if err != nil {
		im.fail(p.data.Locale, p.file, saveFailure(im.app, p.file, err))
		return
	}
	if err := im.afterSave(page, p, format); err != nil {
		im.fail(p.data.Locale, p.file, saveFailure(im.app, p.file, err))
		return
	}
	im.sum.count(p.data.Locale, outcome)
	im.step()
}

func (im *importer) fail(locale, file, reason string) {
	im.sum.fail(locale, file, reason)
	im.step()
}

func (im *importer) step() {
	im.done++
	if im.progress != nil {
		im.progress(im.done, im.total)
	}
}

// sourceFirst moves the pages of the source locale ahead of their translations (keeping the
// order otherwise), so that a translation is saved when its source already exists and the
// translations concern records it as made from the source's revision, rather than orphaned
// and brought in step afterwards with one more save.
func sourceFirst(pages []entryPage, source string) {
	slices.SortStableFunc(pages, func(a, b entryPage) int {
		return cmp.Compare(boolRank(a.data.Locale != source), boolRank(b.data.Locale != source))
	})
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

func localesOf(pages []entryPage) []string {
	var out []string
	for _, p := range pages {
		if !slices.Contains(out, p.data.Locale) {
			out = append(out, p.data.Locale)
		}
	}
	slices.Sort(out)
	return out
}

// addSpaceLocales adds the locales the space does not list yet, so that the pages concern
// accepts pages in them; an import is how a space learns the languages it is written in.
func addSpaceLocales(app core.App, spaceId string, locales []string) error {
	space, err := app.FindRecordById(schema.CollectionSpaces, spaceId)
	if err != nil {
		return err
	}
	s := schema.AsSpace(space)
	have := s.Locales()
	missing := false
	for _, l := range locales {
		if l != s.SourceLocale() && !slices.Contains(have, l) {
			have = append(have, l)
			missing = true
		}
	}
	if !missing {
		return nil
	}
	space.Set(schema.SpaceLocales, have)
	return app.Save(space)
}

// saveFailure turns a failed save into a reason for the summary. Validation errors name the
// field and are meant for people; anything else is an internal cause, logged and not shown.
func saveFailure(app core.App, file string, err error) string {
	var ve validation.Errors
	if errors.As(err, &ve) {
		return "the page cannot be saved: " + fieldErrors(ve)
	}
	app.Logger().Error("Failed to import a page", "error", err, "file", file)
	return "the page could not be saved because of an internal error; the server log has the cause"
}

// fieldErrors writes validation errors as "title: Must be no more than 300 character(s); …",
// fields sorted.
func fieldErrors(ve validation.Errors) string {
	parts := make([]string, 0, len(ve))
	for _, field := range slices.Sorted(maps.Keys(ve)) {
		parts = append(parts, field+": "+strings.TrimSuffix(ve[field].Error(), "."))
	}
	return strings.Join(parts, "; ")
}
