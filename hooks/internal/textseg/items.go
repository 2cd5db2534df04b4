package textseg

import (
	"fmt"
	"slices"
)

// Item is one required word or quoted phrase of a query as ranking sees it: the alternatives
// that satisfy it (a document matches the item if it holds any of them), each a sequence of index
// terms that must sit at consecutive positions. Prefix is set when some alternative matches its
// last term by prefix, so no fixed set of terms stands for the item.
type Item struct {
	Alternatives [][]string
	Prefix       bool
}

// Items returns the query's required items, each once, in the order typed: the same
// alternatives MatchExprIn writes for them.
func (q Query) Items() []Item {
	var out []Item
	seen := map[string]bool{}
	for _, it := range q.include {
		alts := it.patterns()
		key := fmt.Sprint(alts)
		if seen[key] {
			continue
		}
		seen[key] = true
		var item Item
		for _, p := range alts {
			item.Alternatives = append(item.Alternatives, slices.Clone(p.terms))
			item.Prefix = item.Prefix || p.prefix
		}
		out = append(out, item)
	}
	return out
}
