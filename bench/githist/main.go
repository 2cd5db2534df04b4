// Command githist times replaying a git history into a fresh Folio app: a full replay (commits
// and page saves per second, and the process's peak memory), then a 1-commit incremental sync
// (the space imported up to the ref's parent, then synced to the ref). Each run uses a new app
// in a temporary folder; runs are bounded by -runs.
//
//	go run ./bench/githist -bundle ../shared/corpora/cncf-glossary-history.bundle -runs 3
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/transfer"
	"folio/hooks/transfer/scratch"
)

func main() {
	bundle := flag.String("bundle", "../shared/corpora/cncf-glossary-history.bundle", "git bundle or repository to replay")
	ref := flag.String("ref", "main", "ref to replay")
	runs := flag.Int("runs", 3, "fresh apps to replay into")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the first full replay here")
	flag.Parse()
	if err := bench(*bundle, *ref, *runs, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "bench githist:", err)
		os.Exit(1)
	}
}

func bench(bundle, ref string, runs int, cpuprofile string) error {
	repo, closeRepo, err := transfer.OpenGit(bundle)
	if err != nil {
		return err
	}
	defer closeRepo()
	var peakHeap atomic.Uint64
	stop := sampleHeap(&peakHeap)
	defer stop()
	var fullTimes, fullCPU, syncTimes []time.Duration
	var sum transfer.GitSummary
	for i := range runs {
		var prof *os.File
		if i == 0 && cpuprofile != "" {
			if prof, err = os.Create(cpuprofile); err != nil {
				return err
			}
			_ = pprof.StartCPUProfile(prof)
		}
		cpu0 := cpuTime()
		d, s, err := fullReplay(repo, ref)
		fullCPU = append(fullCPU, cpuTime()-cpu0)
		if prof != nil {
			pprof.StopCPUProfile()
			prof.Close()
		}
		if err != nil {
			return err
		}
		fullTimes, sum = append(fullTimes, d), s
		st, err := oneCommitSync(repo, ref)
		if err != nil {
			return err
		}
		syncTimes = append(syncTimes, st)
	}
	saves := sum.Created + sum.Updated + sum.Moved + sum.Deleted
	med := median(fullTimes)
	fmt.Printf("full replay of %s %s: %d commits, %d revisions, %d page saves (%d created, %d updated, %d moved, %d deleted)\n",
		filepath.Base(bundle), ref, sum.Commits, sum.Revisions, saves, sum.Created, sum.Updated, sum.Moved, sum.Deleted)
	fmt.Printf("  median of %d: %s = %.0f commits/s, %.0f page saves/s, %.0f revisions/s (runs: %v)\n", len(fullTimes), med.Round(time.Millisecond),
		float64(sum.Commits)/med.Seconds(), float64(saves)/med.Seconds(), float64(sum.Revisions)/med.Seconds(), rounded(fullTimes))
	cpu := median(fullCPU)
	fmt.Printf("  CPU time of the process (all goroutines): median %s = %.0f commits per CPU-second, %.0f page saves per CPU-second\n",
		cpu.Round(time.Millisecond), float64(sum.Commits)/cpu.Seconds(), float64(saves)/cpu.Seconds())
	fmt.Printf("1-commit sync (space at %s~1, synced to %s): median %s, max %s over %d\n", ref, ref,
		median(syncTimes).Round(time.Microsecond), slices.Max(syncTimes).Round(time.Microsecond), len(syncTimes))
	fmt.Printf("memory: Go heap in use peaked at %.1f MiB (sampled every 10 ms); process peak RSS %s\n",
		float64(peakHeap.Load())/(1<<20), peakRSS())
	return nil
}

// fullReplay imports the whole history into a new app and returns how long ImportGit took.
func fullReplay(repo *git.Repository, ref string) (time.Duration, transfer.GitSummary, error) {
	app, space, cleanup, err := freshSpace()
	if err != nil {
		return 0, transfer.GitSummary{}, err
	}
	defer cleanup()
	start := time.Now()
	sum, err := transfer.ImportGit(app, space, repo, transfer.GitOptions{Ref: ref, Source: "bench"})
	return time.Since(start), sum, err
}

// oneCommitSync imports the history up to ref~1 into a new app, then times the sync to ref.
func oneCommitSync(repo *git.Repository, ref string) (time.Duration, error) {
	app, space, cleanup, err := freshSpace()
	if err != nil {
		return 0, err
	}
	defer cleanup()
	if _, err := transfer.ImportGit(app, space, repo, transfer.GitOptions{Ref: ref + "~1", Source: "bench"}); err != nil {
		return 0, err
	}
	// The sync state is kept per ref: the row of ref~1 becomes the row of ref.
	if _, err := app.DB().NewQuery("UPDATE git_syncs SET ref = {:ref}").Bind(map[string]any{"ref": ref}).Execute(); err != nil {
		return 0, err
	}
	start := time.Now()
	sum, err := transfer.ImportGit(app, space, repo, transfer.GitOptions{Ref: ref, Source: "bench"})
	d := time.Since(start)
	if err != nil {
		return 0, err
	}
	if sum.Commits != 1 {
		return 0, fmt.Errorf("the sync replayed %d commits, want 1", sum.Commits)
	}
	return d, nil
}

func freshSpace() (core.App, *core.Record, func(), error) {
	tmp, err := os.MkdirTemp("", "folio-bench-githist-")
	if err != nil {
		return nil, nil, nil, err
	}
	app, err := scratch.New(filepath.Join(tmp, "pb_data"))
	if err != nil {
		os.RemoveAll(tmp)
		return nil, nil, nil, err
	}
	cleanup := func() { scratch.Close(app); os.RemoveAll(tmp) }
	col, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
	if err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	space := core.NewRecord(col)
	space.Set(schema.SpaceSlug, "bench")
	space.Set(schema.SpaceName, "bench")
	space.Set(schema.SpaceVisibility, schema.VisibilityPrivate)
	space.Set(schema.SpaceSourceLocale, "en")
	if err := app.Save(space); err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	return app, space, cleanup, nil
}

// sampleHeap records the largest HeapInuse seen until the returned func is called.
func sampleHeap(peak *atomic.Uint64) func() {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
			}
		}
	}()
	return func() { close(done) }
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS reads VmHWM from /proc/self/status (Linux).
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func rounded(ds []time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d.Round(time.Millisecond)
	}
	return out
}
