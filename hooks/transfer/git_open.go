package transfer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// gitCacheSize bounds the objects go-git keeps decoded in memory while a history is replayed:
// the replay reads each commit's changed files once, so a small cache is enough and the memory
// a replay needs does not grow with the history.
const gitCacheSize = 8 * cache.MiByte

// OpenGit opens the repository at path for ImportGit: a working tree or bare repository
// folder, or a git bundle file (as `git bundle create` writes it). A bundle is unpacked into a
// temporary folder, which close removes; no git program is needed either way.
func OpenGit(path string) (repo *git.Repository, close func(), err error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, &TreeError{Reason: fmt.Sprintf("%s cannot be opened: %v", path, errors.Unwrap(err))}
	}
	if !info.IsDir() {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		defer f.Close()
		return OpenGitBundle(f)
	}
	repo, err = git.PlainOpenWithOptions(path, &git.PlainOpenOptions{EnableDotGitCommonDir: true})
	if err != nil {
		return nil, nil, &TreeError{Reason: fmt.Sprintf("%s is not a git repository (%v); give a repository folder or a bundle file", path, err)}
	}
	return repo, func() {}, nil
}

// bundleSignatures are the first lines of the bundle formats OpenGitBundle reads.
var bundleSignatures = []string{"# v2 git bundle", "# v3 git bundle"}

// OpenGitBundle reads a git bundle: a header naming its references, then one packfile. The
// packfile is written to a temporary folder with its index, so objects are read from disk as
// the replay needs them. A bundle that needs commits it does not hold (made with a range, so
// it has prerequisites) is refused, since the history it continues is not there.
func OpenGitBundle(r io.Reader) (repo *git.Repository, close func(), err error) {
	br := bufio.NewReader(r)
	refs, err := readBundleHeader(br)
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "folio-bundle-")
	if err != nil {
		return nil, nil, err
	}
	close = func() { os.RemoveAll(dir) }
	defer func() {
		if err != nil {
			close()
		}
	}()
	st := filesystem.NewStorage(osfs.New(dir), cache.NewObjectLRU(gitCacheSize))
	if err := packfile.UpdateObjectStorage(st, br); err != nil {
		return nil, nil, &TreeError{Reason: fmt.Sprintf("the bundle's packfile cannot be read: %v", err)}
	}
	for _, ref := range refs {
		if err := st.SetReference(ref); err != nil {
			return nil, nil, err
		}
	}
	repo, err = git.Open(st, nil)
	if err != nil {
		return nil, nil, err
	}
	return repo, close, nil
}

// readBundleHeader reads a bundle's header up to the blank line before the packfile and
// returns its references; a bundle listing HEAD gets it as a symbolic reference when another
// reference has the same commit, as git clone would.
func readBundleHeader(br *bufio.Reader) ([]*plumbing.Reference, error) {
	notBundle := &TreeError{Reason: "the file is not a git bundle; make one with: git bundle create repo.bundle --all"}
	first, err := br.ReadString('\n')
	if err != nil || !slices.Contains(bundleSignatures, strings.TrimRight(first, "\n")) {
		return nil, notBundle
	}
	var refs []*plumbing.Reference
	var head plumbing.Hash
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil, notBundle
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "":
			return withHead(refs, head), nil
		case strings.HasPrefix(line, "@"): // v3 capability, such as @object-format=sha1
			if strings.HasPrefix(line, "@object-format=") && line != "@object-format=sha1" {
				return nil, &TreeError{Reason: "the bundle uses " + strings.TrimPrefix(line, "@object-format=") + " object names; only sha1 repositories can be imported"}
			}
		case strings.HasPrefix(line, "-"):
			return nil, &TreeError{Reason: "the bundle continues a history it does not hold (it has prerequisite commits); make it from the whole history: git bundle create repo.bundle --all"}
		default:
			hash, name, ok := strings.Cut(line, " ")
			if !ok || !plumbing.IsHash(hash) {
				return nil, notBundle
			}
			if name == "HEAD" {
				head = plumbing.NewHash(hash)
				continue
			}
			refs = append(refs, plumbing.NewHashReference(plumbing.ReferenceName(name), plumbing.NewHash(hash)))
		}
	}
}

func withHead(refs []*plumbing.Reference, head plumbing.Hash) []*plumbing.Reference {
	if head.IsZero() {
		return refs
	}
	for _, r := range refs {
		if r.Hash() == head && r.Name().IsBranch() {
			return append(refs, plumbing.NewSymbolicReference(plumbing.HEAD, r.Name()))
		}
	}
	return append(refs, plumbing.NewHashReference(plumbing.HEAD, head))
}
