package mdtree

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// File is one file of a tree that is not a page — an image, a PDF — read as an attachment of
// the space at Path. Locale is the locale folder it sits in, "" for a file every locale shares.
type File struct {
	File   string // path of the file in the tree, "/"-separated
	Locale string
	Path   string
	Size   int64
}

// ReadFiles lists every file of a tree that Read does not read as a page, with the path it
// has in the space, sorted by locale and path. It reads no bytes.
//
// A file in a top-level locale folder belongs to that locale; any other file is shared by
// every locale. Wiki.js: the path is the file path after the locale folder. Hugo: files under
// "content/" (when Read reads from there) are read like the pages beside them — a page
// bundle's "docs/x/index.md" is page "docs/x" and its "docs/x/diagram.png" is file
// "docs/x/diagram.png", folder names lowercased with spaces as hyphens as for pages — and files
// under a top-level "static/", which Hugo serves from the site's root, are shared files at their
// path inside "static/". Anything else of a Hugo site (layouts, config, a LICENSE) is reported
// as not imported, so no file is dropped without a word. Hidden files and folders are ignored;
// symbolic links, files that are not regular and paths that cannot be a file path are reported.
func ReadFiles(fsys fs.FS, format Format) ([]File, []FileError) {
	r := fileReader{format: format}
	r.root = "."
	if format == FormatHugo && hasLocaleFolders(fsys, "content", false) {
		r.root = "content"
	}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			r.errs = append(r.errs, FileError{File: p, Reason: fmt.Sprintf("cannot be read: %v", err)})
			return nil
		}
		switch {
		case p != "." && isHidden(d.Name()):
			return skip(d)
		case d.IsDir() || isMarkdown(d.Name()):
			return nil
		}
		r.visit(p, d)
		return nil
	})
	slices.SortFunc(r.files, func(a, b File) int {
		if c := strings.Compare(a.Locale, b.Locale); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	r.files = slices.CompactFunc(r.files, func(a, b File) bool {
		if a.Locale == b.Locale && a.Path == b.Path {
			r.errs = append(r.errs, FileError{File: b.File, Locale: b.Locale,
				Reason: fmt.Sprintf("is the same file (path %s) as %s once folder names are read as page paths; rename one of them", b.Path, a.File)})
			return true
		}
		return false
	})
	slices.SortFunc(r.errs, func(a, b FileError) int { return strings.Compare(a.File, b.File) })
	return r.files, r.errs
}

type fileReader struct {
	format Format
	root   string
	files  []File
	errs   []FileError
}

func (r *fileReader) visit(p string, d fs.DirEntry) {
	var rel string
	shared := false
	switch {
	case r.root == ".":
		rel = p
	case strings.HasPrefix(p, r.root+"/"):
		rel = strings.TrimPrefix(p, r.root+"/")
	case strings.HasPrefix(p, "static/"):
		rel, shared = strings.TrimPrefix(p, "static/"), true
	default:
		r.errs = append(r.errs, FileError{File: p, Reason: "is outside content/ and static/, so it is not a page's file; not imported"})
		return
	}
	locale, segs := "", strings.Split(rel, "/")
	if !shared && len(segs) > 1 && isLocale(segs[0]) {
		locale, segs = strings.ToLower(segs[0]), segs[1:]
	}
	if r.format == FormatHugo && !shared && len(segs) > 1 {
		folders := hugoSegments(append(segs[:len(segs)-1:len(segs)-1], "x"))
		segs = append(folders[:len(folders)-1], segs[len(segs)-1])
	}
	fail := func(reason string) { r.errs = append(r.errs, FileError{File: p, Locale: locale, Reason: reason}) }
	switch {
	case d.Type()&fs.ModeSymlink != 0:
		fail("is a symbolic link; links are not followed, so copy the file into the tree instead")
		return
	case !d.Type().IsRegular():
		fail("is not a regular file")
		return
	case !utf8.ValidString(rel):
		fail("file name is not UTF-8 text; rename the file")
		return
	}
	if err := checkSegments(segs); err != nil {
		fail(err.Error())
		return
	}
	var size int64
	if info, err := d.Info(); err == nil {
		size = info.Size()
	}
	r.files = append(r.files, File{File: p, Locale: locale, Path: path.Join(segs...), Size: size})
}
