package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// coverage is the part of the translations concern's report this step prints.
type coverage struct {
	SourceLocale string `json:"source_locale"`
	SourcePages  int    `json:"source_pages"`
	Locales      []struct {
		Locale   string  `json:"locale"`
		Source   bool    `json:"source"`
		Pages    int     `json:"pages"`
		Current  int     `json:"current"`
		Outdated int     `json:"outdated"`
		Orphaned int     `json:"orphaned"`
		Missing  int     `json:"missing"`
		Coverage float64 `json:"coverage"`
	} `json:"locales"`
}

// printCoverage asks the translations concern's route, GET /api/folio/spaces/{id}/translations,
// for the space's coverage report as a superuser (who reads drafts too), prints it, and checks
// its page counts against the files.
func printCoverage(app core.App, c *checks, space *core.Record, want map[string]int) error {
	body, status, err := getAsSuperuser(app, "/api/folio/spaces/"+space.Id+"/translations")
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		c.fail("coverage report: status %d: %s", status, body)
		return nil
	}
	var report coverage
	if err := json.Unmarshal(body, &report); err != nil {
		return fmt.Errorf("coverage report: %w", err)
	}
	fmt.Printf("\ntranslation coverage (GET /api/folio/spaces/{id}/translations), source %s, %d source pages\n",
		report.SourceLocale, report.SourcePages)
	fmt.Printf("%-6s %6s %8s %9s %9s %8s %9s\n", "locale", "pages", "current", "outdated", "orphaned", "missing", "coverage")
	bad := 0
	for _, l := range report.Locales {
		fmt.Printf("%-6s %6d %8d %9d %9d %8d %8.1f%%\n", l.Locale, l.Pages, l.Current, l.Outdated, l.Orphaned, l.Missing, l.Coverage)
		if l.Pages != want[l.Locale] {
			bad++
		}
	}
	if bad > 0 || len(report.Locales) != len(want) {
		c.fail("coverage report: %d locale(s) with a page count other than the files', %d locales reported of %d", bad, len(report.Locales), len(want))
	} else {
		c.pass("coverage report lists all %d locales with one page per file", len(want))
	}
	return nil
}

// getAsSuperuser sends a GET through the app's full router, as the server would serve it.
func getAsSuperuser(app core.App, url string) ([]byte, int, error) {
	handler, err := buildRouter(app)
	if err != nil {
		return nil, 0, err
	}
	token, err := superuserToken(app)
	if err != nil {
		return nil, 0, err
	}
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", token)
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	return rec.Body.Bytes(), rec.Code, nil
}

// buildRouter builds PocketBase's router with every route Folio binds on serve.
func buildRouter(app core.App) (http.Handler, error) {
	router, err := apis.NewRouter(app)
	if err != nil {
		return nil, err
	}
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	return mux, err
}

func superuserToken(app core.App) (string, error) {
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		return "", err
	}
	su := core.NewRecord(col)
	su.SetEmail("acceptance@folio.test")
	su.SetRandomPassword()
	if err := app.Save(su); err != nil {
		return "", err
	}
	return su.NewAuthToken()
}
