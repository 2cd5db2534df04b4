package navigation

import (
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/pagepath"
	"folio/hooks/schema"
)

// maxConflictsNamed bounds how many taken addresses a refusal lists.
const maxConflictsNamed = 5

// planMove lists the pages that move with page and their new addresses, and refuses the move
// when one of those addresses belongs to a page that stays.
func planMove(tx core.App, page *core.Record, target, toLocale string, body moveRequest) ([]movePlan, error) {
	space, from, fromLocale := page.GetString(schema.PageSpace), page.GetString(schema.PagePath), page.GetString(schema.PageLocale)
	q := tx.RecordQuery(schema.CollectionPages).AndWhere(dbx.HashExp{schema.PageSpace: space})
	if !body.Translations {
		q.AndWhere(dbx.HashExp{schema.PageLocale: fromLocale})
	}
	if body.Subtree {
		q.AndWhere(underPath(schema.CollectionPages+"."+schema.PagePath, from))
	} else {
		q.AndWhere(dbx.HashExp{schema.PagePath: from})
	}
	var members []*core.Record
	if err := q.All(&members); err != nil {
		return nil, err
	}
	moving := make(map[string]bool, len(members))
	plan := make([]movePlan, 0, len(members))
	for _, m := range members {
		moving[m.Id] = true
		old := m.GetString(schema.PagePath)
		next, err := pagepath.Normalize(target + old[len(from):])
		if err != nil {
			return nil, refuse("path", "validation_invalid_path",
				fmt.Sprintf("Moving %s to %s would give %s an address it cannot have: %v", from, target, old, err))
		}
		locale := m.GetString(schema.PageLocale)
		if !body.Translations {
			locale = toLocale
		}
		plan = append(plan, movePlan{page: m, locale: locale, path: next, fromL: m.GetString(schema.PageLocale), fromP: old})
	}
	if err := checkTargetsFree(tx, space, target, plan, moving); err != nil {
		return nil, err
	}
	return plan, nil
}

// checkTargetsFree refuses the plan when a page that does not move holds one of its new
// addresses, naming the first few.
func checkTargetsFree(tx core.App, space, target string, plan []movePlan, moving map[string]bool) error {
	type address struct{ locale, path string }
	var taken []struct {
		Id     string `db:"id"`
		Locale string `db:"locale"`
		Path   string `db:"path"`
	}
	err := tx.DB().Select("id", schema.PageLocale, schema.PagePath).From(schema.CollectionPages).
		Where(dbx.HashExp{schema.PageSpace: space}).
		AndWhere(underPath(schema.PagePath, target)).All(&taken)
	if err != nil {
		return err
	}
	holders := make(map[address]string, len(taken))
	for _, t := range taken {
		if !moving[t.Id] {
			holders[address{t.Locale, t.Path}] = t.Id
		}
	}
	var conflicts []string
	for _, m := range plan {
		if _, ok := holders[address{m.locale, m.path}]; ok {
			conflicts = append(conflicts, m.locale+"/"+m.path)
		}
	}
	if len(conflicts) == 0 {
		return nil
	}
	more := ""
	if len(conflicts) > maxConflictsNamed {
		more = fmt.Sprintf(" and %d more", len(conflicts)-maxConflictsNamed)
		conflicts = conflicts[:maxConflictsNamed]
	}
	return refuse("path", "validation_path_taken", fmt.Sprintf(
		"Another page already lives at %s%s; move or delete it first, or choose another path.", strings.Join(conflicts, ", "), more))
}
