package migrations

import (
	"fmt"
	"regexp"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Adds what navigation needs: a page's weight (its order among siblings), link_title (its
// title in menus) and render (always, link or never); page_links.fallback; and the redirects
// collection, the old addresses of moved pages. A page rendered "never" reaches editors only:
// the read rules of pages and of what hangs off a page gain that condition next to the
// published one. Redirects are readable exactly when their page is, written by the server
// (moves, imports) and deleted by owners and admins.
func init() {
	m.Register(func(app core.App) error {
		pages, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		pages.Fields.Add(
			&core.NumberField{Name: schema.PageWeight, OnlyInt: true},
			&core.TextField{Name: schema.PageLinkTitle, Max: 300},
			&core.SelectField{Name: schema.PageRender, MaxSelect: 1, Values: []string{schema.RenderAlways, schema.RenderLink, schema.RenderNever}},
		)
		pages.AddIndex("idx_pages_space_locale_weight", false, schema.PageSpace+", "+schema.PageLocale+", "+schema.PageWeight, "")
		if err := app.Save(pages); err != nil {
			return fmt.Errorf("pages fields: %w", err)
		}
		links, err := app.FindCollectionByNameOrId(schema.CollectionPageLinks)
		if err != nil {
			return err
		}
		links.Fields.Add(&core.BoolField{Name: schema.PageLinkFallback})
		if err := app.Save(links); err != nil {
			return fmt.Errorf("page_links fields: %w", err)
		}
		for _, name := range []string{schema.CollectionPages, schema.CollectionRevisions, schema.CollectionPageLinks, schema.CollectionComments} {
			if err := hideUnrendered(app, name); err != nil {
				return err
			}
		}
		return createRedirects(app)
	}, func(app core.App) error {
		if err := deleteCollection(app, schema.CollectionRedirects); err != nil {
			return err
		}
		for _, name := range []string{schema.CollectionPages, schema.CollectionRevisions, schema.CollectionPageLinks, schema.CollectionComments} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			for _, rule := range []**string{&c.ListRule, &c.ViewRule, &c.CreateRule, &c.UpdateRule, &c.DeleteRule} {
				if *rule != nil {
					*rule = types.Pointer(renderCondition.ReplaceAllString(**rule, ""))
				}
			}
			if err := app.Save(c); err != nil {
				return err
			}
		}
		links, err := app.FindCollectionByNameOrId(schema.CollectionPageLinks)
		if err != nil {
			return err
		}
		links.Fields.RemoveByName(schema.PageLinkFallback)
		if err := app.Save(links); err != nil {
			return err
		}
		pages, err := app.FindCollectionByNameOrId(schema.CollectionPages)
		if err != nil {
			return err
		}
		pages.RemoveIndex("idx_pages_space_locale_weight")
		pages.Fields.RemoveByName(schema.PageWeight)
		pages.Fields.RemoveByName(schema.PageLinkTitle)
		pages.Fields.RemoveByName(schema.PageRender)
		return app.Save(pages)
	})
}

// publishedCondition finds the "published" test of a read rule, on pages or through a
// collection's page relation; renderCondition is what hideUnrendered adds after it.
var (
	publishedCondition = regexp.MustCompile(`((?:page\.)?)` + schema.PageStatus + ` = "` + schema.PagePublished + `"`)
	renderCondition    = regexp.MustCompile(` && (?:page\.)?` + schema.PageRender + ` != "` + schema.RenderNever + `"`)
)

// hideUnrendered makes "published" mean "published and rendered" in the read rules of
// collection: readers who are not editors stop seeing pages rendered never.
func hideUnrendered(app core.App, name string) error {
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		return err
	}
	add := "${1}" + schema.PageStatus + ` = "` + schema.PagePublished + `" && ${1}` + schema.PageRender + ` != "` + schema.RenderNever + `"`
	for _, rule := range []**string{&c.ListRule, &c.ViewRule, &c.CreateRule, &c.UpdateRule, &c.DeleteRule} {
		if *rule != nil {
			*rule = types.Pointer(publishedCondition.ReplaceAllString(**rule, add))
		}
	}
	if err := app.Save(c); err != nil {
		return fmt.Errorf("%s rules: %w", name, err)
	}
	return nil
}

// createRedirects creates the redirects collection, readable as its page is.
func createRedirects(app core.App) error {
	pages, err := app.FindCollectionByNameOrId(schema.CollectionPages)
	if err != nil {
		return err
	}
	spaces, err := app.FindCollectionByNameOrId(schema.CollectionSpaces)
	if err != nil {
		return err
	}
	links, err := app.FindCollectionByNameOrId(schema.CollectionPageLinks)
	if err != nil {
		return err
	}
	c := core.NewBaseCollection(schema.CollectionRedirects)
	c.Fields.Add(
		&core.RelationField{Name: schema.RedirectSpace, CollectionId: spaces.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.TextField{Name: schema.RedirectLocale, Required: true, Max: 35, Pattern: localePattern},
		&core.TextField{Name: schema.RedirectPath, Required: true, Max: 512, Presentable: true},
		&core.RelationField{Name: schema.RedirectPage, CollectionId: pages.Id, Required: true, MaxSelect: 1, CascadeDelete: true},
		&core.AutodateField{Name: schema.RedirectCreated, OnCreate: true},
	)
	c.AddIndex("idx_redirects_address", true, schema.RedirectSpace+", "+schema.RedirectLocale+", "+schema.RedirectPath, "")
	c.AddIndex("idx_redirects_page", false, schema.RedirectPage, "")
	// page_links' read rule is "the caller may read the page this row hangs off".
	c.ListRule = links.ListRule
	c.ViewRule = links.ViewRule
	c.DeleteRule = types.Pointer(memberRule(schema.RedirectSpace, managers...))
	return app.Save(c)
}
