package transfer

import (
	"encoding/json"
	"reflect"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// importPage creates or updates the page d describes, inside one transaction, and returns
// the outcome and the page. An unchanged page is not saved, so it gets no revision and no new
// updated date.
func importPage(app core.App, spaceId string, d pageData, user string) (string, *core.Record, error) {
	var outcome string
	var page *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		var err error
		page, err = findPage(tx, spaceId, d.Locale, d.Path)
		if err != nil {
			return err
		}
		switch {
		case page == nil:
			col, err := tx.FindCachedCollectionByNameOrId(schema.CollectionPages)
			if err != nil {
				return err
			}
			page = core.NewRecord(col)
			page.Set(schema.PageSpace, spaceId)
			page.Set(schema.PageLocale, d.Locale)
			page.Set(schema.PagePath, d.Path)
			page.Set(schema.PageAuthor, user)
			outcome = outcomeCreated
		case sameAsFile(page, d):
			outcome = outcomeUnchanged
			return nil
		default:
			outcome = outcomeUpdated
		}
		d.setOn(page, user)
		d.Nav.setOn(page)
		if err := tx.Save(page); err != nil {
			return err
		}
		return saveAliases(tx, page, d.Nav.Aliases)
	})
	return outcome, page, err
}

// findPage returns the page at (space, locale, path), or nil.
func findPage(app core.App, spaceId, locale, path string) (*core.Record, error) {
	var found []*core.Record
	err := app.RecordQuery(schema.CollectionPages).
		AndWhere(dbx.HashExp{schema.PageSpace: spaceId, schema.PageLocale: locale, schema.PagePath: path}).
		Limit(1).All(&found)
	if err != nil || len(found) == 0 {
		return nil, err
	}
	return found[0], nil
}

// sameAsFile reports whether saving d would change nothing a person can see: the content
// fields, the status and the extra keys. Dates alone do not count, so that an export written
// later (with its own dates) re-imports as unchanged; nor does Wiki.js's default editor key
// (editor: markdown), which every Wiki.js export writes, Hugo pages included.
func sameAsFile(page *core.Record, d pageData) bool {
	return page.GetString(schema.PageTitle) == d.Title &&
		page.GetString(schema.PageDescription) == d.Description &&
		page.GetString(schema.PageBody) == d.Body &&
		slices.Equal(storedTags(page), d.Tags) &&
		page.GetString(schema.PageStatus) == d.Status &&
		d.Nav.sameOn(page) &&
		sameJSON(withoutDefaultEditor([]byte(page.GetString(schema.PageExtra))), withoutDefaultEditor(d.Extra))
}

// setOn writes d into page. The dates of the file replace the automatic ones through SetRaw
// (autodate fields ignore Set): created when the file has one, updated when the file's date
// differs from the stored one — an edited file whose date was left alone is updated now.
func (d pageData) setOn(page *core.Record, user string) {
	page.Set(schema.PageTitle, d.Title)
	page.Set(schema.PageDescription, d.Description)
	page.Set(schema.PageBody, d.Body)
	page.Set(schema.PageTags, d.Tags)
	page.Set(schema.PageStatus, d.Status)
	page.Set(schema.PageExtra, types.JSONRaw(d.Extra))
	page.Set(schema.PageEditor, user)
	if !d.Created.IsZero() {
		page.SetRaw(schema.PageCreated, dateTime(d.Created))
	}
	if !d.Updated.IsZero() && !page.GetDateTime(schema.PageUpdated).Time().Equal(d.Updated) {
		page.SetRaw(schema.PageUpdated, dateTime(d.Updated))
	}
}

func dateTime(t time.Time) types.DateTime {
	dt, _ := types.ParseDateTime(t)
	return dt
}

// storedTags reads a page's tags; anything that is not a list of strings reads as no tags,
// which compares as a change and is rewritten by the save.
func storedTags(page *core.Record) []string {
	var tags []string
	if err := json.Unmarshal([]byte(page.GetString(schema.PageTags)), &tags); err != nil || tags == nil {
		return []string{}
	}
	return tags
}

// sameJSON compares two JSON values by meaning; null and {} both mean "no extra keys".
func sameJSON(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil {
		va = nil
	}
	if json.Unmarshal(b, &vb) != nil {
		vb = nil
	}
	return reflect.DeepEqual(emptyAsNil(va), emptyAsNil(vb))
}

func emptyAsNil(v any) any {
	if m, ok := v.(map[string]any); ok && len(m) == 0 {
		return nil
	}
	return v
}
