package transfer

import (
	"cmp"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/mdtree"
	"folio/hooks/schema"
)

// DefaultProvenanceKey is the front matter key that names the source-locale commit a
// translation was made from, as large Hugo sites write it.
const DefaultProvenanceKey = "default_lang_commit"

// GitOptions tune an ImportGit.
type GitOptions struct {
	// Ref is the branch, tag or commit whose first-parent history is replayed; "" is HEAD.
	Ref string
	// Subdir is the folder of the repository that holds the tree; "" is its root.
	Subdir string
	// Source names the repository, so that later runs (from another clone or bundle of the
	// same history) continue where this one stopped. Required.
	Source string
	// Format is FormatWikiJS or FormatHugo; "" detects it from the ref's last tree.
	Format Format
	// DefaultLocale is the locale of pages outside locale folders; "" is the space's source
	// locale.
	DefaultLocale string
	// ProvenanceKey is the front matter key naming the commit a translation was made from;
	// "" is DefaultProvenanceKey.
	ProvenanceKey string
	// Progress, when set, is called after each commit with the commits done and the total.
	Progress func(done, total int)
}

// GitSummary is what an ImportGit did.
type GitSummary struct {
	Source string `json:"source"`
	Ref    string `json:"ref"`
	Format string `json:"format"`
	// From is the last commit imported before this run ("" on the first), To the last now.
	From      string      `json:"from"`
	To        string      `json:"to"`
	Commits   int         `json:"commits"`
	Revisions int         `json:"revisions"`
	Created   int         `json:"created"`
	Updated   int         `json:"updated"`
	Moved     int         `json:"moved"`
	Deleted   int         `json:"deleted"`
	Warnings  []FileError `json:"warnings"`
	Errors    []FileError `json:"errors"`
}

// GitHistoryError is an import refused because of the history itself: a ref that is not
// there, or a history rewritten since the last import. Nothing was written.
type GitHistoryError struct{ Reason string }

// Error returns the reason.
func (e *GitHistoryError) Error() string { return e.Reason }

// ImportGit replays the first-parent history of a ref of repo into space, oldest commit first:
// every commit that changes a page file saves that page once, and a change of its title,
// description, body or tags makes one revision dated with the commit (committer date), summed
// up by the first line of its message and credited to its author (source_author, with the
// commit in source_commit). A renamed file moves its page, history and all; a deleted file
// deletes its page. Each commit is saved in one transaction together with the sync state, so
// an import stopped at any point (even killed) resumes with the next commit; a later run with
// the same Source, ref and folder replays only the commits since. A ref whose history no
// longer contains the last imported commit is refused with a *GitHistoryError.
//
// Translations get their source_revision from provenance: the commit named by the file's
// ProvenanceKey, else the commit of their own last revision; it maps to the source page's
// newest revision at or before that commit. A key naming a commit that is not in the
// repository, or not in the translation's history, is reported as a warning and leaves the
// translation outdated.
func ImportGit(app core.App, space *core.Record, repo *git.Repository, opts GitOptions) (GitSummary, error) {
	if strings.TrimSpace(opts.Source) == "" {
		return GitSummary{}, errors.New("ImportGit needs a source name")
	}
	ref := cmp.Or(opts.Ref, "HEAD")
	subdir := strings.Trim(path.Clean("/"+opts.Subdir), "/")
	src := gitSource{space: space.Id, name: opts.Source, ref: ref, subdir: subdir}
	sum := GitSummary{Source: opts.Source, Ref: ref, Warnings: []FileError{}, Errors: []FileError{}}

	tipHash, err := repo.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		return sum, &GitHistoryError{Reason: fmt.Sprintf("the repository has no ref %q (%v); name a branch, tag or commit with --ref", ref, err)}
	}
	tip, err := repo.CommitObject(*tipHash)
	if err != nil {
		return sum, &GitHistoryError{Reason: fmt.Sprintf("%q does not name a commit: %v", ref, err)}
	}
	state, err := findGitSync(app, src)
	if err != nil {
		return sum, err
	}
	var last plumbing.Hash
	if state != nil {
		last = plumbing.NewHash(state.GetString(schema.GitSyncCommit))
		sum.From = last.String()
	}
	pending, err := commitsSince(tip, last, space, src)
	if err != nil {
		return sum, err
	}
	sum.To = tip.Hash.String()

	files := newTreeFiles(repo)
	root, format, err := gitTreeRoot(tip, subdir, opts.Format, files)
	if err != nil {
		return sum, err
	}
	sum.Format = string(format)
	sp := schema.AsSpace(space)
	r := &replay{
		app: app, repo: repo, space: space.Id, sourceLocale: sp.SourceLocale(), src: src,
		root: root, format: format, defaultLocale: cmp.Or(opts.DefaultLocale, sp.SourceLocale()),
		key: cmp.Or(opts.ProvenanceKey, DefaultProvenanceKey), sum: &sum,
		chain: newChain(pending, last, repo), files: files,
	}
	var prev *object.Commit
	if !last.IsZero() {
		if prev, err = repo.CommitObject(last); err != nil {
			return sum, err
		}
	}
	for i, h := range pending {
		c, err := repo.CommitObject(h)
		if err != nil {
			return sum, err
		}
		if err := r.commit(prev, c); err != nil {
			return sum, fmt.Errorf("replay commit %s: %w", h, err)
		}
		sum.Commits++
		prev = c
		if opts.Progress != nil {
			opts.Progress(i+1, len(pending))
		}
	}
	return sum, nil
}

// commitsSince lists the first-parent commits from tip back to last (excluded; the whole
// history when last is zero), oldest first. Only hashes are kept, so a long history costs 20
// bytes a commit.
func commitsSince(tip *object.Commit, last plumbing.Hash, space *core.Record, src gitSource) ([]plumbing.Hash, error) {
	var out []plumbing.Hash
	c := tip
	for c.Hash != last {
		out = append(out, c.Hash)
		if c.NumParents() == 0 {
			if last.IsZero() {
				break
			}
			return nil, &GitHistoryError{Reason: fmt.Sprintf(
				"the history of %q was rewritten: commit %s, the last one imported into space %s from %s, is no longer in it (a force-push?). "+
					"Imported revisions are never undone; import the new history into another space, or under another --source name to keep both",
				src.ref, last, schema.AsSpace(space).Slug(), src.name)}
		}
		p, err := c.Parent(0)
		if err != nil {
			return nil, fmt.Errorf("read the parent of %s: %w", c.Hash, err)
		}
		c = p
	}
	slices.Reverse(out)
	return out, nil
}

// gitTreeRoot returns the folder of the tree, relative to the repository, whose files are
// pages ("content" inside a Hugo site), and the tree's format, detected on tip when not given.
func gitTreeRoot(tip *object.Commit, subdir string, format Format, files *treeFiles) (string, Format, error) {
	tree, err := subTree(tip, subdir)
	if err != nil {
		return "", "", err
	}
	if tree == nil {
		return "", "", &TreeError{Reason: fmt.Sprintf("the folder %q is not in the repository at %s; check --subdir", subdir, tip.Hash)}
	}
	if err := files.check(tip, tree); err != nil {
		return "", "", err
	}
	fsys := treeFS{root: tree}
	if format, err = resolveFormat(fsys, format); err != nil {
		return "", "", err
	}
	return path.Join(cmp.Or(subdir, "."), mdtree.Root(fsys, format)), format, nil
}

// subTree returns the tree of dir ("" or "." for the root) at commit c, or nil when c has no
// such folder.
func subTree(c *object.Commit, dir string) (*object.Tree, error) {
	tree, err := c.Tree()
	if err != nil {
		return nil, err
	}
	if dir == "" || dir == "." {
		return tree, nil
	}
	sub, err := tree.Tree(dir)
	if errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, nil
	}
	return sub, err
}
