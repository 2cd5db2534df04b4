package readguard

import (
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

const collectionsPrefix = "/api/collections/"

// onCollectionRequest runs before every route under /api/collections/{collection}/ — records
// list, view, create, update, delete and the auth routes, which all take expand and some a
// filter or sort — and refuses, for callers who are not superusers, the query parameters
// checkQuery refuses. The dashboard signs in as a superuser and keeps every filter.
func onCollectionRequest(e *core.RequestEvent) error {
	if !strings.HasPrefix(e.Request.URL.Path, collectionsPrefix) || e.HasSuperuserAuth() {
		return e.Next()
	}
	if err := checkURL(e.App, e.Request.URL.Path, e.Request.URL.Query()); err != nil {
		return err
	}
	return e.Next()
}

// onBatchRequest checks each request of a batch (creates, updates and upserts take expand),
// which PocketBase runs without the router's middlewares.
func onBatchRequest(e *core.BatchRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	for _, r := range e.Batch {
		u, err := url.Parse(r.URL)
		if err != nil {
			continue // PocketBase refuses it
		}
		if err := checkURL(e.App, u.Path, u.Query()); err != nil {
			return err
		}
	}
	return e.Next()
}

// checkURL checks the query of a request to path, when path names a collection's sub-route.
func checkURL(app core.App, path string, q url.Values) error {
	name, rest, ok := strings.Cut(strings.TrimPrefix(path, collectionsPrefix), "/")
	if !ok || rest == "" || !hasGuardedParam(q) {
		return nil
	}
	c, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return nil // PocketBase answers 404
	}
	if apiErr := checkQuery(app, c, q); apiErr != nil {
		return apiErr
	}
	return nil
}

func hasGuardedParam(q url.Values) bool {
	return q.Get(search.FilterQueryParam) != "" || q.Get(search.SortQueryParam) != "" || q.Get("expand") != ""
}
