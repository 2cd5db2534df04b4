package pages

import (
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// ScheduleJobId names the cron job that applies publish_at and unpublish_at.
const ScheduleJobId = "folio_pages_schedule"

// isLive reports whether the page is visible to its viewers at t: published and inside its
// publish window. The API rules decide this themselves, against @now, on every read; the stored
// live flag mirrors it so that the scheduler can find the pages whose state the clock changed.
func isLive(r *core.Record, t time.Time) bool {
	if r.GetString(schema.PageStatus) != schema.PagePublished {
		return false
	}
	from, until := r.GetDateTime(schema.PagePublishAt), r.GetDateTime(schema.PageUnpublishAt)
	return (from.IsZero() || !from.Time().After(t)) && (until.IsZero() || until.Time().After(t))
}

var scheduleMu sync.Mutex

// ApplySchedule flips the live flag of every page whose publish_at or unpublish_at has passed
// by now, and saves it: realtime subscribers who may now see a page get PocketBase's update
// event, those who no longer may get a delete. The cron job runs it every minute; tests call it
// with their own clock. It returns how many pages changed. A run that finds another one going
// returns at once (cron starts each tick in a new goroutine).
func ApplySchedule(app core.App, now time.Time) (int, error) {
	if !scheduleMu.TryLock() {
		return 0, nil
	}
	defer scheduleMu.Unlock()
	changed := 0
	for range maxScheduleBatches {
		due, err := findScheduleDue(app, now)
		if err != nil || len(due) == 0 {
			return changed, err
		}
		n := applyDue(app, due, now)
		if n == 0 {
			return changed, nil // only pages that failed to save are left; they are logged
		}
		changed += n
	}
	return changed, nil
}

// maxScheduleBatches bounds one run; pages left over wait for the next minute.
const maxScheduleBatches = 100

func applyDue(app core.App, due []*core.Record, now time.Time) int {
	changed := 0
	for _, page := range due {
		live := isLive(page, now)
		if live == page.GetBool(schema.PageLive) {
			continue
		}
		var kept *lostSight
		if !live && hasPageSubscribers(app, page.Collection()) {
			// Who saw it just before it went: the rules as of a moment before unpublish_at,
			// decided once the save is committed.
			if row, err := storedRow(app, page); err == nil {
				kept = &lostSight{before: page.Fresh(), row: row, at: page.GetDateTime(schema.PageUnpublishAt).Time().Add(-time.Millisecond)}
			}
		}
		page.Set(schema.PageLive, live)
		if err := app.Save(page); err != nil {
			app.Logger().Error("Failed to apply a page's publish schedule", "error", err, "page", page.Id)
			continue
		}
		if kept != nil {
			loseSight(app, page.Collection(), page.Id, kept, now)
		}
		changed++
	}
	return changed
}

// findScheduleDue finds the pages whose live flag the clock made wrong: not live but now inside
// their window, or live but past their unpublish_at. Both halves use an index on the date.
func findScheduleDue(app core.App, now time.Time) ([]*core.Record, error) {
	stamp, err := types.ParseDateTime(now.UTC())
	if err != nil {
		return nil, err
	}
	where := fmt.Sprintf("([[%[1]s]] = FALSE AND [[%[2]s]] = {:published} AND [[%[3]s]] != '' AND [[%[3]s]] <= {:now}"+
		" AND ([[%[4]s]] = '' OR [[%[4]s]] > {:now})) OR ([[%[1]s]] = TRUE AND [[%[4]s]] != '' AND [[%[4]s]] <= {:now})",
		schema.PageLive, schema.PageStatus, schema.PagePublishAt, schema.PageUnpublishAt)
	var out []*core.Record
	err = app.RecordQuery(schema.CollectionPages).
		Where(dbx.NewExp(where, dbx.Params{"published": schema.PagePublished, "now": stamp.String()})).
		Limit(1000).All(&out)
	return out, err
}

// bindSchedule adds the scheduler's cron job. PocketBase runs cron only under serve.
func bindSchedule(app core.App) {
	app.Cron().MustAdd(ScheduleJobId, "* * * * *", func() {
		if _, err := ApplySchedule(app, time.Now()); err != nil {
			app.Logger().Error("Failed to apply the page publish schedule", "error", err)
		}
	})
}
