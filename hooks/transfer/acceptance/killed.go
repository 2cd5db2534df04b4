package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"time"

	"folio/hooks/schema"
	"folio/hooks/transfer/scratch"
)

// checkKilled builds the folio binary, starts `folio import --git` on a new data folder, kills
// it with SIGKILL partway, runs the same command again to the end, and compares the space with
// the uninterrupted import's (want, a fingerprint). took is how long the uninterrupted replay
// took in this process, to aim the kill at its middle.
func checkKilled(c *checks, bundle, tmp string, want []string, took time.Duration) error {
	bin := filepath.Join(tmp, "folio")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build folio: %w", err)
	}
	// The binary sits in a temporary folder, where PocketBase would assume `go run` and turn on
	// its SQL log: --dev=false keeps the output to the summary.
	delay := took / 3
	for attempt := 1; attempt <= 4; attempt++ {
		data := filepath.Join(tmp, fmt.Sprintf("killed-%d", attempt))
		args := []string{"import", "--git", bundle, "--ref", "main", "--source", "cncf-glossary", "--space", "glossary-history",
			"--create-space", "--locale", "en", "--quiet", "--dir", data, "--dev=false"}
		first := exec.Command(bin, args...)
		if err := first.Start(); err != nil {
			return err
		}
		time.Sleep(delay)
		_ = first.Process.Signal(syscall.SIGKILL)
		_ = first.Wait()
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err != nil {
			return fmt.Errorf("the run after the kill failed: %v\n%s", err, out)
		}
		done := replayedCommits(string(out))
		switch {
		case done < 0:
			fmt.Printf("    killed after %s: the import had already finished; killing earlier\n", delay.Round(time.Millisecond))
			delay /= 2
			continue
		case done == 252:
			fmt.Printf("    killed after %s: no commit was saved yet; killing later\n", delay.Round(time.Millisecond))
			delay *= 2
			continue
		}
		got, err := spaceFingerprint(data)
		if err != nil {
			return err
		}
		if diff := firstDifferences(want, got, 3); len(diff) > 0 {
			for _, d := range diff {
				fmt.Println("      ", d)
			}
			c.fail("killed with SIGKILL after %s and run again (%d commits left), the space differs from the uninterrupted import's", delay.Round(time.Millisecond), done)
		} else {
			c.pass("killed with SIGKILL after %s (%d of 252 commits saved) and run again: the same pages, revisions, states and sync state as the uninterrupted import", delay.Round(time.Millisecond), 252-done)
		}
		return nil
	}
	c.fail("could not kill the import while it was running in 4 attempts")
	return nil
}

var importedLine = regexp.MustCompile(`Imported (\d+) commit`)

// replayedCommits reads how many commits a run replayed from its summary; -1 when it was up to
// date.
func replayedCommits(out string) int {
	m := importedLine.FindStringSubmatch(out)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func spaceFingerprint(data string) ([]string, error) {
	app, err := scratch.New(data)
	if err != nil {
		return nil, err
	}
	defer scratch.Close(app)
	space, err := app.FindFirstRecordByData(schema.CollectionSpaces, schema.SpaceSlug, "glossary-history")
	if err != nil {
		return nil, err
	}
	return fingerprintLines(app, space)
}

// firstDifferences returns up to n lines that are in one list and not the other.
func firstDifferences(want, got []string, n int) []string {
	var out []string
	for i := 0; i < max(len(want), len(got)) && len(out) < n; i++ {
		w, g := "", ""
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			out = append(out, fmt.Sprintf("line %d: want %.300s", i, w), fmt.Sprintf("line %d:  got %.300s", i, g))
		}
	}
	return out
}
