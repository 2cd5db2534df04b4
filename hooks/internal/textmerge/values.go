package textmerge

// MergeValue merges a scalar field three-way: the side that changed it wins,
// the same change on both sides agrees, and different changes conflict. On
// conflict it returns theirs and false, so a caller that ignores the flag
// keeps what is already saved rather than overwriting it.
func MergeValue[T comparable](base, theirs, yours T) (T, bool) {
	switch {
	case theirs == yours, yours == base:
		return theirs, true
	case theirs == base:
		return yours, true
	}
	return theirs, false
}

// MergeSet merges a set of strings (tags) three-way without conflict: the
// result is theirs, in theirs' order, minus what yours removed from base,
// followed by what yours added, in yours' order. A tag removed by one side and
// kept by the other is removed; tags are compared exactly, and duplicates are
// dropped. The result is never nil, so it marshals as [].
func MergeSet(base, theirs, yours []string) []string {
	inBase := setOf(base)
	inYours := setOf(yours)
	seen := make(map[string]bool, len(theirs)+len(yours))
	merged := make([]string, 0, len(theirs)+len(yours))
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			merged = append(merged, s)
		}
	}
	for _, s := range theirs {
		if removedByYours := inBase[s] && !inYours[s]; !removedByYours {
			add(s)
		}
	}
	for _, s := range yours {
		if !inBase[s] {
			add(s)
		}
	}
	return merged
}

func setOf(items []string) map[string]bool {
	set := make(map[string]bool, len(items))
	for _, s := range items {
		set[s] = true
	}
	return set
}
