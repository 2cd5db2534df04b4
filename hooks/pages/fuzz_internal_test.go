package pages

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMergeContent: merging a stale edit never panics; a side that changed nothing yields
// the other side exactly, without conflict; a clean merge of a body keeps every line that
// neither side touched.
func FuzzMergeContent(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n", "t", "t2", "t3")
	f.Add("", "x", "y", "", "", "")
	f.Add("서울\n東京\n", "서울은\n東京\n", "서울\n東京都\n", "제목", "제목", "題名")
	f.Add("a\r\nb", "a\r\nb\n", "a\nb", "x", "y", "x")
	f.Fuzz(func(t *testing.T, base, theirs, yours, bt, tt, yt string) {
		b := pageContent{Title: bt, Body: base, Tags: strings.Fields(bt)}
		th := pageContent{Title: tt, Body: theirs, Tags: strings.Fields(tt)}
		yo := pageContent{Title: yt, Body: yours, Tags: strings.Fields(yt)}
		got, conflicts := mergeContent(b, th, b)
		if len(conflicts) != 0 || got.Body != th.Body || got.Title != th.Title {
			t.Fatalf("an unchanged edit did not yield the head: %+v %v", got, conflicts)
		}
		got, conflicts = mergeContent(b, b, yo)
		if len(conflicts) != 0 || got.Body != yo.Body || got.Title != yo.Title {
			t.Fatalf("an unchanged head did not yield the edit: %+v %v", got, conflicts)
		}
		got, conflicts = mergeContent(b, th, yo)
		for _, c := range conflicts {
			if c.Field != "body" && c.Field != "title" && c.Field != "description" {
				t.Fatalf("conflict on %q", c.Field)
			}
		}
		if len(conflicts) == 0 && got.Tags == nil {
			t.Fatal("merged tags are nil")
		}
	})
}

// FuzzNormalizeTags: any JSON value either is refused or becomes a clean tag list that
// normalizing again leaves as it is.
func FuzzNormalizeTags(f *testing.F) {
	for _, s := range []string{`["a"," a ","", "가"]`, `null`, `"a,b"`, `[1]`, `[]`, `{"a":1}`, `["\u0041\u030a"]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var v any
		if json.Unmarshal([]byte(raw), &v) != nil {
			return
		}
		tags, err := normalizeTags(v)
		if err != nil {
			return
		}
		if len(tags) > maxTags {
			t.Fatalf("%d tags kept", len(tags))
		}
		for i, tag := range tags {
			if tag == "" || tag != strings.TrimSpace(tag) || utf8.RuneCountInString(tag) > maxTagLength || slices.Contains(tags[:i], tag) {
				t.Fatalf("bad tag %q in %q", tag, tags)
			}
		}
		again, err := normalizeTags(tags)
		if err != nil || !slices.Equal(again, tags) {
			t.Fatalf("not idempotent: %q → %q (%v)", tags, again, err)
		}
	})
}
