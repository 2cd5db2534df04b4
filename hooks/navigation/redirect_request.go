package navigation

import "github.com/pocketbase/pocketbase/core"

// onRedirectWriteRequest refuses creating or editing redirects through the records API, even
// for superusers: a redirect is left by a move or an import and always names the page that now
// answers its address. Deleting one (owners and admins) stays open.
func onRedirectWriteRequest(e *core.RecordRequestEvent) error {
	return e.ForbiddenError("Redirects are created by moving a page (POST /api/folio/pages/{id}/move) or by importing Hugo aliases.", nil)
}
