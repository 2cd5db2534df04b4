package mdtree

import (
	"io/fs"
	"strings"

	"folio/hooks/internal/frontmatter"
)

// ParseFile reads one page file of a tree in format: Wiki.js front matter strictly, Hugo's as
// Hugo reads it (a repeated key keeps its last value and comes back as a warning).
func ParseFile(format Format, data []byte) (frontmatter.Document, []string, error) {
	if format == FormatHugo {
		return frontmatter.ParseHugo(data)
	}
	doc, err := frontmatter.Parse(data)
	return doc, nil, err
}

// Root is the folder of fsys that Read reads pages from: "content" for a Hugo tree that has
// it, "." otherwise.
func Root(fsys fs.FS, format Format) string {
	if format == FormatHugo && hasLocaleFolders(fsys, "content", false) {
		return "content"
	}
	return "."
}

// PageFile maps a file, given "/"-separated relative to the tree's root (see Root), to the page
// it holds by Read's rules. ok is false for a file Read passes over without a report: not a .md
// file, inside a hidden folder, or a Hugo file starting with "_" other than "_index.md". err
// says why a page file cannot be a page.
func PageFile(format Format, rel, defaultLocale string) (locale, pagePath string, ok bool, err error) {
	segs := strings.Split(rel, "/")
	name := segs[len(segs)-1]
	for _, s := range segs {
		if isHidden(s) {
			return "", "", false, nil
		}
	}
	if !isMarkdown(name) || (format == FormatHugo && strings.HasPrefix(name, "_") && name != "_index.md") {
		return "", "", false, nil
	}
	locale, pagePath, err = pageOf(format, rel, strings.ToLower(defaultLocale))
	return locale, pagePath, true, err
}
