package transfer

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/mdtree"
	"folio/hooks/internal/pagepath"
	"folio/hooks/schema"
)

// maxGitFileSize bounds one page file read from a repository, as Read bounds a file of a tree.
const maxGitFileSize = 8 << 20

// replay holds the state of one ImportGit.
type replay struct {
	app           core.App
	repo          *git.Repository
	space         string
	sourceLocale  string
	src           gitSource
	root          string // folder of the page files, relative to the repository
	format        mdtree.Format
	defaultLocale string
	key           string // provenance key
	sum           *GitSummary
	chain         *chain
	files         *treeFiles // bounds each commit's tree
}

// gitPage is one side of a file change: the file and the page it maps to.
type gitPage struct {
	file   string // relative to the tree's root
	locale string
	path   string
}

func (p gitPage) key() pageKey { return pageKey{p.locale, p.path} }

type pageKey struct{ locale, path string }

// fileChange is a change of a commit to a page file: from is nil for a new file, to for a
// deleted one.
type fileChange struct {
	from, to *gitPage
	change   *object.Change
}

// commitCtx is what the saves of one commit share.
type commitCtx struct {
	commit  *object.Commit
	tree    *object.Tree // the commit's tree at the root of the pages, nil when absent
	summary string
	author  string
	when    time.Time
	// saved are the translations saved by this commit; sourcesAt the paths whose source page
	// was created or moved in by it: the provenance of both is settled once all is saved.
	saved     []string
	sourcesAt []string
}

// commit replays c, whose first parent's tree is prev's (nil for the first commit), in one
// transaction with the sync state.
func (r *replay) commit(prev, c *object.Commit) error {
	var before *object.Tree
	var err error
	if prev != nil {
		if before, err = subTree(prev, r.root); err != nil {
			return err
		}
	}
	after, err := subTree(c, r.root)
	if err != nil {
		return err
	}
	if err := r.files.check(c, after); err != nil {
		return err
	}
	changes, err := object.DiffTreeWithOptions(context.Background(), before, after, object.DefaultDiffTreeOptions)
	if err != nil {
		return err
	}
	cc := &commitCtx{
		commit: c, tree: after, summary: firstLine(c.Message),
		author: fmt.Sprintf("%s <%s>", c.Author.Name, c.Author.Email),
		when:   c.Committer.When.UTC().Truncate(time.Millisecond),
	}
	ops := r.fileChanges(changes)
	var locales []string
	for _, op := range ops {
		if op.to != nil && !slices.Contains(locales, op.to.locale) {
			locales = append(locales, op.to.locale)
		}
	}
	return r.app.RunInTransaction(func(tx core.App) error {
		if err := addSpaceLocales(tx, r.space, locales); err != nil {
			return err
		}
		for _, op := range ops {
			if err := r.apply(tx, cc, op, ops); err != nil {
				return err
			}
		}
		if err := r.settleProvenance(tx, cc); err != nil {
			return err
		}
		return saveGitSync(tx, r.src, c.Hash.String())
	})
}

// fileChanges maps the changes of a commit to page changes, in the order they are applied:
// moves, then new and changed pages, then deletions; the source locale first within each, so a
// translation saved by the same commit finds its source as that commit left it.
func (r *replay) fileChanges(changes object.Changes) []fileChange {
	var ops []fileChange
	for _, ch := range changes {
		op := fileChange{from: r.pageOf(ch.From.Name), to: r.pageOf(ch.To.Name), change: ch}
		if op.from == nil && op.to == nil {
			continue
		}
		ops = append(ops, op)
	}
	rank := func(op fileChange) (int, int) {
		p := op.to
		kind := 1
		switch {
		case op.to == nil:
			p, kind = op.from, 2
		case op.from != nil && op.from.key() != op.to.key():
			kind = 0
		}
		if p.locale == r.sourceLocale {
			return kind, 0
		}
		return kind, 1
	}
	slices.SortStableFunc(ops, func(a, b fileChange) int {
		ka, la := rank(a)
		kb, lb := rank(b)
		return cmp.Or(cmp.Compare(ka, kb), cmp.Compare(la, lb))
	})
	return ops
}

// pageOf maps a file of the tree to its page, or nil when it holds none. A file that would be
// a page but whose name cannot be a page path is mapped with an empty path and reported when
// saved.
func (r *replay) pageOf(name string) *gitPage {
	if name == "" {
		return nil
	}
	locale, p, ok, err := mdtree.PageFile(r.format, name, r.defaultLocale)
	if !ok {
		return nil
	}
	if err == nil {
		p, err = pagepath.Normalize(p)
	}
	if err != nil {
		p = ""
	}
	return &gitPage{file: name, locale: locale, path: p}
}

// apply saves one page change. A file that cannot be imported is reported and skipped; only
// internal failures end the commit (and the run).
func (r *replay) apply(tx core.App, cc *commitCtx, op fileChange, all []fileChange) error {
	if op.to == nil {
		return r.remove(tx, cc, op.from, all)
	}
	d, head, warnings, reason := r.read(op)
	for _, w := range warnings {
		r.warn(cc, op.to.file, w)
	}
	if reason != "" {
		r.fail(cc, op.to.file, reason)
		return nil
	}
	page, err := findPage(tx, r.space, d.Locale, d.Path)
	if err != nil {
		return err
	}
	moved := false
	if op.from != nil && op.from.key() != op.to.key() && page == nil {
		// A rename: the page keeps its history under its new path.
		if page, err = findPage(tx, r.space, op.from.locale, op.from.path); err != nil {
			return err
		}
		moved = page != nil
	}
	if page != nil && !moved {
		if other, err := r.otherFile(tx, page, op.to.file, cc); err != nil || other != "" {
			if other != "" {
				r.fail(cc, op.to.file, fmt.Sprintf("is the same page (locale %s, path %s) as %s; remove or rename one of them", d.Locale, d.Path, other))
			}
			return err
		}
	}
	if err := r.save(tx, cc, page, d, pageFile{Format: string(r.format), File: op.to.file, Head: head}, moved); err != nil {
		return err
	}
	if op.from != nil && op.from.key() != op.to.key() && !moved {
		// Renamed onto a page that already stood at the new path: the old page goes.
		return r.remove(tx, cc, op.from, all)
	}
	return nil
}

// read reads the new side of a change into page data.
func (r *replay) read(op fileChange) (d pageData, head string, warnings []string, reason string) {
	if op.to.path == "" {
		_, p, _, err := mdtree.PageFile(r.format, op.to.file, r.defaultLocale)
		if err == nil {
			_, err = pagepath.Normalize(p)
			err = fmt.Errorf("its page path %q is not valid: %v", p, err)
		}
		return d, "", nil, err.Error()
	}
	_, file, err := op.change.Files()
	if err != nil {
		return d, "", nil, fmt.Sprintf("cannot be read: %v", err)
	}
	if file.Size > maxGitFileSize {
		return d, "", nil, fmt.Sprintf("is %d MB; pages larger than %d MB are not imported, so split it", file.Size>>20, maxGitFileSize>>20)
	}
	rd, err := file.Reader()
	if err != nil {
		return d, "", nil, fmt.Sprintf("cannot be read: %v", err)
	}
	data, err := io.ReadAll(rd)
	rd.Close()
	if err != nil {
		return d, "", nil, fmt.Sprintf("cannot be read: %v", err)
	}
	doc, warnings, err := mdtree.ParseFile(r.format, data)
	if err != nil {
		return d, "", nil, err.Error()
	}
	d, err = pageDataOf(mdtree.Entry{File: op.to.file, Locale: op.to.locale, Path: op.to.path, Doc: doc}, r.format)
	if err != nil {
		return d, "", warnings, err.Error()
	}
	return d, doc.Head(), warnings, ""
}

// otherFile returns the file that page was imported from when it is not file and still exists
// in the commit's tree: two files standing for one page, of which the first keeps it.
func (r *replay) otherFile(tx core.App, page *core.Record, file string, cc *commitCtx) (string, error) {
	src, err := findPageSource(tx, page.Id)
	if err != nil || src == nil {
		return "", err
	}
	other := src.GetString(schema.PageSourceFile)
	if other == file || cc.tree == nil {
		return "", nil
	}
	if _, err := cc.tree.FindEntry(other); err != nil {
		return "", nil // the other file is gone: this one takes the page over
	}
	return other, nil
}

// save creates or updates page (nil: create) from d as of the commit, and dates and credits the
// revision the save made.
func (r *replay) save(tx core.App, cc *commitCtx, page *core.Record, d pageData, file pageFile, moved bool) error {
	isNew := page == nil
	if isNew {
		col, err := tx.FindCachedCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		page = core.NewRecord(col)
		page.Set(schema.PageSpace, r.space)
		page.Set(schema.PageAuthor, "")
	} else if !moved && sameAsFile(page, d) {
		return r.remember(tx, page, file)
	}
	head := page.GetInt(schema.PageRevision)
	page.Set(schema.PageLocale, d.Locale)
	page.Set(schema.PagePath, d.Path)
	d.Created, d.Updated = time.Time{}, time.Time{}
	d.setOn(page, "")
	d.Nav.setOn(page)
	if isNew {
		page.SetRaw(schema.PageCreated, dateTime(cc.when))
	}
	page.SetRaw(schema.PageUpdated, dateTime(cc.when))
	if err := tx.Save(page); err != nil {
		r.fail(cc, file.File, saveFailure(tx, file.File, err))
		return nil
	}
	if err := saveAliases(tx, page, d.Nav.Aliases); err != nil {
		return err
	}
	switch {
	case isNew:
		r.sum.Created++
	case moved:
		r.sum.Moved++
	default:
		r.sum.Updated++
	}
	if n := page.GetInt(schema.PageRevision); n != head {
		if err := r.creditRevision(tx, page.Id, n, cc); err != nil {
			return err
		}
		r.sum.Revisions++
	}
	if d.Locale == r.sourceLocale {
		if isNew || moved {
			cc.sourcesAt = append(cc.sourcesAt, d.Path)
		}
	} else {
		cc.saved = append(cc.saved, page.Id)
	}
	return r.remember(tx, page, file)
}

// remember records the page's file; a translation's MadeFrom is set when its provenance is
// settled.
func (r *replay) remember(tx core.App, page *core.Record, file pageFile) error {
	file.MadeFrom = page.GetInt(schema.PageSourceRevision)
	return rememberPageFile(tx, page.Id, file)
}

// creditRevision gives revision n of page the commit's date, summary and author.
func (r *replay) creditRevision(tx core.App, pageId string, n int, cc *commitCtx) error {
	rev, err := tx.FindFirstRecordByFilter(schema.CollectionRevisions,
		schema.RevisionPage+" = {:page} && "+schema.RevisionNumber+" = {:n}", map[string]any{"page": pageId, "n": n})
	if err != nil {
		return err
	}
	rev.Set(schema.RevisionSummary, truncateRunes(cc.summary, 500))
	rev.Set(schema.RevisionSourceAuthor, truncateRunes(cc.author, 500))
	rev.Set(schema.RevisionSourceCommit, cc.commit.Hash.String())
	rev.SetRaw(schema.RevisionCreated, dateTime(cc.when))
	return tx.Save(rev)
}

// remove deletes the page of a deleted file, unless another change of the commit saves that
// page (a file renamed to a name of the same page, in two steps) or another file holds it.
func (r *replay) remove(tx core.App, cc *commitCtx, from *gitPage, all []fileChange) error {
	if from.path == "" {
		return nil
	}
	for _, op := range all {
		if op.to != nil && op.to.key() == from.key() {
			return nil
		}
	}
	page, err := findPage(tx, r.space, from.locale, from.path)
	if err != nil || page == nil {
		return err
	}
	src, err := findPageSource(tx, page.Id)
	if err != nil {
		return err
	}
	if src != nil && src.GetString(schema.PageSourceFile) != from.file {
		return nil // the page stands for another file
	}
	if err := tx.Delete(page); err != nil {
		r.fail(cc, from.file, saveFailure(tx, from.file, err))
		return nil
	}
	r.sum.Deleted++
	return nil
}

func (r *replay) fail(cc *commitCtx, file, reason string) {
	r.sum.Errors = append(r.sum.Errors, FileError{File: r.where(cc, file), Reason: reason})
}

func (r *replay) warn(cc *commitCtx, file, reason string) {
	r.sum.Warnings = append(r.sum.Warnings, FileError{File: r.where(cc, file), Reason: reason})
}

// where names a file as of a commit: "content/en/term.md@1a2b3c4d".
func (r *replay) where(cc *commitCtx, file string) string {
	full := file
	if r.root != "." {
		full = r.root + "/" + file
	}
	return full + "@" + cc.commit.Hash.String()[:10]
}

// firstLine is a commit message's first line, trimmed.
func firstLine(msg string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(msg), "\n")
	return strings.TrimSpace(line)
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
