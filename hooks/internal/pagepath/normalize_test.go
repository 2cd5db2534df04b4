package pagepath_test

import (
	"errors"
	"strings"
	"testing"

	"folio/hooks/internal/pagepath"
)

func TestNormalize(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string
		err  error
	}{
		{"plain", "Knowledge-base/Dictionary/backend-programming", "Knowledge-base/Dictionary/backend-programming", nil},
		{"case is kept", "Home", "Home", nil},
		{"outer spaces trimmed", "  docs/intro \t", "docs/intro", nil},
		{"leading and trailing slashes", "/nodes/", "nodes", nil},
		{"duplicate slashes collapse", "a//b///c", "a/b/c", nil},
		{"spaces around segments trimmed", "a / b", "a/b", nil},
		{"blank segment dropped", "a/ /b", "a/b", nil},
		{"spaces inside a segment kept", "Getting started/First steps", "Getting started/First steps", nil},
		{"korean", "지식/백엔드 프로그래밍", "지식/백엔드 프로그래밍", nil},
		{"japanese", "ナレッジ/バックエンド", "ナレッジ/バックエンド", nil},
		{"chinese", "知识库/后端编程", "知识库/后端编程", nil},
		{"arabic", "قاعدة/معرفة", "قاعدة/معرفة", nil},
		{"decomposed hangul becomes composed", "\u1100\u1161", "\uac00", nil},
		{"decomposed latin becomes composed", "cafe\u0301", "caf\u00e9", nil},
		{"dots and colons inside segments", "v1.2/std::vector/...", "v1.2/std::vector/...", nil},
		{"percent kept literally", "100%/a%20b", "100%/a%20b", nil},
		{"dotted names are not dot segments", ".hidden/a..b", ".hidden/a..b", nil},
		{"exactly max length", strings.Repeat("a", pagepath.MaxLen), strings.Repeat("a", pagepath.MaxLen), nil},

		{"empty", "", "", pagepath.ErrEmpty},
		{"only spaces", "   ", "", pagepath.ErrEmpty},
		{"only slashes", "///", "", pagepath.ErrEmpty},
		{"backslash", `a\b`, "", pagepath.ErrBackslash},
		{"dot segment", "a/./b", "", pagepath.ErrDotSegment},
		{"dot dot segment", "a/../b", "", pagepath.ErrDotSegment},
		{"leading dot dot", "../a", "", pagepath.ErrDotSegment},
		{"dot dot with spaces", "a/ .. /b", "", pagepath.ErrDotSegment},
		{"question mark", "a?b", "", pagepath.ErrQueryOrFragment},
		{"hash", "a#b", "", pagepath.ErrQueryOrFragment},
		{"newline inside", "a\nb", "", pagepath.ErrControlChar},
		{"newline next to slash", "a\n/b", "", pagepath.ErrControlChar},
		{"tab inside", "a\tb", "", pagepath.ErrControlChar},
		{"nul", "a\x00b", "", pagepath.ErrControlChar},
		{"c1 control", "a\u0085b", "", pagepath.ErrControlChar},
		{"bidi override", "a\u202eb", "", pagepath.ErrControlChar},
		{"invalid utf8", "a\xffb", "", pagepath.ErrInvalidUTF8},
		{"too long", strings.Repeat("a", pagepath.MaxLen+1), "", pagepath.ErrTooLong},
		{"too long in bytes not runes", strings.Repeat("가", 171), "", pagepath.ErrTooLong},
		{"huge input", strings.Repeat("/", 1<<20), "", pagepath.ErrTooLong},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pagepath.Normalize(tc.in)
			if !errors.Is(err, tc.err) {
				t.Fatalf("Normalize(%q) error = %v, want %v", tc.in, err, tc.err)
			}
			if got != tc.want {
				t.Fatalf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeErrorsAreSentences(t *testing.T) {
	for _, in := range []string{"", `a\b`, "a/../b", "a?b", "a\tb", "a\xff", strings.Repeat("x", 600)} {
		_, err := pagepath.Normalize(in)
		if err == nil {
			t.Fatalf("Normalize(%q) succeeded, want an error", in)
		}
		msg := err.Error()
		if msg[0] < 'A' || msg[0] > 'Z' || !strings.HasSuffix(msg, ".") {
			t.Errorf("error for %q is not a sentence: %q", in, msg)
		}
	}
}
