package transfer

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"folio/hooks/internal/mdtree"
)

const gitImportHelp = "With --git, replays the first-parent history of a git repository (a folder, or a " +
	"bundle file) instead: one revision per commit that changes a page, dated and credited as the commit. " +
	"Running it again imports only the commits since the last run."

// gitFlags are the flags of folio import --git.
type gitFlags struct {
	repo, ref, subdir, source, provenanceKey string
}

func (g *gitFlags) bind(cmd *cobra.Command) {
	cmd.Flags().StringVar(&g.repo, "git", "", "git repository folder or bundle file whose history to import")
	cmd.Flags().StringVar(&g.ref, "ref", "", "with --git: branch, tag or commit to replay (default HEAD)")
	cmd.Flags().StringVar(&g.subdir, "subdir", "", "with --git: folder of the repository holding the tree")
	cmd.Flags().StringVar(&g.source, "source", "", "with --git: name of the history, kept to resume (default: the repository's name)")
	cmd.Flags().StringVar(&g.provenanceKey, "provenance-key", DefaultProvenanceKey, "with --git: front matter key naming the commit a translation was made from")
}

func runGitImport(app core.App, cmd *cobra.Command, args []string, f importFlags) error {
	if len(args) > 0 {
		return fmt.Errorf("give either a folder or --git, not both")
	}
	if err := app.RunAllMigrations(); err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	space, err := findOrCreateSpace(app, f.space, f.locale, f.createSpace)
	if err != nil {
		return err
	}
	repo, closeRepo, err := OpenGit(f.git.repo)
	if err != nil {
		return err
	}
	defer closeRepo()
	bar := newProgressBar(os.Stderr, f.quiet)
	sum, err := ImportGit(app, space, repo, GitOptions{
		Ref: f.git.ref, Subdir: f.git.subdir, Source: cmp.Or(f.git.source, repoName(f.git.repo)),
		Format: mdtree.Format(f.format), DefaultLocale: f.locale, ProvenanceKey: f.git.provenanceKey,
		Progress: bar.update,
	})
	bar.finish()
	if err != nil {
		return err
	}
	if err := sum.WriteText(cmd.OutOrStdout(), f.space); err != nil {
		return err
	}
	if f.strict && len(sum.Errors) > 0 {
		return fmt.Errorf("%d file version(s) were skipped (--strict)", len(sum.Errors))
	}
	return nil
}

// repoName names a history after its repository: the folder or bundle file name without
// ".git" or ".bundle".
func repoName(path string) string {
	base := filepath.Base(filepath.Clean(path))
	if base == ".git" {
		base = filepath.Base(filepath.Dir(filepath.Clean(path)))
	}
	for _, ext := range []string{".git", ".bundle"} {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}
