package textseg

// HasExclusions reports whether the query excludes words or phrases.
func (q Query) HasExclusions() bool { return len(q.exclude) > 0 }

// MatchesText reports whether text, indexed as one column, holds every required item of the
// query, with the phrase, prefix and unit-token semantics MatchExprIn gives FTS5. Exclusions are
// not checked: a column of a page cannot tell what the rest of the page holds.
func (q Query) MatchesText(text string) bool {
	if len(q.include) == 0 {
		return false
	}
	doc := docTokens(text)
	for _, it := range q.include {
		if !itemMatches(doc, text, it) {
			return false
		}
	}
	return true
}

func itemMatches(doc []docToken, text string, it item) bool {
	for _, p := range it.patterns() {
		if p.thenUnit != "" && !startsSomeTerm(doc, p.thenUnit) {
			continue
		}
		for i := 0; i+len(p.terms) <= len(doc); i++ {
			if _, ok := matchAt(text, doc[i:i+len(p.terms)], p); ok {
				return true
			}
		}
	}
	return false
}

// startsSomeTerm reports whether some term of doc starts with prefix: what a unit token stands for.
func startsSomeTerm(doc []docToken, prefix string) bool {
	for _, t := range doc {
		if t.startsWith(prefix) {
			return true
		}
	}
	return false
}
