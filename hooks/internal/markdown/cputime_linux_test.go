package markdown_test

import (
	"runtime"
	"syscall"
	"time"
)

// cpuTime runs f on one locked OS thread and returns the CPU time that thread spent on it: on a
// shared machine, wall time mostly measures the wait for a core.
func cpuTime(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const rusageThread = 1 // RUSAGE_THREAD
	var before, after syscall.Rusage
	syscall.Getrusage(rusageThread, &before)
	f()
	syscall.Getrusage(rusageThread, &after)
	used := func(r syscall.Rusage) time.Duration {
		return time.Duration(r.Utime.Nano() + r.Stime.Nano())
	}
	return used(after) - used(before)
}
