package transfer

import (
	"fmt"
	"os"
	"regexp"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"folio/hooks/internal/mdtree"
	"folio/hooks/schema"
)

// importFlags are the flags of folio import.
type importFlags struct {
	space       string
	format      string
	locale      string
	createSpace bool
	quiet       bool
	strict      bool
	git         gitFlags
}

// ImportCommand returns "folio import <dir> --space <slug>", bound to app.
func ImportCommand(app core.App) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import (<dir> | --git <repository>) --space <slug>",
		Short: "Import a Wiki.js or Hugo markdown tree, or its git history, into a space",
		Long: "Imports every .md file of a Wiki.js storage export or a Hugo content tree into a space. " +
			"Unchanged pages are left alone; a file that cannot be imported is reported and skipped. " +
			"Prints a summary per locale; exits non-zero only when the import cannot run " +
			"(or, with --strict, when any file was skipped). " + gitImportHelp,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.git.repo != "" {
				return runGitImport(app, cmd, args, f)
			}
			if len(args) != 1 {
				return fmt.Errorf("give the folder to import, or a repository with --git")
			}
			return runImport(app, cmd, args[0], f)
		},
	}
	cmd.Flags().StringVar(&f.space, "space", "", "slug of the space to import into (required)")
	cmd.Flags().StringVar(&f.format, "format", "", "tree format, wikijs or hugo (detected when left out)")
	cmd.Flags().StringVar(&f.locale, "locale", "", "locale of pages outside locale folders (default: the space's source locale)")
	cmd.Flags().BoolVar(&f.createSpace, "create-space", false, "create a private space with this slug when there is none")
	cmd.Flags().BoolVar(&f.quiet, "quiet", false, "draw no progress bar")
	cmd.Flags().BoolVar(&f.strict, "strict", false, "exit non-zero when any file was skipped")
	f.git.bind(cmd)
	_ = cmd.MarkFlagRequired("space")
	return cmd
}

func runImport(app core.App, cmd *cobra.Command, dir string, f importFlags) error {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("%s is not a folder; give the folder that holds the pages", dir)
	}
	// Commands run on an app with PocketBase's own migrations only.
	if err := app.RunAllMigrations(); err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	space, err := findOrCreateSpace(app, f.space, f.locale, f.createSpace)
	if err != nil {
		return err
	}
	// The bar goes to the process's stderr: PocketBase silences the commands' own error writer.
	bar := newProgressBar(os.Stderr, f.quiet)
	sum, err := Import(app, space, os.DirFS(dir), ImportOptions{
		Format: mdtree.Format(f.format), DefaultLocale: f.locale, Progress: bar.update,
	})
	bar.finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Imported %s (%s) into space %s:\n", dir, sum.Format, f.space)
	if err := sum.WriteTable(cmd.OutOrStdout()); err != nil {
		return err
	}
	if f.strict && sum.Failed > 0 {
		return fmt.Errorf("%d file(s) were skipped (--strict)", sum.Failed)
	}
	return nil
}

var slugShape = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// findOrCreateSpace finds the space by slug; with create set, a missing one is made private,
// with no members (add an owner in the dashboard) and locale as its source locale.
func findOrCreateSpace(app core.App, slug, locale string, create bool) (*core.Record, error) {
	if !slugShape.MatchString(slug) {
		return nil, fmt.Errorf("--space %q is not a space slug (a-z, 0-9 and dashes)", slug)
	}
	space, err := app.FindFirstRecordByData(schema.CollectionSpaces, schema.SpaceSlug, slug)
	if err == nil {
		return space, nil
	}
	if !create {
		return nil, fmt.Errorf("there is no space %q; create it first, or pass --create-space", slug)
	}
	col, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
	if err != nil {
		return nil, err
	}
	space = core.NewRecord(col)
	space.Set(schema.SpaceSlug, slug)
	space.Set(schema.SpaceName, slug)
	space.Set(schema.SpaceVisibility, schema.VisibilityPrivate)
	space.Set(schema.SpaceSourceLocale, locale)
	if err := app.Save(space); err != nil {
		return nil, fmt.Errorf("create the space %q: %w", slug, err)
	}
	return space, nil
}

// findSpace finds a space by slug for the commands that need an existing one.
func findSpace(app core.App, slug string) (*core.Record, error) {
	return findOrCreateSpace(app, slug, "", false)
}
