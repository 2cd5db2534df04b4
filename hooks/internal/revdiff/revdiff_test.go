package revdiff

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	a := Content{Title: "Install", Body: "one\ntwo\n", Tags: []string{"a", "b"}}
	b := Content{Title: "Installing", Description: "How", Body: "one\nthree\n", Tags: []string{"b", "c"}}
	d := Compare(a, b, 2, 5)
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"from":2,"to":5,"title":{"from":"Install","to":"Installing","changed":true},` +
		`"description":{"from":"","to":"How","changed":true},` +
		`"tags":{"from":["a","b"],"to":["b","c"],"added":["c"],"removed":["a"]},"body":{"unified":"--- revision 2\n+++ revision 5\n`
	if !strings.HasPrefix(string(raw), want) {
		t.Errorf("got  %s\nwant %s…", raw, want)
	}
	if !strings.Contains(d.Body.Unified, "-two\n+three\n") {
		t.Errorf("body diff: %q", d.Body.Unified)
	}
}

// A nil list of tags stays nil (the translations report shows it as null), while Added and
// Removed are always lists.
func TestTagsKeepsNilLists(t *testing.T) {
	c := Tags(nil, []string{"x"})
	raw, _ := json.Marshal(c)
	if string(raw) != `{"from":null,"to":["x"],"added":["x"],"removed":[]}` {
		t.Errorf("got %s", raw)
	}
	if same := Compare(sample(), sample(), 1, 1); same.Title.Changed || same.Description.Changed || len(same.Tags.Added)+len(same.Tags.Removed) != 0 || same.Body.Unified != "" {
		t.Errorf("equal revisions differ: %+v", same)
	}
}

func sample() Content { return Content{Title: "T", Body: "b\n", Tags: []string{"t"}} }
