package audit

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"folio/hooks/internal/auditlog"
)

// Command returns "folio audit" with its verify and prune subcommands, bound to app.
func Command(app core.App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check or prune the tamper-evident audit trail",
	}
	cmd.AddCommand(verifyCommand(app), pruneCommand(app))
	return cmd
}

func verifyCommand(app core.App) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Recompute the audit trail's hash chain and name the first broken link",
		Long: "Walks every audit event in order, recomputing each hash and checking that each " +
			"event names the previous one. Exits non-zero and names the first broken event if the " +
			"trail was changed. Prints the head hash: keep it elsewhere to detect a cut-off tail later.",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return fmt.Errorf("apply migrations: %w", err)
			}
			rep, err := auditlog.Verify(app)
			if err != nil {
				return err
			}
			if rep.Broken != nil {
				return fmt.Errorf("audit trail BROKEN at %s (%d events checked)", rep.Broken, rep.Events)
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "audit trail OK: %d events, seq %d to %d, head %s\n",
				rep.Events, rep.FirstSeq, rep.HeadSeq, rep.HeadHash)
			return err
		},
	}
}

func pruneCommand(app core.App) *cobra.Command {
	var olderThan time.Duration
	cmd := &cobra.Command{
		Use:   "prune --older-than <duration>",
		Short: "Delete audit events older than a duration, keeping the rest verifiable",
		Long: "Deletes the events created more than --older-than ago (never the newest) and appends " +
			"an audit.pruned event that anchors the shortened chain, so `folio audit verify` still holds.",
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if olderThan <= 0 {
				return fmt.Errorf("--older-than must be a positive duration such as 8760h")
			}
			if err := app.RunAllMigrations(); err != nil {
				return fmt.Errorf("apply migrations: %w", err)
			}
			n, err := auditlog.Prune(app, time.Now().Add(-olderThan), auditlog.Actor{Via: "cli"})
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "pruned %d audit event(s)\n", n)
			return err
		},
	}
	cmd.Flags().DurationVar(&olderThan, "older-than", 0, "delete events older than this (required), e.g. 8760h")
	_ = cmd.MarkFlagRequired("older-than")
	return cmd
}
