package transfer_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// writeTree writes fsys under a new temporary folder and returns it.
func writeTree(t *testing.T, fsys fstest.MapFS) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range fsys {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runCommand runs a cobra command in-process and returns its stdout, stderr and error.
func runCommand(app core.App, newCmd func(core.App) *cobra.Command, args ...string) (string, string, error) {
	cmd := newCmd(app)
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

func TestImportCommand(t *testing.T) {
	app := testapp.New(t)
	tree := wikiTree()
	tree["broken.md"] = file("---\ntitle: [\n---\n")
	dir := writeTree(t, tree)

	_, _, err := runCommand(app, transfer.ImportCommand, dir, "--space", "kb")
	if err == nil || !strings.Contains(err.Error(), "--create-space") {
		t.Fatalf("import into a missing space: err = %v, want a hint at --create-space", err)
	}

	out, errOut, err := runCommand(app, transfer.ImportCommand, dir, "--space", "kb", "--create-space")
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if got := tableRow(out, "total"); got != "total 5 0 0 1" {
		t.Errorf("total row = %q, want created 5, failed 1:\n%s", got, out)
	}
	for _, want := range []string{"(wikijs)", "locale  created  updated  unchanged  failed", "broken.md: front matter"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if errOut != "" {
		t.Errorf("the command wrote %q to its error writer", errOut)
	}
	space, err := app.FindFirstRecordByData(schema.CollectionSpaces, schema.SpaceSlug, "kb")
	if err != nil || space.GetString(schema.SpaceVisibility) != schema.VisibilityPrivate {
		t.Fatalf("created space: %v, %v", space, err)
	}
	if n := countPages(t, app, space, ""); n != 5 {
		t.Errorf("pages = %d, want 5", n)
	}

	// Again, strict: nothing changes, and the refused file fails the command.
	out, _, err = runCommand(app, transfer.ImportCommand, dir, "--space", "kb", "--strict", "--quiet")
	if err == nil || !strings.Contains(err.Error(), "1 file(s) were skipped") {
		t.Errorf("strict import: err = %v", err)
	}
	if got := tableRow(out, "total"); got != "total 0 0 5 1" {
		t.Errorf("re-import summary:\n%s", out)
	}
}

func TestImportCommandRefusesBadArguments(t *testing.T) {
	app := testapp.New(t)
	dir := writeTree(t, wikiTree())
	for name, args := range map[string][]string{
		"not a folder": {filepath.Join(dir, "home.md"), "--space", "kb", "--create-space"},
		"not a slug":   {dir, "--space", "My Space", "--create-space"},
		"bad format":   {dir, "--space", "kb", "--create-space", "--format", "mediawiki"},
		"no space":     {dir},
	} {
		if _, _, err := runCommand(app, transfer.ImportCommand, args...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n, _ := app.CountRecords(schema.CollectionPages); n != 0 {
		t.Errorf("pages = %d, want 0", n)
	}
}

func TestExportCommand(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "kb", schema.VisibilityPrivate)
	mustImport(t, app, space, wikiTree(), transfer.ImportOptions{})
	dir := filepath.Join(t.TempDir(), "out")

	out, _, err := runCommand(app, transfer.ExportCommand, "--space", "kb", dir)
	if err != nil || !strings.Contains(out, "Exported 5 page(s)") {
		t.Fatalf("export: %q, %v", out, err)
	}
	for name, f := range wikiTree() {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%s not exported: %v", name, err)
			continue
		}
		if !bytes.HasSuffix(data, []byte(strings.SplitN(string(f.Data), "\n---\n", 2)[1])) {
			t.Errorf("%s body differs:\n%s", name, data)
		}
	}
	if _, _, err := runCommand(app, transfer.ExportCommand, "--space", "missing", dir); err == nil {
		t.Error("export of a missing space: no error")
	}
}

// tableRow returns the summary row starting with first, its cells separated by one space.
func tableRow(out, first string) string {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == first {
			return strings.Join(f, " ")
		}
	}
	return ""
}
