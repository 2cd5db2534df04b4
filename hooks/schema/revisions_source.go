package schema

// Fields of a revision replayed from a git commit: the commit's author ("Name <email>", who is
// not a Folio user) and its hash. Both are empty for revisions saved in Folio.
const (
	RevisionSourceAuthor = "source_author"
	RevisionSourceCommit = "source_commit"
)
