package frontmatter_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestPublished(t *testing.T) {
	cases := []struct {
		fm      string
		pub, ok bool
	}{
		{"published: true", true, true},
		{"published: false", false, true},
		{"published: 'yes'", true, true},
		{"published: No", false, true},
		{"published: 1", true, true},
		{"published: \"0\"", false, true},
		{"published: maybe", false, false},
		{"published: ", false, false},
		{"draft: true", false, true},
		{"draft: false", true, true},
		{"draft: ", false, false},
		{"published: true\ndraft: true", true, true},
		{"title: x", false, false},
	}
	for _, c := range cases {
		doc := mustParse(t, []byte("---\n"+c.fm+"\n---\n"))
		if pub, ok := doc.Published(); pub != c.pub || ok != c.ok {
			t.Errorf("%q: Published() = %v, %v, want %v, %v", c.fm, pub, ok, c.pub, c.ok)
		}
	}
}

func TestDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min, s, ns int) time.Time {
		return time.Date(y, m, d, h, min, s, ns, time.UTC)
	}
	cases := []struct {
		value string
		want  time.Time
		ok    bool
	}{
		{"2023-02-01T05:57:45.024Z", utc(2023, 2, 1, 5, 57, 45, 24e6), true},
		{"2023-02-01T05:57:45Z", utc(2023, 2, 1, 5, 57, 45, 0), true},
		{"'2023-02-01T14:57:45+09:00'", utc(2023, 2, 1, 5, 57, 45, 0), true},
		{"2023-02-01", utc(2023, 2, 1, 0, 0, 0, 0), true},
		{"2023-02-01 05:57:45", utc(2023, 2, 1, 5, 57, 45, 0), true},
		{"2023-02-01T05:57:45", utc(2023, 2, 1, 5, 57, 45, 0), true},
		{"yesterday", time.Time{}, false},
		{"", time.Time{}, false},
		{"[2023-02-01]", time.Time{}, false},
	}
	for _, c := range cases {
		doc := mustParse(t, []byte("---\ndate: "+c.value+"\n---\n"))
		got, ok := doc.Date("date")
		if ok != c.ok || !got.Equal(c.want) {
			t.Errorf("Date(%q) = %v, %v, want %v, %v", c.value, got, ok, c.want, c.ok)
		}
	}
}

func TestAccessorsIgnoreKeyCase(t *testing.T) {
	doc := mustParse(t, []byte("---\nTitle: Serverless\nStatus: Completed\nTAGS: [a]\n---\n"))
	if doc.Title() != "Serverless" || !slices.Equal(doc.Tags(), []string{"a"}) {
		t.Errorf("Title() = %q, Tags() = %q", doc.Title(), doc.Tags())
	}
	if extra := doc.Extra("title", "tags"); !reflect.DeepEqual(extra, map[string]any{"Status": "Completed"}) {
		t.Errorf("Extra = %v", extra)
	}
}

func TestExtraIsJSON(t *testing.T) {
	doc := mustParse(t, []byte(`---
title: x
status: Completed
weight: 10
ratio: 1.5
hex: 0x1F
huge: 123456789012345678901234567890
nan: .nan
toc_hide: true
nothing: ~
when: 2024-01-02
menu:
  main: {weight: 10, pre: "<i>"}
list: [a, 2, {b: c}]
ref: &r {k: v}
again: *r
1: numeric key
---
`))
	want := map[string]any{
		"status":   "Completed",
		"weight":   int64(10),
		"ratio":    1.5,
		"hex":      int64(31),
		"huge":     1.2345678901234568e29,
		"nan":      ".nan",
		"toc_hide": true,
		"nothing":  nil,
		"when":     "2024-01-02",
		"menu":     map[string]any{"main": map[string]any{"weight": int64(10), "pre": "<i>"}},
		"list":     []any{"a", int64(2), map[string]any{"b": "c"}},
		"ref":      map[string]any{"k": "v"},
		"again":    map[string]any{"k": "v"},
		"1":        "numeric key",
	}
	got := doc.Extra("title")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Extra =\n%#v\nwant\n%#v", got, want)
	}
	if _, err := json.Marshal(got); err != nil {
		t.Errorf("Extra is not JSON: %v", err)
	}
}

func TestSet(t *testing.T) {
	orig := mustParse(t, []byte("---\ntitle: Old\nTags: a\nstatus: x\n---\nbody"))
	doc := orig
	doc.Set("title", "New")
	doc.Set("tags", []string{"b", "c"})
	doc.Set("weight", 3)

	if want := []string{"title", "Tags", "status", "weight"}; !slices.Equal(doc.Keys(), want) {
		t.Errorf("Keys() = %q, want %q", doc.Keys(), want)
	}
	if doc.Title() != "New" || !slices.Equal(doc.Tags(), []string{"b", "c"}) || doc.Extra("title", "tags", "status")["weight"] != int64(3) {
		t.Errorf("after Set: title %q, tags %q, extra %v", doc.Title(), doc.Tags(), doc.Extra())
	}
	if orig.Title() != "Old" || !slices.Equal(orig.Tags(), []string{"a"}) {
		t.Errorf("Set changed the copy it was made from: title %q, tags %q", orig.Title(), orig.Tags())
	}
}
