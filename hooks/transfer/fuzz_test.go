package transfer

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"folio/hooks/internal/frontmatter"
	"folio/hooks/internal/mdtree"
	"folio/hooks/schema"
)

// FuzzPageDataOf feeds arbitrary files through the import of a single file and checks what
// every imported page promises: a title, a known status, clean NFC tags, extra as a JSON object
// without the keys that became fields, and a Wiki.js export that reads back with the same
// meaning (apart from the cases a Wiki.js file cannot express, listed in lossy).
func FuzzPageDataOf(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: Home\ndescription: \npublished: true\ndate: 2024-03-05T09:12:30.250Z\ntags: a, b\neditor: markdown\ndateCreated: 2024-03-01T18:00:00.000Z\n---\n\nWelcome.\n",
		"---\ntitle: 메시지 큐\npublished: \"false\"\ntags: [백엔드, 메시징]\nweight: 3\naliases: [/mq]\n---\nbody\n",
		"---\nTitle: Cluster\nStatus: Completed\ntags: [\"infrastructure\", \"\", \"infrastructure\"]\nmenu:\n  main:\n    weight: 10\n---\n",
		"---\ntitle: Firewall\ndraft: true\ndate: 2021-05-01\nlastmod: 2021-06-01T10:00:00+02:00\n---\n",
		"---\ntitle: x\ndate: soon\n---\n",
		"no front matter at all\n",
		"---\ntags: cafe\u0301, café\nextra: &a [1, 2]\nmore: *a\n---\n",
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, hugo bool) {
		doc, err := frontmatter.Parse(data)
		if err != nil {
			return
		}
		format := mdtree.FormatWikiJS
		if hugo {
			format = mdtree.FormatHugo
		}
		d, err := pageDataOf(mdtree.Entry{File: "a/b.md", Locale: "en", Path: "a/b", Doc: doc}, format)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("refused without a reason")
			}
			return
		}
		checkPageData(t, d, doc)
		if lossy(doc, d, format) {
			return
		}
		exported := exportFile(t, d)
		if diffs := frontMatterDiff(doc, format, exported); len(diffs) > 0 {
			t.Fatalf("export changed the meaning of\n%s\ninto\n%s\n%v", data, frontmatter.Marshal(exported), diffs)
		}
	})
}

func checkPageData(t *testing.T, d pageData, doc frontmatter.Document) {
	t.Helper()
	switch {
	case d.Title == "":
		t.Fatal("empty title")
	case d.Status != schema.PageDraft && d.Status != schema.PagePublished:
		t.Fatalf("status %q", d.Status)
	case d.Body != doc.Body:
		t.Fatal("body changed")
	case d.Created.IsZero() != d.Updated.IsZero():
		t.Fatalf("created %v, updated %v: one date without the other", d.Created, d.Updated)
	}
	for i, tag := range d.Tags {
		if tag == "" || tag != strings.TrimSpace(tag) || !norm.NFC.IsNormalString(tag) || !utf8.ValidString(tag) ||
			slices.Contains(d.Tags[:i], tag) {
			t.Fatalf("tag %q in %q", tag, d.Tags)
		}
	}
	var extra map[string]any
	if err := json.Unmarshal(d.Extra, &extra); err != nil || extra == nil {
		t.Fatalf("extra %s is not a JSON object: %v", d.Extra, err)
	}
	for k := range extra {
		if strings.EqualFold(k, "title") || strings.EqualFold(k, "tags") {
			t.Fatalf("extra keeps the field key %q", k)
		}
	}
}

// lossy reports files whose meaning a Wiki.js file cannot carry: a tag with a comma (Wiki.js
// joins tags with commas), an editor key that is not plain text, and a Hugo dateCreated key
// (Wiki.js's own dateCreated, the page's created date, shadows it).
func lossy(doc frontmatter.Document, d pageData, format mdtree.Format) bool {
	for _, tag := range d.Tags {
		if strings.Contains(tag, ",") {
			return true
		}
	}
	var extra map[string]any
	_ = json.Unmarshal(d.Extra, &extra)
	for k, v := range extra {
		if strings.EqualFold(k, wikiJSEditorKey) {
			if s, ok := v.(string); !ok || strings.TrimSpace(s) == "" || s != strings.TrimSpace(s) || k != wikiJSEditorKey {
				return true
			}
		}
		if format == mdtree.FormatHugo && strings.EqualFold(k, "dateCreated") {
			return true
		}
	}
	return false
}

// exportFile writes d as the export would and reads it back.
func exportFile(t *testing.T, d pageData) frontmatter.Document {
	t.Helper()
	extra := map[string]any{}
	if err := json.Unmarshal(d.Extra, &extra); err != nil {
		t.Fatal(err)
	}
	editor, _ := extra[wikiJSEditorKey].(string)
	data := frontmatter.WikiJS(frontmatter.WikiJSFields{
		Title: d.Title, Description: d.Description, Published: d.Status == schema.PagePublished,
		Date: d.Updated, Tags: d.Tags, Editor: editor, DateCreated: d.Created,
	}, extra, d.Body)
	doc, err := frontmatter.Parse(data)
	if err != nil {
		t.Fatalf("the export of a page does not parse: %v\n%s", err, data)
	}
	return doc
}
