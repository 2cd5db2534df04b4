package search

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// candidate is an FTS row and its score (its level, plus exactTitleBoost for an exact title),
// before anyone asked who may read it. A readable candidate is a hit.
type candidate struct {
	RowID int64
	Score float64
}

// rankReadable returns, best first, the first want matches the caller may read, and whether
// it saw every match (then they are all the caller may read). The order is: pages whose title is
// the query, then the others by level (levels.go), highest first, oldest first within a level.
//
// The work is bounded by want, not by how many pages match: each level is one FTS query for the
// pages at exactly that level, read in rowid order a chunk at a time, each chunk checked against
// the list rule, until want readable pages are found. A word found on most pages stops at its
// first crowded level after a chunk or two; no match is scored that the result does not need.
func rankReadable(app core.App, pages *core.Collection, info *core.RequestInfo, q textseg.Query, p Params, want int) ([]candidate, bool, error) {
	match := columnMatch(q)
	var ranked []candidate
	taken := map[int64]bool{}
	items := scoringItems(q)
	exact, err := exactTitleRows(app, q, match, items)
	if err != nil {
		return nil, false, err
	}
	if len(exact) > 0 {
		readable, err := readableAmong(app, pages, info, p, exact)
		if err != nil {
			return nil, false, err
		}
		for _, c := range exact {
			taken[c.RowID] = true
			if readable[c.RowID] && len(ranked) < want {
				ranked = append(ranked, c)
			}
		}
	}
	levels := []int{0} // no item to rank by: every match is at one level
	if len(items) > 0 {
		top, err := topLevel(app, match, items)
		if err != nil {
			return nil, false, err
		}
		levels = levels[:0]
		for l := top; l >= 1; l-- {
			levels = append(levels, l)
		}
	}
	for _, l := range levels {
		expr := match
		if l > 0 {
			expr = atLevel(match, items, l)
		}
		after := int64(0)
		for len(ranked) < want {
			n := nextChunk(want-len(ranked), len(ranked), len(taken))
			rows, err := matchRows(app, expr, after, n)
			if err != nil {
				return nil, false, err
			}
			fresh := make([]candidate, 0, len(rows))
			for _, id := range rows {
				if !taken[id] {
					taken[id] = true
					fresh = append(fresh, candidate{RowID: id, Score: float64(l)})
				}
			}
			readable, err := readableAmong(app, pages, info, p, fresh)
			if err != nil {
				return nil, false, err
			}
			for _, c := range fresh {
				if readable[c.RowID] && len(ranked) < want {
					ranked = append(ranked, c)
				}
			}
			if len(rows) < n {
				break // this level is done
			}
			after = rows[len(rows)-1]
		}
		if len(ranked) == want {
			return ranked, false, nil
		}
	}
	return ranked, true, nil
}

// topLevel is the highest level any match reaches, found by bisection (four FTS probes for 16
// levels), so ranking does not visit the levels above it one by one.
func topLevel(app core.App, match string, items []textseg.Item) (int, error) {
	lo, hi := 1, levelCount // every match is at level 1 or more
	for lo < hi {
		mid := (lo + hi + 1) / 2
		rows, err := matchRows(app, "("+match+") AND "+atLeast(items, mid), 0, 1)
		if err != nil {
			return 0, err
		}
		if len(rows) > 0 {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo, nil
}

// atLevel is the FTS expression of the matches whose level is exactly l.
func atLevel(match string, items []textseg.Item, l int) string {
	expr := "(" + match + ") AND " + atLeast(items, l)
	if l < levelCount {
		expr = "(" + expr + ") NOT " + atLeast(items, l+1)
	}
	return expr
}

// columnMatch is the query's MATCH expression, each prefix phrase limited to the columns a
// person searches: the levels column is for ranking and unit tokens only. Whole terms and unit
// tokens need no filter: every level token holds levelMark and no query term does
// (TestQueryTermsNeverHoldTheMiddleDot), and a unit token is only ever named as one, so
// without the filter FTS5 need not decode each match's positions to learn its columns — most of
// the cost of a word found on most pages.
func columnMatch(q textseg.Query) string {
	return q.MatchExprIn(fmt.Sprintf("{%s %s %s}", schema.SearchIndexTitle, schema.SearchIndexTags, schema.SearchIndexBody))
}

// matchRows returns up to n rowids matching expr after the given one, in rowid order.
func matchRows(app core.App, expr string, after int64, n int) ([]int64, error) {
	var list string
	err := app.DB().NewQuery(fmt.Sprintf("SELECT COALESCE(json_group_array([[rowid]]), '[]') FROM "+
		"(SELECT [[rowid]] FROM {{%[1]s}} WHERE {{%[1]s}} MATCH {:match} AND [[rowid]] > {:after} ORDER BY [[rowid]] LIMIT {:n})",
		schema.SearchIndexTable)).Bind(dbx.Params{"match": expr, "after": after, "n": n}).Row(&list)
	if err != nil {
		return nil, err
	}
	var ids []int64
	err = json.Unmarshal([]byte(list), &ids)
	return ids, err
}

// nextChunk is how many more candidates to read to find missing readable ones, judging by the
// share of readable ones among those seen so far (all of them, at first), with some slack so a
// second look is rarely needed.
func nextChunk(missing, found, seen int) int {
	share := 1.0
	if seen > 0 {
		share = max(float64(found)/float64(seen), 0.05)
	}
	return int(float64(missing)/share*1.25) + 16
}

// exactTitleRows returns the matches whose title is the query, by level then oldest first.
func exactTitleRows(app core.App, q textseg.Query, match string, items []textseg.Item) ([]candidate, error) {
	var ids []int64
	err := app.DB().Select(schema.SearchDocID).From(schema.SearchDocsTable).
		Where(dbx.HashExp{schema.SearchDocTitleKey: queryKey(q)}).
		OrderBy(schema.SearchDocID).Limit(MaxHits).Column(&ids)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	// Only those that match the whole query: an exclusion can still drop an exact title.
	var matching []int64
	err = app.DB().NewQuery(fmt.Sprintf("SELECT [[rowid]] FROM {{%[1]s}} WHERE {{%[1]s}} MATCH {:match} "+
		"AND [[rowid]] IN (SELECT [[value]] FROM json_each({:ids})) ORDER BY [[rowid]]", schema.SearchIndexTable)).
		Bind(dbx.Params{"match": match, "ids": string(list)}).Column(&matching)
	if err != nil {
		return nil, err
	}
	out := make([]candidate, len(matching))
	for i, id := range matching {
		out[i] = candidate{RowID: id, Score: exactTitleBoost}
	}
	if len(items) == 0 || len(out) == 0 {
		return out, nil
	}
	// Their levels, from the top down until each has one: exact titles are few, and a title
	// that is the query puts every item high.
	left := len(out)
	for l := levelCount; l >= 1 && left > 0; l-- {
		var at []int64
		err = app.DB().NewQuery(fmt.Sprintf("SELECT [[rowid]] FROM {{%[1]s}} WHERE {{%[1]s}} MATCH {:match} "+
			"AND [[rowid]] IN (SELECT [[value]] FROM json_each({:ids}))", schema.SearchIndexTable)).
			Bind(dbx.Params{"match": atLevel(match, items, l), "ids": string(list)}).Column(&at)
		if err != nil {
			return nil, err
		}
		for i := range out {
			if slices.Contains(at, out[i].RowID) {
				out[i].Score += float64(l)
				left--
			}
		}
	}
	slices.SortStableFunc(out, func(a, b candidate) int { return cmp.Compare(b.Score, a.Score) })
	return out, nil
}

// CountMatches returns how many indexed pages match query, whoever may read them: a figure for
// operators and benchmarks, never for clients, whom it would tell about drafts and private
// spaces.
func CountMatches(app core.App, query string) (int, error) {
	q, err := textseg.ParseQuery(query)
	if err != nil {
		return 0, err
	}
	var n int
	err = app.DB().NewQuery(fmt.Sprintf("SELECT COUNT(*) FROM {{%[1]s}} WHERE {{%[1]s}} MATCH {:match}", schema.SearchIndexTable)).
		Bind(dbx.Params{"match": columnMatch(q)}).Row(&n)
	return n, err
}
