package pages

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/markdown"
	"folio/hooks/internal/rerender"
	"folio/hooks/internal/saveread"
	"folio/hooks/internal/txhook"
	"folio/hooks/schema"
)

// onPageCreate runs for every new page — API, dashboard, imports, Go code alike — and makes the
// insert, revision 1, the rendering and the link index one transaction.
func onPageCreate(e *core.RecordEvent) error {
	if err := checkBodyLength(e.Record); err != nil {
		return err
	}
	return txhook.InTransaction(e, func(tx core.App) error {
		space, err := prepareSave(tx, e, nil)
		if err != nil {
			return err
		}
		links, err := renderPage(tx, e.Record, space)
		if err != nil {
			return err
		}
		e.Record.Set(schema.PageRevision, 1)
		if err := e.Next(); err != nil {
			return err
		}
		if err := writeRevision(tx, e.Record, 1, contentOfPage(e.Record), noteFor(e.Record)); err != nil {
			return err
		}
		if err := syncLinks(tx, e.Record, space, links); err != nil {
			return err
		}
		return relinkIncoming(tx, e.Record)
	})
}

// onPageUpdate runs for every save of an existing page. It compares with the row as it is
// inside the transaction — not with what the caller loaded, which may be stale — and writes
// revision head+1 only when the content changed. The body is rendered again only when it
// changed; the stored html and toc are kept otherwise, whatever the caller sent.
func onPageUpdate(e *core.RecordEvent) error {
	if err := checkBodyLength(e.Record); err != nil {
		return err
	}
	return txhook.InTransaction(e, func(tx core.App) error {
		head, err := saveread.Stored(tx, e)
		if err != nil {
			return err
		}
		space, err := prepareSave(tx, e, head)
		if err != nil {
			return err
		}
		watchVisibility(tx, e.Record, head)
		c, n := contentOfPage(e.Record), head.GetInt(schema.PageRevision)
		changed := !c.equal(contentOfPage(head))
		if changed {
			n++
		}
		e.Record.Set(schema.PageRevision, n)
		var links []markdown.Link
		moved := addressChanged(e.Record, head)
		if moved && !rerender.Requested(e.Context) {
			// Relative links and includes resolve against the page's own address: a moved
			// page is rendered again, and marked so, for the attachments concern to resolve
			// the fresh html's files rather than render the body again without its includes.
			e.Context = rerender.With(e.Context, map[string]bool{})
		}
		rendered := c.Body != head.GetString(schema.PageBody) || rerender.Requested(e.Context)
		if rendered {
			if links, err = renderPage(tx, e.Record, space); err != nil {
				return err
			}
		} else {
			keepRendered(e.Record, head)
		}
		if err := e.Next(); err != nil {
			return err
		}
		if changed {
			if err := writeRevision(tx, e.Record, n, c, noteFor(e.Record)); err != nil {
				return err
			}
		}
		return updateLinks(tx, e.Record, space, links, rendered, moved)
	})
}

// addressChanged reports whether page stands at another address (space, locale or path) than
// head, the row as stored.
func addressChanged(page, head *core.Record) bool {
	return page.GetString(schema.PageLocale) != head.GetString(schema.PageLocale) ||
		page.GetString(schema.PagePath) != head.GetString(schema.PagePath) ||
		page.GetString(schema.PageSpace) != head.GetString(schema.PageSpace)
}

// updateLinks re-indexes the page's own links when its body was rendered again (a moved page
// always is), and its incoming links when its address changed.
func updateLinks(app core.App, page, space *core.Record, links []markdown.Link, rendered, moved bool) error {
	if rendered {
		if err := syncLinks(app, page, space, links); err != nil {
			return err
		}
	}
	if moved {
		return relinkIncoming(app, page)
	}
	return nil
}

// prepareSave normalizes the page and returns its space, which the later steps need for
// locales. The space is read once per save, shared with the other concerns' hooks.
func prepareSave(app core.App, e *core.RecordEvent, head *core.Record) (*core.Record, error) {
	r := e.Record
	space, err := saveread.Record(app, e, schema.CollectionSpaces, r.GetString(schema.PageSpace))
	if err != nil {
		return nil, spaceMissingError()
	}
	if err := normalizePage(r, head, space); err != nil {
		return nil, err
	}
	r.Set(schema.PageLive, isLive(r, time.Now()))
	return space, nil
}
