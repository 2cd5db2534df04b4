package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks"
	"folio/hooks/schema"
	"folio/hooks/search"
	_ "folio/migrations"
)

// newApp builds a Folio app in dir from every migration, with Folio's hooks.
func newApp(dir string) (core.App, error) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		return nil, fmt.Errorf("bootstrap: %w", err)
	}
	if err := app.RunAllMigrations(); err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return app, hooks.Register(app)
}

// world is the benchmark's app: one public space holding every page, and a viewer of it.
type world struct {
	app    core.App
	space  *core.Record
	viewer *core.Record
	pages  int
	// bodyBytes is the markdown the generated pages hold, for the mean page size.
	bodyBytes int
}

func newWorld(app core.App) (*world, error) {
	spaces, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
	if err != nil {
		return nil, err
	}
	space := core.NewRecord(spaces)
	space.Load(map[string]any{schema.SpaceSlug: "bench", schema.SpaceName: "Bench",
		schema.SpaceVisibility: schema.VisibilityPublic, schema.SpaceSourceLocale: "en",
		schema.SpaceLocales: []string{"fr", "ko", "ja", "zh"}})
	if err := app.Save(space); err != nil {
		return nil, err
	}
	users, err := app.FindCollectionByNameOrId(schema.CollectionUsers)
	if err != nil {
		return nil, err
	}
	viewer := core.NewRecord(users)
	viewer.SetEmail("viewer@example.com")
	viewer.SetPassword("correct-horse-battery-staple-42")
	if err := app.Save(viewer); err != nil {
		return nil, err
	}
	m, err := app.FindCollectionByNameOrId(schema.CollectionMemberships)
	if err != nil {
		return nil, err
	}
	member := core.NewRecord(m)
	member.Load(map[string]any{schema.MembershipSpace: space.Id, schema.MembershipUser: viewer.Id, schema.MembershipRole: schema.RoleViewer})
	return &world{app: app, space: space, viewer: viewer}, app.Save(member)
}

// insertPages writes n generated pages straight into the pages table, 1 in 10 a draft: loading
// 100,000 pages through every Folio hook (revisions, rendering, links) would take most of the
// time budget and measure the pages concern, not search. The index is built afterwards.
func (w *world) insertPages(writers []*writer, n int) error {
	return w.app.RunInTransaction(func(tx core.App) error {
		now := time.Now().UTC().Format("2006-01-02 15:04:05.000Z")
		for i := range n {
			p := writers[i%len(writers)].page(i)
			w.bodyBytes += len(p.body)
			tags, _ := json.Marshal(p.tags)
			// Every language gets the same share of drafts (pages go round-robin over them).
			status := schema.PagePublished
			if (i/len(writers))%10 == 9 {
				status = schema.PageDraft
			}
			_, err := tx.DB().Insert(schema.CollectionPages, dbx.Params{
				"id": fmt.Sprintf("bench%010d", i), schema.PageSpace: w.space.Id, schema.PageLocale: p.locale,
				schema.PagePath: p.path, schema.PageTitle: p.title, schema.PageBody: p.body, schema.PageHTML: p.html,
				schema.PageTags: string(tags), schema.PageStatus: status, schema.PageRevision: 1,
				schema.PageCreated: now, schema.PageUpdated: now,
			}).Execute()
			if err != nil {
				return err
			}
		}
		w.pages = n
		return nil
	})
}

// indexPages indexes every page with search.IndexPage, the function the page hooks call, in
// transactions of 1,000 pages, and returns the time it took.
func (w *world) indexPages() (time.Duration, error) {
	start := time.Now()
	const batch = 1000
	for from := 0; from < w.pages; from += batch {
		err := w.app.RunInTransaction(func(tx core.App) error {
			var records []*core.Record
			err := tx.RecordQuery(schema.CollectionPages).
				AndWhere(dbx.Between("id", fmt.Sprintf("bench%010d", from), fmt.Sprintf("bench%010d", from+batch-1))).
				All(&records)
			if err != nil {
				return err
			}
			for _, r := range records {
				if err := search.IndexPage(tx, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// savePages saves n more generated pages through app.Save, each in its own transaction with
// every Folio hook, and returns the mean time per page.
func (w *world) savePages(writers []*writer, n, offset int) (time.Duration, error) {
	pages, err := w.app.FindCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	for i := range n {
		p := writers[i%len(writers)].page(offset + i)
		r := core.NewRecord(pages)
		r.Load(map[string]any{schema.PageSpace: w.space.Id, schema.PageLocale: p.locale, schema.PagePath: p.path,
			schema.PageTitle: p.title, schema.PageBody: p.body, schema.PageTags: p.tags, schema.PageStatus: schema.PagePublished})
		if err := w.app.Save(r); err != nil {
			return 0, fmt.Errorf("save %s: %w", p.path, err)
		}
	}
	w.pages += n
	return time.Since(start) / time.Duration(max(n, 1)), nil
}
