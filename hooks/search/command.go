package search

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"folio/hooks/schema"
)

// Command returns `search`, the CLI command group of the search concern, with `search reindex`.
func Command(app core.App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "search",
		Short: "Manage the full-text search index of pages",
	}
	cmd.AddCommand(&cobra.Command{
		Use:          "reindex",
		Short:        "Rebuild the search index from the pages table",
		Long:         "Rebuilds the search index of every page in one transaction. Run it after writing pages with SQL or another tool that bypasses Folio, or after restoring a backup made by an older Folio.",
		Example:      "folio search reindex --dir=pb_data",
		Args:         cobra.NoArgs,
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReindex(cmd, app)
		},
	})
	return cmd
}

func runReindex(cmd *cobra.Command, app core.App) error {
	// Commands other than serve and migrate run only PocketBase's own migrations, so the index
	// tables exist only once Folio's migrations have been applied.
	if !app.HasTable(schema.SearchDocsTable) {
		return fmt.Errorf("the search index does not exist in this data directory yet: run `folio migrate up` (or start the server once) first")
	}
	start := time.Now()
	n, err := Reindex(app)
	if err != nil {
		return err
	}
	size, _ := IndexSize(app)
	fmt.Fprintf(cmd.OutOrStdout(), "Indexed %d pages in %s (index size %.1f MB).\n",
		n, time.Since(start).Round(time.Millisecond), float64(size)/(1<<20))
	return nil
}

// IndexSize returns the bytes the search index takes in the database (both tables, their
// FTS5 shadow tables and indexes), from SQLite's dbstat.
func IndexSize(app core.App) (int64, error) {
	var size int64
	err := app.DB().NewQuery("SELECT COALESCE(SUM([[pgsize]]), 0) FROM dbstat WHERE [[name]] IN " +
		"(SELECT [[name]] FROM sqlite_master WHERE [[tbl_name]] IN ({:docs}, {:fts}) OR [[tbl_name]] LIKE {:shadow})").
		Bind(dbx.Params{"docs": schema.SearchDocsTable, "fts": schema.SearchIndexTable, "shadow": schema.SearchIndexTable + "_%"}).
		Row(&size)
	return size, err
}
