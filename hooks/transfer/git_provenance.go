package transfer

import (
	"encoding/json"
	"fmt"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// chain numbers the commits of the replayed first-parent history: the commits of this run
// 0, 1, 2… oldest first, and the ones imported before, met by walking back from the last of
// them only when a provenance needs one, -1, -2… So "at or before" is a comparison of numbers.
type chain struct {
	repo    *git.Repository
	pos     map[plumbing.Hash]int
	order   []plumbing.Hash // this run's commits, oldest first
	next    plumbing.Hash   // the newest commit not numbered yet (zero: all are)
	nextPos int
}

func newChain(pending []plumbing.Hash, last plumbing.Hash, repo *git.Repository) *chain {
	c := &chain{repo: repo, pos: make(map[plumbing.Hash]int, len(pending)), order: pending, next: last, nextPos: -1}
	for i, h := range pending {
		c.pos[h] = i
	}
	return c
}

// position returns the number of h, or false when h is not on the replayed history.
func (c *chain) position(h plumbing.Hash) (int, bool) {
	if p, ok := c.pos[h]; ok {
		return p, true
	}
	for !c.next.IsZero() {
		commit, err := c.repo.CommitObject(c.next)
		if err != nil {
			c.next = plumbing.ZeroHash
			break
		}
		c.pos[commit.Hash] = c.nextPos
		c.nextPos--
		c.next = plumbing.ZeroHash
		if commit.NumParents() > 0 {
			c.next = commit.ParentHashes[0]
		}
		if commit.Hash == h {
			return c.pos[h], true
		}
	}
	return 0, false
}

// settleProvenance sets the source_revision of the translations the commit saved, and of those
// whose group got a source page by it, from what each was made from.
func (r *replay) settleProvenance(tx core.App, cc *commitCtx) error {
	ids := append([]string(nil), cc.saved...)
	warned := make(map[string]bool, len(ids))
	for _, id := range ids {
		warned[id] = true
	}
	for _, p := range cc.sourcesAt {
		group, err := tx.FindAllRecords(schema.CollectionPages, dbx.HashExp{schema.PageSpace: r.space, schema.PagePath: p})
		if err != nil {
			return err
		}
		for _, g := range group {
			if g.GetString(schema.PageLocale) != r.sourceLocale && !warned[g.Id] {
				ids = append(ids, g.Id)
			}
		}
	}
	for _, id := range ids {
		page, err := tx.FindRecordById(schema.CollectionPages, id)
		if err != nil {
			continue // deleted later in the same commit
		}
		if err := r.settleTranslation(tx, cc, page, warned[id]); err != nil {
			return err
		}
	}
	return nil
}

// settleTranslation sets page's source_revision to the source page's newest revision at or
// before the commit the translation was made from: the one its provenance key names, else the
// one of its own last revision. With report set, a key that cannot be followed is a warning.
func (r *replay) settleTranslation(tx core.App, cc *commitCtx, page *core.Record, report bool) error {
	source, err := findPage(tx, r.space, r.sourceLocale, page.GetString(schema.PagePath))
	if err != nil || source == nil {
		return err // orphaned: nothing to be made from
	}
	at, known, problem := r.madeFrom(tx, cc, page)
	if problem != "" && report {
		file := ""
		if src, _ := findPageSource(tx, page.Id); src != nil {
			file = src.GetString(schema.PageSourceFile)
		}
		r.warn(cc, file, problem+"; the translation is marked outdated")
	}
	if !known && problem == "" {
		return nil // made in Folio: its source_revision says it already
	}
	sr := 0
	if known {
		if sr, err = r.revisionAt(tx, source.Id, at); err != nil {
			return err
		}
	}
	if page.GetInt(schema.PageSourceRevision) != sr {
		page.Set(schema.PageSourceRevision, sr)
		// Not an edit: the page keeps the date of its last change.
		page.SetRaw(schema.PageUpdated, page.GetDateTime(schema.PageUpdated))
		if err := tx.Save(page); err != nil {
			return err
		}
	}
	src, err := findPageSource(tx, page.Id)
	if err != nil || src == nil {
		return err
	}
	if src.GetInt(schema.PageSourceMadeFrom) != sr {
		src.Set(schema.PageSourceMadeFrom, sr)
		return tx.Save(src)
	}
	return nil
}

// madeFrom returns the position of the commit page was translated from. known is false when
// the translation has neither a key nor a revision from a commit, or when its key cannot be
// followed (problem says why).
func (r *replay) madeFrom(tx core.App, cc *commitCtx, page *core.Record) (at int, known bool, problem string) {
	if key := r.provenanceValue(page); key != "" {
		return r.keyPosition(cc, key)
	}
	rev, err := tx.FindFirstRecordByFilter(schema.CollectionRevisions,
		schema.RevisionPage+" = {:page} && "+schema.RevisionNumber+" = {:n}",
		map[string]any{"page": page.Id, "n": page.GetInt(schema.PageRevision)})
	if err != nil || rev.GetString(schema.RevisionSourceCommit) == "" {
		return 0, false, ""
	}
	at, known = r.chain.position(plumbing.NewHash(rev.GetString(schema.RevisionSourceCommit)))
	return at, known, ""
}

// provenanceValue reads the provenance key from the page's extra keys.
func (r *replay) provenanceValue(page *core.Record) string {
	var extra map[string]any
	if json.Unmarshal([]byte(page.GetString(schema.PageExtra)), &extra) != nil {
		return ""
	}
	v, _ := extra[r.key].(string)
	return v
}

// keyPosition follows a provenance key to a position of the replayed history: the commit it
// names, when that is on it, or else the merge that brought the commit in.
func (r *replay) keyPosition(cc *commitCtx, key string) (int, bool, string) {
	h, err := r.repo.ResolveRevision(plumbing.Revision(key))
	if err != nil {
		return 0, false, fmt.Sprintf("its %s names commit %q, which is not in the repository", r.key, key)
	}
	here, _ := r.chain.position(cc.commit.Hash)
	if p, ok := r.chain.position(*h); ok {
		if p > here {
			return 0, false, fmt.Sprintf("its %s names commit %s, which is not in the history of %s (it came later)", r.key, key, shortHash(cc.commit.Hash))
		}
		return p, true, ""
	}
	named, err := r.repo.CommitObject(*h)
	if err != nil {
		return 0, false, fmt.Sprintf("its %s names %q, which is not a commit", r.key, key)
	}
	if ok, err := named.IsAncestor(cc.commit); err != nil || !ok {
		return 0, false, fmt.Sprintf("its %s names commit %s, which is not in the history of %s (not an ancestor)", r.key, key, shortHash(cc.commit.Hash))
	}
	return r.mergeOf(named, here), true, ""
}

// mergeOf returns the position of the oldest commit of the replayed history, at or before
// position here, that has named in its history: the merge that brought it in.
func (r *replay) mergeOf(named *object.Commit, here int) int {
	at := here
	for p := here - 1; p >= 0; p-- {
		c, err := r.repo.CommitObject(r.chain.order[p])
		if err != nil {
			break
		}
		if ok, err := named.IsAncestor(c); err != nil || !ok {
			break
		}
		at = p
	}
	return at
}

// revisionAt returns the number of the newest revision of the source page replayed from a
// commit at or before position at; 0 when there is none.
func (r *replay) revisionAt(tx core.App, sourceId string, at int) (int, error) {
	var revs []struct {
		Number int    `db:"number"`
		Commit string `db:"source_commit"`
	}
	err := tx.DB().Select(schema.RevisionNumber, schema.RevisionSourceCommit).From(schema.CollectionRevisions).
		Where(dbx.HashExp{schema.RevisionPage: sourceId}).
		AndWhere(dbx.NewExp("[[" + schema.RevisionSourceCommit + "]] != ''")).
		OrderBy(schema.RevisionNumber + " DESC").All(&revs)
	if err != nil {
		return 0, err
	}
	for _, rev := range revs {
		if p, ok := r.chain.position(plumbing.NewHash(rev.Commit)); ok && p <= at {
			return rev.Number, nil
		}
	}
	return 0, nil
}

func shortHash(h plumbing.Hash) string { return h.String()[:10] }
