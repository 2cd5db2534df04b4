// Command acceptance-navigation is the navigation acceptance step: on a fresh Folio app in a
// temporary folder it imports the Docsy example site and the CNCF glossary (Hugo trees in
// several locales) from ../shared/corpora and checks, through the HTTP routes as a superuser,
// that the tree of every locale holds exactly the pages the files give (the locale's own, the
// rest as fallbacks to the source), that links from translations to pages only the source
// locale has are fallback links rather than broken ones, and that no rendered page shows Hugo
// shortcode syntax outside code. It exits non-zero when a check fails.
//
//	go run ./cmd/acceptance-navigation -corpora ../shared/corpora
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
	"folio/hooks/transfer"
	"folio/hooks/transfer/scratch"
)

func main() {
	corpora := flag.String("corpora", "../shared/corpora", "folder holding docsy-example/ and cncf-glossary/")
	flag.Parse()
	if err := run(*corpora); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	fmt.Println("PASS: navigation acceptance")
}

func run(corpora string) error {
	tmp, err := os.MkdirTemp("", "folio-acceptance-navigation-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	app, err := scratch.New(filepath.Join(tmp, "pb_data"))
	if err != nil {
		return err
	}
	defer scratch.Close(app)
	h, token, err := serve(app)
	if err != nil {
		return err
	}
	failed := 0
	for _, name := range []string{"docsy-example", "cncf-glossary"} {
		n, err := checkCorpus(app, h, token, name, filepath.Join(corpora, name))
		if err != nil {
			return err
		}
		failed += n
	}
	if failed > 0 {
		return fmt.Errorf("%d check(s) failed", failed)
	}
	return nil
}

// serve builds the app's HTTP handler and a superuser token for it.
func serve(app core.App) (http.Handler, string, error) {
	router, err := apis.NewRouter(app)
	if err != nil {
		return nil, "", err
	}
	se := &core.ServeEvent{App: app, Router: router}
	var mux http.Handler
	err = app.OnServe().Trigger(se, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		return nil, "", err
	}
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return nil, "", err
	}
	su := core.NewRecord(col)
	su.SetEmail("acceptance@example.com")
	su.SetRandomPassword()
	if err := app.Save(su); err != nil {
		return nil, "", err
	}
	token, err := su.NewAuthToken()
	return mux, token, err
}

// get sends a GET as the superuser and decodes the JSON answer into out.
func get(h http.Handler, token, url string, out any) error {
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", token)
	req.RemoteAddr = "127.0.0.1:1"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", url, rec.Code, rec.Body.String())
	}
	return json.Unmarshal(rec.Body.Bytes(), out)
}

// checkCorpus imports one Hugo tree into a public space and runs the checks; it returns how
// many failed.
func checkCorpus(app core.App, h http.Handler, token, name, dir string) (int, error) {
	fmt.Println("==", name, dir)
	col, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
	if err != nil {
		return 0, err
	}
	space := core.NewRecord(col)
	space.Set(schema.SpaceSlug, name)
	space.Set(schema.SpaceName, name)
	space.Set(schema.SpaceVisibility, schema.VisibilityPublic)
	space.Set(schema.SpaceSourceLocale, "en")
	if err := app.Save(space); err != nil {
		return 0, err
	}
	sum, err := transfer.Import(app, space, os.DirFS(dir), transfer.ImportOptions{Format: transfer.FormatHugo})
	if err != nil {
		return 0, err
	}
	fmt.Printf("imported %d files: %d created, %d failed\n", sum.Total(), sum.Created, sum.Failed)
	failed := 0
	fail := func(format string, args ...any) {
		fmt.Println("  ✗", fmt.Sprintf(format, args...))
		failed++
	}
	if sum.Failed > 0 {
		fail("%d file(s) refused: %v", sum.Failed, sum.Errors)
	}
	files, err := hugoPages(filepath.Join(dir, "content"))
	if err != nil {
		return 0, err
	}
	if err := checkTrees(h, token, space, files, fail); err != nil {
		return 0, err
	}
	if err := checkFallbackLinks(app, space, fail); err != nil {
		return 0, err
	}
	if err := checkNoShortcodeSyntax(app, space, fail); err != nil {
		return 0, err
	}
	return failed, nil
}

// treeNode is the part of a tree entry the checks read.
type treeNode struct {
	Id       string     `json:"id"`
	Path     string     `json:"path"`
	Locale   string     `json:"locale"`
	Fallback bool       `json:"fallback"`
	Children []treeNode `json:"children"`
}

// checkTrees compares the tree of every locale with the files: each page of the locale, and
// each page of en the locale lacks as a fallback, nothing else.
func checkTrees(h http.Handler, token string, space *core.Record, files map[string]map[string]bool, fail func(string, ...any)) error {
	locales := make([]string, 0, len(files))
	for l := range files {
		locales = append(locales, l)
	}
	slices.Sort(locales)
	for _, l := range locales {
		var tree struct {
			Page  *treeNode  `json:"page"`
			Items []treeNode `json:"items"`
		}
		if err := get(h, token, "/api/folio/spaces/"+space.Id+"/tree?locale="+l, &tree); err != nil {
			return err
		}
		got := map[string]bool{}
		var walk func([]treeNode)
		walk = func(ns []treeNode) {
			for _, n := range ns {
				if n.Id != "" {
					got[n.Path] = n.Fallback
				}
				walk(n.Children)
			}
		}
		walk(tree.Items)
		want := map[string]bool{}
		for p := range files["en"] {
			want[p] = true
		}
		for p := range files[l] {
			want[p] = false
		}
		own, fallbacks, bad := 0, 0, 0
		for p, fb := range want {
			g, ok := got[p]
			switch {
			case !ok:
				bad++
				if bad <= 3 {
					fail("%s tree lacks %s", l, p)
				}
			case g != fb:
				bad++
				if bad <= 3 {
					fail("%s tree has %s with fallback %v, want %v", l, p, g, fb)
				}
			case fb:
				fallbacks++
			default:
				own++
			}
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				bad++
				fail("%s tree has %s, which no file gives", l, p)
			}
		}
		if bad == 0 {
			fmt.Printf("  ✓ %s tree: %d pages of its own, %d fallbacks to en, as the files give\n", l, own, fallbacks)
		}
	}
	return nil
}

// checkFallbackLinks checks the links from translations to paths only en has: every one is a
// fallback to the en page, and none is in the broken-link set.
func checkFallbackLinks(app core.App, space *core.Record, fail func(string, ...any)) error {
	var rows []struct {
		ToPage   string `db:"to_page"`
		Fallback bool   `db:"fallback"`
		Source   string `db:"source"`
	}
	err := app.DB().NewQuery(`SELECT l.to_page, l.fallback, src.id AS source FROM page_links l
		JOIN pages p ON p.id = l.page
		JOIN pages src ON src.space = l.space AND src.locale = 'en' AND src.path = l.to_path
		WHERE l.space = {:space} AND p.locale != 'en' AND l.to_locale = p.locale
		AND NOT EXISTS (SELECT 1 FROM pages t WHERE t.space = l.space AND t.locale = l.to_locale AND t.path = l.to_path)`).
		Bind(dbx.Params{"space": space.Id}).All(&rows)
	if err != nil {
		return err
	}
	wrong := 0
	for _, r := range rows {
		if !r.Fallback || r.ToPage != r.Source {
			wrong++
		}
	}
	if wrong > 0 {
		fail("%d of %d links from translations to en-only pages are not fallback links", wrong, len(rows))
	} else {
		fmt.Printf("  ✓ %d links from translations to en-only pages are fallback links, none broken\n", len(rows))
	}
	return nil
}

// codeSpans are the parts of rendered HTML where shortcode syntax may show: code samples.
var codeSpans = regexp.MustCompile(`(?s)<pre>.*?</pre>|<code>.*?</code>`)

// checkNoShortcodeSyntax checks every rendered page for "{{<" and "{{%" outside code.
func checkNoShortcodeSyntax(app core.App, space *core.Record, fail func(string, ...any)) error {
	var pages []struct {
		Locale string `db:"locale"`
		Path   string `db:"path"`
		HTML   string `db:"html"`
	}
	if err := app.DB().Select("locale", "path", "html").From(schema.CollectionPages).
		Where(dbx.HashExp{schema.PageSpace: space.Id}).All(&pages); err != nil {
		return err
	}
	shown, withShortcodes := 0, 0
	for _, p := range pages {
		if strings.Contains(p.HTML, `class="shortcode"`) {
			withShortcodes++
		}
		text := codeSpans.ReplaceAllString(p.HTML, "")
		if strings.Contains(text, "{{&lt;") || strings.Contains(text, "{{%") || strings.Contains(text, "{{<") {
			shown++
			if shown <= 3 {
				fail("%s/%s shows shortcode syntax", p.Locale, p.Path)
			}
		}
	}
	if shown == 0 {
		fmt.Printf("  ✓ no rendered page of %d shows shortcode syntax (%d render shortcodes as markup)\n", len(pages), withShortcodes)
	}
	return nil
}

// hugoPages lists the page paths of a Hugo content folder per locale, as Hugo serves them with
// its default settings (files starting with "_" other than _index.md are left out): content/<locale>/<path>.md, a section's _index.md and a bundle's
// index.md standing for their folder, lowercase, spaces as hyphens.
func hugoPages(content string) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		if base := d.Name(); strings.HasPrefix(base, "_") && base != "_index.md" {
			return nil // a template such as _TEMPLATE.md, which Folio does not import either
		}
		rel, _ := filepath.Rel(content, p)
		segs := strings.Split(filepath.ToSlash(strings.TrimSuffix(rel, ".md")), "/")
		locale, segs := segs[0], segs[1:]
		if last := segs[len(segs)-1]; last == "_index" || last == "index" {
			segs = segs[:len(segs)-1]
		}
		path := strings.ToLower(strings.ReplaceAll(strings.Join(segs, "/"), " ", "-"))
		if path == "" {
			path = "index"
		}
		if out[locale] == nil {
			out[locale] = map[string]bool{}
		}
		out[locale][path] = true
		return nil
	})
	return out, err
}
