package textmerge_test

import (
	"fmt"
	"strings"
	"testing"

	"folio/hooks/internal/textmerge"
)

// benchDocument is about 10 KB in 300 lines, mixed English and Korean, with
// blank lines the way markdown has them.
func benchDocument() string {
	var b strings.Builder
	for i := range 300 {
		switch {
		case i%10 == 0:
			b.WriteString("\n")
		case i%3 == 0:
			fmt.Fprintf(&b, "%d. 백엔드는 데이터를 저장한다.\n", i)
		default:
			fmt.Fprintf(&b, "Line %d: a backend stores the data.\n", i)
		}
	}
	return b.String()
}

func replaceLine(doc string, n int, text string) string {
	lines := strings.SplitAfter(doc, "\n")
	lines[n] = text + "\n"
	return strings.Join(lines, "")
}

func BenchmarkMerge(b *testing.B) {
	base := benchDocument()
	theirs := "# Title\n" + replaceLine(base, 5, "Line 5: changed at the top by them.")
	yours := replaceLine(base, 290, "Line 290: changed at the bottom by you.") + "Appended.\n"
	b.SetBytes(int64(len(base)))
	for b.Loop() {
		if res := textmerge.Merge(base, theirs, yours); !res.Clean {
			b.Fatal("benchmark merge conflicted")
		}
	}
}

func BenchmarkDiff(b *testing.B) {
	from := benchDocument()
	to := replaceLine(replaceLine(from, 3, "3. 백엔드는 데이터를 보관한다."), 295, "Line 295: a backend keeps the data.")
	b.SetBytes(int64(len(from)))
	for b.Loop() {
		if d := textmerge.Diff(from, to); len(d.Hunks) != 2 {
			b.Fatalf("want 2 hunks, got %d", len(d.Hunks))
		}
	}
}
