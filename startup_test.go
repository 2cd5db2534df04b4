package main

import (
	"testing"

	"github.com/ccojocar/zxcvbn-go"
	"github.com/ccojocar/zxcvbn-go/adjacency"
	"github.com/ccojocar/zxcvbn-go/frequency"
	"github.com/pocketbase/pocketbase"

	"folio/hooks"
)

// TestPasswordDictionariesLoadOnFirstUse proves that linking Folio (every package init, the
// hooks registered on a new app) decodes none of the password-strength dictionaries, so
// `folio --help` and the CLI commands never pay for them, and that the first score decodes them.
func TestPasswordDictionariesLoadOnFirstUse(t *testing.T) {
	app := pocketbase.NewWithConfig(pocketbase.Config{DefaultDataDir: t.TempDir()})
	if err := hooks.Register(app); err != nil {
		t.Fatal(err)
	}
	if n, m := len(frequency.Lists), len(adjacency.GraphMap); n != 0 || m != 0 {
		t.Fatalf("dictionaries decoded before any password was scored: %d frequency lists, %d graphs", n, m)
	}

	if got := zxcvbn.PasswordStrength("password123", nil).Score; got > 1 {
		t.Fatalf("a common password scored %d; the dictionaries did not load", got)
	}
	if got := zxcvbn.PasswordStrength("quartz-lantern-meadow-4817-orbit", nil).Score; got < 3 {
		t.Fatalf("a long passphrase scored %d", got)
	}
	if n, m := len(frequency.Lists), len(adjacency.GraphMap); n != 5 || m != 5 {
		t.Fatalf("after the first score: %d frequency lists, %d graphs; want 5 and 5", n, m)
	}
}
