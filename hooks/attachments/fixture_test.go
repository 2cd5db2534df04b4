package attachments_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

// The callers of every test: the four roles of space "p" (private) and "u" (public), "other"
// (owner of space "q" only), "stranger" (no space) and a guest ("").
var roles = []string{"owner", "admin", "editor", "viewer", "other", "stranger", "guest"}

type fixture struct {
	app    *tests.TestApp
	h      http.Handler
	users  map[string]*core.Record
	tokens map[string]string
	spaces map[string]*core.Record
	n      int
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	app := testapp.New(t)
	f := &fixture{app: app, users: map[string]*core.Record{}, tokens: map[string]string{}, spaces: map[string]*core.Record{}}
	for _, name := range roles[:6] {
		u := testapp.CreateUser(t, app, name+"@example.com", name)
		f.users[name], f.tokens[name] = u, testapp.Token(t, u)
	}
	for slug, vis := range map[string]string{"p": schema.VisibilityPrivate, "u": schema.VisibilityPublic, "q": schema.VisibilityPrivate} {
		f.spaces[slug] = testapp.CreateRecord(t, app, schema.CollectionSpaces, map[string]any{
			schema.SpaceSlug: slug + "-space", schema.SpaceName: slug, schema.SpaceVisibility: vis,
			schema.SpaceSourceLocale: "en", schema.SpaceLocales: []string{"fa"},
		})
	}
	for _, slug := range []string{"p", "u"} {
		for _, role := range roles[:4] {
			testapp.CreateRecord(t, app, schema.CollectionMemberships, map[string]any{
				schema.MembershipSpace: f.spaces[slug].Id, schema.MembershipUser: f.users[role].Id, schema.MembershipRole: role})
		}
	}
	testapp.CreateRecord(t, app, schema.CollectionMemberships, map[string]any{
		schema.MembershipSpace: f.spaces["q"].Id, schema.MembershipUser: f.users["other"].Id, schema.MembershipRole: schema.RoleOwner})
	f.h = testapp.Handler(t, app)
	return f
}

// response is an API answer.
type response struct {
	status int
	body   map[string]any
	raw    []byte
	header http.Header
}

func (r response) field(name string) bool {
	data, _ := r.body["data"].(map[string]any)
	_, ok := data[name]
	return ok
}

// do sends one request as role ("guest" sends no token); body is JSON unless it is a
// *multipart form built by form.
func (f *fixture) do(t testing.TB, method, url, role string, body any) response {
	t.Helper()
	var req *http.Request
	switch b := body.(type) {
	case nil:
		req = httptest.NewRequest(method, url, nil)
	case *form:
		req = httptest.NewRequest(method, url, bytes.NewReader(b.buf.Bytes()))
		req.Header.Set("Content-Type", b.contentType)
	default:
		raw, _ := json.Marshal(b)
		req = httptest.NewRequest(method, url, bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json")
	}
	f.n++
	req.RemoteAddr = fmt.Sprintf("10.1.%d.%d:1234", f.n/250, f.n%250)
	if tok := f.tokens[role]; tok != "" {
		req.Header.Set("Authorization", tok)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	out := response{status: rec.Code, raw: rec.Body.Bytes(), header: rec.Header()}
	_ = json.Unmarshal(out.raw, &out.body)
	return out
}

// form is a multipart body.
type form struct {
	buf         bytes.Buffer
	contentType string
}

// upload builds the multipart body of an attachment: fields, and the file (when name is not
// empty) in the field "file".
func upload(t testing.TB, fields map[string]string, name string, data []byte) *form {
	t.Helper()
	f := &form{}
	w := multipart.NewWriter(&f.buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if name != "" {
		part, err := w.CreateFormFile(schema.AttachmentFile, name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(data)
	}
	w.Close()
	f.contentType = w.FormDataContentType()
	return f
}

// create uploads a file to space as role through the records API.
func (f *fixture) create(t testing.TB, role, space, path, locale, name string, data []byte) response {
	t.Helper()
	return f.do(t, "POST", "/api/collections/attachments/records", role, upload(t, map[string]string{
		schema.AttachmentSpace: f.spaces[space].Id, schema.AttachmentPath: path, schema.AttachmentLocale: locale}, name, data))
}

// uploaded creates a file as the editor and stops the test unless the upload succeeded.
func (f *fixture) uploaded(t testing.TB, space, path, name string, data []byte) response {
	t.Helper()
	res := f.create(t, "editor", space, path, "", name, data)
	if res.status != 200 {
		t.Fatalf("upload of %s: %d %s", path, res.status, res.raw)
	}
	return res
}

// fileToken is a file token of role's user, for PocketBase's file route.
func (f *fixture) fileToken(t testing.TB, role string) string {
	t.Helper()
	tok, err := f.users[role].NewFileToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// isThumbnailOf reports whether res is a successful PNG response other than original.
func isThumbnailOf(res response, original []byte) bool {
	return res.status == 200 && !bytes.Equal(res.raw, original) && bytes.HasPrefix(res.raw, []byte("\x89PNG"))
}

// pngBytes is a w×h PNG of noise, different for each seed.
func pngBytes(t testing.TB, w, h int, seed uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	state := uint32(seed) + 1
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			state = state*1664525 + 1013904223 // noise, so that size grows with w×h
			img.Set(x, y, color.RGBA{uint8(state >> 24), uint8(state >> 16), seed, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// page saves a page in space through Go code (the pages concern's hooks run as for the API).
func (f *fixture) page(t testing.TB, space, locale, path, body string) *core.Record {
	t.Helper()
	return testapp.CreateRecord(t, f.app, schema.CollectionPages, map[string]any{
		schema.PageSpace: f.spaces[space].Id, schema.PageLocale: locale, schema.PagePath: path,
		schema.PageTitle: path, schema.PageBody: body, schema.PageStatus: schema.PagePublished,
	})
}

func (f *fixture) reload(t testing.TB, r *core.Record) *core.Record {
	t.Helper()
	fresh, err := f.app.FindRecordById(r.Collection().Name, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	return fresh
}
