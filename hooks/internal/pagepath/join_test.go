package pagepath_test

import (
	"errors"
	"testing"

	"folio/hooks/internal/pagepath"
)

func TestDir(t *testing.T) {
	cases := map[string]string{
		"a/b/c": "a/b",
		"a/b":   "a",
		"a":     "",
		"":      "",
		"지식/문서": "지식",
	}
	for in, want := range cases {
		if got := pagepath.Dir(in); got != want {
			t.Errorf("Dir(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJoin(t *testing.T) {
	cases := []struct {
		dir, rel string
		want     string
		err      error
	}{
		{"a", "c", "a/c", nil},
		{"a", "../c", "c", nil},
		{"", "c", "c", nil},
		{"a/b", "./c/d", "a/b/c/d", nil},
		{"a/b", "../../c", "c", nil},
		{"a/b", "c/../d", "a/b/d", nil},
		{"a/b", "/x/y", "x/y", nil},
		{"a/b", "/x/../y", "y", nil},
		{"a", "c/", "a/c", nil},
		{"a", "c//d", "a/c/d", nil},
		{"문서", "../한국어", "한국어", nil},

		{"", "../c", "", pagepath.ErrAboveRoot},
		{"a", "../../c", "", pagepath.ErrAboveRoot},
		{"a/b", "/../c", "", pagepath.ErrAboveRoot},
		{"a", "..", "", pagepath.ErrEmpty},
		{"a", "c?x", "", pagepath.ErrQueryOrFragment},
		{"a", `c\d`, "", pagepath.ErrBackslash},
	}
	for _, tc := range cases {
		got, err := pagepath.Join(tc.dir, tc.rel)
		if !errors.Is(err, tc.err) {
			t.Errorf("Join(%q, %q) error = %v, want %v", tc.dir, tc.rel, err, tc.err)
			continue
		}
		if got != tc.want {
			t.Errorf("Join(%q, %q) = %q, want %q", tc.dir, tc.rel, got, tc.want)
		}
	}
}
