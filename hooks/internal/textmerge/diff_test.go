package textmerge_test

import (
	"encoding/json"
	"testing"

	"folio/hooks/internal/textmerge"
)

// The expectations below were written by hand and checked against GNU diff -u.
func TestDiffUnified(t *testing.T) {
	cases := []struct {
		name, from, to string
		opts           textmerge.DiffOptions
		want           string
	}{
		{"equal texts", "a\nb\n", "a\nb\n", textmerge.DiffOptions{}, ""},
		{"one line changed, 3 lines of context",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n",
			textmerge.DiffOptions{FromName: "a/page.md", ToName: "b/page.md"},
			"--- a/page.md\n+++ b/page.md\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"},
		{"changes far apart make two hunks",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n", "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\nsixteen\n",
			textmerge.DiffOptions{},
			"--- a\n+++ b\n@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -13,4 +13,4 @@\n 13\n 14\n 15\n-16\n+sixteen\n"},
		{"changes within twice the context share a hunk",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "one\n2\n3\n4\n5\n6\n7\neight\n9\n10\n",
			textmerge.DiffOptions{},
			"--- a\n+++ b\n@@ -1,10 +1,10 @@\n-1\n+one\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+eight\n 9\n 10\n"},
		{"context of one", "1\n2\n3\n4\n5\n", "1\n2\nthree\n4\n5\n", textmerge.DiffOptions{Context: 1},
			"--- a\n+++ b\n@@ -2,3 +2,3 @@\n 2\n-3\n+three\n 4\n"},
		{"from empty", "", "a\nb\n", textmerge.DiffOptions{}, "--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n"},
		{"to empty", "a\nb\n", "", textmerge.DiffOptions{}, "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n"},
		{"deleted line, empty range named by the line before",
			"a\nb\nc\n", "a\nc\n", textmerge.DiffOptions{}, "--- a\n+++ b\n@@ -1,3 +1,2 @@\n a\n-b\n c\n"},
		{"no newline at end on both sides", "a\nb", "a\nc", textmerge.DiffOptions{},
			"--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"},
		{"newline added at end", "a", "a\n", textmerge.DiffOptions{},
			"--- a\n+++ b\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n"},
		{"CRLF kept in the lines", "a\r\nb\r\n", "a\r\nc\r\n", textmerge.DiffOptions{},
			"--- a\n+++ b\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n"},
		{"CJK lines", "나는 학교에 갔다\nThe cat sat.\n", "나는 집에 갔다\nThe dog sat.\n", textmerge.DiffOptions{},
			"--- a\n+++ b\n@@ -1,2 +1,2 @@\n-나는 학교에 갔다\n-The cat sat.\n+나는 집에 갔다\n+The dog sat.\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := textmerge.Diff(c.from, c.to, c.opts)
			if got.Unified != c.want {
				t.Fatalf("Unified =\n%s\nwant\n%s", got.Unified, c.want)
			}
			if (c.want == "") != (len(got.Hunks) == 0) {
				t.Fatalf("%d hunks for unified %q", len(got.Hunks), got.Unified)
			}
		})
	}
}

func TestDiffWithoutOptions(t *testing.T) {
	got := textmerge.Diff("x\n", "y\n")
	want := "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n"
	if got.Unified != want {
		t.Fatalf("Unified = %q, want %q", got.Unified, want)
	}
}

func TestDiffHunksJSON(t *testing.T) {
	cases := []struct {
		name, from, to, want string
	}{
		{"equal", "a\n", "a\n", `{"unified":"","hunks":[]}`},
		{"changed line with segments, context without",
			"Folio stores pages.\nend", "Folio keeps pages.\nend",
			`{"unified":"--- a\n+++ b\n@@ -1,2 +1,2 @@\n-Folio stores pages.\n+Folio keeps pages.\n end\n\\ No newline at end of file\n",` +
				`"hunks":[{"from_line":1,"from_count":2,"to_line":1,"to_count":2,"lines":[` +
				`{"op":"delete","text":"Folio stores pages.","segments":[{"op":"equal","text":"Folio "},{"op":"delete","text":"stores"},{"op":"equal","text":" pages."}]},` +
				`{"op":"insert","text":"Folio keeps pages.","segments":[{"op":"equal","text":"Folio "},{"op":"insert","text":"keeps"},{"op":"equal","text":" pages."}]},` +
				`{"op":"equal","text":"end","no_newline":true}]}]}`},
		{"unpaired insertion has no segments", "a\n", "a\nb\n",
			`{"unified":"--- a\n+++ b\n@@ -1 +1,2 @@\n a\n+b\n",` +
				`"hunks":[{"from_line":1,"from_count":1,"to_line":1,"to_count":2,"lines":[{"op":"equal","text":"a"},{"op":"insert","text":"b"}]}]}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := json.Marshal(textmerge.Diff(c.from, c.to))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Fatalf("json =\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}
