package attachments_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"folio/hooks/schema"
)

// storedFiles counts the files in the app's storage, thumbnails included.
func storedFiles(t testing.TB, f *fixture) int {
	t.Helper()
	n := 0
	_ = filepath.WalkDir(filepath.Join(f.app.DataDir(), "storage"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".attrs") {
			n++
		}
		return nil
	})
	return n
}

// TestUploadRefusals: each kind of bad upload is a 4xx in PocketBase's error shape naming the
// field, and leaves no record and no file in storage.
func TestUploadRefusals(t *testing.T) {
	t.Setenv("FOLIO_ATTACHMENT_MAX_SIZE", "4096")
	t.Setenv("FOLIO_ATTACHMENT_SPACE_QUOTA", "2000")
	f := newFixture(t)
	if res := f.create(t, "editor", "p", "ok.png", "", "ok.png", pngBytes(t, 4, 4, 1)); res.status != 200 {
		t.Fatalf("a good upload: %d %s", res.status, res.raw)
	}
	before := storedFiles(t, f)
	for _, c := range []struct {
		name, path, locale, file string
		data                     []byte
		status                   int
		field                    string
	}{
		{"over the size limit", "big.png", "", "big.png", pngBytes(t, 60, 60, 2), 400, "file"},
		{"a disallowed type (HTML named .png)", "x.png", "", "x.png", []byte("<!doctype html><html><script>alert(1)</script></html>"), 400, "file"},
		{"an archive", "a.zip", "", "a.zip", []byte("PK\x03\x04\x14\x00\x00\x00\x00\x00"), 400, "file"},
		{"a path with ..", "../../etc/x.png", "", "x.png", pngBytes(t, 2, 2, 3), 400, "path"},
		{"a control character in the path", "img/a\u0007.png", "", "x.png", pngBytes(t, 2, 2, 4), 400, "path"},
		{"no file", "nofile.png", "", "", nil, 400, "file"},
		{"a locale the space lacks", "l.png", "de", "l.png", pngBytes(t, 2, 2, 5), 400, "locale"},
		{"another file at a taken path", "ok.png", "", "ok.png", pngBytes(t, 2, 2, 6), 400, "path"},
		{"an empty file", "e.txt", "", "e.txt", []byte{}, 400, "file"},
		{"over the space quota", "q.png", "", "q.png", pngBytes(t, 30, 30, 7), 413, "file"},
	} {
		res := f.create(t, "editor", "p", c.path, c.locale, c.file, c.data)
		if res.status != c.status || !res.field(c.field) {
			t.Errorf("%s: %d %s, want %d naming %s", c.name, res.status, res.raw, c.status, c.field)
		}
		if msg, _ := res.body["message"].(string); msg == "" {
			t.Errorf("%s: no message in %s", c.name, res.raw)
		}
	}
	if n, _ := f.app.CountRecords(schema.CollectionAttachments); n != 1 {
		t.Errorf("%d attachments after the refusals, want 1", n)
	}
	if after := storedFiles(t, f); after != before {
		t.Errorf("storage holds %d files after the refusals, %d before: an orphan was left", after, before)
	}
}

// TestUploadSniffsAndDeduplicates: mime, size and sha256 come from the bytes whatever the
// client sends, and the same bytes uploaded again are the same attachment.
func TestUploadSniffsAndDeduplicates(t *testing.T) {
	f := newFixture(t)
	data := pngBytes(t, 5, 5, 1)
	res := f.do(t, "POST", "/api/collections/attachments/records", "editor", upload(t, map[string]string{
		schema.AttachmentSpace: f.spaces["p"].Id, schema.AttachmentMime: "text/html", schema.AttachmentSize: "1",
		schema.AttachmentSHA256: "x", schema.AttachmentUploader: f.users["owner"].Id, schema.AttachmentPath: " Img//Shot.png ",
	}, "shot.txt", data))
	if res.status != 200 {
		t.Fatalf("upload: %d %s", res.status, res.raw)
	}
	if res.body["mime"] != "image/png" || res.body["size"] != float64(len(data)) || len(res.body["sha256"].(string)) != 64 ||
		res.body["uploader"] != f.users["editor"].Id || res.body["path"] != "Img/Shot.png" {
		t.Errorf("server fields not from the bytes and the caller: %s", res.raw)
	}
	again := f.create(t, "admin", "p", "", "", "other-name.png", data)
	if again.status != 200 || again.body["id"] != res.body["id"] {
		t.Errorf("the same bytes again: %d %s, want the existing attachment %v", again.status, again.raw, res.body["id"])
	}
	same := f.create(t, "admin", "p", "Img/Shot.png", "", "x.png", data)
	if same.status != 200 || same.body["id"] != res.body["id"] {
		t.Errorf("the same bytes at the same path: %d %s", same.status, same.raw)
	}
	if n, _ := f.app.CountRecords(schema.CollectionAttachments); n != 1 {
		t.Errorf("%d attachments, want 1", n)
	}
	// A PATCH cannot forge the server fields either.
	patched := f.do(t, "PATCH", "/api/collections/attachments/records/"+res.body["id"].(string), "editor",
		map[string]any{schema.AttachmentMime: "text/html", schema.AttachmentSize: 3, schema.AttachmentAlt: "a shot"})
	if patched.status != 200 || patched.body["mime"] != "image/png" || patched.body["size"] != float64(len(data)) {
		t.Errorf("PATCH changed server fields: %s", patched.raw)
	}
}

// TestSpaceDeleteRemovesFiles: deleting a space deletes its attachments' files from storage.
func TestSpaceDeleteRemovesFiles(t *testing.T) {
	f := newFixture(t)
	f.create(t, "editor", "p", "a.png", "", "a.png", pngBytes(t, 2, 2, 1))
	f.create(t, "editor", "u", "b.png", "", "b.png", pngBytes(t, 2, 2, 2))
	if n := storedFiles(t, f); n != 2 {
		t.Fatalf("%d stored files, want 2", n)
	}
	if err := f.app.Delete(f.spaces["p"]); err != nil {
		t.Fatal(err)
	}
	// PocketBase deletes a record's files in the background once the delete is committed.
	deadline := time.Now().Add(5 * time.Second)
	for storedFiles(t, f) != 1 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := storedFiles(t, f); n != 1 {
		t.Errorf("%d stored files after deleting a space, want 1", n)
	}
}

// TestFileRoute: the Folio file URL serves the bytes to readers of the space — by header or by
// a file token for a browser <img> — and to nobody else; SVG is never served inline.
func TestFileRoute(t *testing.T) {
	f := newFixture(t)
	data := pngBytes(t, 3, 3, 1)
	priv := f.create(t, "editor", "p", "img/a.png", "", "a.png", data)
	pub := f.create(t, "editor", "u", "img/b.png", "", "b.png", data)
	privURL := "/api/folio/files/" + priv.body["id"].(string) + "/a.png"
	pubURL := "/api/folio/files/" + pub.body["id"].(string) + "/b.png"
	for i, role := range roles {
		res := f.do(t, "GET", privURL, role, nil)
		if want := map[bool]int{true: 200, false: 404}[i < 4]; res.status != want {
			t.Errorf("%s gets a private file: %d, want %d", role, res.status, want)
		}
		if res.status == 200 && string(res.raw) != string(data) {
			t.Errorf("%s got other bytes", role)
		}
		if res.status != 200 && strings.Contains(string(res.raw), "PNG") {
			t.Errorf("%s got file bytes with a %d", role, res.status)
		}
		if got := f.do(t, "GET", pubURL, role, nil).status; got != 200 {
			t.Errorf("%s gets a public file: %d", role, got)
		}
	}
	for _, role := range []string{"viewer", "other"} {
		res := f.do(t, "GET", privURL+"?token="+f.fileToken(t, role), "guest", nil)
		if want := map[string]int{"viewer": 200, "other": 404}[role]; res.status != want {
			t.Errorf("%s's file token: %d, want %d", role, res.status, want)
		}
	}
	authTok := f.tokens["viewer"]
	if got := f.do(t, "GET", privURL+"?token="+authTok, "guest", nil).status; got != 404 {
		t.Errorf("an auth token in ?token=: %d, want 404 (only file tokens go in URLs)", got)
	}
	svg := f.create(t, "editor", "u", "x.svg", "", "x.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`))
	if svg.body["mime"] != "image/svg+xml" {
		t.Fatalf("svg upload: %s", svg.raw)
	}
	res := f.do(t, "GET", "/api/folio/files/"+svg.body["id"].(string)+"/x.svg", "guest", nil)
	if !strings.HasPrefix(res.header.Get("Content-Disposition"), "attachment") ||
		!strings.Contains(res.header.Get("Content-Security-Policy"), "sandbox") || res.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("SVG served with %v", res.header)
	}
	thumb := f.do(t, "GET", privURL+"?thumb=100x100", "viewer", nil)
	if thumb.status != 200 || string(thumb.raw) == string(data) {
		t.Errorf("thumb: %d, same bytes as the original: %v", thumb.status, string(thumb.raw) == string(data))
	}
}
