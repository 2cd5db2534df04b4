package transfer

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// ExportCommand returns "folio export --space <slug> <dir>", bound to app.
func ExportCommand(app core.App) *cobra.Command {
	var slug, format, provenanceKey string
	cmd := &cobra.Command{
		Use:   "export --space <slug> [--format wikijs|hugo] <dir>",
		Short: "Export a space's pages as a Wiki.js or Hugo markdown tree",
		Long: "Writes every page of the space, all locales and drafts included, under <dir> as Wiki.js " +
			"stores them: the source locale at the root, other locales in their own folders. " +
			"With --format hugo, writes content/<locale>/… in the files the pages were imported from, " +
			"front matter byte for byte where the page did not change. " +
			"Files of the same pages are replaced; other files in <dir> are left alone.",
		Args:          cobra.ExactArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return fmt.Errorf("apply migrations: %w", err)
			}
			space, err := findSpace(app, slug)
			if err != nil {
				return err
			}
			var n int
			switch format {
			case string(FormatWikiJS):
				n, err = Export(app, space, args[0])
			case string(FormatHugo):
				n, err = ExportHugo(app, space, args[0], provenanceKey)
			default:
				return fmt.Errorf("--format %q is unknown; use wikijs or hugo", format)
			}
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Exported %d page(s) of space %s to %s\n", n, slug, args[0])
			return err
		},
	}
	cmd.Flags().StringVar(&slug, "space", "", "slug of the space to export (required)")
	cmd.Flags().StringVar(&format, "format", string(FormatWikiJS), "tree format: wikijs or hugo")
	cmd.Flags().StringVar(&provenanceKey, "provenance-key", DefaultProvenanceKey, "with hugo: front matter key naming the source commit a translation was made from")
	_ = cmd.MarkFlagRequired("space")
	return cmd
}
