package transfer

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// ExportCommand returns "folio export --space <slug> <dir>", bound to app.
func ExportCommand(app core.App) *cobra.Command {
	var slug string
	cmd := &cobra.Command{
		Use:   "export --space <slug> <dir>",
		Short: "Export a space's pages as a Wiki.js markdown tree",
		Long: "Writes every page of the space, all locales and drafts included, under <dir> as Wiki.js " +
			"stores them: the source locale at the root, other locales in their own folders. " +
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
			n, err := Export(app, space, args[0])
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Exported %d page(s) of space %s to %s\n", n, slug, args[0])
			return err
		},
	}
	cmd.Flags().StringVar(&slug, "space", "", "slug of the space to export (required)")
	_ = cmd.MarkFlagRequired("space")
	return cmd
}
