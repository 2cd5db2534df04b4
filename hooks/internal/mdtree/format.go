package mdtree

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// Format is the layout of a markdown tree.
type Format string

const (
	// FormatWikiJS is a Wiki.js storage export: "<path>.md" at the root for
	// the default locale and "<locale>/<path>.md" for the others.
	FormatWikiJS Format = "wikijs"
	// FormatHugo is a Hugo content tree: "content/<locale>/<path>.md", with
	// "_index.md" as the page of its section.
	FormatHugo Format = "hugo"
)

// ErrEmptyTree is returned by Detect for a tree with no .md file in it.
var ErrEmptyTree = errors.New("the tree has no .md files; point the import at the folder that holds the pages")

// Detect tells a Hugo tree from a Wiki.js one. A tree is Hugo when it has a
// "content" folder with locale folders in it, or when it is such a content
// folder itself: locale folders holding an "_index.md". Anything else is
// Wiki.js, whose layout has no marker of its own.
func Detect(fsys fs.FS) (Format, error) {
	found, err := hasMarkdown(fsys)
	if err != nil {
		return "", fmt.Errorf("cannot read the tree: %w", err)
	}
	if !found {
		return "", ErrEmptyTree
	}
	if hasLocaleFolders(fsys, "content", false) || hasLocaleFolders(fsys, ".", true) {
		return FormatHugo, nil
	}
	return FormatWikiJS, nil
}

// hasMarkdown stops at the first .md file, so detecting a large tree does
// not read it twice.
func hasMarkdown(fsys fs.FS) (bool, error) {
	found := false
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case p != "." && isHidden(d.Name()):
			return skip(d)
		case d.Type().IsRegular() && isMarkdown(d.Name()):
			found = true
			return fs.SkipAll
		}
		return nil
	})
	return found, err
}

// hasLocaleFolders reports whether dir holds a locale folder, which must
// hold an "_index.md" when needIndex is set.
func hasLocaleFolders(fsys fs.FS, dir string, needIndex bool) bool {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if !e.IsDir() || !isLocale(e.Name()) {
			continue
		}
		if !needIndex {
			return true
		}
		if info, err := fs.Stat(fsys, path.Join(dir, e.Name(), "_index.md")); err == nil && info.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// isHidden names files and folders like ".git" that belong to tools, not to
// the pages.
func isHidden(name string) bool {
	return strings.HasPrefix(name, ".")
}

func isMarkdown(name string) bool {
	return strings.HasSuffix(name, ".md")
}

func skip(d fs.DirEntry) error {
	if d.IsDir() {
		return fs.SkipDir
	}
	return nil
}
