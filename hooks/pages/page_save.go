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
		return updateLinks(tx, e.Record, head, space, links, rendered)
	})
}

// updateLinks re-indexes the page's own links when its body was rendered again or its address
// changed, and its incoming links when its address changed.
func updateLinks(app core.App, page, head, space *core.Record, links []markdown.Link, rendered bool) error {
	moved := page.GetString(schema.PageLocale) != head.GetString(schema.PageLocale) ||
		page.GetString(schema.PagePath) != head.GetString(schema.PagePath) ||
		page.GetString(schema.PageSpace) != head.GetString(schema.PageSpace)
	if !rendered && moved {
		// Relative links resolve against the page's own path: re-read them from the body.
		out, err := markdown.Render(page.GetString(schema.PageBody))
		if err != nil {
			return renderError()
		}
		links = out.Links
	}
	if rendered || moved {
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
