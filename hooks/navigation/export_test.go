package navigation

import (
	"runtime"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// ReadableIds returns the ids of the pages of space, in every locale, the caller of info may
// read: through what the routes use (fast: the space's snapshot and readAccess while the pages
// rule is Folio's) or through the pages rule evaluated in the query.
func ReadableIds(app core.App, info *core.RequestInfo, space *core.Record, fast bool) ([]string, error) {
	var ids []string
	if fast {
		for _, l := range spaceLocales(space) {
			picked, err := readablePicksUnder(app, info, space, l, l, "")
			if err != nil {
				return nil, err
			}
			for _, p := range picked {
				ids = append(ids, p.Id)
			}
		}
		return ids, nil
	}
	rows, err := findReadableRowsByRule(app, info, dbx.HashExp{"pages.space": space.Id})
	for _, r := range rows {
		ids = append(ids, r.Id)
	}
	return ids, err
}

// ModelsReadRule reports whether the fast filter applies to the pages collection's rules.
var ModelsReadRule = modelsReadRule

// TreeByRule is the "page" and "items" of a tree answer built without the snapshot: from the
// rows the pages rule lets PocketBase read, as JSON.
func TreeByRule(app core.App, info *core.RequestInfo, space *core.Record, locale, path string, depth int) ([]byte, error) {
	source := spaceLocales(space)[0]
	rows, err := findReadableRowsByRule(app, info, dbx.And(inSpace(space.Id, locale, source),
		underPath("pages.path", path)))
	if err != nil {
		return nil, err
	}
	root, items := buildTree(pickLocale(rows, locale, source), path, depth)
	buf := append([]byte(`{"page":`), appendNodeJSON(nil, root)...)
	buf = append(buf, `,"items":`...)
	return append(appendTreeJSON(buf, items), '}'), nil
}

// KeptSnapshot returns the version of the snapshot app keeps for space and its size in bytes;
// ok is false when none is kept.
func KeptSnapshot(app core.App, space string) (version string, size int, ok bool) {
	s := snapshotsOf(app)
	s.mu.Lock()
	slot := s.slots[space]
	s.mu.Unlock()
	if slot == nil {
		return "", 0, false
	}
	slot.mu.Lock()
	defer slot.mu.Unlock()
	if slot.snap == nil {
		return "", 0, false
	}
	return slot.snap.version, slot.snap.size(), true
}

// SpaceVersion reads the navigation version of space.
func SpaceVersion(app core.App, space string) (string, error) {
	at, err := spaceVersion(app, space)
	return at.version, err
}

// SnapshotCounts returns how many snapshots were kept so far, built from every page and
// advanced from the logged changes.
func SnapshotCounts() (built, advanced int64) {
	return snapshotCounts.built.Load(), snapshotCounts.advanced.Load()
}

// MeasureSnapshot builds the snapshot of space afresh and returns the bytes it holds: as
// size() estimates them, and as the Go heap grew while it was kept (after a collection) — and
// the time the build took.
func MeasureSnapshot(app core.App, space string) (estimated, heap int, took time.Duration, err error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	snap, err := buildSnapshot(app, space, navVersion{})
	took = time.Since(start)
	if err != nil {
		return 0, 0, 0, err
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(snap)
	return snap.size(), int(after.HeapAlloc) - int(before.HeapAlloc), took, nil
}

// KeepTreeAnswers turns the kept tree answers on or off.
func KeepTreeAnswers(on bool) { keepTreeAnswers = on }
