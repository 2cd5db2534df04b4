package markdown

import (
	"strings"
	"testing"
)

// A page that includes a long page many times takes in at most maxIncludedBytes of it.
func TestIncludesShareOneBudget(t *testing.T) {
	long := strings.Repeat("word ", maxIncludedBytes/5/3) // a third of the budget
	calls := 0
	include := func(path string) (string, bool) { calls++; return long, true }
	src := strings.Repeat("{{< include \"long\" >}}\n\n", 50)
	expanded := expandShortcodes(src, budgetedIncluder(include, maxIncludedBytes), 0)
	if got := strings.Count(expanded, "word"); got > maxIncludedBytes/5 {
		t.Fatalf("expanded text holds %d words, more than the %d-byte budget allows", got, maxIncludedBytes)
	}
	if got := strings.Count(expanded, "word"); got < 3*(maxIncludedBytes/5/3) {
		t.Fatalf("expanded text holds %d words: the includes within the budget were dropped", got)
	}
	if calls != 50 {
		t.Fatalf("include called %d times, want 50", calls)
	}
}
