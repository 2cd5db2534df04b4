package pages_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestConcurrentWritersLoseNothing sends 40 updates of one page from 8 goroutines over real
// HTTP, all from the same base revision. Most edit their own line (every other line, so no two
// touch); some pairs edit the same line differently, and one pair makes the identical edit.
// Afterwards: every response is a 200 or a 409 with conflicts; every accepted edit is in the
// head; no rejected edit is anywhere; revision numbers run 1..head without a gap, one per
// accepted change.
func TestConcurrentWritersLoseNothing(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(f.h)
	defer srv.Close()
	page := f.pages["private/draft"]
	const lines = 100
	base := numberedBody(lines)
	mustStatus(t, f.patchPage(t, page.Id, "editor", map[string]any{"body": base, "base_revision": 1}), 200)

	type edit struct {
		line int
		text string
	}
	edits := make([]edit, 40)
	for i := range edits {
		edits[i] = edit{line: 2*i + 1, text: fmt.Sprintf("edit %d", i)}
	}
	// Overlaps: 30..33 rewrite lines of 0..3; 34 and 35 make the same edit of a free line.
	for i := 30; i < 34; i++ {
		edits[i].line = edits[i-30].line
	}
	edits[34] = edit{line: 90, text: "same edit"}
	edits[35] = edit{line: 90, text: "same edit"}

	callers := []string{"owner", "admin", "editor"}
	results := make([]int, len(edits))
	bodies := make([][]byte, len(edits))
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 30 * time.Second}
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(edits); i += 8 {
				body := map[string]any{"body": replaceLine(base, edits[i].line, edits[i].text), "base_revision": 2}
				results[i], bodies[i] = send(client, srv.URL+"/api/collections/pages/records/"+page.Id, f.tokens[callers[i%3]], body)
			}
		}(w)
	}
	wg.Wait()

	head := f.head(t, page.Id)
	final := head.GetString("body")
	revs := f.revisions(t, page.Id)
	history := ""
	for i, r := range revs {
		if r.GetInt("number") != i+1 {
			t.Fatalf("revision numbers are not contiguous: position %d holds %d", i, r.GetInt("number"))
		}
		history += r.GetString("body")
	}
	if head.GetInt("revision") != len(revs) {
		t.Fatalf("head says revision %d, history has %d", head.GetInt("revision"), len(revs))
	}
	accepted := 0
	for i, status := range results {
		text := edits[i].text + "\n"
		switch status {
		case 200:
			accepted++
			if !strings.Contains(final, text) {
				t.Errorf("accepted edit %d (%q) is not in the head", i, edits[i].text)
			}
		case 409:
			var e struct{ Data struct{ Conflicts []any } }
			if json.Unmarshal(bodies[i], &e) != nil || len(e.Data.Conflicts) == 0 {
				t.Errorf("409 without conflicts: %s", bodies[i])
			}
			if strings.Contains(history, text) {
				t.Errorf("rejected edit %d (%q) was written", i, edits[i].text)
			}
		default:
			t.Errorf("edit %d: status %d %s", i, status, bodies[i])
		}
	}
	// Each accepted edit made one revision, except the second of the identical pair, which
	// found its change already there.
	if want := 2 + accepted - 1; len(revs) != want {
		t.Errorf("%d accepted edits made %d revisions, want %d", accepted, len(revs), want)
	}
	if rejected := len(edits) - accepted; rejected != 4 {
		t.Errorf("%d edits were rejected, want exactly the 4 that overlap an accepted one", rejected)
	}
}

func send(client *http.Client, url, token string, body any) (int, []byte) {
	b, _ := json.Marshal(body)
	req, err := http.NewRequest(http.MethodPatch, url, bytes.NewReader(b))
	if err != nil {
		return 0, []byte(err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	res, err := client.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, out
}
