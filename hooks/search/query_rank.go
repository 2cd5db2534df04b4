package search

import (
	"encoding/json"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/textseg"
	"folio/hooks/schema"
)

// candidate is an FTS row and its score, before anyone asked who may read it.
type candidate struct {
	RowID int64   `db:"rid"`
	Score float64 `db:"score"`
}

// rankedHit is a readable page in rank order.
type rankedHit struct {
	PageID string
	Score  float64
}

// rankReadable returns the best MaxHits pages the caller may read, in rank order, and whether
// more matched. Ranking happens in two steps so that a word found on most pages costs one pass
// of FTS5's bm25 and not a join per match: the FTS table alone orders every match and keeps the
// best k; the pages list rule then keeps the readable ones among those k. Until MaxHits+1 of
// them are readable or every match has been seen, k grows fourfold and the steps run again, so
// the outcome is exactly that of ranking the readable matches as a whole.
func rankReadable(app core.App, pages *core.Collection, info *core.RequestInfo, q textseg.Query, p Params) ([]rankedHit, bool, error) {
	exact, err := exactTitleRows(app, q)
	if err != nil {
		return nil, false, err
	}
	for k := maxHits() + 1; ; k *= 4 {
		cands, err := candidates(app, q, exact, k)
		if err != nil {
			return nil, false, err
		}
		readable, err := readableAmong(app, pages, info, p, cands)
		if err != nil {
			return nil, false, err
		}
		ranked := make([]rankedHit, 0, min(len(readable), maxHits()+1))
		for _, c := range cands {
			if id, ok := readable[c.RowID]; ok {
				ranked = append(ranked, rankedHit{PageID: id, Score: c.Score})
			}
		}
		if len(ranked) > maxHits() {
			return ranked[:maxHits()], true, nil
		}
		if len(cands) < k {
			return ranked, false, nil
		}
	}
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
	var out []candidate
	err := app.DB().NewQuery(fmt.Sprintf(
		"SELECT [[%[1]s.rowid]] AS [[rid]], %[2]s AS [[score]] FROM {{%[1]s}} WHERE {{%[1]s}} MATCH {:match} ORDER BY [[score]] DESC, [[rid]] LIMIT {:k}",
		schema.SearchIndexTable, score)).Bind(params).All(&out)
	return out, err
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
