package textseg_test

import (
	"strings"
	"testing"

	"folio/hooks/internal/textseg"
)

func TestHasPrefix(t *testing.T) {
	for q, want := range map[string]bool{
		"cluster": false, "cluster kube*": true, "cluster -kube*": true, `"the cluster"`: false,
		"東京": false, "東": true, "클러스터": false, "café brûlée": false,
	} {
		parsed, err := textseg.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		if got := parsed.HasPrefix(); got != want {
			t.Errorf("%q: HasPrefix() = %v, want %v", q, got, want)
		}
	}
}

// No query term holds the middle dot (search's level tokens are "term·level"), however it is
// typed: a query without prefix patterns can only match the title, tags and body columns.
func TestQueryTermsNeverHoldTheMiddleDot(t *testing.T) {
	for _, q := range []string{"the·3", "cluster·16 x", "·", "a ·b", "東京·3", "클러스터·2"} {
		parsed, err := textseg.ParseQuery(q)
		if err != nil {
			continue // nothing searchable left is fine too
		}
		if expr := parsed.MatchExpr(); strings.Contains(expr, "·") {
			t.Errorf("%q gives the FTS expression %s, which names a level token", q, expr)
		}
	}
}
