package transfer

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/frontmatter"
	"folio/hooks/internal/mdtree"
	"folio/hooks/internal/pagepath"
	"folio/hooks/schema"
)

// ExportHugo writes every page of space under dir as a Hugo site's content folder,
// "content/<locale>/…", and returns the number of pages written. A page imported from a Hugo
// file is written to that file's name (a section's _index.md, a leaf bundle's index.md, the
// spelling of its name) with that file's front matter: byte for byte when the page's title,
// description, tags, status and extra keys still say what the file said, and otherwise with
// only the keys that changed rewritten in place, in the file's own style. A translation whose
// source_revision changed in Folio gets the provenance key naming the
// commit of its source revision, when that revision came from git (provenanceKey; "" is
// DefaultProvenanceKey). Other pages are written as
// "<path>.md", or "<path>/_index.md" when pages stand under them, with title, description,
// tags, draft (only when true) and their extra keys; no key is invented (no date, no editor).
// Files already in dir are replaced when a page has the same name and left alone otherwise.
func ExportHugo(app core.App, space *core.Record, dir, provenanceKey string) (int, error) {
	provenanceKey = cmp.Or(provenanceKey, DefaultProvenanceKey)
	records, err := app.FindAllRecords(schema.CollectionPages, dbx.HashExp{schema.PageSpace: space.Id})
	if err != nil {
		return 0, err
	}
	files, err := pageFiles(app, space.Id)
	if err != nil {
		return 0, err
	}
	source := schema.AsSpace(space).SourceLocale()
	sections := sectionPaths(records)
	names := make([]string, len(records))
	taken := make(map[string]int, len(records))
	for i, r := range records {
		f, known := files[r.Id]
		names[i] = hugoFileName(r, f, known, sections)
		folded := strings.ToLower(names[i])
		if j, dup := taken[folded]; dup {
			return 0, &ExportError{Reason: fmt.Sprintf("pages %q (%s) and %q (%s) would both be written to content/%s (letter case aside); rename one of them",
				records[j].GetString(schema.PagePath), records[j].GetString(schema.PageLocale), r.GetString(schema.PagePath), r.GetString(schema.PageLocale), names[i])}
		}
		taken[folded] = i
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("cannot create the export folder: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return 0, fmt.Errorf("cannot open the export folder: %w", err)
	}
	defer root.Close()
	for i, r := range records {
		f, known := files[r.Id]
		data, err := hugoFileData(app, r, f, known, source, provenanceKey)
		if err != nil {
			return 0, err
		}
		name := "content/" + names[i]
		if err := root.MkdirAll(path.Dir(name), 0o755); err != nil {
			return 0, fmt.Errorf("cannot write %s: %w", name, err)
		}
		if err := root.WriteFile(name, data, 0o644); err != nil {
			return 0, fmt.Errorf("cannot write %s: %w", name, err)
		}
	}
	return len(records), nil
}

// sectionPaths returns "locale/path" of every page that other pages of its locale stand under.
func sectionPaths(records []*core.Record) map[string]bool {
	out := map[string]bool{}
	for _, r := range records {
		segs := strings.Split(r.GetString(schema.PagePath), "/")
		for i := 1; i < len(segs); i++ {
			out[r.GetString(schema.PageLocale)+"/"+strings.Join(segs[:i], "/")] = true
		}
	}
	return out
}

// hugoFileName is the file of page r under content/: the one it was imported from while that
// still names the page's locale and path, else one made from them in the same form.
func hugoFileName(r *core.Record, f pageFile, known bool, sections map[string]bool) string {
	locale, p := r.GetString(schema.PageLocale), r.GetString(schema.PagePath)
	if known && f.Format == string(mdtree.FormatHugo) {
		if l, fp, ok, err := mdtree.PageFile(mdtree.FormatHugo, f.File, locale); ok && err == nil && l == locale {
			if n, err := pagepath.Normalize(fp); err == nil && n == p {
				return f.File
			}
		}
	}
	if p == "index" {
		return locale + "/_index.md"
	}
	switch {
	case known && path.Base(f.File) == "index.md":
		return locale + "/" + p + "/index.md"
	case (known && path.Base(f.File) == "_index.md") || sections[locale+"/"+p]:
		return locale + "/" + p + "/_index.md"
	}
	return locale + "/" + p + ".md"
}

// hugoFileData writes page r as a Hugo file.
func hugoFileData(app core.App, r *core.Record, f pageFile, known bool, sourceLocale, key string) ([]byte, error) {
	body := r.GetString(schema.PageBody)
	var doc frontmatter.Document
	if known && f.Format == string(mdtree.FormatHugo) {
		parsed, _, err := frontmatter.ParseHugo([]byte(f.Head + body))
		if err != nil {
			return nil, fmt.Errorf("page %s: its imported front matter no longer parses: %w", r.Id, err)
		}
		changed, err := applyPage(&parsed, r)
		if err != nil {
			return nil, err
		}
		provenance, err := provenanceUpdate(app, r, f, sourceLocale, key, &parsed)
		if err != nil {
			return nil, err
		}
		if !changed && !provenance {
			return []byte(f.Head + body), nil
		}
		doc = parsed
	} else {
		doc = frontmatter.Document{Body: body}
		if _, err := applyPage(&doc, r); err != nil {
			return nil, err
		}
		if _, err := provenanceUpdate(app, r, pageFile{MadeFrom: -1}, sourceLocale, key, &doc); err != nil {
			return nil, err
		}
	}
	return frontmatter.Marshal(doc), nil
}

// applyPage brings doc's front matter in line with page r, key by key, and reports whether it
// changed anything. Keys that still say what the page says are not touched.
func applyPage(doc *frontmatter.Document, r *core.Record) (bool, error) {
	d, err := pageDataOf(mdtree.Entry{Path: r.GetString(schema.PagePath), Doc: *doc}, mdtree.FormatHugo)
	if err != nil {
		return false, fmt.Errorf("page %s: %w", r.Id, err)
	}
	changed := false
	set := func(key string, value any, empty bool) {
		changed = true
		if empty {
			doc.Delete(key)
			return
		}
		doc.Update(key, value)
	}
	if title := r.GetString(schema.PageTitle); title != d.Title {
		set("title", title, false)
	}
	if desc := r.GetString(schema.PageDescription); desc != d.Description {
		set("description", desc, desc == "")
	}
	if tags := storedTags(r); !slices.Equal(tags, d.Tags) {
		set("tags", tags, len(tags) == 0)
	}
	draft := r.GetString(schema.PageStatus) == schema.PageDraft
	if draft != (d.Status == schema.PageDraft) {
		switch {
		case doc.Has("published"):
			set("published", !draft, false)
		default:
			set("draft", draft, !draft && !doc.Has("draft"))
		}
	}
	keys, values, err := orderedExtra(r.GetString(schema.PageExtra))
	if err != nil {
		return false, fmt.Errorf("page %s: %w", r.Id, err)
	}
	var had map[string]any
	_ = json.Unmarshal(d.Extra, &had)
	for _, k := range keys {
		if k == wikiJSEditorKey && values[k] == "markdown" {
			continue // Wiki.js's default, meaningless to Hugo
		}
		if old, ok := had[k]; !ok || !sameJSON(mustJSON(old), mustJSON(values[k])) {
			set(k, values[k], false)
		}
	}
	for k := range had {
		if _, ok := values[k]; !ok {
			set(k, nil, true)
		}
	}
	return changed, nil
}

// provenanceUpdate writes the provenance key of a translation whose source_revision is not the
// one its file gave (f.MadeFrom; -1 for a page with no file), when that source revision came
// from a git commit. It reports whether it wrote.
func provenanceUpdate(app core.App, r *core.Record, f pageFile, sourceLocale, key string, doc *frontmatter.Document) (bool, error) {
	sr := r.GetInt(schema.PageSourceRevision)
	if r.GetString(schema.PageLocale) == sourceLocale || sr < 1 || sr == f.MadeFrom {
		return false, nil
	}
	source, err := findPage(app, r.GetString(schema.PageSpace), sourceLocale, r.GetString(schema.PagePath))
	if err != nil || source == nil {
		return false, err
	}
	var commit string
	err = app.DB().Select(schema.RevisionSourceCommit).From(schema.CollectionRevisions).
		Where(dbx.HashExp{schema.RevisionPage: source.Id, schema.RevisionNumber: sr}).Row(&commit)
	if err != nil || commit == "" || doc.String(key) == commit {
		return false, nil
	}
	doc.Update(key, commit)
	return true, nil
}

// orderedExtra reads a page's extra JSON object with its keys in their stored order.
func orderedExtra(raw string) ([]string, map[string]any, error) {
	values := map[string]any{}
	if raw == "" || raw == "null" {
		return nil, values, nil
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, fmt.Errorf("extra is not a JSON object")
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k, _ := t.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		keys = append(keys, k)
		values[k] = v
	}
	return keys, values, nil
}

func mustJSON(v any) []byte {
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(v)
	return b.Bytes()
}
