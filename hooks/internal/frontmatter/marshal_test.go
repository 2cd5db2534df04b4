package frontmatter_test

import (
	"reflect"
	"slices"
	"testing"

	"folio/hooks/internal/frontmatter"
)

// TestMarshalRoundTripIsExact checks that a page we did not change is
// written back byte for byte: key order, "key: " for empty values, comma
// tags, Hugo flow lists and dates as written.
func TestMarshalRoundTripIsExact(t *testing.T) {
	for _, name := range []string{"wikijs-en.md", "wikijs-ko.md", "wikijs-ja.md", "hugo-zh.md"} {
		t.Run(name, func(t *testing.T) {
			data := readFixture(t, name)
			got := frontmatter.Marshal(mustParse(t, data))
			if string(got) != string(data) {
				t.Errorf("Marshal(Parse(file)) =\n%s\nwant\n%s", got, data)
			}
		})
	}
}

func TestMarshalKeepsMeaning(t *testing.T) {
	in := "\uFEFF\r\n---\r\n# about this page\r\nTitle: 'Quoted: title'\r\ntags:\r\n  - \"a\"\r\n  - b # second\r\nbody: |\r\n  two\r\n  lines\r\nnothing: ~\r\n---\r\nBody\r\n"
	doc := mustParse(t, []byte(in))
	again := mustParse(t, frontmatter.Marshal(doc))
	if again.Title() != "Quoted: title" || !slices.Equal(again.Tags(), []string{"a", "b"}) || again.Body != "Body\r\n" {
		t.Errorf("after round trip: title %q, tags %q, body %q", again.Title(), again.Tags(), again.Body)
	}
	if !slices.Equal(again.Keys(), doc.Keys()) || !reflect.DeepEqual(again.Extra(), doc.Extra()) {
		t.Errorf("after round trip: keys %q extra %v, want %q %v", again.Keys(), again.Extra(), doc.Keys(), doc.Extra())
	}
}

func TestMarshalEmptyDocument(t *testing.T) {
	var doc frontmatter.Document
	doc.Body = "---\nnot front matter\n---\n"
	got := frontmatter.Marshal(doc)
	if want := "---\n---\n---\nnot front matter\n---\n"; string(got) != want {
		t.Fatalf("Marshal = %q, want %q", got, want)
	}
	if again := mustParse(t, got); again.Body != doc.Body || len(again.Keys()) != 0 {
		t.Errorf("Parse(Marshal) = keys %q, body %q", again.Keys(), again.Body)
	}
}

func TestMarshalAfterSet(t *testing.T) {
	doc := mustParse(t, readFixture(t, "wikijs-en.md"))
	doc.Set("tags", "queues, messaging")
	doc.Set("status", "draft")
	want := `---
title: Message Queues
description: 
published: true
date: 2024-03-05T09:12:30.250Z
tags: queues, messaging
editor: markdown
dateCreated: 2024-03-01T18:00:00.000Z
status: draft
---
` + doc.Body
	if got := string(frontmatter.Marshal(doc)); got != want {
		t.Errorf("Marshal =\n%s\nwant\n%s", got, want)
	}
}

// TestMarshalAfterSetReplacesAnAnchor checks that replacing the value that
// defined an anchor still writes YAML that parses, with the alias's value.
func TestMarshalAfterSetReplacesAnAnchor(t *testing.T) {
	doc := mustParse(t, []byte("---\nbase: &t [a, b]\ntags: *t\nmore: {x: *t}\n---\n"))
	doc.Set("base", "replaced")
	again := mustParse(t, frontmatter.Marshal(doc))
	if !slices.Equal(again.Tags(), []string{"a", "b"}) || again.String("base") != "replaced" {
		t.Errorf("tags %q, base %q", again.Tags(), again.String("base"))
	}
	if more := again.Extra()["more"]; !reflect.DeepEqual(more, map[string]any{"x": []any{"a", "b"}}) {
		t.Errorf("more = %#v", more)
	}
}
