package transfer

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"folio/hooks/internal/frontmatter"
	"folio/hooks/internal/mdtree"
)

// frontMatterDiff lists how the front matter an export wrote for a page differs in meaning
// from the original file's, read in format: title, description, published, tags, the dates the
// original gives (as instants), and every other key (as JSON values). Key order, quoting,
// tags as a list or a comma string and date layouts do not count; neither does "editor: markdown",
// Wiki.js's default, which a Wiki.js export always writes. An empty
// list means the round trip kept the meaning.
func frontMatterDiff(original frontmatter.Document, format mdtree.Format, exported frontmatter.Document) []string {
	a, errA := pageDataOf(mdtree.Entry{Path: "page", Doc: original}, format)
	b, errB := pageDataOf(mdtree.Entry{Path: "page", Doc: exported}, mdtree.FormatWikiJS)
	if errA != nil || errB != nil {
		return []string{fmt.Sprintf("cannot read: original %v, exported %v", errA, errB)}
	}
	var diffs []string
	differ := func(what string, x, y any) {
		diffs = append(diffs, fmt.Sprintf("%s: %v became %v", what, x, y))
	}
	// A file without a title is titled after its path, which this comparison does not know.
	if original.Title() != "" && a.Title != b.Title {
		differ("title", a.Title, b.Title)
	}
	if a.Description != b.Description {
		differ("description", a.Description, b.Description)
	}
	if a.Status != b.Status {
		differ("status", a.Status, b.Status)
	}
	if !slices.Equal(a.Tags, b.Tags) {
		differ("tags", strings.Join(a.Tags, "|"), strings.Join(b.Tags, "|"))
	}
	keys := dateKeys[format]
	if original.String(keys.created) != "" && !a.Created.Equal(b.Created) {
		differ("created", a.Created, b.Created)
	}
	if original.String(keys.updated) != "" && !a.Updated.Equal(b.Updated) {
		differ("updated", a.Updated, b.Updated)
	}
	if !sameJSON(withoutDefaultEditor(a.Extra), withoutDefaultEditor(b.Extra)) {
		differ("extra", string(a.Extra), string(b.Extra))
	}
	return diffs
}

// withoutDefaultEditor drops editor: markdown from an extra JSON object.
func withoutDefaultEditor(extra []byte) []byte {
	var m map[string]any
	if json.Unmarshal(extra, &m) != nil || m[wikiJSEditorKey] != "markdown" {
		return extra
	}
	delete(m, wikiJSEditorKey)
	out, err := json.Marshal(m)
	if err != nil {
		return extra
	}
	return out
}

// CompareExport checks an export against the tree it was imported from: for every page file
// of tree (read in format, files outside locale folders being defaultLocale's), the file
// Export wrote for that page under dir must exist, have the same body and front matter of
// the same meaning (see frontMatterDiff). It returns one FileError per original file that
// fails, naming the differences.
func CompareExport(tree fs.FS, format Format, defaultLocale, dir string) []FileError {
	entries, _ := mdtree.Read(tree, format, defaultLocale)
	var diffs []FileError
	for _, e := range entries {
		if reason := compareExported(e, format, defaultLocale, dir); reason != "" {
			diffs = append(diffs, FileError{File: e.File, Reason: reason})
		}
	}
	return diffs
}

// compareExported returns how the exported file of e differs from e, or "".
func compareExported(e mdtree.Entry, format Format, defaultLocale, dir string) string {
	name := e.Path + ".md"
	if e.Locale != strings.ToLower(defaultLocale) {
		name = e.Locale + "/" + name
	}
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		return fmt.Sprintf("not exported as %s: %v", name, err)
	}
	exported, err := frontmatter.Parse(data)
	if err != nil {
		return fmt.Sprintf("exported as %s, which does not parse: %v", name, err)
	}
	if diffs := frontMatterDiff(e.Doc, format, exported); len(diffs) > 0 {
		return fmt.Sprintf("exported as %s with another meaning: %s", name, strings.Join(diffs, "; "))
	}
	if exported.Body != e.Doc.Body {
		return fmt.Sprintf("exported as %s with another body", name)
	}
	return ""
}
