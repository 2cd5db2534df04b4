package transfer_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// storeTree writes a tree of entries (sorted by name) to m's storage.
func storeTree(t testing.TB, m *memRepo, entries []object.TreeEntry) plumbing.Hash {
	t.Helper()
	obj := m.repo.Storer.NewEncodedObject()
	if err := (&object.Tree{Entries: entries}).Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := m.repo.Storer.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// treeBombRepo is a history of two commits: an ordinary page, then content/en/ holding levels
// folders deep ten subfolders that are all one tree, over ten pages that are all one blob —
// 10^levels page files in a few hundred bytes of objects.
func treeBombRepo(t testing.TB, levels int) *memRepo {
	t.Helper()
	m := newMemRepo(t)
	first := m.commit("Add a page", map[string]string{"content/en/start.md": hugoPage("Start", "First.")})
	blob := m.repo.Storer.NewEncodedObject()
	blob.SetType(plumbing.BlobObject)
	w, _ := blob.Writer()
	_, _ = w.Write([]byte(hugoPage("Copy", "The same page.")))
	w.Close()
	h, err := m.repo.Storer.SetEncodedObject(blob)
	if err != nil {
		t.Fatal(err)
	}
	mode, name := filemode.Regular, "p%d.md"
	for range levels {
		var entries []object.TreeEntry
		for i := range 10 {
			entries = append(entries, object.TreeEntry{Name: fmt.Sprintf(name, i), Mode: mode, Hash: h})
		}
		h = storeTree(t, m, entries)
		mode, name = filemode.Dir, "d%d"
	}
	en := storeTree(t, m, []object.TreeEntry{{Name: "en", Mode: filemode.Dir, Hash: h}})
	root := storeTree(t, m, []object.TreeEntry{{Name: "content", Mode: filemode.Dir, Hash: en}})
	storeCommit(t, m, "Add every page", root, first)
	return m
}

// storeCommit writes a commit of tree on parent to m's storage and moves the branch to it.
func storeCommit(t testing.TB, m *memRepo, msg string, tree, parent plumbing.Hash) plumbing.Hash {
	t.Helper()
	who := object.Signature{Name: "Ada Writer", Email: "ada@example.com", When: m.when}
	obj := m.repo.Storer.NewEncodedObject()
	c := &object.Commit{Author: who, Committer: who, Message: msg, TreeHash: tree, ParentHashes: []plumbing.Hash{parent}}
	if err := c.Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := m.repo.Storer.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	head, err := m.repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.repo.Storer.SetReference(plumbing.NewHashReference(head.Name(), h)); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestGitImportRefusesTreesTooLargeToList: a history whose tree names one folder ten times, ten
// levels deep, is refused with a TreeError before a page is written, whether the tip or an older
// commit holds it; a tree just under the bound is imported.
func TestGitImportRefusesTreesTooLargeToList(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "docs", schema.VisibilityPrivate)
	_, err := transfer.ImportGit(app, space, treeBombRepo(t, 10).repo, transfer.GitOptions{Source: "bomb"})
	var treeErr *transfer.TreeError
	if !errors.As(err, &treeErr) || !strings.Contains(treeErr.Reason, "more than 20000 files") {
		t.Fatalf("ImportGit of 10^10 files: %v", err)
	}
	if n, _ := app.CountRecords(schema.CollectionPages); n != 0 {
		t.Errorf("%d pages written", n)
	}

	// The same tree in an older commit, under a tip of one page: the replay refuses that commit,
	// after the one before it.
	m := treeBombRepo(t, 5)
	head, err := m.repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	bomb, _ := m.repo.CommitObject(head.Hash())
	first, _ := bomb.Parent(0)
	storeCommit(t, m, "Remove every page but one", first.TreeHash, head.Hash())
	sum, err := transfer.ImportGit(app, space, m.repo, transfer.GitOptions{Source: "older"})
	if !errors.As(err, &treeErr) || sum.Commits != 1 || !strings.Contains(treeErr.Reason, bomb.Hash.String()) {
		t.Fatalf("ImportGit with 10^5 files in an older commit: %d commits, %v", sum.Commits, err)
	}

	sum, err = transfer.ImportGit(app, createSpace(t, app, "small", schema.VisibilityPrivate), treeBombRepo(t, 3).repo, transfer.GitOptions{Source: "small"})
	if err != nil || sum.Commits != 2 || sum.Created != 1001 {
		t.Fatalf("ImportGit of 10^3 files: %d commits, %d pages, %v", sum.Commits, sum.Created, err)
	}
}

// TestImportRouteRefusesATreeBomb: the bundle of such a history, a few kilobytes, gets a 400
// that says why, and writes nothing.
func TestImportRouteRefusesATreeBomb(t *testing.T) {
	w := newWorld(t)
	body, ct := upload(t, bundleOf(t, treeBombRepo(t, 10), ""), nil)
	(&tests.ApiScenario{
		Name: "a tree bomb", Method: http.MethodPost,
		URL: "/api/folio/spaces/" + w.private.Id + "/import", Body: body,
		Headers: w.headers(t, "editor", ct), ExpectedStatus: 400,
		ExpectedContent: []string{`more than 20000 files`, `"validation_git_tree"`},
		TestAppFactory:  w.factory(nil), AfterTestFunc: noPagesWritten,
	}).Test(t)
}
