// Package spaces holds spaces, memberships, roles and invitations.
package spaces

import "github.com/pocketbase/pocketbase/core"

// Register binds the spaces concern's hooks and routes to app.
func Register(app core.App) error {
	return nil
}
