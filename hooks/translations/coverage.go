package translations

import (
	"math"
	"slices"

	"folio/hooks/schema"
)

// coverageReport is the answer of GET /api/folio/spaces/{id}/translations.
type coverageReport struct {
	Space        string           `json:"space"`
	SourceLocale string           `json:"source_locale"`
	SourcePages  int              `json:"source_pages"`
	Locales      []localeCoverage `json:"locales"`
}

// localeCoverage is one locale of the report. Coverage is the percentage of the source pages
// that have a current translation in the locale; Missing lists the source pages that have no
// page in it. Every count and list holds only pages the caller may read.
type localeCoverage struct {
	Locale        string      `json:"locale"`
	Source        bool        `json:"source"`
	Pages         int         `json:"pages"`
	Current       int         `json:"current"`
	Outdated      int         `json:"outdated"`
	Orphaned      int         `json:"orphaned"`
	Missing       int         `json:"missing"`
	Coverage      float64     `json:"coverage"`
	OutdatedPages []staleItem `json:"outdated_pages"`
	OrphanedPages []pageRow   `json:"orphaned_pages"`
	MissingPages  []pageRow   `json:"missing_pages"`
}

// staleItem is an outdated translation with the head revision of its source, when the caller
// may read the source (0 and left out otherwise).
type staleItem struct {
	pageRow
	SourceHead int `json:"source_head,omitempty"`
}

// buildCoverage counts rows (readable pages of one space, ordered by path) per locale: the
// source locale first, then the space's locales in their order, then any other locale a page
// is written in.
func buildCoverage(spaceId, sourceLocale string, spaceLocales []string, rows []pageRow) coverageReport {
	sources := map[string]pageRow{}
	var sourceList []pageRow // in path order, as rows are
	byLocale := map[string][]pageRow{}
	for _, r := range rows {
		if r.Locale == sourceLocale {
			sources[r.Path] = r
			sourceList = append(sourceList, r)
		}
		byLocale[r.Locale] = append(byLocale[r.Locale], r)
	}
	report := coverageReport{Space: spaceId, SourceLocale: sourceLocale, SourcePages: len(sources), Locales: []localeCoverage{}}
	for _, locale := range reportLocales(sourceLocale, spaceLocales, byLocale) {
		if locale == sourceLocale {
			report.Locales = append(report.Locales, sourceCoverage(locale, len(sources)))
			continue
		}
		report.Locales = append(report.Locales, translationCoverage(locale, byLocale[locale], sourceList, sources))
	}
	return report
}

func reportLocales(sourceLocale string, spaceLocales []string, byLocale map[string][]pageRow) []string {
	locales := []string{sourceLocale}
	for _, l := range spaceLocales {
		if !slices.Contains(locales, l) {
			locales = append(locales, l)
		}
	}
	var extra []string
	for l := range byLocale {
		if !slices.Contains(locales, l) {
			extra = append(extra, l)
		}
	}
	slices.Sort(extra)
	return append(locales, extra...)
}

func sourceCoverage(locale string, n int) localeCoverage {
	c := emptyCoverage(locale)
	c.Source, c.Pages = true, n
	if n > 0 {
		c.Coverage = 100
	}
	return c
}

func emptyCoverage(locale string) localeCoverage {
	return localeCoverage{Locale: locale, OutdatedPages: []staleItem{}, OrphanedPages: []pageRow{}, MissingPages: []pageRow{}}
}

// translationCoverage reports one translation locale: mine are its readable pages, sourceList
// and sources the readable source pages in path order and by path.
func translationCoverage(locale string, mine, sourceList []pageRow, sources map[string]pageRow) localeCoverage {
	c := emptyCoverage(locale)
	c.Pages = len(mine)
	has := map[string]bool{}
	covered := 0
	for _, r := range mine {
		has[r.Path] = true
		switch r.State {
		case schema.TranslationCurrent:
			c.Current++
			if _, ok := sources[r.Path]; ok {
				covered++
			}
		case schema.TranslationOutdated:
			c.Outdated++
			c.OutdatedPages = append(c.OutdatedPages, staleItem{pageRow: r, SourceHead: sources[r.Path].Revision})
		case schema.TranslationOrphaned:
			c.Orphaned++
			c.OrphanedPages = append(c.OrphanedPages, r)
		}
	}
	for _, src := range sourceList {
		if !has[src.Path] {
			c.MissingPages = append(c.MissingPages, src)
		}
	}
	c.Missing = len(c.MissingPages)
	if len(sources) > 0 {
		c.Coverage = math.Round(1000*float64(covered)/float64(len(sources))) / 10
	}
	return c
}
