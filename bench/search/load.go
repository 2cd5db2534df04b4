package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks"
	"folio/hooks/schema"
	"folio/hooks/search"
	_ "folio/migrations"
)

// generatorVersion names what corpus.go and buildWorld produce. Change it whenever they change:
// a cached data directory is reused only by the generator that built it (and only while the
// index format is the same, see search.IndexFormat).
const generatorVersion = "g2"

// newApp opens (or creates) a Folio app in dir with every migration applied and Folio's hooks.
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

// openWorld returns the world of n generated pages, built once per generator version and index
// format under cache (reused by later runs, which only read it and remove what they add), or
// in a temporary directory removed by the returned cleanup when cache is "".
func openWorld(cache string, writers []*writer, n int) (*world, func(), error) {
	if cache == "" {
		dir, err := os.MkdirTemp("", "folio-search-bench-*")
		if err != nil {
			return nil, nil, err
		}
		w, err := buildWorld(dir, writers, n)
		if err != nil {
			os.RemoveAll(dir)
			return nil, nil, err
		}
		return w, func() { w.app.ResetBootstrapState(); os.RemoveAll(dir) }, nil
	}
	dir := filepath.Join(cache, fmt.Sprintf("%s-%s-%d", generatorVersion, search.IndexFormat, n))
	if _, err := os.Stat(filepath.Join(dir, "ready")); err != nil {
		if err := buildCached(dir, writers, n); err != nil {
			return nil, nil, err
		}
	} else {
		fmt.Printf("reusing the generated data directory %s\n", dir)
	}
	app, err := newApp(filepath.Join(dir, "pb_data"))
	if err != nil {
		return nil, nil, err
	}
	w := &world{app: app, pages: n}
	if w.space, err = app.FindFirstRecordByData(schema.CollectionSpaces, schema.SpaceSlug, "bench"); err != nil {
		return nil, nil, err
	}
	if w.viewer, err = app.FindAuthRecordByEmail(schema.CollectionUsers, "viewer@example.com"); err != nil {
		return nil, nil, err
	}
	if err := app.DB().NewQuery("SELECT COALESCE(SUM(LENGTH(body)), 0) FROM pages WHERE id LIKE 'bench%'").Row(&w.bodyBytes); err != nil {
		return nil, nil, err
	}
	return w, func() { app.ResetBootstrapState() }, nil
}

// buildCached builds the world in dir.building and renames it to dir once complete, so a run
// that dies half-way leaves nothing a later run would mistake for a corpus. A second run that
// starts while one is building stops instead of building the same corpus beside it.
func buildCached(dir string, writers []*writer, n int) error {
	tmp := dir + ".building"
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	if err := os.Mkdir(tmp, 0o755); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s exists: another run is building this corpus (remove it if none is)", tmp)
		}
		return err
	}
	w, err := buildWorld(filepath.Join(tmp, "pb_data"), writers, n)
	if err != nil {
		os.RemoveAll(tmp)
		return err
	}
	w.app.ResetBootstrapState()
	if err := os.WriteFile(filepath.Join(tmp, "ready"), []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}

// buildWorld creates the space, the viewer and n generated pages in dir, indexed.
func buildWorld(dir string, writers []*writer, n int) (*world, error) {
	app, err := newApp(dir)
	if err != nil {
		return nil, err
	}
	w, err := newWorld(app)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	took, err := w.bulkLoad(writers, n)
	if err != nil {
		return nil, err
	}
	fmt.Printf("generated, inserted and indexed %d pages (markdown bodies of %.1f KB on average) in %s; index merged in %s\n", n,
		float64(w.bodyBytes)/float64(max(n, 1))/1024, time.Since(start).Round(time.Second), took.Round(time.Millisecond))
	return w, nil
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

// bulkBatch is how many pages one transaction of the bulk load writes.
const bulkBatch = 5000

// genBatch is one batch of generated pages: their rows and the index entries computed for them.
type genBatch struct {
	rows    []dbx.Params
	entries []search.Entry
	bytes   int
}

// bulkLoad writes n generated pages straight into the pages table, 1 in 10 a draft, with their
// index rows: loading 100,000 pages through every Folio hook (revisions, rendering, links) would
// measure the pages concern, not search. The index rows are search.EntryOf's, the function a
// page save indexes with, computed on every CPU while the previous batch is written; the FTS
// table is then merged into one segment, as `folio search reindex` leaves it. It returns the
// time the merge took.
func (w *world) bulkLoad(writers []*writer, n int) (time.Duration, error) {
	pagesCol, err := w.app.FindCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return 0, err
	}
	batches := make(chan genBatch, 1)
	go func() {
		defer close(batches)
		now := time.Now().UTC().Format("2006-01-02 15:04:05.000Z")
		for from := 0; from < n; from += bulkBatch {
			var b genBatch
			records := make([]*core.Record, 0, bulkBatch)
			for i := from; i < min(from+bulkBatch, n); i++ {
				p := writers[i%len(writers)].page(i)
				b.bytes += len(p.body)
				tags, _ := json.Marshal(p.tags)
				// Every language gets the same share of drafts (pages go round-robin over them).
				status := schema.PagePublished
				if (i/len(writers))%10 == 9 {
					status = schema.PageDraft
				}
				id := fmt.Sprintf("bench%010d", i)
				b.rows = append(b.rows, dbx.Params{
					"id": id, schema.PageSpace: w.space.Id, schema.PageLocale: p.locale,
					schema.PagePath: p.path, schema.PageTitle: p.title, schema.PageBody: p.body, schema.PageHTML: p.html,
					schema.PageTags: string(tags), schema.PageStatus: status, schema.PageRevision: 1,
					schema.PageCreated: now, schema.PageUpdated: now,
				})
				r := core.NewRecord(pagesCol)
				r.Id = id
				r.Load(map[string]any{schema.PageTitle: p.title, schema.PageBody: p.body, schema.PageTags: p.tags})
				records = append(records, r)
			}
			b.entries = search.EntriesOf(records)
			batches <- b
		}
	}()
	if err := search.BeginBulk(w.app); err != nil {
		return 0, err
	}
	for b := range batches {
		err := w.app.RunInTransaction(func(tx core.App) error {
			for _, row := range b.rows {
				if _, err := tx.DB().Insert(schema.CollectionPages, row).Execute(); err != nil {
					return err
				}
			}
			return search.WriteNew(tx, b.entries)
		})
		if err != nil {
			return 0, err
		}
		w.pages += len(b.rows)
		w.bodyBytes += b.bytes
		if w.pages%20000 == 0 {
			fmt.Printf("  %d pages written\n", w.pages)
		}
	}
	start := time.Now()
	if err := search.Optimize(w.app); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// savePages saves n more generated pages through app.Save, each in its own transaction with
// every Folio hook, and returns the mean time per page and the pages, for removal.
func (w *world) savePages(writers []*writer, n, offset int) (time.Duration, []*core.Record, error) {
	pages, err := w.app.FindCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return 0, nil, err
	}
	var saved []*core.Record
	start := time.Now()
	for i := range n {
		p := writers[i%len(writers)].page(offset + i)
		r := core.NewRecord(pages)
		r.Load(map[string]any{schema.PageSpace: w.space.Id, schema.PageLocale: p.locale, schema.PagePath: p.path,
			schema.PageTitle: p.title, schema.PageBody: p.body, schema.PageTags: p.tags})
		r.Set(schema.PageStatus, schema.PagePublished)
		if err := w.app.Save(r); err != nil {
			return 0, saved, fmt.Errorf("save %s: %w", p.path, err)
		}
		saved = append(saved, r)
	}
	return time.Since(start) / time.Duration(max(n, 1)), saved, nil
}

// removePages deletes pages the run added (through app.Delete, so the index forgets them too),
// leaving a cached corpus as the next run expects it.
func (w *world) removePages(pages []*core.Record) error {
	for _, p := range pages {
		if err := w.app.Delete(p); err != nil {
			return fmt.Errorf("delete %s: %w", p.Id, err)
		}
	}
	return nil
}
