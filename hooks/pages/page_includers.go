package pages

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/rerender"
	"folio/hooks/internal/saveread"
	"folio/hooks/internal/txhook"
	"folio/hooks/schema"
)

// maxRerenderInTx bounds how many including pages one change renders again inside its own
// transaction (each is a full page save). Past it, the rest are rendered after the commit, each
// in a transaction of its own (rerenderLater).
var maxRerenderInTx = 50

// bindIncludes binds the upkeep of page_includes and the re-rendering of including pages, and
// the pages concern's part of a bulk move.
func bindIncludes(app core.App) {
	app.OnRecordCreate(schema.CollectionPages).BindFunc(onPageSaveIncludes)
	app.OnRecordUpdate(schema.CollectionPages).BindFunc(onPageSaveIncludes)
	app.OnRecordAfterCreateError(schema.CollectionPages).BindFunc(forgetIncludes)
	app.OnRecordAfterUpdateError(schema.CollectionPages).BindFunc(forgetIncludes)
	app.OnRecordDelete(schema.CollectionPages).BindFunc(onPageDeleteIncludes)
	bindPagesMoved(app)
	app.Store().Set(rootAppKey, app)
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		laterOf(e.App).stop()
		return e.Next()
	})
}

// laterWork tracks the re-rendering left for after a commit (rerenderLater), so that the app's
// terminate stops it between two pages and waits for the page in hand before the database
// closes. A page not rendered by then keeps its html until its next save.
type laterWork struct {
	mu      sync.Mutex
	stopped bool
	running sync.WaitGroup
}

const laterWorkKey = "folio.pages.laterWork"

func laterOf(app core.App) *laterWork {
	return rootApp(app).Store().GetOrSet(laterWorkKey, func() any { return &laterWork{} }).(*laterWork)
}

// start registers one background run; false once the app is terminating.
func (w *laterWork) start() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return false
	}
	w.running.Add(1)
	return true
}

// more reports whether a run may render another page.
func (w *laterWork) more() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.stopped
}

func (w *laterWork) stop() {
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
	w.running.Wait()
}

// rootAppKey names, in the app's store (shared with its transactions), the app itself: the
// re-rendering left for after a commit runs on it.
const rootAppKey = "folio.pages.rootApp"

// rootApp returns the app a transaction app belongs to.
func rootApp(tx core.App) core.App {
	if app, ok := tx.Store().Get(rootAppKey).(core.App); ok {
		return app
	}
	return tx
}

// onPageSaveIncludes runs inside the pages concern's save transaction, after the rendering. Once
// the row is written it stores the addresses the page's includes named (when the save rendered
// it), and — when the page's body changed, it moved, it is new, it went live or stopped being
// live (an include shows only a live page), or it was itself rendered again — renders again the
// pages that include it, at its old and new address and at every address that redirects to it.
func onPageSaveIncludes(e *core.RecordEvent) error {
	defer pendingIncludes.Delete(e.Record)
	var before *core.Record
	if !e.Record.IsNew() {
		stored, err := saveread.Stored(e.App, e)
		if err != nil {
			return e.Next() // the pages concern reports the missing page
		}
		before = stored.Fresh()
	}
	if err := e.Next(); err != nil {
		return err
	}
	if t, ok := pendingIncludes.Load(e.Record); ok && (t.(*includeTargets).any() || (before != nil && mayInclude(before))) {
		if err := writeIncludes(e.App, e.Record, t.(*includeTargets)); err != nil {
			return err
		}
	}
	if wroteNothing(e.Record) {
		return nil // a re-render that left the row as it was changes nothing its includers show
	}
	var addrs []address
	switch {
	case before == nil:
		addrs = append(addrs, addressOf(e.Record))
	case before.GetString(schema.PageBody) != e.Record.GetString(schema.PageBody) ||
		before.GetBool(schema.PageLive) != e.Record.GetBool(schema.PageLive) ||
		addressOf(before) != addressOf(e.Record) || rerender.Requested(e.Context):
		addrs = append(addrs, addressOf(before), addressOf(e.Record))
	default:
		return nil
	}
	chain := rerender.Chain(e.Context)
	if chain == nil {
		chain = map[string]bool{}
	}
	chain[e.Record.Id] = true
	space, err := saveread.Record(e.App, e, schema.CollectionSpaces, e.Record.GetString(schema.PageSpace))
	if err != nil {
		return nil // the pages concern reports a missing space
	}
	if before == nil {
		return rerenderIncludersIn(e.App, space, addrs, chain)
	}
	// A page that stood elsewhere may be named at its redirected addresses too.
	ids, err := includersOfPage(e.App, space, e.Record.Id, addrs, chain)
	if err != nil {
		return err
	}
	return rerenderIncluders(e.App, ids, chain)
}

// mayInclude reports whether page's body may hold an include shortcode, so that it may have
// page_includes rows.
func mayInclude(page *core.Record) bool {
	body := page.GetString(schema.PageBody)
	return strings.Contains(body, "include") || strings.Contains(body, "readfile")
}

// forgetIncludes drops what a failed save's rendering noted.
func forgetIncludes(e *core.RecordErrorEvent) error {
	pendingIncludes.Delete(e.Record)
	return e.Next()
}

// onPageDeleteIncludes renders again, in the delete's transaction, the pages that included the
// deleted page: their include now finds nothing there (or the source-locale page).
func onPageDeleteIncludes(e *core.RecordEvent) error {
	return txhook.InTransaction(e, func(tx core.App) error {
		page := e.Record
		addrs := []address{addressOf(page)}
		more, err := redirectedTo(tx, page.Id)
		if err != nil {
			return err
		}
		if err := e.Next(); err != nil {
			return err
		}
		space, err := tx.FindRecordById(schema.CollectionSpaces, page.GetString(schema.PageSpace))
		if err != nil {
			return nil // the space is being deleted with its pages
		}
		return rerenderIncludersIn(tx, space, append(addrs, more...), map[string]bool{page.Id: true})
	})
}

// address is where a page stands in its space.
type address struct{ locale, path string }

func addressOf(p *core.Record) address {
	return address{p.GetString(schema.PageLocale), p.GetString(schema.PagePath)}
}

// writeIncludes makes the page_includes rows of page the addresses t holds, writing only the
// rows that change.
func writeIncludes(app core.App, page *core.Record, t *includeTargets) error {
	var rows []struct {
		Id     string `db:"id"`
		Locale string `db:"locale"`
		Path   string `db:"path"`
	}
	err := app.DB().Select("id", schema.PageIncludeLocale, schema.PageIncludePath).From(schema.CollectionPageIncludes).
		Where(dbx.HashExp{schema.PageIncludePage: page.Id}).All(&rows)
	if err != nil {
		return err
	}
	t.mu.Lock()
	want := slices.Clone(t.addrs)
	t.mu.Unlock()
	for _, r := range rows {
		if i := slices.Index(want, [2]string{r.Locale, r.Path}); i >= 0 {
			want = slices.Delete(want, i, i+1)
			continue
		}
		if _, err := app.DB().Delete(schema.CollectionPageIncludes, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
			return err
		}
	}
	for _, a := range want {
		_, err := app.DB().Insert(schema.CollectionPageIncludes, dbx.Params{
			"id": core.GenerateDefaultRandomId(), schema.PageIncludePage: page.Id, schema.PageIncludeSpace: page.GetString(schema.PageSpace),
			schema.PageIncludeLocale: a[0], schema.PageIncludePath: a[1]}).Execute()
		if err != nil {
			return err
		}
	}
	return nil
}

// redirectedTo returns the addresses whose redirects name page.
func redirectedTo(app core.App, page string) ([]address, error) {
	var rows []struct {
		Locale string `db:"locale"`
		Path   string `db:"path"`
	}
	err := app.DB().Select(schema.RedirectLocale, schema.RedirectPath).From(schema.CollectionRedirects).
		Where(dbx.HashExp{schema.RedirectPage: page}).All(&rows)
	out := make([]address, len(rows))
	for i, r := range rows {
		out[i] = address{r.Locale, r.Path}
	}
	return out, err
}

// includersOf returns the ids of the pages of space whose includes name one of addrs, or the
// same path in another locale when the address is in the source locale (an include falls back
// to the source page), leaving out the pages in skip.
func includersOf(app core.App, space *core.Record, addrs []address, skip map[string]bool) ([]string, error) {
	targets := newIncludeTargetSet(space)
	for _, a := range addrs {
		targets.add(a)
	}
	var found []includeRow
	for start := 0; start < len(targets.paths); start += includeBatch {
		var rows []includeRow
		err := app.DB().Select(schema.PageIncludePage, schema.PageIncludeLocale, schema.PageIncludePath).
			From(schema.CollectionPageIncludes).
			Where(dbx.HashExp{schema.PageIncludeSpace: space.Id}).
			AndWhere(dbx.In(schema.PageIncludePath, targets.paths[start:min(start+includeBatch, len(targets.paths))]...)).All(&rows)
		if err != nil {
			return nil, err
		}
		found = append(found, rows...)
	}
	return targets.includers(found, skip), nil
}

// includersOfPage is includersOf for addrs and every address whose redirect names page, the
// redirects and the includers read by one statement. Its rows with no page are the redirects.
// The paths looked for are one list, so that each is found through the (space, path) index.
func includersOfPage(app core.App, space *core.Record, page string, addrs []address, skip map[string]bool) ([]string, error) {
	targets := newIncludeTargetSet(space)
	for _, a := range addrs {
		targets.add(a)
	}
	params := dbx.Params{"page": page, "space": space.Id}
	var paths strings.Builder
	for i, p := range targets.paths {
		name := "path" + strconv.Itoa(i)
		params[name] = p
		paths.WriteString("SELECT {:" + name + "} UNION ALL ")
	}
	var rows []includeRow
	err := app.DB().NewQuery(fmt.Sprintf(
		"SELECT '' AS [[page]], [[%[2]s]] AS [[locale]], [[%[3]s]] AS [[path]] FROM {{%[1]s}} WHERE [[%[4]s]] = {:page} "+
			"UNION ALL SELECT [[%[6]s]], [[%[7]s]], [[%[8]s]] FROM {{%[5]s}} WHERE [[%[9]s]] = {:space} AND "+
			"[[%[8]s]] IN (%[10]sSELECT [[%[3]s]] FROM {{%[1]s}} WHERE [[%[4]s]] = {:page})",
		schema.CollectionRedirects, schema.RedirectLocale, schema.RedirectPath, schema.RedirectPage,
		schema.CollectionPageIncludes, schema.PageIncludePage, schema.PageIncludeLocale, schema.PageIncludePath,
		schema.PageIncludeSpace, paths.String())).Bind(params).All(&rows)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		if r.Page == "" {
			targets.add(address{r.Locale, r.Path})
		}
	}
	return targets.includers(rows, skip), nil
}

// includeRow is a page_includes row as the includer lookups read it.
type includeRow struct {
	Page   string `db:"page"`
	Locale string `db:"locale"`
	Path   string `db:"path"`
}

// includeTargetSet is the addresses an includer lookup looks for, as page_includes rows name
// them.
type includeTargetSet struct {
	source    string
	paths     []any
	wanted    map[address]bool
	anyLocale map[string]bool // paths of addresses in the source locale
}

func newIncludeTargetSet(space *core.Record) *includeTargetSet {
	return &includeTargetSet{source: schema.AsSpace(space).SourceLocale(),
		wanted: map[address]bool{}, anyLocale: map[string]bool{}}
}

func (s *includeTargetSet) add(a address) {
	if !s.wanted[address{"", a.path}] {
		s.wanted[address{"", a.path}] = true
		s.paths = append(s.paths, a.path)
	}
	s.wanted[a] = true
	if a.locale == s.source {
		s.anyLocale[a.path] = true
	}
}

// includers returns, sorted and once each, the pages of rows whose include names one of the
// set's addresses, leaving out those in skip and the rows with no page.
func (s *includeTargetSet) includers(rows []includeRow, skip map[string]bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rows {
		if r.Page == "" || seen[r.Page] || skip[r.Page] || !(s.anyLocale[r.Path] || s.wanted[address{r.Locale, r.Path}]) {
			continue
		}
		seen[r.Page] = true
		out = append(out, r.Page)
	}
	slices.Sort(out)
	return out
}

// includeBatch bounds the paths one statement binds.
const includeBatch = 400

// rerenderIncludersIn renders again, through a full save each, the pages of space whose
// includes name one of addrs, but those in chain: inside app's transaction up to
// maxRerenderInTx pages for the whole chain of changes, the rest after the commit.
func rerenderIncludersIn(app core.App, space *core.Record, addrs []address, chain map[string]bool) error {
	ids, err := includersOf(app, space, addrs, chain)
	if err != nil {
		return err
	}
	return rerenderIncluders(app, ids, chain)
}

// rerenderIncluders renders the pages ids again as rerenderIncludersIn does.
func rerenderIncluders(app core.App, ids []string, chain map[string]bool) error {
	var later []string
	for _, id := range ids {
		if len(chain) > maxRerenderInTx {
			later = append(later, id)
			continue
		}
		chain[id] = true
		if err := rerenderPage(app, id, chain); err != nil {
			return err
		}
	}
	if len(later) > 0 {
		rerenderLater(app, later)
	}
	return nil
}

// rerenderPage saves the page id with the re-render mark: the pages concern renders its body
// again (its includes with it), the attachments concern resolves the fresh html's files, and
// the change reaches its own includers in turn (chain stops a cycle).
func rerenderPage(app core.App, id string, chain map[string]bool) error {
	rec, err := app.FindRecordById(schema.CollectionPages, id)
	if err != nil {
		return nil // deleted in the same transaction
	}
	return app.SaveWithContext(rerender.With(context.Background(), chain), rec)
}

// laterStarts runs as the background re-rendering starts; tests hold it back there.
var laterStarts = func() {}

// rerenderLater renders the pages ids again once app's transaction commits (at once when app is
// not a transaction), each in a transaction of its own, in the background. A page that fails is
// logged and left as it was; its next save renders it.
func rerenderLater(app core.App, ids []string) {
	run := func(root core.App) {
		work := laterOf(root)
		if !work.start() {
			root.Logger().Warn("Pages whose included page changed are left to their next save: the app is terminating", "pages", len(ids))
			return
		}
		go func() {
			defer work.running.Done()
			laterStarts()
			for i, id := range ids {
				if !work.more() {
					root.Logger().Warn("Pages whose included page changed are left to their next save: the app is terminating", "pages", len(ids)-i)
					return
				}
				err := root.RunInTransaction(func(tx core.App) error {
					return rerenderPage(tx, id, map[string]bool{id: true})
				})
				if err != nil {
					root.Logger().Error("Failed to render again a page whose included page changed", "page", id, "error", err)
				}
			}
		}()
	}
	if info := app.TxInfo(); info != nil {
		info.OnComplete(func(txErr error) error {
			if txErr == nil {
				run(rootApp(app))
			}
			return nil
		})
		return
	}
	run(app)
}
