package pagepath_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"folio/hooks/internal/pagepath"
)

func FuzzNormalize(f *testing.F) {
	for _, seed := range []string{
		"Knowledge-base/Dictionary/backend-programming", "/nodes/", "a//b", "../a", "a/./b",
		"지식/백엔드", "cafe\u0301", "a\u0301/\u0301b", " / \u00a0/x", "a?b#c", `a\b`, "a\tb",
		"v1.2/std::vector", "100%", "\u202e", "..\u0338", ". /..", "\xff",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := pagepath.Normalize(in)
		if err != nil {
			if out != "" {
				t.Fatalf("Normalize(%q) returned %q with error %v", in, out, err)
			}
			return
		}
		checkNormalized(t, in, out)
		again, err := pagepath.Normalize(out)
		if err != nil || again != out {
			t.Fatalf("Normalize(%q) = %q, which re-normalizes to %q, %v", in, out, again, err)
		}
	})
}

// checkNormalized asserts the properties every successful result promises.
func checkNormalized(t *testing.T, in, out string) {
	t.Helper()
	switch {
	case out == "":
		t.Fatalf("Normalize(%q) returned an empty path", in)
	case len(out) > pagepath.MaxLen:
		t.Fatalf("Normalize(%q) returned %d bytes", in, len(out))
	case !utf8.ValidString(out) || !norm.NFC.IsNormalString(out):
		t.Fatalf("Normalize(%q) = %q is not NFC UTF-8", in, out)
	case strings.HasPrefix(out, "/") || strings.HasSuffix(out, "/") || strings.Contains(out, "//"):
		t.Fatalf("Normalize(%q) = %q has stray slashes", in, out)
	case strings.ContainsAny(out, `\?#`):
		t.Fatalf("Normalize(%q) = %q has a forbidden character", in, out)
	}
	for _, r := range out {
		if unicode.IsControl(r) {
			t.Fatalf("Normalize(%q) = %q has control character %U", in, out, r)
		}
	}
	for _, seg := range strings.Split(out, "/") {
		if seg == "." || seg == ".." || strings.TrimSpace(seg) != seg {
			t.Fatalf("Normalize(%q) = %q has bad segment %q", in, out, seg)
		}
	}
}
