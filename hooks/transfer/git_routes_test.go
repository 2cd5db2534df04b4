package transfer_test

import (
	"archive/zip"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// bundleOf writes m's history as a git bundle: its header naming the branch, then a packfile of
// every object, as `git bundle create x.bundle --all` would.
func bundleOf(t testing.TB, m *memRepo, header string) []byte {
	t.Helper()
	head, err := m.repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	var hashes []plumbing.Hash
	iter, err := m.repo.Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		t.Fatal(err)
	}
	_ = iter.ForEach(func(o plumbing.EncodedObject) error { hashes = append(hashes, o.Hash()); return nil })
	var buf bytes.Buffer
	if header == "" {
		header = fmt.Sprintf("# v2 git bundle\n%s %s\n%s HEAD\n\n", head.Hash(), head.Name(), head.Hash())
	}
	buf.WriteString(header)
	if _, err := packfile.NewEncoder(&buf, m.repo.Storer, false).Encode(hashes, 10); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func glossaryRepo(t testing.TB) *memRepo {
	m := newMemRepo(t)
	m.commit("Add terms", map[string]string{
		"content/en/_index.md": hugoPage("Glossary", "Terms."),
		"content/en/pod.md":    hugoPage("Pod", "Containers together."),
		"content/ko/pod.md":    hugoPage("파드", "함께 있는 컨테이너."),
	})
	m.commit("Edit pod", map[string]string{"content/en/pod.md": hugoPage("Pod", "Containers scheduled together.")})
	return m
}

func TestOpenGitBundle(t *testing.T) {
	m := glossaryRepo(t)
	repo, closeRepo, err := transfer.OpenGitBundle(bytes.NewReader(bundleOf(t, m, "")))
	if err != nil {
		t.Fatal(err)
	}
	defer closeRepo()
	h, err := repo.ResolveRevision("HEAD")
	want, _ := m.repo.Head()
	if err != nil || *h != want.Hash() {
		t.Fatalf("HEAD = %v (%v), want %s", h, err, want.Hash())
	}
	for name, data := range map[string][]byte{
		"not a bundle":  []byte("PK\x03\x04 a zip"),
		"prerequisites": bundleOf(t, m, fmt.Sprintf("# v2 git bundle\n-%s base\n%s refs/heads/master\n\n", want.Hash(), want.Hash())),
		"sha256":        bundleOf(t, m, "# v3 git bundle\n@object-format=sha256\n\n"),
		"cut short":     bundleOf(t, m, "")[:120],
	} {
		var te *transfer.TreeError
		if _, _, err := transfer.OpenGitBundle(bytes.NewReader(data)); err == nil || !asTreeError(err, &te) {
			t.Errorf("%s: err = %v, want a TreeError", name, err)
		}
	}
}

func asTreeError(err error, te **transfer.TreeError) bool {
	e, ok := err.(*transfer.TreeError)
	*te = e
	return ok
}

func TestImportRouteTakesGitBundles(t *testing.T) {
	m := glossaryRepo(t)
	bundle := bundleOf(t, m, "")
	w := newWorld(t)
	cases := []struct {
		name, user string
		status     int
		content    []string
	}{
		{"guest", "", 401, []string{`"status":401`}},
		{"member of another space", "outsider", 404, []string{`"status":404`}},
		{"viewer", "viewer", 403, []string{`"status":403`}},
		{"editor", "editor", 200, []string{`"commits":2`, `"revisions":4`, `"created":3`, `"source":"upload"`, `"format":"hugo"`}},
		{"superuser", "superuser", 200, []string{`"commits":2`}},
	}
	for _, c := range cases {
		body, ct := upload(t, bundle, nil)
		s := tests.ApiScenario{
			Name: "bundle import as " + c.name, Method: http.MethodPost,
			URL: "/api/folio/spaces/" + w.private.Id + "/import", Body: body,
			Headers: w.headers(t, c.user, ct), ExpectedStatus: c.status, ExpectedContent: c.content,
			TestAppFactory: w.factory(nil), AfterTestFunc: noPagesWritten,
		}
		if c.status == 200 {
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				revs := revisions(t, app, findPage(t, app, w.private, "en", "pod"))
				if len(revs) != 2 || revs[1].GetString(schema.RevisionSummary) != "Edit pod" {
					t.Errorf("en/pod has %d revisions", len(revs))
				}
			}
		}
		s.Test(t)
	}

	// A bundle of a rewritten history is refused with a 400 naming the ref, and writes nothing.
	rewritten := newMemRepo(t)
	rewritten.commit("Add terms, squashed", map[string]string{"content/en/pod.md": hugoPage("Pod", "Rewritten.")})
	body, ct := upload(t, bundleOf(t, rewritten, ""), nil)
	var revsBefore int
	(&tests.ApiScenario{
		Name: "a rewritten history", Method: http.MethodPost,
		URL: "/api/folio/spaces/" + w.private.Id + "/import", Body: body,
		Headers: w.headers(t, "editor", ct), ExpectedStatus: 400,
		ExpectedContent: []string{`"ref":{"code":"validation_git_history"`, "rewritten"},
		TestAppFactory: w.factory(func(t testing.TB, app core.App) {
			if _, err := transfer.ImportGit(app, w.private, m.repo, transfer.GitOptions{Source: "upload"}); err != nil {
				t.Fatal(err)
			}
			revsBefore = countRevisions(t, app, w.private)
		}),
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if n := countRevisions(t, app, w.private); n != revsBefore {
				t.Errorf("the refused import wrote %d revisions", n-revsBefore)
			}
		},
	}).Test(t)

	body, ct = upload(t, bundleOf(t, m, fmt.Sprintf("# v2 git bundle\n-%s base\n\n", plumbing.ZeroHash)), nil)
	(&tests.ApiScenario{
		Name: "a bundle with prerequisites", Method: http.MethodPost,
		URL: "/api/folio/spaces/" + w.private.Id + "/import", Body: body,
		Headers: w.headers(t, "editor", ct), ExpectedStatus: 400,
		ExpectedContent: []string{`"file":{"code":"validation_invalid_bundle"`, "prerequisite"},
		TestAppFactory:  w.factory(nil), AfterTestFunc: noPagesWritten,
	}).Test(t)
}

func TestExportRouteHugo(t *testing.T) {
	w := newWorld(t)
	imported := func(t testing.TB, app core.App) {
		if _, err := transfer.Import(app, w.private, hugoTree(), transfer.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	(&tests.ApiScenario{
		Name: "hugo export", Method: http.MethodGet,
		URL:     "/api/folio/spaces/" + w.private.Id + "/export?format=hugo",
		Headers: w.headers(t, "editor", ""), ExpectedStatus: 200, ExpectedContent: []string{"PK"},
		TestAppFactory: w.factory(imported),
		AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="private-hugo.zip"`) {
				t.Errorf("content disposition = %q", cd)
			}
			data, _ := io.ReadAll(res.Body)
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, f := range zr.File {
				r, _ := f.Open()
				b, _ := io.ReadAll(r)
				got[f.Name] = string(b)
			}
			for name, f := range hugoTree() {
				if strings.HasSuffix(name, "_TEMPLATE.md") {
					continue
				}
				if got[name] != string(f.Data) {
					t.Errorf("%s exported as %q, want the file as it came %q", name, got[name], f.Data)
				}
			}
		},
	}).Test(t)
	(&tests.ApiScenario{
		Name: "unknown export format", Method: http.MethodGet,
		URL:     "/api/folio/spaces/" + w.private.Id + "/export?format=docx",
		Headers: w.headers(t, "editor", ""), ExpectedStatus: 400,
		ExpectedContent: []string{`"format":{"code":"validation_invalid_format"`},
		TestAppFactory:  w.factory(nil),
	}).Test(t)
}

// The sync state and the imported files are for the import alone: no API rule opens them.
func TestGitCollectionsAreSuperuserOnly(t *testing.T) {
	w := newWorld(t)
	seed := func(t testing.TB, app core.App) {
		m := glossaryRepo(t)
		if _, err := transfer.ImportGit(app, w.private, m.repo, transfer.GitOptions{Source: "s"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, col := range []string{schema.CollectionGitSyncs, schema.CollectionPageSources} {
		for _, c := range []struct {
			user    string
			status  int
			content string
		}{
			{"", 403, `"status":403`}, {"viewer", 403, `"status":403`}, {"owner", 403, `"status":403`},
			{"outsider", 403, `"status":403`}, {"superuser", 200, `"totalItems":`},
		} {
			(&tests.ApiScenario{
				Name: col + " as " + cmp.Or(c.user, "guest"), Method: http.MethodGet,
				URL:     "/api/collections/" + col + "/records",
				Headers: w.headers(t, c.user, ""), ExpectedStatus: c.status, ExpectedContent: []string{c.content},
				TestAppFactory: w.factory(seed),
			}).Test(t)
		}
	}
}
