package main

import "runtime/debug"

// version is Folio's version, set at build time (`make build` passes the git description with
// -ldflags "-X main.version=..."); without it, the VCS revision Go recorded, else "dev".
var version = ""

// versionString is what `folio --version` prints: Folio's version and the PocketBase inside.
func versionString() string {
	v, pb := version, "unknown"
	info, ok := debug.ReadBuildInfo()
	if ok {
		for _, d := range info.Deps {
			if d.Path == "github.com/pocketbase/pocketbase" {
				pb = d.Version
			}
		}
	}
	if v == "" {
		v = "dev"
		for _, s := range info.Settings {
			if ok && s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v = "dev-" + s.Value[:12]
			}
		}
	}
	return v + " (PocketBase " + pb + ")"
}
