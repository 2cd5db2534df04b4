//go:build !linux

package markdown_test

import "time"

// cpuTime is the wall time of f where a thread's CPU time cannot be read.
func cpuTime(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}
