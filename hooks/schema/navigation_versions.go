package schema

// Names of the navigation version tables: raw SQL tables that no collection describes, written
// only by the SQLite triggers of migrations 1797000100_navigation_versions and
// 1797000300_navigation_changes. Every insert, update or delete of a page — through the records
// API, the dashboard, Go code or plain SQL — gives the page's space a new random version and the
// next change number inside the writing transaction, and logs the page's id under that number, so
// a rolled-back write leaves them as they were and a committed one never repeats an earlier
// version. Navigation keeps an in-memory snapshot of a space's pages per version and brings it
// up to date from the logged changes (hooks/navigation/snapshot.go).
const (
	NavigationVersionsTable = "navigation_versions"
	NavigationVersionSpace  = "space"
	NavigationVersion       = "version"
	NavigationVersionSeq    = "seq"

	// NavigationChangesTable logs, per space, the page each change number wrote, in a ring of
	// NavigationChangesKept slots (slot = seq modulo the count): the last changes are kept.
	NavigationChangesTable = "navigation_changes"
	NavigationChangeSpace  = "space"
	NavigationChangeSlot   = "slot"
	NavigationChangeSeq    = "seq"
	NavigationChangePage   = "page"
	NavigationChangesKept  = 1024
)
