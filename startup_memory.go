package main

import (
	"runtime/debug"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// startupMemoryDelay is how long after the listener opens the start-up's garbage is returned,
// so the collection does not compete with the first requests.
const startupMemoryDelay = 250 * time.Millisecond

// bindStartupMemoryRelease returns the memory that start-up used and no longer needs (package
// initialization's scratch data, the bootstrap, the migrations) to the operating system once
// the server is listening. Go's background scavenger would return it too, but over minutes;
// until then it counts in the idle process's resident memory.
func bindStartupMemoryRelease(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if err := se.Next(); err != nil {
			return err
		}
		time.AfterFunc(startupMemoryDelay, debug.FreeOSMemory)
		return nil
	})
}
