package main

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// checkHistory replays the glossary's history into a new space and checks it against derive.
func checkHistory(app core.App, c *checks, bundle, tmp string, skipKill bool) error {
	fmt.Println("== CNCF glossary history (git bundle, first-parent replay):", bundle)
	repo, closeRepo, err := transfer.OpenGit(bundle)
	if err != nil {
		return err
	}
	defer closeRepo()
	want, err := derive(repo, "main", "content")
	if err != nil {
		return fmt.Errorf("derive the expected pages: %w", err)
	}
	space, err := saveSpace(app, "glossary-history")
	if err != nil {
		return err
	}
	start := time.Now()
	sum, err := transfer.ImportGit(app, space, repo, transfer.GitOptions{Ref: "main", Source: "cncf-glossary"})
	if err != nil {
		return fmt.Errorf("import the history: %w", err)
	}
	took := time.Since(start)
	fmt.Printf("replayed %d commits in %s: %d revisions; %d created, %d updated, %d moved, %d deleted; %d warning(s)\n",
		sum.Commits, took.Round(time.Millisecond), sum.Revisions, sum.Created, sum.Updated, sum.Moved, sum.Deleted, len(sum.Warnings))
	if sum.Commits != want.commits {
		c.fail("replayed %d commits, the history has %d", sum.Commits, want.commits)
	}
	if len(sum.Errors) > 0 {
		for _, e := range sum.Errors[:min(10, len(sum.Errors))] {
			fmt.Println("    ", e.Error())
		}
		c.fail("%d file version(s) were refused", len(sum.Errors))
	}
	if len(want.errs) > 0 {
		c.fail("the history holds %d file(s) that do not parse: %v", len(want.errs), want.errs)
	}
	if err := comparePages(app, c, space, want); err != nil {
		return err
	}
	// The replay's Hugo export is the last tree: the corpus's snapshot of the same history.
	exportDir := filepath.Join(tmp, "history-export")
	if _, err := transfer.ExportHugo(app, space, exportDir, ""); err != nil {
		return fmt.Errorf("export the replayed history: %w", err)
	}
	if err := compareTrees(c, "the replayed history's Hugo export against cncf-glossary", filepath.Join(filepath.Dir(bundle), "cncf-glossary", "content"), filepath.Join(exportDir, "content")); err != nil {
		return err
	}

	beforeLines, err := fingerprintLines(app, space)
	if err != nil {
		return err
	}
	before := hash(strings.Join(beforeLines, "\n"))
	again, err := transfer.ImportGit(app, space, repo, transfer.GitOptions{Ref: "main", Source: "cncf-glossary"})
	if err != nil {
		return fmt.Errorf("second run: %w", err)
	}
	after, err := fingerprint(app, space)
	if err != nil {
		return err
	}
	if again.Commits != 0 || again.Revisions != 0 || after != before {
		c.fail("a second run imported %d commit(s), %d revision(s) (state changed: %v)", again.Commits, again.Revisions, after != before)
	} else {
		c.pass("a second run imports nothing and changes nothing")
	}
	if skipKill {
		fmt.Println("  - SIGKILL check left out (-skip-kill)")
		return nil
	}
	return checkKilled(c, bundle, tmp, beforeLines, took)
}

// comparePages checks every page of space against the derived history.
func comparePages(app core.App, c *checks, space *core.Record, want *expected) error {
	pages, err := app.FindAllRecords(schema.CollectionPages, dbx.HashExp{schema.PageSpace: space.Id})
	if err != nil {
		return err
	}
	seen := map[key]bool{}
	var wrongCount, wrongContent, wrongRevs, wrongState []string
	states := map[string]int{}
	for _, p := range pages {
		k := key{p.GetString(schema.PageLocale), p.GetString(schema.PagePath)}
		seen[k] = true
		exp := want.pages[k]
		if exp == nil {
			wrongCount = append(wrongCount, fmt.Sprintf("%s/%s is not in the last tree", k.locale, k.path))
			continue
		}
		var tags []string
		_ = json.Unmarshal([]byte(p.GetString(schema.PageTags)), &tags)
		got := content{p.GetString(schema.PageTitle), p.GetString(schema.PageDescription), p.GetString(schema.PageBody), tags}
		if !got.equal(exp.content) {
			wrongContent = append(wrongContent, k.locale+"/"+k.path)
		}
		revs, err := app.FindRecordsByFilter(schema.CollectionRevisions, schema.RevisionPage+" = {:p}", schema.RevisionNumber, 0, 0, dbx.Params{"p": p.Id})
		if err != nil {
			return err
		}
		if len(revs) != len(exp.revs) {
			wrongCount = append(wrongCount, fmt.Sprintf("%s/%s has %d revisions, the history %d", k.locale, k.path, len(revs), len(exp.revs)))
		} else {
			for i, r := range revs {
				e := exp.revs[i]
				if r.GetString(schema.RevisionSourceCommit) != e.commit || r.GetString(schema.RevisionSummary) != truncate(e.summary, 500) ||
					!r.GetDateTime(schema.RevisionCreated).Time().Equal(e.when) || r.GetString(schema.RevisionSourceAuthor) == "" {
					wrongRevs = append(wrongRevs, fmt.Sprintf("%s/%s revision %d: commit %s %q %s, want %s %q %s", k.locale, k.path, i+1,
						r.GetString(schema.RevisionSourceCommit), r.GetString(schema.RevisionSummary), r.GetDateTime(schema.RevisionCreated),
						e.commit, e.summary, e.when))
					break
				}
			}
		}
		state := p.GetString(schema.PageTranslationState)
		states[state]++
		if ws := want.expectedState(k, "en", transfer.DefaultProvenanceKey); ws != state {
			wrongState = append(wrongState, fmt.Sprintf("%s/%s is %s, the history says %s", k.locale, k.path, state, ws))
		}
	}
	for k := range want.pages {
		if !seen[k] {
			wrongCount = append(wrongCount, fmt.Sprintf("%s/%s of the last tree has no page", k.locale, k.path))
		}
	}
	report(c, wrongCount, "every page of the last tree is a page, with one revision per commit that changed its content (%d pages)", len(pages))
	report(c, wrongContent, "every page's content equals its file in the last tree")
	report(c, wrongRevs, "every revision has its commit's hash, committer date, first message line and author")
	report(c, wrongState, "translation states equal the history's: %v", states)
	return nil
}

func report(c *checks, problems []string, okFormat string, args ...any) {
	if len(problems) == 0 {
		c.pass(okFormat, args...)
		return
	}
	slices.Sort(problems)
	for _, p := range problems[:min(8, len(problems))] {
		fmt.Println("      ", p)
	}
	c.fail("%d problem(s), such as: %s", len(problems), problems[0])
}

// fingerprint hashes everything the replay wrote into space: the pages with their content,
// state and created date, their revisions, the files they came from and the sync state. A
// page's updated date is left out: the translations concern's state upkeep saves it at the
// time it runs.
func fingerprint(app core.App, space *core.Record) (string, error) {
	lines, err := fingerprintLines(app, space)
	return hash(strings.Join(lines, "\n")), err
}

// fingerprintLines is what fingerprint hashes, one line per page and one for the sync state.
func fingerprintLines(app core.App, space *core.Record) ([]string, error) {
	var lines []string
	pages, err := app.FindAllRecords(schema.CollectionPages, dbx.HashExp{schema.PageSpace: space.Id})
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		line := fmt.Sprint(p.GetString(schema.PageLocale), "|", p.GetString(schema.PagePath), "|", p.GetString(schema.PageTitle), "|",
			p.GetString(schema.PageDescription), "|", hash(p.GetString(schema.PageBody)), "|", p.GetString(schema.PageTags), "|",
			p.GetString(schema.PageStatus), "|", p.GetString(schema.PageExtra), "|", p.GetString(schema.PageTranslationState), "|",
			p.GetInt(schema.PageSourceRevision), "|", p.GetInt(schema.PageRevision), "|", p.GetString(schema.PageCreated))
		revs, err := app.FindRecordsByFilter(schema.CollectionRevisions, schema.RevisionPage+" = {:p}", schema.RevisionNumber, 0, 0, dbx.Params{"p": p.Id})
		if err != nil {
			return nil, err
		}
		for _, r := range revs {
			line += fmt.Sprint(";", r.GetInt(schema.RevisionNumber), ",", r.GetString(schema.RevisionHash), ",", r.GetString(schema.RevisionSummary), ",",
				r.GetString(schema.RevisionSourceCommit), ",", r.GetString(schema.RevisionSourceAuthor), ",", r.GetString(schema.RevisionCreated))
		}
		src, err := app.FindFirstRecordByData(schema.CollectionPageSources, schema.PageSourcePage, p.Id)
		if err == nil {
			line += fmt.Sprint(";file ", src.GetString(schema.PageSourceFile), ",", hash(src.GetString(schema.PageSourceHead)), ",", src.GetInt(schema.PageSourceMadeFrom))
		}
		lines = append(lines, line)
	}
	slices.SortFunc(lines, func(a, b string) int { return cmp.Compare(a, b) })
	syncs, err := app.FindAllRecords(schema.CollectionGitSyncs, dbx.HashExp{schema.GitSyncSpace: space.Id})
	if err != nil {
		return nil, err
	}
	for _, s := range syncs {
		lines = append(lines, "sync "+s.GetString(schema.GitSyncCommit))
	}
	return lines, nil
}

func hash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:8])
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
