package frontmatter_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"folio/hooks/internal/frontmatter"
)

func TestWikiJSWritesWikiJSShape(t *testing.T) {
	fields := frontmatter.WikiJSFields{
		Title:       "メッセージキュー",
		Published:   true,
		Date:        time.Date(2024, 3, 7, 19, 0, 0, 5e6, time.FixedZone("JST", 9*3600)),
		Tags:        []string{"バックエンド", " ", "メッセージング", "バックエンド"},
		DateCreated: time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC),
	}
	extra := map[string]any{"status": "Completed", "Title": "shadow", "menu": map[string]any{"main": map[string]any{"weight": 10}}}
	got := string(frontmatter.WikiJS(fields, extra, "\n# メッセージキュー\n"))
	want := `---
title: メッセージキュー
description: 
published: true
date: 2024-03-07T10:00:00.005Z
tags: バックエンド, メッセージング
editor: markdown
dateCreated: 2024-03-03T00:00:00.000Z
menu:
  main:
    weight: 10
status: Completed
---

# メッセージキュー
`
	if got != want {
		t.Errorf("WikiJS =\n%s\nwant\n%s", got, want)
	}
}

// TestWikiJSQuotesWhatYAMLWouldMisread checks values Wiki.js itself writes
// unquoted, producing files it cannot read back.
func TestWikiJSQuotesWhatYAMLWouldMisread(t *testing.T) {
	fields := frontmatter.WikiJSFields{
		Title:       "Yes: a title with a colon",
		Description: "true",
		Tags:        []string{"- dash", "#hash", "2024"},
		Editor:      "code",
	}
	extra := map[string]any{"when": "2024-01-02", "n": 1.5, "flag": false, "none": nil, "list": []any{"a", "b"}}
	doc := mustParse(t, frontmatter.WikiJS(fields, extra, "body"))
	if doc.Title() != fields.Title || doc.Description() != "true" || doc.String("editor") != "code" {
		t.Errorf("title %q, description %q, editor %q", doc.Title(), doc.Description(), doc.String("editor"))
	}
	if want := []string{"- dash", "#hash", "2024"}; !slices.Equal(doc.Tags(), want) {
		t.Errorf("Tags() = %q, want %q", doc.Tags(), want)
	}
	if pub, ok := doc.Published(); pub || !ok {
		t.Errorf("Published() = %v, %v", pub, ok)
	}
	if _, ok := doc.Date("date"); ok {
		t.Error("a zero date was written as a date")
	}
	wantExtra := map[string]any{"when": "2024-01-02", "n": 1.5, "flag": false, "none": nil, "list": []any{"a", "b"}}
	if got := doc.Extra("title", "description", "published", "date", "tags", "editor", "dateCreated"); !reflect.DeepEqual(got, wantExtra) {
		t.Errorf("Extra = %#v, want %#v", got, wantExtra)
	}
}
