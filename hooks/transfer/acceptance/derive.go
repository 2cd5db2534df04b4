package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"golang.org/x/text/unicode/norm"

	"folio/hooks/internal/frontmatter"
	"folio/hooks/internal/pagepath"
)

// The expected state of the replay, derived here from the history alone: a snapshot of the
// pages of every commit's tree, chained from commit to commit by page address, and by git's
// rename detection when a page's address changes.

// key is a page's address: locale and page path.
type key struct{ locale, path string }

// content is what makes a revision.
type content struct {
	title, description, body string
	tags                     []string
}

func (a content) equal(b content) bool {
	return a.title == b.title && a.description == b.description && a.body == b.body && slices.Equal(a.tags, b.tags)
}

// rev is one expected revision: the commit that made it.
type rev struct {
	pos     int
	commit  string
	summary string
	when    time.Time
}

// chain is one expected page: its revisions and its content now.
type chain struct {
	revs    []rev
	content content
	extra   map[string]any
}

// expected is the derived final state.
type expected struct {
	pages   map[key]*chain
	commits int
	// positions numbers the first-parent commits by full hash, oldest 0.
	positions map[string]int
	errs      []string // files the history holds that cannot be read
}

// derive replays the first-parent history of ref under dir ("content") of repo.
func derive(repo *git.Repository, ref, dir string) (*expected, error) {
	h, err := repo.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		return nil, err
	}
	var commits []*object.Commit
	c, err := repo.CommitObject(*h)
	for {
		if err != nil {
			return nil, err
		}
		commits = append(commits, c)
		if c.NumParents() == 0 {
			break
		}
		c, err = c.Parent(0)
	}
	slices.Reverse(commits)
	parsed := map[plumbing.Hash]parsedFile{}
	live := map[key]*chain{}
	out := &expected{commits: len(commits), positions: map[string]int{}}
	for i, c := range commits {
		out.positions[c.Hash.String()] = i
	}
	var before *object.Tree
	for i, c := range commits {
		tree, err := contentTree(c, dir)
		if err != nil {
			return nil, err
		}
		snap, err := snapshot(repo, tree, parsed)
		if err != nil {
			return nil, err
		}
		renames, err := renamesOf(before, tree)
		if err != nil {
			return nil, err
		}
		next := map[key]*chain{}
		r := rev{pos: i, commit: c.Hash.String(), summary: firstLine(c.Message), when: c.Committer.When.UTC().Truncate(time.Millisecond)}
		for k, f := range snap {
			ch := live[k]
			if ch == nil {
				for _, rn := range renames[k] {
					if _, still := snap[rn]; !still && live[rn] != nil {
						ch = live[rn]
						delete(live, rn)
						break
					}
				}
			}
			if ch == nil {
				ch = &chain{}
			}
			if len(ch.revs) == 0 || !ch.content.equal(f.content) {
				ch.revs = append(ch.revs, r)
			}
			ch.content, ch.extra = f.content, f.extra
			next[k] = ch
		}
		live = next
		before = tree
	}
	out.pages = live
	for _, p := range parsed {
		if p.err != "" && !slices.Contains(out.errs, p.err) {
			out.errs = append(out.errs, p.err)
		}
	}
	return out, nil
}

func contentTree(c *object.Commit, dir string) (*object.Tree, error) {
	t, err := c.Tree()
	if err != nil {
		return nil, err
	}
	sub, err := t.Tree(dir)
	if err == object.ErrDirectoryNotFound {
		return nil, nil
	}
	return sub, err
}

// parsedFile is a blob read as a page.
type parsedFile struct {
	content content
	extra   map[string]any
	err     string
}

type snapFile struct {
	file string
	parsedFile
}

// snapshot maps every page file of tree to its page; of two files with one address, the first
// by file name keeps it.
func snapshot(repo *git.Repository, tree *object.Tree, parsed map[plumbing.Hash]parsedFile) (map[key]snapFile, error) {
	out := map[key]snapFile{}
	if tree == nil {
		return out, nil
	}
	w := object.NewTreeWalker(tree, true, nil)
	defer w.Close()
	for {
		name, entry, err := w.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if entry.Mode == filemode.Dir {
			continue
		}
		k, ok := keyOf(name)
		if !ok {
			continue
		}
		p, seen := parsed[entry.Hash]
		if !seen {
			p = parseBlob(repo, entry.Hash, k)
			parsed[entry.Hash] = p
		}
		if p.err != "" {
			continue
		}
		if prev, dup := out[k]; dup && prev.file < name {
			continue
		}
		out[k] = snapFile{file: name, parsedFile: p}
	}
}

func parseBlob(repo *git.Repository, h plumbing.Hash, k key) parsedFile {
	blob, err := repo.BlobObject(h)
	if err != nil {
		return parsedFile{err: err.Error()}
	}
	r, err := blob.Reader()
	if err != nil {
		return parsedFile{err: err.Error()}
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return parsedFile{err: err.Error()}
	}
	doc, _, err := frontmatter.ParseHugo(data)
	if err != nil {
		return parsedFile{err: k.locale + "/" + k.path + ": " + err.Error()}
	}
	title := doc.Title()
	if title == "" {
		title = k.path[strings.LastIndexByte(k.path, '/')+1:]
	}
	var tags []string
	for _, t := range doc.Tags() {
		if t = norm.NFC.String(t); !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	return parsedFile{
		content: content{title: title, description: doc.Description(), body: doc.Body, tags: tags},
		extra:   doc.Extra("title", "description", "tags", "draft", "published", "date", "lastmod"),
	}
}

// keyOf maps a file under content/ to its page the way Hugo serves it: content/<locale>/a/b.md
// is a/b, a section's _index.md and a bundle's index.md stand for their folder, letters are
// lowercased and spaces become hyphens. Other files starting with "_" are not pages.
func keyOf(name string) (key, bool) {
	segs := strings.Split(name, "/")
	file := segs[len(segs)-1]
	if len(segs) < 2 || !strings.HasSuffix(file, ".md") || (strings.HasPrefix(file, "_") && file != "_index.md") {
		return key{}, false
	}
	locale := strings.ToLower(segs[0])
	segs = segs[1:]
	segs[len(segs)-1] = strings.TrimSuffix(file, ".md")
	if last := segs[len(segs)-1]; last == "_index" || last == "index" {
		segs = segs[:len(segs)-1]
	}
	p := "index"
	if len(segs) > 0 {
		p = strings.Join(segs, "/")
		p = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' {
				return '-'
			}
			return r
		}, strings.ToLower(p))
	}
	norm, err := pagepath.Normalize(p)
	if err != nil {
		return key{}, false
	}
	return key{locale, norm}, true
}

// renamesOf returns, for each page address a renamed file arrives at, the addresses it left.
func renamesOf(a, b *object.Tree) (map[key][]key, error) {
	changes, err := object.DiffTreeWithOptions(context.Background(), a, b, object.DefaultDiffTreeOptions)
	if err != nil {
		return nil, err
	}
	out := map[key][]key{}
	for _, ch := range changes {
		if ch.From.Name == "" || ch.To.Name == "" || ch.From.Name == ch.To.Name {
			continue
		}
		from, ok1 := keyOf(ch.From.Name)
		to, ok2 := keyOf(ch.To.Name)
		if ok1 && ok2 && from != to {
			out[to] = append(out[to], from)
		}
	}
	return out, nil
}

func firstLine(msg string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(msg), "\n")
	return strings.TrimSpace(line)
}

// expectedState is the translation state of the page at k, by Folio's rule, computed from the
// derived history: a translation is made from the source's newest revision at or before its
// own last revision's commit (or the commit its provenance key names), and is outdated when
// the source has a revision after that one, or none at or before it.
func (e *expected) expectedState(k key, sourceLocale, provenanceKey string) string {
	if k.locale == sourceLocale {
		return "source"
	}
	source := e.pages[key{sourceLocale, k.path}]
	if source == nil {
		return "orphaned"
	}
	page := e.pages[k]
	at := page.revs[len(page.revs)-1].pos
	if v, ok := page.extra[provenanceKey].(string); ok && v != "" {
		p, found := e.positions[v]
		if !found {
			return "outdated"
		}
		at = p
	}
	made := 0
	for i, r := range source.revs {
		if r.pos <= at {
			made = i + 1
		}
	}
	if made == 0 || made < len(source.revs) {
		return "outdated"
	}
	return "current"
}
