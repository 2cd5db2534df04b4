package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// Sets the API rules of pages, revisions, page_links and comments. A page is readable by
// editors and above of its space always, and by its viewers (and by guests in a public space)
// while it is published and inside its publish window; the window is checked against @now on
// every read path, realtime included. revisions, page_links and comments are readable exactly
// when their page is. Editors and above write pages; owners and admins delete them. Revisions and
// links are written by the server only. Comments: readers of the page who are signed in write
// them, authors edit and delete their own, editors may resolve any, owners and admins moderate.
func init() {
	m.Register(func(app core.App) error {
		for name, set := range map[string]func(*core.Collection){
			schema.CollectionPages:     setPageRules,
			schema.CollectionRevisions: setPageChildRules,
			schema.CollectionPageLinks: setPageChildRules,
			schema.CollectionComments:  setCommentRules,
		} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			set(c)
			if err := app.Save(c); err != nil {
				return fmt.Errorf("%s rules: %w", name, err)
			}
		}
		return nil
	}, func(app core.App) error {
		for _, name := range []string{schema.CollectionPages, schema.CollectionRevisions, schema.CollectionPageLinks, schema.CollectionComments} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil, nil, nil
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}

// writers are the roles that create and edit pages.
var writers = []string{schema.RoleOwner, schema.RoleAdmin, schema.RoleEditor}

// pageReadRule is "the caller may read the page": prefix is "" on pages and "page." on the
// collections that hang off a page.
func pageReadRule(prefix string) string {
	p := func(field string) string { return prefix + field }
	live := fmt.Sprintf(`%s = %q && (%s = "" || %s <= @now) && (%s = "" || %s > @now)`,
		p(schema.PageStatus), schema.PagePublished,
		p(schema.PagePublishAt), p(schema.PagePublishAt),
		p(schema.PageUnpublishAt), p(schema.PageUnpublishAt))
	audience := fmt.Sprintf(`%s.%s = %q || (%s)`,
		p(schema.PageSpace), schema.SpaceVisibility, schema.VisibilityPublic,
		memberRule(p(schema.PageSpace)))
	return fmt.Sprintf("(%s && (%s)) || (%s)", live, audience, memberRule(p(schema.PageSpace), writers...))
}

func setPageRules(c *core.Collection) {
	read := pageReadRule("")
	c.ListRule = types.Pointer(read)
	c.ViewRule = types.Pointer(read)
	c.CreateRule = types.Pointer(fmt.Sprintf("@request.auth.collectionName = %q && %s",
		schema.CollectionUsers, memberRule(schema.PageSpace, writers...)))
	c.UpdateRule = types.Pointer(fmt.Sprintf("@request.body.%s:changed = false && %s",
		schema.PageSpace, memberRule(schema.PageSpace, writers...)))
	c.DeleteRule = types.Pointer(memberRule(schema.PageSpace, managers...))
}

func setPageChildRules(c *core.Collection) {
	read := pageReadRule("page.")
	c.ListRule = types.Pointer(read)
	c.ViewRule = types.Pointer(read)
	c.CreateRule, c.UpdateRule, c.DeleteRule = nil, nil, nil
}

func setCommentRules(c *core.Collection) {
	read := pageReadRule("page.")
	space := "page." + schema.PageSpace
	manager := memberRule(space, managers...)
	own := fmt.Sprintf("%s = @request.auth.id && (%s)", schema.CommentAuthor, read)
	c.ListRule = types.Pointer(read)
	c.ViewRule = types.Pointer(read)
	c.CreateRule = types.Pointer(fmt.Sprintf("@request.auth.collectionName = %q && (%s)", schema.CollectionUsers, read))
	c.UpdateRule = types.Pointer(fmt.Sprintf(
		"@request.body.%s:changed = false && @request.body.%s:changed = false && @request.body.%s:changed = false && "+
			"((%s) || (%s) || (@request.body.%s:changed = false && %s))",
		schema.CommentPage, schema.CommentParent, schema.CommentAuthor,
		own, manager, schema.CommentBody, memberRule(space, writers...)))
	c.DeleteRule = types.Pointer(fmt.Sprintf("(%s) || (%s)", own, manager))
}
