package transfer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/frontmatter"
	"folio/hooks/internal/markdown"
	"folio/hooks/schema"
)

// navMeaning is what the keys Hugo and Wiki.js give meaning to say beyond title, dates, tags
// and status: the publish window, the order among siblings, the menu title, whether the page is
// rendered, and the old addresses that must keep answering (Hugo aliases). The keys stay in the
// page's extra field as well, so an export writes them back as they were.
type navMeaning struct {
	PublishAt   time.Time
	UnpublishAt time.Time
	Weight      int
	LinkTitle   string
	Render      string
	Draft       bool // Wiki.js isPublished: false
	Aliases     []string
}

// publishKeys name the front matter keys of the publish window in each format.
var publishKeys = map[string][2]string{
	"hugo":   {"publishDate", "expiryDate"},
	"wikijs": {"publishStartDate", "publishEndDate"},
}

// navMeaningOf reads the navigation meaning of doc. A date key that is present but not a date
// refuses the file, as for the other dates.
func navMeaningOf(doc frontmatter.Document) (navMeaning, error) {
	var m navMeaning
	var err error
	for _, keys := range publishKeys {
		for i, key := range keys {
			t, derr := dateOf(doc, key)
			if derr != nil {
				return m, derr
			}
			if !t.IsZero() {
				if i == 0 {
					m.PublishAt = t
				} else {
					m.UnpublishAt = t
				}
			}
		}
	}
	if !m.PublishAt.IsZero() && !m.UnpublishAt.IsZero() && !m.UnpublishAt.After(m.PublishAt) {
		return m, fmt.Errorf("its expiry date is not after its publish date; fix one of them")
	}
	values := doc.Extra()
	if m.Weight, err = weightOf(values["weight"]); err != nil {
		return m, err
	}
	m.LinkTitle, _ = values["linkTitle"].(string)
	m.Render = renderOf(values)
	if v, ok := values["isPublished"].(bool); ok && !v {
		m.Draft = true
	}
	m.Aliases = stringsOf(values["aliases"])
	return m, nil
}

// weightOf reads Hugo's weight: a whole number.
func weightOf(v any) (int, error) {
	switch w := v.(type) {
	case nil:
		return 0, nil
	case float64:
		if w == math.Trunc(w) && math.Abs(w) < 1e9 {
			return int(w), nil
		}
	case int:
		return w, nil
	case int64:
		return int(w), nil
	case string:
		if n, err := strconv.Atoi(strings.TrimSpace(w)); err == nil {
			return n, nil
		}
	}
	return 0, fmt.Errorf("its weight %v is not a whole number", v)
}

// renderOf reads Hugo's headless, build.render and _build.render into a page's render field.
func renderOf(values map[string]any) string {
	if h, ok := values["headless"].(bool); ok && h {
		return schema.RenderNever
	}
	for _, key := range []string{"build", "_build"} {
		b, ok := values[key].(map[string]any)
		if !ok {
			continue
		}
		switch r := b["render"].(type) {
		case string:
			switch strings.ToLower(r) {
			case "never", "false":
				return schema.RenderNever
			case "link":
				return schema.RenderLink
			}
		case bool:
			if !r {
				return schema.RenderNever
			}
		}
	}
	return ""
}

func stringsOf(v any) []string {
	switch s := v.(type) {
	case string:
		return []string{s}
	case []any:
		out := make([]string, 0, len(s))
		for _, x := range s {
			if str, ok := x.(string); ok && strings.TrimSpace(str) != "" {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}

// setOn writes the meaning into page.
func (m navMeaning) setOn(page *core.Record) {
	page.Set(schema.PagePublishAt, dateOrEmpty(m.PublishAt))
	page.Set(schema.PageUnpublishAt, dateOrEmpty(m.UnpublishAt))
	page.Set(schema.PageWeight, m.Weight)
	page.Set(schema.PageLinkTitle, m.LinkTitle)
	page.Set(schema.PageRender, m.Render)
}

func dateOrEmpty(t time.Time) any {
	if t.IsZero() {
		return ""
	}
	return dateTime(t)
}

// sameOn reports whether page already holds the meaning.
func (m navMeaning) sameOn(page *core.Record) bool {
	return page.GetDateTime(schema.PagePublishAt).Time().Equal(m.PublishAt) &&
		page.GetDateTime(schema.PageUnpublishAt).Time().Equal(m.UnpublishAt) &&
		page.GetInt(schema.PageWeight) == m.Weight &&
		page.GetString(schema.PageLinkTitle) == m.LinkTitle &&
		page.GetString(schema.PageRender) == m.Render
}

// saveAliases leaves a redirect to page at every alias the file lists that resolves inside the
// space and where no page lives; wildcard aliases (Hugo's /blog/2018/*) name no one address
// and are kept in extra only.
func saveAliases(app core.App, page *core.Record, aliases []string) error {
	if len(aliases) == 0 {
		return nil
	}
	space, err := app.FindRecordById(schema.CollectionSpaces, page.GetString(schema.PageSpace))
	if err != nil {
		return err
	}
	s := schema.AsSpace(space)
	locales := append([]string{s.SourceLocale()}, s.Locales()...)
	from := markdown.Location{Locale: page.GetString(schema.PageLocale), Path: page.GetString(schema.PagePath)}
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionRedirects)
	if err != nil {
		return err
	}
	for _, a := range aliases {
		t, ok := markdown.ResolveLink(a, from, locales)
		if !ok || strings.Contains(a, "*") || (t.Locale == from.Locale && t.Path == from.Path) {
			continue
		}
		if p, _ := findPage(app, space.Id, t.Locale, t.Path); p != nil {
			continue
		}
		var found []*core.Record
		if err := app.RecordQuery(col).AndWhere(dbx.HashExp{schema.RedirectSpace: space.Id,
			schema.RedirectLocale: t.Locale, schema.RedirectPath: t.Path}).Limit(1).All(&found); err != nil {
			return err
		}
		r := core.NewRecord(col)
		if len(found) > 0 {
			r = found[0]
		}
		r.Set(schema.RedirectSpace, space.Id)
		r.Set(schema.RedirectLocale, t.Locale)
		r.Set(schema.RedirectPath, t.Path)
		r.Set(schema.RedirectPage, page.Id)
		if err := app.Save(r); err != nil {
			return err
		}
	}
	return nil
}
