package mdtree_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"testing/fstest"

	"folio/hooks/internal/mdtree"
)

func TestDetect(t *testing.T) {
	cases := []struct {
		name string
		fsys fstest.MapFS
		want mdtree.Format
	}{
		{"wiki.js export", wikiTree(), mdtree.FormatWikiJS},
		{"hugo site", hugoTree(), mdtree.FormatHugo},
		{"hugo content folder", fstest.MapFS{"en/_index.md": file("# a"), "ko/_index.md": file("# b"), "en/a.md": file("a")}, mdtree.FormatHugo},
		{"wiki.js with locale folders only", fstest.MapFS{"ko/a.md": file("a"), "ja/a.md": file("a")}, mdtree.FormatWikiJS},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := mdtree.Detect(c.fsys)
			if err != nil || got != c.want {
				t.Errorf("Detect = %q, %v, want %q", got, err, c.want)
			}
		})
	}
}

func TestDetectEmptyTree(t *testing.T) {
	for _, fsys := range []fstest.MapFS{{}, {"README.txt": file("x"), ".git/notes.md": file("x")}} {
		if _, err := mdtree.Detect(fsys); !errors.Is(err, mdtree.ErrEmptyTree) {
			t.Errorf("Detect(%v) error = %v, want ErrEmptyTree", fsys, err)
		}
	}
}

func TestReadWikiJS(t *testing.T) {
	entries, errs := mdtree.Read(wikiTree(), mdtree.FormatWikiJS, "en")

	want := []pageKey{
		{"en", "Knowledge-base/Dictionary/message-queue", "Knowledge-base/Dictionary/message-queue.md"},
		{"en", "go/generics", "go/generics.md"},
		{"en", "home", "home.md"},
		{"en", "ko", "ko.md"},
		{"ja", "Knowledge-base/Dictionary/message-queue", "ja/Knowledge-base/Dictionary/message-queue.md"},
		{"ko", "Knowledge-base/Dictionary/message-queue", "ko/Knowledge-base/Dictionary/message-queue.md"},
		{"pt-br", "Knowledge-base/Dictionary/message-queue", "pt-BR/Knowledge-base/Dictionary/message-queue.md"},
		{"zh", "Knowledge-base/Dictionary/message-queue", "zh/Knowledge-base/Dictionary/message-queue.md"},
		{"zh-cn", "Knowledge-base/Dictionary/message-queue", "zh-cn/Knowledge-base/Dictionary/message-queue.md"},
	}
	if got := keysOf(entries); !reflect.DeepEqual(got, want) {
		t.Errorf("entries =\n%v\nwant\n%v", got, want)
	}
	wantErrors(t, errs, map[string]string{
		"Knowledge-base/broken.md":     "not valid YAML at line 3",
		"ja/latin1.md":                 "not UTF-8",
		"Knowledge-base/what?.md":      `"?"`,
		`Knowledge-base/back\slash.md`: "backslash",
	})
	if ko := entries[5].Doc; ko.Title() != "메시지 큐" || !slices.Equal(ko.Tags(), []string{"백엔드"}) {
		t.Errorf("ko page: title %q, tags %q", ko.Title(), ko.Tags())
	}
}

func TestReadHugo(t *testing.T) {
	entries, errs := mdtree.Read(hugoTree(), mdtree.FormatHugo, "en")

	want := []pageKey{
		{"en", "cluster", "content/en/cluster.md"},
		{"en", "contribute", "content/en/contribute/_index.md"},
		{"en", "firewall", "content/en/firewall.md"},
		{"en", "guides/setup-steps", "content/en/guides/Setup Steps/index.md"},
		{"en", "index", "content/en/_index.md"},
		{"hi", "service-discovery", "content/hi/service discovery.md"},
		{"ja", "cluster", "content/ja/cluster.md"},
		{"ko", "cluster", "content/ko/cluster.md"},
		{"ko", "index", "content/ko/_index.md"},
		{"pt-br", "cluster", "content/pt-br/cluster.md"},
		{"zh-cn", "cluster", "content/zh-cn/cluster.md"},
	}
	if got := keysOf(entries); !reflect.DeepEqual(got, want) {
		t.Errorf("entries =\n%v\nwant\n%v", got, want)
	}
	wantErrors(t, errs, map[string]string{
		"content/ja/broken.md":         "line 2",
		"content/ko/cluster/_index.md": "same page (locale ko, path cluster) as content/ko/cluster.md",
	})

	ja := entries[6].Doc
	if ja.Title() != "クラスター" || !slices.Equal(ja.Tags(), []string{"インフラ"}) {
		t.Errorf("ja page: title %q, tags %q", ja.Title(), ja.Tags())
	}
	if pub, ok := entries[2].Doc.Published(); pub || !ok {
		t.Errorf("draft page Published() = %v, %v, want false, true", pub, ok)
	}
	menu := entries[1].Doc.Extra("title")["menu"]
	if !reflect.DeepEqual(menu, map[string]any{"main": map[string]any{"weight": int64(10)}}) {
		t.Errorf("contribute page menu = %#v", menu)
	}
}

func TestReadFromDisk(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("guide.md", wikiPage("Guide", "a", "Text."))
	write("ko/guide.md", "\uFEFF---\r\ntitle: 안내\r\ntags: 가, 나\r\n---\r\n본문\r\n")
	write("bad/ctrl\x01name.md", wikiPage("Control", "", ""))
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("---\ntitle: secret\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "link.md")); err != nil {
		t.Skip("symbolic links unavailable:", err)
	}

	wantErrs := map[string]string{
		"bad/ctrl\x01name.md": "control",
		"link.md":             "symbolic link",
	}
	// Some file systems refuse names that are not UTF-8; where one is
	// accepted, Read must report it rather than import a garbled path.
	if os.WriteFile(filepath.Join(dir, "caf\xe9.md"), []byte("# Café\n"), 0o644) == nil {
		wantErrs["caf\xe9.md"] = "not UTF-8"
	}

	entries, errs := mdtree.Read(os.DirFS(dir), mdtree.FormatWikiJS, "EN")
	want := []pageKey{{"en", "guide", "guide.md"}, {"ko", "guide", "ko/guide.md"}}
	if got := keysOf(entries); !reflect.DeepEqual(got, want) {
		t.Errorf("entries = %v, want %v", got, want)
	}
	if ko := entries[1].Doc; ko.Title() != "안내" || !slices.Equal(ko.Tags(), []string{"가", "나"}) || ko.Body != "본문\r\n" {
		t.Errorf("ko page: title %q, tags %q, body %q", ko.Title(), ko.Tags(), ko.Body)
	}
	wantErrors(t, errs, wantErrs)
}

func TestReadRefusesNothingToRead(t *testing.T) {
	_, errs := mdtree.Read(fstest.MapFS{"notes.txt": file("x")}, mdtree.FormatWikiJS, "en")
	wantErrors(t, errs, map[string]string{".": "no .md files"})

	_, errs = mdtree.Read(wikiTree(), mdtree.FormatWikiJS, "english")
	wantErrors(t, errs, map[string]string{".": "not a locale code"})

	_, errs = mdtree.Read(wikiTree(), mdtree.Format("docusaurus"), "en")
	wantErrors(t, errs, map[string]string{".": "unknown"})
}
