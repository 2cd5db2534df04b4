package mdtree

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// maxFileSize bounds one page. The largest page of a real knowledge base is
// well under a megabyte; the bound keeps an uploaded tree from making the
// server hold one huge file in memory.
const maxFileSize = 8 << 20

// Read reads every .md file of a tree into entries sorted by locale, then
// page path, and reports each file it skipped, sorted by file.
//
// In both formats a top-level folder named like a locale holds that
// locale's pages and everything else belongs to defaultLocale. A locale is an
// ISO 639 language of two or three letters, optionally with "-" and a region
// or script: "ko", "zh-tw", "pt-BR" (read as "pt-br"); "go" and "faq" are not
// languages and stay folders. Hidden files and folders (".git") and files not
// ending in ".md" are ignored.
//
// Wiki.js: the page path is the file path without ".md", as written.
//
// Hugo: files are read under "content/" when the tree has it. "_index.md" is
// the page of its section: "content/ko/a/_index.md" is page "a" and the
// locale's own "_index.md" is page "index"; a leaf bundle's "index.md" is the
// page of its folder the same way. Other files starting with "_", such as
// "_TEMPLATE.md", are not pages and are skipped without a report. Page paths
// are the URL paths Hugo serves by default: lowercase, spaces as hyphens.
// Translations named by file ("term.ko.md") are not recognised.
//
// A file is reported and skipped whole when it is not UTF-8, when its front
// matter is not a YAML mapping, when its path cannot be a page path, when it
// is a symbolic link (links are not followed, so a tree cannot make the
// import read files outside it), when it is larger than 8 MB, or when
// another file already maps to the same locale and path. A tree with no page at all is reported as one
// FileError for ".".
func Read(fsys fs.FS, format Format, defaultLocale string) ([]Entry, []FileError) {
	def := strings.ToLower(defaultLocale)
	if !isLocale(def) {
		return nil, []FileError{{File: ".", Reason: fmt.Sprintf("the default locale %q is not a locale code such as en or pt-br", defaultLocale)}}
	}
	if format != FormatWikiJS && format != FormatHugo {
		return nil, []FileError{{File: ".", Reason: fmt.Sprintf("the tree format %q is unknown; use %q or %q", format, FormatWikiJS, FormatHugo)}}
	}
	r := reader{fsys: fsys, format: format, root: ".", locale: def}
	if format == FormatHugo && hasLocaleFolders(fsys, "content", false) {
		r.root = "content"
	}
	if err := fs.WalkDir(fsys, r.root, r.visit); err != nil {
		r.fail(r.root, fmt.Sprintf("the tree cannot be read: %v", err))
	}
	entries := r.dropDuplicates()
	slices.SortFunc(r.errs, func(a, b FileError) int { return strings.Compare(a.File, b.File) })
	if len(entries) == 0 && len(r.errs) == 0 {
		r.fail(".", ErrEmptyTree.Error())
	}
	return entries, r.errs
}

// reader holds the state of one Read.
type reader struct {
	fsys    fs.FS
	format  Format
	root    string
	locale  string
	entries []Entry
	errs    []FileError
}

func (r *reader) fail(file, reason string) {
	r.errs = append(r.errs, FileError{File: file, Locale: r.localeOf(file), Reason: reason})
}

// localeOf is the locale of a file of the tree by pageOf's rule: a first folder named like a
// locale, else the default locale. The tree's root belongs to no locale.
func (r *reader) localeOf(file string) string {
	if file == "." || file == r.root {
		return ""
	}
	segs := strings.Split(strings.TrimPrefix(file, r.root+"/"), "/")
	if len(segs) > 1 && isLocale(segs[0]) {
		return strings.ToLower(segs[0])
	}
	return r.locale
}

// visit is the fs.WalkDirFunc of Read.
func (r *reader) visit(p string, d fs.DirEntry, err error) error {
	if err != nil {
		// A folder that cannot be listed is reported; its siblings are read.
		r.fail(p, fmt.Sprintf("cannot be read: %v", err))
		return nil
	}
	name := d.Name()
	switch {
	case p != r.root && isHidden(name):
		return skip(d)
	case d.IsDir() || !isMarkdown(name):
		return nil
	case r.format == FormatHugo && strings.HasPrefix(name, "_") && name != "_index.md":
		return nil
	case d.Type()&fs.ModeSymlink != 0:
		r.fail(p, "is a symbolic link; links are not followed, so copy the file into the tree instead")
		return nil
	case !d.Type().IsRegular():
		r.fail(p, "is not a regular file")
		return nil
	}
	r.readFile(p, d)
	return nil
}

// readFile reads one page, or records why it cannot be one.
func (r *reader) readFile(p string, d fs.DirEntry) {
	rel := strings.TrimPrefix(p, r.root+"/")
	locale, pagePath, err := pageOf(r.format, rel, r.locale)
	if err != nil {
		r.fail(p, err.Error())
		return
	}
	if info, err := d.Info(); err == nil && (info.Size() > maxFileSize || info.Size() < 0) {
		r.fail(p, fmt.Sprintf("is larger than %d MB; larger pages are not imported, so split it", maxFileSize>>20))
		return
	}
	data, err := readBounded(r.fsys, p, maxFileSize)
	if errors.Is(err, errTooLarge) {
		r.fail(p, fmt.Sprintf("is larger than %d MB; larger pages are not imported, so split it", maxFileSize>>20))
		return
	}
	if err != nil {
		r.fail(p, fmt.Sprintf("cannot be read: %v", err))
		return
	}
	doc, warnings, err := ParseFile(r.format, data)
	if err != nil {
		r.fail(p, err.Error())
		return
	}
	r.entries = append(r.entries, Entry{File: p, Locale: locale, Path: pagePath, Doc: doc, Warnings: warnings})
}

// dropDuplicates sorts the entries and keeps the first file, by file path,
// for each locale and page path, reporting the others.
func (r *reader) dropDuplicates() []Entry {
	slices.SortFunc(r.entries, func(a, b Entry) int {
		return cmp.Or(strings.Compare(a.Locale, b.Locale), strings.Compare(a.Path, b.Path), strings.Compare(a.File, b.File))
	})
	kept := r.entries[:0]
	for _, e := range r.entries {
		if n := len(kept); n > 0 && kept[n-1].Locale == e.Locale && kept[n-1].Path == e.Path {
			first := kept[n-1].File
			r.fail(e.File, fmt.Sprintf("is the same page (locale %s, path %s) as %s; remove or rename one of them", e.Locale, e.Path, first))
			continue
		}
		kept = append(kept, e)
	}
	return kept
}
