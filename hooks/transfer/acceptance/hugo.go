package main

import (
	"github.com/pocketbase/pocketbase/core"
)

// checkHugoRoundTrip is filled in with the Hugo export.
func checkHugoRoundTrip(app core.App, c *checks, dir, exportDir string) error { return nil }
