package schema

// Names of the git_syncs collection and its fields: how far a space has replayed a git
// history. One row per space and source (a name for the repository), ref and folder;
// commit is the last commit whose changes are saved. Only the import writes these rows; no API
// rule opens them.
const (
	CollectionGitSyncs = "git_syncs"

	GitSyncSpace   = "space"
	GitSyncSource  = "source"
	GitSyncRef     = "ref"
	GitSyncSubdir  = "subdir"
	GitSyncCommit  = "commit"
	GitSyncCommits = "commits"
	GitSyncUpdated = "updated"
)
