// Package hooks wires Folio's business logic into a PocketBase app. Each concern lives in a
// package of its own and binds its own hooks; concerns never import each other.
package hooks

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"folio/hooks/accounts"
	"folio/hooks/attachments"
	"folio/hooks/audit"
	"folio/hooks/events"
	"folio/hooks/factors"
	"folio/hooks/fanout"
	"folio/hooks/faults"
	"folio/hooks/navigation"
	"folio/hooks/pages"
	"folio/hooks/ratelimit"
	"folio/hooks/readguard"
	"folio/hooks/replica"
	"folio/hooks/search"
	"folio/hooks/spaces"
	"folio/hooks/transfer"
	"folio/hooks/translations"
)

// Register binds every concern's hooks and routes to app, in a fixed order.
func Register(app core.App) error {
	for _, c := range []struct {
		name     string
		register func(core.App) error
	}{
		{"faults", faults.Register},
		{"accounts", accounts.Register},
		{"factors", factors.Register},
		{"audit", audit.Register},
		{"spaces", spaces.Register},
		{"pages", pages.Register},
		{"attachments", attachments.Register},
		{"translations", translations.Register},
		{"transfer", transfer.Register},
		{"navigation", navigation.Register},
		{"search", search.Register},
		{"events", events.Register},
		{"ratelimit", ratelimit.Register},
		{"readguard", readguard.Register},
		{"fanout", fanout.Register},
		{"replica", replica.Register},
	} {
		if err := c.register(app); err != nil {
			return fmt.Errorf("register %s: %w", c.name, err)
		}
	}
	return nil
}

// Commands returns Folio's own CLI commands, to be added to the app's root command.
func Commands(app core.App) []*cobra.Command {
	return []*cobra.Command{
		search.Command(app),
		audit.Command(app),
		transfer.ImportCommand(app), transfer.ExportCommand(app),
		replica.Command(app),
	}
}
