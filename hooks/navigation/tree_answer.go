package navigation

import (
	"slices"
	"sort"
	"sync"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// maxAnswerBytes bounds the encoded tree answers one snapshot keeps; past it they are dropped
// and kept afresh.
const maxAnswerBytes = 8 << 20

// keepTreeAnswers turns the kept answers on; benchmarks turn it off to time a tree built from
// a current snapshot.
var keepTreeAnswers = true

// treeAnswerKey names one encoded tree answer of a snapshot: who reads (every page, or the live
// ones) in which locale, under which path, how deep.
type treeAnswerKey struct {
	locale, source, path string
	depth                int
	all                  bool
}

// treeAnswer is the JSON of a tree's "page" and "items", right from the time it was built
// until the publish window of one page opens or closes (dates; both empty for a reader of every
// page, whom no window limits, and until empty when no window changes ahead).
type treeAnswer struct {
	body        []byte
	from, until string
}

// treeAnswers is the cache of encoded answers a snapshot keeps: a space's sidebar is asked for
// on every page view, by readers who all see the same tree.
type treeAnswers struct {
	mu    sync.Mutex
	byKey map[treeAnswerKey]treeAnswer
	bytes int
	dates []string // every publish_at and unpublish_at of the snapshot, sorted, once
	once  sync.Once
}

// treeJSON returns the JSON of the tree under path as a reader of locale sees it, the way
// spaceTree answers it: `"page":…,"items":[…]`. While the pages rule is Folio's the answer is
// built from the space's snapshot and kept with it until a page write (a new snapshot) or the
// next publish window opening or closing, whichever comes first.
func treeJSON(app core.App, info *core.RequestInfo, space *core.Record, locale, source, path string, depth int) ([]byte, error) {
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return nil, err
	}
	if !modelsReadRule(col) || !versioned(app, col) {
		picked, err := readablePicksUnder(app, info, space, locale, source, path)
		if err != nil {
			return nil, err
		}
		return encodeTree(picked, path, depth), nil
	}
	access, err := readAccessFor(app, info, space)
	if err != nil {
		return nil, err
	}
	if access.none {
		return encodeTree(nil, path, depth), nil
	}
	snap, err := loadSnapshot(app, space.Id)
	if err != nil {
		return nil, err
	}
	key := treeAnswerKey{locale: locale, source: source, path: path, depth: depth, all: access.all}
	a := &snap.answers
	a.mu.Lock()
	kept, ok := a.byKey[key]
	a.mu.Unlock()
	if ok && keepTreeAnswers && kept.from <= access.now && (kept.until == "" || access.now < kept.until) {
		return kept.body, nil
	}
	self, below := snap.under(path)
	picked := pick(make([]pickedRow, 0, len(self)+len(below)), self, access, locale, source)
	picked = pick(picked, below, access, locale, source)
	body := encodeTree(picked, path, depth)
	until := ""
	if !access.all {
		until = snap.nextWindowChange(access.now)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.byKey == nil || a.bytes+len(body) > maxAnswerBytes {
		a.byKey, a.bytes = map[treeAnswerKey]treeAnswer{}, 0
	}
	if len(body) <= maxAnswerBytes {
		if old, had := a.byKey[key]; had {
			a.bytes -= len(old.body)
		}
		a.byKey[key] = treeAnswer{body: body, from: access.now, until: until}
		a.bytes += len(body)
	}
	return body, nil
}

// encodeTree builds the tree of picked under root and encodes its page and items.
func encodeTree(picked []pickedRow, root string, depth int) []byte {
	page, items := buildTree(picked, root, depth)
	// About 200 bytes an entry; growing the buffer would copy it several times over.
	buf := make([]byte, 0, 64+256*countNodes(items))
	buf = append(buf, `"page":`...)
	buf = appendNodeJSON(buf, page)
	buf = append(buf, `,"items":`...)
	return appendTreeJSON(buf, items)
}

// nextWindowChange returns the first publish_at or unpublish_at of any page of the snapshot
// after now, "" when there is none: until then no page's window opens or closes, so what a
// reader limited to live pages sees stays as it is at now.
func (s *spaceSnapshot) nextWindowChange(now string) string {
	a := &s.answers
	a.once.Do(func() {
		for _, r := range s.rows {
			for _, d := range []string{r.PublishAt, r.UnpublishAt} {
				if d != "" {
					a.dates = append(a.dates, d)
				}
			}
		}
		slices.Sort(a.dates)
		a.dates = slices.Compact(a.dates)
	})
	i := sort.SearchStrings(a.dates, now)
	for i < len(a.dates) && a.dates[i] <= now {
		i++
	}
	if i == len(a.dates) {
		return ""
	}
	return a.dates[i]
}

// countNodes counts the entries of a tree.
func countNodes(nodes []*treeNode) int {
	n := len(nodes)
	for _, c := range nodes {
		n += countNodes(c.Children)
	}
	return n
}
