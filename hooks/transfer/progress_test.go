package transfer

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProgressBarDrawsOnlyOnTerminals(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for name, p := range map[string]*progressBar{
		"buffer":          newProgressBar(&bytes.Buffer{}, false),
		"file, not a tty": newProgressBar(f, false),
		"quiet":           newProgressBar(os.Stderr, true),
	} {
		if p.visible {
			t.Errorf("%s: the bar would be drawn", name)
		}
		p.update(1, 2) // must not draw or panic
		p.finish()
	}

	var out bytes.Buffer
	p := &progressBar{w: &out, visible: true}
	p.update(1, 945) // the first update draws; later ones at most every 100 ms
	p.update(945, 945)
	p.finish()
	if s := out.String(); !strings.Contains(s, "importing") || !strings.Contains(s, "(1/945") {
		t.Errorf("bar drew %q", s)
	}
}
