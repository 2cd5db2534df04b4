package transfer

import (
	"fmt"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// maxGitTreeFiles is the most files a commit's tree (under the folder imported) may hold, as
// maxZipEntries bounds a zip. A tree names its subtrees by hash, so a bundle of a few kilobytes
// can hold ten trees each naming the one below ten times: 10¹⁰ files, which listing or diffing
// would never finish.
const maxGitTreeFiles = maxZipEntries

// treeFiles counts the files of trees, reading each distinct tree once: a tree named a million
// times counts a million times its files at the cost of one read.
type treeFiles struct {
	repo   *git.Repository
	counts map[plumbing.Hash]int
}

func newTreeFiles(repo *git.Repository) *treeFiles {
	return &treeFiles{repo: repo, counts: map[plumbing.Hash]int{}}
}

// count returns the files of t, or maxGitTreeFiles+1 when there are more.
func (f *treeFiles) count(t *object.Tree) (int, error) {
	if n, ok := f.counts[t.Hash]; ok {
		return n, nil
	}
	n := 0
	for _, e := range t.Entries {
		switch {
		case e.Mode == filemode.Dir:
			sub, err := f.repo.TreeObject(e.Hash)
			if err != nil {
				return 0, err
			}
			m, err := f.count(sub)
			if err != nil {
				return 0, err
			}
			n += m
		case e.Mode.IsFile():
			n++
		}
		if n > maxGitTreeFiles {
			n = maxGitTreeFiles + 1
			break
		}
	}
	f.counts[t.Hash] = n
	return n, nil
}

// check refuses the tree t of commit c when it holds more than maxGitTreeFiles files.
func (f *treeFiles) check(c *object.Commit, t *object.Tree) error {
	if t == nil {
		return nil
	}
	n, err := f.count(t)
	if err != nil {
		return err
	}
	if n > maxGitTreeFiles {
		return &TreeError{Reason: fmt.Sprintf("commit %s holds more than %d files in the folder imported; import a smaller folder of the repository (subdir)", c.Hash, maxGitTreeFiles)}
	}
	return nil
}
