package transfer_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// world is a data dir with a private and a public space, each with members, and one person
// of every relation to the private space. It is seeded once per test and cloned for each
// scenario (one app per scenario, as tests.ApiScenario requires): hashing the users'
// passwords is most of the cost of an app. Tokens minted from the seed are valid in every
// clone, which copies the signing keys.
type world struct {
	dir             string
	private, public *core.Record
	users           map[string]*core.Record // owner, editor, viewer, stranger, outsider (editor of another space), superuser
}

func newWorld(t testing.TB) *world {
	seed := testapp.NewUnmanaged(t)
	t.Cleanup(seed.Cleanup)
	w := &world{dir: seed.DataDir(), users: map[string]*core.Record{}}
	w.private = createSpace(t, seed, "private", schema.VisibilityPrivate)
	w.public = createSpace(t, seed, "public", schema.VisibilityPublic)
	other := createSpace(t, seed, "other", schema.VisibilityPrivate)
	for _, name := range []string{"owner", "editor", "viewer", "stranger", "outsider"} {
		w.users[name] = testapp.CreateUser(t, seed, name+"@folio.test", name)
	}
	addMember(t, seed, w.private, w.users["owner"], schema.RoleOwner)
	addMember(t, seed, w.private, w.users["editor"], schema.RoleEditor)
	addMember(t, seed, w.private, w.users["viewer"], schema.RoleViewer)
	addMember(t, seed, w.public, w.users["viewer"], schema.RoleViewer)
	addMember(t, seed, other, w.users["outsider"], schema.RoleEditor)
	su, err := seed.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	root := core.NewRecord(su)
	root.SetEmail("root@folio.test")
	root.SetPassword(testapp.TestPassword)
	if err := seed.Save(root); err != nil {
		t.Fatal(err)
	}
	w.users["superuser"] = root
	seed.ResetBootstrapState() // close the database so that the clones copy all of it
	return w
}

// app returns a fresh copy of the world with Folio's hooks, for one scenario.
func (w *world) app(t testing.TB) *tests.TestApp {
	app, err := tests.NewTestApp(w.dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := hooks.Register(app); err != nil {
		t.Fatal(err)
	}
	return app
}

// factory is a scenario's TestAppFactory for a fresh copy of the world; seed, when set,
// writes to the copy first.
func (w *world) factory(seed func(testing.TB, core.App)) func(testing.TB) *tests.TestApp {
	return func(t testing.TB) *tests.TestApp {
		app := w.app(t)
		if seed != nil {
			seed(t, app)
		}
		return app
	}
}

// headers authenticates as the named user ("" is a guest), with an optional content type.
func (w *world) headers(t testing.TB, user, contentType string) map[string]string {
	h := map[string]string{}
	if user != "" {
		h["Authorization"] = testapp.Token(t, w.users[user])
	}
	if contentType != "" {
		h["Content-Type"] = contentType
	}
	return h
}

// zipOf packs files (name → content) into a zip archive.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		f, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(f, content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload is a multipart body with data as the file field and the other fields given.
func upload(t testing.TB, data []byte, fields map[string]string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if data != nil {
		f, err := mw.CreateFormFile("file", "tree.zip")
		if err != nil {
			t.Fatal(err)
		}
		f.Write(data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

func wikiZip(t testing.TB) []byte {
	files := map[string]string{}
	for name, f := range wikiTree() {
		files[name] = string(f.Data)
	}
	return zipOf(t, files)
}

func noPagesWritten(t testing.TB, app *tests.TestApp, _ *http.Response) {
	n, err := app.CountRecords(schema.CollectionPages)
	if err != nil || n != 0 {
		t.Errorf("pages = %d (%v), want none written", n, err)
	}
}

func TestImportRouteAccess(t *testing.T) {
	cases := []struct {
		name, user string
		space      func(*world) *core.Record
		status     int
		content    []string
	}{
		{"guest on a private space", "", privateSpace, 401, []string{`"status":401`}},
		{"guest on a public space", "", publicSpace, 401, []string{`"status":401`}},
		{"stranger on a private space", "stranger", privateSpace, 404, []string{`"status":404`}},
		{"member of another space", "outsider", privateSpace, 404, []string{`"status":404`}},
		{"stranger on a public space", "stranger", publicSpace, 403, []string{`"status":403`}},
		{"viewer", "viewer", privateSpace, 403, []string{`"status":403`, "Only editors"}},
		{"viewer of a public space", "viewer", publicSpace, 403, []string{`"status":403`}},
		{"editor", "editor", privateSpace, 200, []string{`"created":5`, `"failed":0`, `"format":"wikijs"`}},
		{"owner", "owner", privateSpace, 200, []string{`"created":5`}},
		{"superuser", "superuser", privateSpace, 200, []string{`"created":5`}},
	}
	w := newWorld(t)
	for _, c := range cases {
		body, ct := upload(t, wikiZip(t), nil)
		space := c.space(w)
		s := tests.ApiScenario{
			Name:            "import as " + c.name,
			Method:          http.MethodPost,
			URL:             "/api/folio/spaces/" + space.Id + "/import",
			Body:            body,
			Headers:         w.headers(t, c.user, ct),
			ExpectedStatus:  c.status,
			ExpectedContent: c.content,
			TestAppFactory:  w.factory(nil),
			AfterTestFunc:   noPagesWritten,
		}
		if c.status == 200 {
			user := w.users[c.user]
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				page := findPage(t, app, space, "ko", "Knowledge-base/Dictionary/message-queue")
				if user.Collection().Name == schema.CollectionUsers && page.GetString(schema.PageAuthor) != user.Id {
					t.Errorf("author = %q, want the caller %s", page.GetString(schema.PageAuthor), user.Id)
				}
			}
		}
		s.Test(t)
	}
}

func privateSpace(w *world) *core.Record { return w.private }
func publicSpace(w *world) *core.Record  { return w.public }

func TestImportRouteReportsBadFiles(t *testing.T) {
	w := newWorld(t)
	files := map[string]string{"good.md": wikiHome, "bad.md": "---\ntitle: [\n---\n", "ko/ok.md": wikiKO}
	body, ct := upload(t, zipOf(t, files), map[string]string{"format": "wikijs"})
	(&tests.ApiScenario{
		Method: http.MethodPost, URL: "/api/folio/spaces/" + w.private.Id + "/import", Body: body,
		Headers:         w.headers(t, "editor", ct),
		ExpectedStatus:  200,
		ExpectedContent: []string{`"created":2`, `"failed":1`, `"file":"bad.md"`, `not valid YAML`},
		TestAppFactory:  w.factory(nil),
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
			var sum transfer.Summary
			if err := json.NewDecoder(res.Body).Decode(&sum); err != nil {
				t.Fatal(err)
			}
			if sum.PerLocale["ko"].Created != 1 || sum.PerLocale["en"].Failed != 1 {
				t.Errorf("per locale = %v", sum.PerLocale)
			}
		},
	}).Test(t)
}

func TestImportRouteRefusesBadUploads(t *testing.T) {
	symlink := func(t testing.TB) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		h := &zip.FileHeader{Name: "link.md"}
		h.SetMode(fs.ModeSymlink | 0o777)
		f, _ := zw.CreateHeader(h)
		io.WriteString(f, "/etc/passwd")
		zw.Close()
		return buf.Bytes()
	}
	bomb := func(t testing.TB) []byte {
		// Declared sizes are what the limit reads: Go's zip reader refuses to inflate an entry
		// past its declared size, so a bomb must declare its size and is refused up front.
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for i := range 10 {
			h := &zip.FileHeader{Name: "page" + string(rune('a'+i)) + ".md", Method: zip.Store,
				UncompressedSize64: 60 << 20, CompressedSize64: 1, CRC32: 0}
			f, err := zw.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			f.Write([]byte("x"))
		}
		zw.Close()
		return buf.Bytes()
	}
	cases := []struct {
		name    string
		data    func(testing.TB) []byte
		fields  map[string]string
		message string
	}{
		{"zip slip", func(t testing.TB) []byte { return zipOf(t, map[string]string{"../evil.md": wikiHome}) }, nil, "points outside"},
		{"nested zip slip", func(t testing.TB) []byte { return zipOf(t, map[string]string{"a/../../evil.md": wikiHome}) }, nil, "points outside"},
		{"absolute path", func(t testing.TB) []byte { return zipOf(t, map[string]string{"/etc/evil.md": wikiHome}) }, nil, "points outside"},
		{"backslash", func(t testing.TB) []byte { return zipOf(t, map[string]string{`..\evil.md`: wikiHome}) }, nil, "points outside"},
		{"symbolic link", symlink, nil, "symbolic link"},
		{"unpacks too large", bomb, nil, "unpacks to more than"},
		{"not a zip", func(testing.TB) []byte { return []byte("just text") }, nil, "not a zip"},
		{"no file", func(testing.TB) []byte { return nil }, nil, `multipart field \"file\"`},
		{"no pages", func(t testing.TB) []byte { return zipOf(t, map[string]string{"notes.txt": "x"}) }, nil, "no .md files"},
		{"unknown format", wikiZip, map[string]string{"format": "mediawiki"}, "Unknown format"},
	}
	w := newWorld(t)
	for _, c := range cases {
		body, ct := upload(t, c.data(t), c.fields)
		(&tests.ApiScenario{
			Name:   c.name,
			Method: http.MethodPost, URL: "/api/folio/spaces/" + w.private.Id + "/import", Body: body,
			Headers:         w.headers(t, "editor", ct),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"status":400`, c.message},
			TestAppFactory:  w.factory(nil),
			AfterTestFunc:   noPagesWritten,
		}).Test(t)
	}
}

func TestImportRouteRefusesOversizedBodies(t *testing.T) {
	w := newWorld(t)
	(&tests.ApiScenario{
		Method: http.MethodPost, URL: "/api/folio/spaces/" + w.private.Id + "/import",
		// Refused on its Content-Length, before a byte is read.
		Body:            strings.NewReader(strings.Repeat("x", 64<<20+1)),
		Headers:         w.headers(t, "editor", "multipart/form-data; boundary=x"),
		ExpectedStatus:  413,
		ExpectedContent: []string{`"status":413`},
		TestAppFactory:  w.factory(nil),
		AfterTestFunc:   noPagesWritten,
	}).Test(t)
}

func TestExportRoute(t *testing.T) {
	cases := []struct {
		name, user string
		status     int
	}{
		{"guest", "", 401},
		{"stranger", "stranger", 404},
		{"member of another space", "outsider", 404},
		{"viewer", "viewer", 403},
		{"editor", "editor", 200},
		{"superuser", "superuser", 200},
	}
	w := newWorld(t)
	imported := func(t testing.TB, app core.App) {
		if _, err := transfer.Import(app, w.private, wikiTree(), transfer.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cases {
		s := tests.ApiScenario{
			Name:            "export as " + c.name,
			Method:          http.MethodGet,
			URL:             "/api/folio/spaces/" + w.private.Id + "/export",
			Headers:         w.headers(t, c.user, ""),
			ExpectedStatus:  c.status,
			ExpectedContent: []string{fmt.Sprintf(`"status":%d`, c.status)},
			TestAppFactory:  w.factory(imported),
		}
		if c.status == 200 {
			s.ExpectedContent = []string{"PK"}
			s.AfterTestFunc = checkExportZip
		}
		s.Test(t)
	}
}

// checkExportZip reads the exported archive: every page of the fixture, drafts included, at
// its Wiki.js path.
func checkExportZip(t testing.TB, _ *tests.TestApp, res *http.Response) {
	if ct := res.Header.Get("Content-Type"); ct != "application/zip" {
		t.Errorf("content type = %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="private-wikijs.zip"`) {
		t.Errorf("content disposition = %q", cd)
	}
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range zr.File {
		if !f.FileInfo().IsDir() {
			got[f.Name] = true
		}
	}
	for name := range wikiTree() {
		if !got[name] {
			t.Errorf("export lacks %s; has %v", name, got)
		}
	}
	if len(got) != len(wikiTree()) {
		t.Errorf("export has %d files, want %d", len(got), len(wikiTree()))
	}
}
