// Package export is the registry of what Folio holds about a person, by part ("profile",
// "sessions", "memberships", "audit_events", …). Each concern adds the parts it owns when it
// registers, without importing the others; the accounts concern's export route collects every
// part, and its delete route erases them.
package export

import (
	"fmt"
	"sync"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Part is one part of a person's data.
type Part struct {
	// Name is the key of the part in the export document; unique per app.
	Name string
	// Export returns the part's data about user, as something encoding/json can write.
	Export func(app core.App, user *core.Record) (any, error)
	// Erase removes the part's data about user, or detaches it from the person, when the
	// account is deleted. It runs inside the deletion's transaction (app is that
	// transaction); an error aborts the deletion. Nil when the part keeps its data (the audit
	// trail does, for accountability).
	Erase func(app core.App, user *core.Record) error
}

// registry is the per-app list of parts, kept in the app's store.
type registry struct {
	mu    sync.Mutex
	parts []Part
}

const storeKey = "folio.export"

func registryOf(app core.App) *registry {
	return app.Store().GetOrSet(storeKey, func() any { return &registry{} }).(*registry)
}

// Add registers p with app. Adding a second part with the same name replaces the first, so a
// concern registered twice on one app does not export twice.
func Add(app core.App, p Part) {
	r := registryOf(app)
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, q := range r.parts {
		if q.Name == p.Name {
			r.parts[i] = p
			return
		}
	}
	r.parts = append(r.parts, p)
}

// Parts returns app's parts in the order they were added.
func Parts(app core.App) []Part {
	r := registryOf(app)
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Part(nil), r.parts...)
}

// Collect runs every part's Export for user and returns the results by name.
func Collect(app core.App, user *core.Record) (map[string]any, error) {
	out := map[string]any{}
	for _, p := range Parts(app) {
		if p.Export == nil {
			continue
		}
		v, err := p.Export(app, user)
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", p.Name, err)
		}
		out[p.Name] = v
	}
	return out, nil
}

// Erase runs every part's Erase for user, in registration order, inside app (the deletion's
// transaction); the first error stops it.
func Erase(app core.App, user *core.Record) error {
	for _, p := range Parts(app) {
		if p.Erase == nil {
			continue
		}
		if err := p.Erase(app, user); err != nil {
			return fmt.Errorf("erase %s: %w", p.Name, err)
		}
	}
	return nil
}

// Records is a helper for parts that are plain records: every record of collection whose
// field holds the user's id, in sort order, with the fields the records API shows (hidden
// fields, such as token hashes, are left out).
func Records(app core.App, collection, field string, user *core.Record, sort string) ([]map[string]any, error) {
	recs, err := app.FindRecordsByFilter(collection, field+" = {:user}", sort, 0, 0, dbx.Params{"user": user.Id})
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(recs))
	for i, r := range recs {
		out[i] = r.PublicExport()
	}
	return out, nil
}
