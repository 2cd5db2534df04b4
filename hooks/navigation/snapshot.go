package navigation

import (
	"cmp"
	"database/sql"
	"errors"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// navRow is a page as the snapshot keeps it: what navigation says of it, and its publish
// window, judged per request against the time of the request.
type navRow struct {
	pageRow
	PublishAt   string
	UnpublishAt string
}

// spaceSnapshot holds the navigation columns of every page of one space, in every locale and
// state, as they stood at one navigation version (schema.NavigationVersionsTable). Rows are
// in tree order of path (treeCompare), then by locale, and never change once built; what a caller may read of them is
// decided per request (readAccess).
type spaceSnapshot struct {
	space   string
	version string
	seq     int64 // the number of the write the version belongs to
	rows    []navRow
	answers treeAnswers // encoded trees built from rows (tree_answer.go)
}

// maxSnapshotRows bounds the rows the snapshots of one process hold together, about 230 bytes
// each (55 MB in all); past it the least recently read spaces are dropped. A space larger
// than the bound alone is still kept, by itself.
const maxSnapshotRows = 250_000

// snapshotsKey is where an app keeps its snapshots, in app.Store().
const snapshotsKey = "folio.navigation.snapshots"

// snapshots is one app's cache of space snapshots.
type snapshots struct {
	mu    sync.Mutex
	slots map[string]*snapshotSlot
	tick  uint64
}

// snapshotSlot holds the snapshot of one space; its lock makes concurrent requests that find
// the snapshot stale build it once. used and rows belong to the cache's lock.
type snapshotSlot struct {
	mu   sync.Mutex
	snap *spaceSnapshot
	used uint64
	rows int
}

func snapshotsOf(app core.App) *snapshots {
	return app.Store().GetOrSet(snapshotsKey, func() any {
		return &snapshots{slots: map[string]*snapshotSlot{}}
	}).(*snapshots)
}

// slot returns the slot of space, marked as read now.
func (c *snapshots) slot(space string) *snapshotSlot {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tick++
	s, ok := c.slots[space]
	if !ok {
		s = &snapshotSlot{}
		c.slots[space] = s
	}
	s.used = c.tick
	return s
}

// kept records that the slot of space now holds rows rows, and drops the least recently read
// other spaces while all of them hold more than maxSnapshotRows.
func (c *snapshots) kept(space string, s *snapshotSlot, rows int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.rows = rows
	total := 0
	for _, o := range c.slots {
		total += o.rows
	}
	for total > maxSnapshotRows {
		oldest, at := "", ^uint64(0)
		for id, o := range c.slots {
			if id != space && o.used < at {
				oldest, at = id, o.used
			}
		}
		if oldest == "" {
			return
		}
		total -= c.slots[oldest].rows
		delete(c.slots, oldest)
	}
}

// loadSnapshot returns the snapshot of space at its current navigation version, bringing the
// kept one up to date when the version moved since: from the pages the logged changes name
// when there are few of them (advance), from every page of the space otherwise. Inside a
// transaction the snapshot is built from what the transaction sees and never kept: its writes
// may yet roll back.
func loadSnapshot(app core.App, space string) (*spaceSnapshot, error) {
	if app.IsTransactional() {
		at, err := spaceVersion(app, space)
		if err != nil {
			return nil, err
		}
		return buildSnapshot(app, space, at)
	}
	c := snapshotsOf(app)
	s := c.slot(space)
	s.mu.Lock()
	defer s.mu.Unlock()
	// The version is read before the rows: a write committed in between gives rows newer than
	// the version they are kept under, and the next request, seeing the newer version, reads
	// that write's page again (or everything again).
	at, err := spaceVersion(app, space)
	if err != nil {
		return nil, err
	}
	if s.snap != nil && s.snap.version == at.version {
		return s.snap, nil
	}
	var snap *spaceSnapshot
	if s.snap != nil {
		if snap, err = advance(app, s.snap, at); err != nil {
			return nil, err
		}
		if snap != nil {
			snapshotCounts.advanced.Add(1)
		}
	}
	if snap == nil {
		if snap, err = buildSnapshot(app, space, at); err != nil {
			return nil, err
		}
		snapshotCounts.built.Add(1)
	}
	s.snap = snap
	c.kept(space, s, len(snap.rows))
	return snap, nil
}

// snapshotCounts counts the snapshots kept, built from every page or advanced from the logged
// changes, in this process.
var snapshotCounts struct{ built, advanced atomic.Int64 }

// navVersion is where a space's pages stand: a random version that every page write changes,
// and the number of that write (schema.NavigationVersionsTable).
type navVersion struct {
	version string
	seq     int64
}

// spaceVersion reads the navigation version of space; a space whose pages were never written
// since the version table exists has the empty version.
func spaceVersion(app core.App, space string) (navVersion, error) {
	var at navVersion
	err := app.DB().Select(schema.NavigationVersion, schema.NavigationVersionSeq).From(schema.NavigationVersionsTable).
		Where(dbx.HashExp{schema.NavigationVersionSpace: space}).Row(&at.version, &at.seq)
	if errors.Is(err, sql.ErrNoRows) {
		return navVersion{}, nil
	}
	return at, err
}

// maxAdvance bounds the changes a snapshot is brought up to date by; past it (a bulk move, an
// import) reading every page of the space costs less than reading those pages one by one.
const maxAdvance = 512

// advance returns snap brought up to at by reading again the pages that the changes logged
// since snap name, or nil when the log cannot tell them all: too many changes, changes no
// longer kept, or a version that moved without a logged change (a pages table whose triggers
// do not log). A page read again replaces its row, or removes it when it is gone from the space.
func advance(app core.App, snap *spaceSnapshot, at navVersion) (*spaceSnapshot, error) {
	n := at.seq - snap.seq
	if n <= 0 || n > maxAdvance || n > int64(len(snap.rows)/4+16) {
		return nil, nil
	}
	var changed []string
	err := app.DB().Select(schema.NavigationChangePage).From(schema.NavigationChangesTable).
		Where(dbx.HashExp{schema.NavigationChangeSpace: snap.space}).
		AndWhere(dbx.Between(schema.NavigationChangeSeq, snap.seq+1, at.seq)).Column(&changed)
	if err != nil || int64(len(changed)) != n {
		return nil, err
	}
	ids := make(map[string]bool, len(changed))
	in := make([]any, 0, len(changed))
	for _, id := range changed {
		if !ids[id] {
			ids[id] = true
			in = append(in, id)
		}
	}
	fresh, err := readNavRows(app, dbx.And(dbx.HashExp{schema.PageSpace: snap.space}, dbx.In("id", in...)))
	if err != nil {
		return nil, err
	}
	sortNavRows(fresh)
	rows := make([]navRow, 0, len(snap.rows)+len(fresh))
	i := 0
	for _, r := range snap.rows {
		if ids[r.Id] {
			continue
		}
		for i < len(fresh) && navRowCompare(fresh[i], r) < 0 {
			rows = append(rows, fresh[i])
			i++
		}
		rows = append(rows, r)
	}
	rows = append(rows, fresh[i:]...)
	return &spaceSnapshot{space: snap.space, version: at.version, seq: at.seq, rows: rows}, nil
}

// buildSnapshot reads the navigation columns of every page of space.
func buildSnapshot(app core.App, space string, at navVersion) (*spaceSnapshot, error) {
	rows, err := readNavRows(app, dbx.HashExp{schema.PageSpace: space})
	if err != nil {
		return nil, err
	}
	sortNavRows(rows)
	return &spaceSnapshot{space: space, version: at.version, seq: at.seq, rows: rows}, nil
}

// readNavRows reads the navigation columns of the pages matching where. Values that repeat
// across pages (locales, states) are shared, not copied per row.
func readNavRows(app core.App, where dbx.Expression) ([]navRow, error) {
	res, err := app.DB().Select(append(slices.Clone(rowColumns), schema.PagePublishAt, schema.PageUnpublishAt)...).
		From(schema.CollectionPages).Where(where).Rows()
	if err != nil {
		return nil, err
	}
	defer res.Close()
	words := map[string]string{}
	intern := func(s string) string {
		if w, ok := words[s]; ok {
			return w
		}
		words[s] = s
		return s
	}
	// Scanned into interfaces: the driver's values pass as they are, where sql.Null* types
	// would convert each one again.
	var vals [13]any
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &vals[i]
	}
	text := func(v any) string {
		switch t := v.(type) {
		case string:
			return t
		case []byte:
			return string(t)
		}
		return ""
	}
	number := func(v any) int {
		switch n := v.(type) {
		case int64:
			return int(n)
		case float64:
			return int(n)
		}
		return 0
	}
	rows := []navRow{}
	for res.Next() {
		if err := res.Scan(dest...); err != nil {
			return nil, err
		}
		rows = append(rows, navRow{
			pageRow: pageRow{
				Id: text(vals[0]), Locale: intern(text(vals[1])), Path: text(vals[2]), Title: text(vals[3]),
				LinkTitle: text(vals[4]), Weight: number(vals[5]), Render: intern(text(vals[6])),
				Status: intern(text(vals[7])), Revision: number(vals[8]), SourceRevision: number(vals[9]),
				State: intern(text(vals[10])),
			},
			PublishAt: text(vals[11]), UnpublishAt: text(vals[12]),
		})
	}
	return rows, res.Err()
}

// sortNavRows puts rows in the snapshot's order: tree order of path, then locale.
func sortNavRows(rows []navRow) {
	slices.SortFunc(rows, navRowCompare)
}

func navRowCompare(a, b navRow) int {
	if c := treeCompare(a.Path, b.Path); c != 0 {
		return c
	}
	return cmp.Compare(a.Locale, b.Locale)
}

// under returns the rows at path and those below it (all rows, as below, when path is empty).
// In tree order a path's descendants follow it directly, in one run.
func (s *spaceSnapshot) under(path string) (self, below []navRow) {
	if path == "" {
		return nil, s.rows
	}
	self = s.at(path)
	lo := sort.Search(len(s.rows), func(i int) bool { return treeCompare(s.rows[i].Path, path) > 0 })
	hi := lo + sort.Search(len(s.rows)-lo, func(i int) bool { return !isBelow(s.rows[lo+i].Path, path) })
	return self, s.rows[lo:hi]
}

// at returns the rows at exactly path, one per locale.
func (s *spaceSnapshot) at(path string) []navRow {
	lo := sort.Search(len(s.rows), func(i int) bool { return treeCompare(s.rows[i].Path, path) >= 0 })
	hi := lo
	for hi < len(s.rows) && s.rows[hi].Path == path {
		hi++
	}
	return s.rows[lo:hi]
}

// isBelow reports whether p lies below dir.
func isBelow(p, dir string) bool {
	return len(p) > len(dir) && p[len(dir)] == '/' && p[:len(dir)] == dir
}

// treeCompare orders paths as the tree lists them: byte by byte, with "/" before every other
// byte, so that a path is directly followed by everything below it ("a", "a/b", "a-c" rather
// than the byte order "a", "a-c", "a/b").
func treeCompare(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	switch {
	case i == n:
		return cmp.Compare(len(a), len(b))
	case a[i] == '/':
		return -1
	case b[i] == '/':
		return 1
	}
	return cmp.Compare(a[i], b[i])
}

// pick appends to out, path by path in tree order, the row a reader of locale sees among rows (in
// tree order): the readable row in locale, else the readable row in source, marked fallback.
// Paths with neither are left out.
func pick(out []pickedRow, rows []navRow, access readAccess, locale, source string) []pickedRow {
	for i := 0; i < len(rows); {
		j := i
		var in, src *navRow
		for ; j < len(rows) && rows[j].Path == rows[i].Path; j++ {
			r := &rows[j]
			switch {
			case r.Locale != locale && r.Locale != source:
			case !access.allows(r.Status, r.Render, r.PublishAt, r.UnpublishAt):
			case r.Locale == locale:
				in = r
			default:
				src = r
			}
		}
		switch {
		case in != nil:
			out = append(out, pickedRow{pageRow: &in.pageRow})
		case src != nil:
			out = append(out, pickedRow{pageRow: &src.pageRow, fallback: true})
		}
		i = j
	}
	return out
}

// size estimates the memory the snapshot holds, in bytes: the rows and the text they own.
func (s *spaceSnapshot) size() int {
	n := cap(s.rows) * int(unsafe.Sizeof(navRow{}))
	for _, r := range s.rows {
		n += len(r.Id) + len(r.Path) + len(r.Title) + len(r.LinkTitle) + len(r.PublishAt) + len(r.UnpublishAt)
	}
	return n
}
