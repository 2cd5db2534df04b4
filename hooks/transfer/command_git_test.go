package transfer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// diskRepo makes a repository in a folder with one commit per element of commits.
func diskRepo(t *testing.T, commits ...map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, _ := repo.Worktree()
	when := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for i, files := range commits {
		for name, text := range files {
			p := filepath.Join(dir, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			wt.Add(name)
		}
		sig := &object.Signature{Name: "Ada", Email: "ada@example.com", When: when.Add(time.Duration(i) * time.Hour)}
		if _, err := wt.Commit("commit "+string(rune('A'+i)), &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestImportCommandGit(t *testing.T) {
	app := testapp.New(t)
	dir := diskRepo(t,
		map[string]string{"docs/content/en/_index.md": hugoPage("Home", "Hi."), "docs/content/en/a.md": hugoPage("A", "v1")},
		map[string]string{"docs/content/en/a.md": hugoPage("A", "v2")},
	)
	out, _, err := runCommand(app, transfer.ImportCommand, "--git", dir, "--subdir", "docs", "--space", "site", "--create-space", "--quiet")
	if err != nil {
		t.Fatalf("import --git: %v", err)
	}
	if !strings.Contains(out, "Imported 2 commit(s) of site HEAD (hugo") || !strings.Contains(out, "3 revision(s)") {
		t.Fatalf("summary:\n%s", out)
	}
	space, err := app.FindFirstRecordByData(schema.CollectionSpaces, schema.SpaceSlug, "site")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(revisions(t, app, findPage(t, app, space, "en", "a"))); n != 2 {
		t.Fatalf("a has %d revisions, want 2", n)
	}
	out, _, err = runCommand(app, transfer.ImportCommand, "--git", dir, "--subdir", "docs", "--space", "site", "--quiet")
	if err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--git", dir, "--subdir", "nowhere", "--space", "site"}, `the folder "nowhere" is not in the repository`},
		{[]string{"--git", dir, "--ref", "nope", "--space", "site"}, `the repository has no ref "nope"`},
		{[]string{"--git", t.TempDir(), "--space", "site"}, "is not a git repository"},
		{[]string{"--git", dir, dir, "--space", "site"}, "not both"},
	} {
		if _, _, err := runCommand(app, transfer.ImportCommand, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: err = %v, want %q", c.args, err, c.want)
		}
	}
	exportDir := t.TempDir()
	if _, _, err := runCommand(app, transfer.ExportCommand, "--space", "site", "--format", "hugo", exportDir); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(exportDir, "content", "en", "a.md")); err != nil || string(b) != hugoPage("A", "v2") {
		t.Fatalf("exported a.md = %q (%v)", b, err)
	}
}
