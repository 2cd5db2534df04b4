package schema

// Names of the navigation version table: a raw SQL table that no collection describes, written
// only by the SQLite triggers of migration 1797000100_navigation_versions. Every insert, update
// or delete of a page — through the records API, the dashboard, Go code or plain SQL — gives the
// page's space a new random version inside the writing transaction, so a rolled-back write leaves
// the version as it was and a committed one never repeats an earlier version. Navigation keeps an
// in-memory snapshot of a space's pages per version (hooks/navigation/snapshot.go).
const (
	NavigationVersionsTable = "navigation_versions"
	NavigationVersionSpace  = "space"
	NavigationVersion       = "version"
)
