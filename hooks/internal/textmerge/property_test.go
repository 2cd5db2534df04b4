package textmerge_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"folio/hooks/internal/textmerge"
)

// editPlan is a random pair of edits of a document of distinct lines, made
// so that no edit of one side touches an edit of the other. With distinct
// lines the diffs are unambiguous, so the merge must be clean and equal to
// applying both plans.
type editPlan struct {
	base, theirs, yours, both strings.Builder
	fresh                     int
}

func (p *editPlan) freshLines(side string, n int) string {
	var b strings.Builder
	for range n {
		p.fresh++
		fmt.Fprintf(&b, "%s%d\n", side, p.fresh)
	}
	return b.String()
}

// edit writes base text orig as changed to text by side ("" = nobody).
func (p *editPlan) edit(side, orig, text string) {
	p.base.WriteString(orig)
	p.both.WriteString(text)
	if side == "T" {
		p.theirs.WriteString(text)
	} else {
		p.theirs.WriteString(orig)
	}
	if side == "Y" {
		p.yours.WriteString(text)
	} else {
		p.yours.WriteString(orig)
	}
}

func randomPlan(r *rand.Rand) *editPlan {
	p := &editPlan{}
	last, gap := "", 1
	pick := func() string {
		side := []string{"", "", "T", "Y"}[r.IntN(4)]
		if side != "" && side != last && gap == 0 {
			return "" // would touch the other side's edit
		}
		return side
	}
	apply := func(side, orig, text string) {
		p.edit(side, orig, text)
		if side != "" {
			last, gap = side, 0
		} else if orig != "" {
			gap++
		}
	}
	n := r.IntN(25)
	for i := 0; i <= n; i++ {
		if side := pick(); side != "" && r.IntN(3) == 0 {
			apply(side, "", p.freshLines(side, 1+r.IntN(2)))
		}
		if i == n {
			break
		}
		orig := fmt.Sprintf("L%d\n", i)
		if side := pick(); side != "" {
			apply(side, orig, p.freshLines(side, r.IntN(3)))
		} else {
			apply("", orig, orig)
		}
	}
	return p
}

func TestMergeOfNonTouchingEditsIsBothEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	bothEdited := 0
	for range 5000 {
		p := randomPlan(r)
		if p.theirs.String() != p.base.String() && p.yours.String() != p.base.String() {
			bothEdited++
		}
		res := textmerge.Merge(p.base.String(), p.theirs.String(), p.yours.String())
		if !res.Clean || res.Text != p.both.String() {
			t.Fatalf("Merge(%q, %q, %q) = %+v, want clean %q",
				p.base.String(), p.theirs.String(), p.yours.String(), res, p.both.String())
		}
	}
	if bothEdited < 2500 {
		t.Fatalf("only %d of 5000 plans edit both sides", bothEdited)
	}
}
