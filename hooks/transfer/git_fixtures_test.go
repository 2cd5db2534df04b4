package transfer_test

import (
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/memfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// memRepo builds a git history in memory, one commit at a time, with dates an hour apart.
type memRepo struct {
	t    testing.TB
	repo *git.Repository
	wt   *git.Worktree
	fs   billy.Filesystem
	when time.Time
}

func newMemRepo(t testing.TB) *memRepo {
	t.Helper()
	fs := memfs.New()
	repo, err := git.Init(memory.NewStorage(), fs)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &memRepo{t: t, repo: repo, wt: wt, fs: fs, when: time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)}
}

// write sets files (path → content; "" deletes the file).
func (m *memRepo) write(files map[string]string) {
	m.t.Helper()
	for name, text := range files {
		if text == "" {
			if _, err := m.wt.Remove(name); err != nil {
				m.t.Fatalf("remove %s: %v", name, err)
			}
			continue
		}
		f, err := m.fs.Create(name)
		if err != nil {
			m.t.Fatal(err)
		}
		if _, err := f.Write([]byte(text)); err != nil {
			m.t.Fatal(err)
		}
		f.Close()
		if _, err := m.wt.Add(name); err != nil {
			m.t.Fatal(err)
		}
	}
}

// commit writes files and commits them with msg, returning the commit.
func (m *memRepo) commit(msg string, files map[string]string, parents ...plumbing.Hash) plumbing.Hash {
	m.t.Helper()
	m.write(files)
	m.when = m.when.Add(time.Hour)
	opts := &git.CommitOptions{
		Author:            &object.Signature{Name: "Ada Writer", Email: "ada@example.com", When: m.when.Add(-time.Minute)},
		Committer:         &object.Signature{Name: "Merge Bot", Email: "bot@example.com", When: m.when},
		AllowEmptyCommits: true,
	}
	if len(parents) > 0 {
		opts.Parents = parents
	}
	h, err := m.wt.Commit(msg, opts)
	if err != nil {
		m.t.Fatal(err)
	}
	return h
}

// resetTo moves the branch and the worktree to commit h (a force-push, or the start of a side
// branch).
func (m *memRepo) resetTo(h plumbing.Hash) {
	m.t.Helper()
	if err := m.wt.Reset(&git.ResetOptions{Commit: h, Mode: git.HardReset}); err != nil {
		m.t.Fatal(err)
	}
}

// importGit replays the repository's HEAD into space.
func importGit(t testing.TB, app core.App, space *core.Record, m *memRepo) transfer.GitSummary {
	t.Helper()
	sum, err := transfer.ImportGit(app, space, m.repo, transfer.GitOptions{Source: "test"})
	if err != nil {
		t.Fatalf("ImportGit: %v", err)
	}
	if len(sum.Errors) > 0 {
		t.Fatalf("ImportGit skipped files: %v", sum.Errors)
	}
	return sum
}

// revisions returns the revisions of page, oldest first.
func revisions(t testing.TB, app core.App, page *core.Record) []*core.Record {
	t.Helper()
	revs, err := app.FindRecordsByFilter(schema.CollectionRevisions, "page = {:p}", "number", 0, 0, dbx.Params{"p": page.Id})
	if err != nil {
		t.Fatal(err)
	}
	return revs
}

// pageOrNil returns the page at (locale, path) of space, or nil.
func pageOrNil(t testing.TB, app core.App, space *core.Record, locale, path string) *core.Record {
	t.Helper()
	p, err := app.FindFirstRecordByFilter(schema.CollectionPages,
		"space = {:s} && locale = {:l} && path = {:p}", dbx.Params{"s": space.Id, "l": locale, "p": path})
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func hugoPage(title, body string, extra ...string) string {
	s := "---\ntitle: " + title + "\n"
	for _, e := range extra {
		s += e + "\n"
	}
	return s + "---\n\n" + body + "\n"
}
