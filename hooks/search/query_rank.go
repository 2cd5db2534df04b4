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

// candidate is an FTS row and its score, before anyone asked who may read it. A readable
// candidate is a hit.
type candidate struct {
	RowID int64
	Score float64
}

// rankReadable returns, in rank order, the first want matches the caller may read and, when a
// total is wanted (minK > 0) and the FTS step happened to return every match, how many of them
// the caller may read; -1 otherwise, and countReadable must tell. Ranking happens in two steps
// so that a word found on most pages costs one pass of FTS5's bm25 and not a join per match:
// the FTS table alone orders every match and keeps the best k (4 × want, at least minK); the
// pages list rule then checks those candidates a chunk at a time, best first, only as far as it
// takes to find want readable ones. If the k run out first, k grows fourfold and the FTS step
// runs again. The outcome is exactly that of ranking the readable matches as a whole.
func rankReadable(app core.App, pages *core.Collection, info *core.RequestInfo, q textseg.Query, p Params, want, minK int) ([]candidate, int, error) {
	exact, err := exactTitleRows(app, q)
	if err != nil {
		return nil, 0, err
	}
	var ranked []candidate
	seen, readableSeen := 0, 0
	for k := max(4*want, minK, 64); ; k *= 4 {
		cands, err := candidates(app, q, exact, k)
		if err != nil {
			return nil, 0, err
		}
		for seen < len(cands) && len(ranked) < want {
			fresh := cands[seen:min(seen+nextChunk(want-len(ranked), len(ranked), seen), len(cands))]
			readable, err := readableAmong(app, pages, info, p, fresh)
			if err != nil {
				return nil, 0, err
			}
			for _, c := range fresh {
				if readable[c.RowID] {
					if readableSeen++; len(ranked) < want {
						ranked = append(ranked, c)
					}
				}
			}
			seen += len(fresh)
		}
		if len(cands) < k && minK == 0 {
			return ranked, -1, nil
		}
		if len(cands) < k {
			// Every match is among cands: the rest need checking only to be counted.
			readable, err := readableAmong(app, pages, info, p, cands[seen:])
			return ranked, readableSeen + len(readable), err
		}
		if len(ranked) == want {
			return ranked, -1, nil
		}
	}
}

// nextChunk is how many more candidates to check to find missing readable ones, judging by the
// share of readable ones among those seen so far (all of them, at first), with some slack so a
// second look is rarely needed.
func nextChunk(missing, found, seen int) int {
	share := 1.0
	if seen > 0 {
		share = max(float64(found)/float64(seen), 0.05)
	}
	return int(float64(missing)/share*1.25) + 16
}

// exactTitleRows returns the FTS rowids of the pages whose title is the query, as a JSON array.
func exactTitleRows(app core.App, q textseg.Query) (string, error) {
	var ids []int64
	err := app.DB().Select(schema.SearchDocID).From(schema.SearchDocsTable).
		Where(dbx.HashExp{schema.SearchDocTitleKey: queryKey(q)}).Column(&ids)
	if err != nil || len(ids) == 0 {
		return "", err
	}
	b, err := json.Marshal(ids)
	return string(b), err
}

// candidates returns the k best matches of the FTS table, best first. The MATCH expression is
// textseg's, bound as a parameter; the exact-title boost applies to the rows exactTitleRows
// found (none, most of the time, which keeps the per-row work to bm25 alone).
func candidates(app core.App, q textseg.Query, exactRows string, k int) ([]candidate, error) {
	score := fmt.Sprintf("-bm25([[%s]], %g, %g, %g)", schema.SearchIndexTable, weightTitle, weightTags, weightBody)
	params := dbx.Params{"match": q.MatchExpr(), "k": k}
	if exactRows != "" {
		score += fmt.Sprintf(" + (CASE WHEN [[%s.rowid]] IN (SELECT [[value]] FROM json_each({:exact})) THEN %g ELSE 0 END)",
			schema.SearchIndexTable, exactTitleBoost)
		params["exact"] = exactRows
	}
	// One row of JSON instead of k rows: scanning a thousand rows through database/sql costs
	// more than ranking them.
	var list string
	err := app.DB().NewQuery(fmt.Sprintf("SELECT json_group_array(json_array([[rid]], [[score]])) FROM "+
		"(SELECT [[%[1]s.rowid]] AS [[rid]], %[2]s AS [[score]] FROM {{%[1]s}} WHERE {{%[1]s}} MATCH {:match} "+
		"ORDER BY [[score]] DESC, [[rid]] LIMIT {:k})", schema.SearchIndexTable, score)).Bind(params).Row(&list)
	if err != nil {
		return nil, err
	}
	var pairs [][2]float64
	if err := json.Unmarshal([]byte(list), &pairs); err != nil {
		return nil, err
	}
	out := make([]candidate, len(pairs))
	for i, pr := range pairs {
		out[i] = candidate{RowID: int64(pr[0]), Score: pr[1]}
	}
	// The aggregate's order is SQLite's choice; the rank order is the query's.
	slices.SortStableFunc(out, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.RowID, b.RowID))
	})
	return out, nil
}

// CountMatches returns how many indexed pages match query, whoever may read them: a figure for
// operators and benchmarks (ranking cost grows with it), never for clients, whom it would tell
// about drafts and private spaces.
func CountMatches(app core.App, query string) (int, error) {
	q, err := textseg.ParseQuery(query)
	if err != nil {
		return 0, err
	}
	var n int
	err = app.DB().NewQuery(fmt.Sprintf("SELECT COUNT(*) FROM {{%[1]s}} WHERE {{%[1]s}} MATCH {:match}", schema.SearchIndexTable)).
		Bind(dbx.Params{"match": q.MatchExpr()}).Row(&n)
	return n, err
}
