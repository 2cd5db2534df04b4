package transfer

import (
	"io"
	"io/fs"
	"path"
	"time"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// treeFS shows a git tree as an fs.FS, so the tree readers that take folders (format
// detection, Read) take a commit's tree too. Files are read when opened.
type treeFS struct{ root *object.Tree }

// Open implements fs.FS.
func (t treeFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return &treeDir{info: treeInfo{name: ".", mode: fs.ModeDir}, tree: t.root}, nil
	}
	entry, err := t.root.FindEntry(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	info := entryInfo(entry)
	if entry.Mode == filemode.Dir {
		sub, err := t.root.Tree(name)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &treeDir{info: info, tree: sub}, nil
	}
	file, err := t.root.TreeEntryFile(entry)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	info.size = file.Size
	r, err := file.Reader()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &treeFile{info: info, r: r}, nil
}

// treeInfo is the fs.FileInfo of a tree entry.
type treeInfo struct {
	name string
	size int64
	mode fs.FileMode
}

func (i treeInfo) Name() string               { return path.Base(i.name) }
func (i treeInfo) Size() int64                { return i.size }
func (i treeInfo) Mode() fs.FileMode          { return i.mode }
func (i treeInfo) ModTime() time.Time         { return time.Time{} }
func (i treeInfo) IsDir() bool                { return i.mode.IsDir() }
func (i treeInfo) Sys() any                   { return nil }
func (i treeInfo) Type() fs.FileMode          { return i.mode.Type() }
func (i treeInfo) Info() (fs.FileInfo, error) { return i, nil }

func entryInfo(e *object.TreeEntry) treeInfo {
	switch e.Mode {
	case filemode.Dir:
		return treeInfo{name: e.Name, mode: fs.ModeDir | 0o755}
	case filemode.Symlink:
		return treeInfo{name: e.Name, mode: fs.ModeSymlink | 0o777}
	case filemode.Submodule:
		return treeInfo{name: e.Name, mode: fs.ModeIrregular}
	}
	return treeInfo{name: e.Name, mode: 0o644}
}

// treeFile is an open blob.
type treeFile struct {
	info treeInfo
	r    io.ReadCloser
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *treeFile) Close() error               { return f.r.Close() }

// treeDir is an open tree; ReadDir lists it in git's order, which is by name.
type treeDir struct {
	info treeInfo
	tree *object.Tree
	read int
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: fs.ErrInvalid}
}
func (d *treeDir) Close() error { return nil }

// ReadDir implements fs.ReadDirFile. Blob sizes are left 0: reading them would read the blobs.
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.tree.Entries[d.read:]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && n < len(rest) {
		rest = rest[:n]
	}
	out := make([]fs.DirEntry, len(rest))
	for i := range rest {
		out[i] = entryInfo(&rest[i])
	}
	d.read += len(rest)
	return out, nil
}
