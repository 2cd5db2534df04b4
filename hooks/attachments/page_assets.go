package attachments

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/markdown"
	"folio/hooks/internal/rerender"
	"folio/hooks/internal/saveread"
	"folio/hooks/schema"
)

// onPageCreate runs inside the pages concern's save of a new page, after the body was rendered:
// it points the page's file references at Folio's file route and indexes them in page_assets,
// in the same transaction.
func onPageCreate(e *core.RecordEvent) error {
	refs, html, err := resolveAssets(e.App, e.Record, e.Record.GetString(schema.PageHTML))
	if err != nil {
		return err
	}
	e.Record.Set(schema.PageHTML, html)
	if err := e.Next(); err != nil {
		return err
	}
	return syncAssets(e.App, e.Record, refs)
}

// onPageUpdate runs inside the pages concern's save of an existing page. It resolves the file
// references of the html the pages concern rendered whenever it rendered the body: the body
// changed, or the save carries the re-render mark (rerender) — set by the pages concern for a
// moved page (relative references read against its path), by a heal (a file it references
// arrived, moved or went away) and by an included page's change. Otherwise the stored html
// already points at the right files and nothing is done. The page as stored is the save's
// one read of it (saveread), not a statement of this concern's own.
func onPageUpdate(e *core.RecordEvent) error {
	head, err := saveread.Stored(e.App, e)
	if err != nil {
		return e.Next()
	}
	if e.Record.GetString(schema.PageBody) == head.GetString(schema.PageBody) && !rerender.Requested(e.Context) {
		return e.Next()
	}
	refs, html, err := resolveAssets(e.App, e.Record, e.Record.GetString(schema.PageHTML))
	if err != nil {
		return err
	}
	e.Record.Set(schema.PageHTML, html)
	if err := e.Next(); err != nil {
		return err
	}
	if len(refs) == 0 && !hasFileRefs(head.GetString(schema.PageHTML)) {
		// page_assets rows are written only for references found in the html saved with
		// them, and every save that changes the html comes through here: a page whose stored
		// html references no file has no rows to remove.
		return nil
	}
	return syncAssets(e.App, e.Record, refs)
}

// hasFileRefs reports whether rendered html holds a file reference (an image or a link to a
// file), resolvable or not.
func hasFileRefs(html string) bool {
	found := false
	markdown.RewriteAssets(html, func(markdown.AssetKind, string) (string, bool) {
		found = true
		return "", false
	})
	return found
}

// assetRef is one file reference of a page, resolved.
type assetRef struct {
	kind       markdown.AssetKind
	href       string
	target     markdown.AssetTarget
	attachment string // id, "" while broken
	name       string // the attachment's path, for the URL's last segment
}

func (r assetRef) key() string {
	return string(r.kind) + "\x00" + r.target.Locale + "\x00" + r.target.Path + "\x00" + r.target.AltPath
}

// maxRefsPerPage bounds the page_assets rows one save may write.
const maxRefsPerPage = 1000

// resolveAssets finds the file references of rendered html (Render's sanitized output),
// resolves each to an attachment of the page's space — in the page's locale first, then the
// file every locale shares, then the source locale's, at the reference's path and then its
// alternative — and returns the references with the html pointing resolved ones at
// /api/folio/files/{id}/{name}. Broken references are left as written.
func resolveAssets(app core.App, page *core.Record, html string) ([]assetRef, string, error) {
	var (
		refs    []assetRef
		seen    = map[string]bool{}
		space   *spaceLocales
		locales []string
		loadErr error
		from    = markdown.Location{Locale: page.GetString(schema.PageLocale), Path: page.GetString(schema.PagePath)}
	)
	markdown.RewriteAssets(html, func(kind markdown.AssetKind, href string) (string, bool) {
		if space == nil && loadErr == nil {
			space, loadErr = findSpaceLocales(app, page.GetString(schema.PageSpace))
			if loadErr == nil {
				locales = append([]string{space.source}, space.locales...)
			}
		}
		if space == nil {
			return "", false
		}
		if t, ok := markdown.ResolveAsset(href, from, locales); ok && len(refs) < maxRefsPerPage {
			ref := assetRef{kind: kind, href: href, target: t}
			if !seen[ref.key()+"\x00"+href] {
				seen[ref.key()+"\x00"+href] = true
				refs = append(refs, ref)
			}
		}
		return "", false
	})
	if len(refs) == 0 {
		return nil, html, nil
	}
	if err := attachRefs(app, space, refs); err != nil {
		return nil, "", err
	}
	urls := make(map[string]string, len(refs))
	for _, r := range refs {
		if r.attachment != "" {
			urls[string(r.kind)+"\x00"+r.href] = FileURL(r.attachment, r.name)
		}
	}
	return refs, markdown.RewriteAssets(html, func(kind markdown.AssetKind, href string) (string, bool) {
		u, ok := urls[string(kind)+"\x00"+href]
		return u, ok
	}), nil
}

// FileURL is the stable address of an attachment's bytes on Folio's file route. A browser
// <img> reaches a protected file there by adding ?token= with a PocketBase file token.
func FileURL(id, filePath string) string {
	return "/api/folio/files/" + id + "/" + url.PathEscape(path.Base(filePath))
}

// attachRefs looks the references' paths up in one query and sets each one's attachment.
func attachRefs(app core.App, space *spaceLocales, refs []assetRef) error {
	paths := make([]string, 0, 2*len(refs))
	for _, r := range refs {
		paths = append(paths, r.target.Path)
		if r.target.AltPath != "" {
			paths = append(paths, r.target.AltPath)
		}
	}
	list, err := json.Marshal(paths)
	if err != nil {
		return err
	}
	var rows []struct {
		Id     string `db:"id"`
		Locale string `db:"locale"`
		Path   string `db:"path"`
	}
	// One JSON parameter instead of one per path: binding a hundred parameters cost more than
	// the lookups themselves.
	err = app.DB().Select("id", schema.AttachmentLocale, schema.AttachmentPath).From(schema.CollectionAttachments).
		Where(dbx.HashExp{schema.AttachmentSpace: space.id}).
		AndWhere(dbx.NewExp(schema.AttachmentPath+" IN (SELECT value FROM json_each({:paths}))", dbx.Params{"paths": string(list)})).
		All(&rows)
	if err != nil {
		return err
	}
	byAddress := make(map[[2]string]string, len(rows))
	for _, r := range rows {
		byAddress[[2]string{r.Locale, r.Path}] = r.Id
	}
	for i, r := range refs {
		for _, p := range []string{r.target.Path, r.target.AltPath} {
			if p == "" || refs[i].attachment != "" {
				continue
			}
			for _, l := range []string{r.target.Locale, "", space.source} {
				if id, ok := byAddress[[2]string{l, p}]; ok {
					refs[i].attachment, refs[i].name = id, p
					break
				}
			}
		}
	}
	return nil
}

// syncAssets makes the page's page_assets rows match refs: one row per distinct kind and
// target, the first href kept. Unchanged rows are not written.
func syncAssets(app core.App, page *core.Record, refs []assetRef) error {
	want := make(map[string]assetRef, len(refs))
	for _, r := range refs {
		if _, dup := want[r.key()]; !dup {
			want[r.key()] = r
		}
	}
	existing, err := findPageAssetRows(app, page.Id)
	if err != nil {
		return err
	}
	// Rows are read as one JSON value, and loaded as records only to be changed: a save that
	// leaves the references as they were reads one row and writes nothing.
	for _, row := range existing {
		k := row.Kind + "\x00" + row.Locale + "\x00" + row.Path + "\x00" + row.AltPath
		w, keep := want[k]
		if keep {
			delete(want, k)
			if row.Attachment == w.attachment {
				continue
			}
		}
		rec, err := app.FindRecordById(schema.CollectionPageAssets, row.Id)
		if err != nil {
			return err
		}
		if !keep {
			if err := app.Delete(rec); err != nil {
				return err
			}
			continue
		}
		rec.Set(schema.PageAssetAttachment, w.attachment)
		if err := app.Save(rec); err != nil {
			return err
		}
	}
	if len(want) == 0 {
		return nil
	}
	col, err := app.FindCachedCollectionByNameOrId(schema.CollectionPageAssets)
	if err != nil {
		return err
	}
	for _, r := range refs {
		if _, todo := want[r.key()]; !todo {
			continue
		}
		delete(want, r.key())
		row := core.NewRecord(col)
		row.Set(schema.PageAssetPage, page.Id)
		row.Set(schema.PageAssetSpace, page.GetString(schema.PageSpace))
		row.Set(schema.PageAssetHref, truncate(r.href, 2048))
		row.Set(schema.PageAssetKind, string(r.kind))
		row.Set(schema.PageAssetLocale, r.target.Locale)
		row.Set(schema.PageAssetPath, r.target.Path)
		row.Set(schema.PageAssetAltPath, r.target.AltPath)
		row.Set(schema.PageAssetAttachment, r.attachment)
		if err := app.Save(row); err != nil {
			return err
		}
	}
	return nil
}

// truncate cuts s to at most n bytes on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// spaceLocales is what resolving references needs of a space.
type spaceLocales struct {
	id, source string
	locales    []string
}

// findSpaceLocales reads the space's source locale and locales as two columns, without
// building a record: it runs on every save of a page with file references.
func findSpaceLocales(app core.App, id string) (*spaceLocales, error) {
	var row struct {
		Source  string `db:"source_locale"`
		Locales string `db:"locales"`
	}
	err := app.DB().Select(schema.SpaceSourceLocale+" AS source_locale", schema.SpaceLocales+" AS locales").
		From(schema.CollectionSpaces).Where(dbx.HashExp{"id": id}).One(&row)
	if err != nil {
		return nil, err
	}
	s := &spaceLocales{id: id, source: row.Source}
	_ = json.Unmarshal([]byte(row.Locales), &s.locales)
	return s, nil
}

// assetRow is the part of a page_assets row that syncAssets compares.
type assetRow struct {
	Id, Kind, Locale, Path, AltPath, Attachment string
}

// findPageAssetRows reads the page's page_assets rows as one JSON array, in one row: scanning
// fifty rows column by column through the driver cost more than the query.
func findPageAssetRows(app core.App, page string) ([]assetRow, error) {
	var raw string
	err := app.DB().NewQuery(fmt.Sprintf(
		"SELECT COALESCE(json_group_array(json_array(id, %s, %s, %s, %s, %s)), '[]') FROM %s WHERE %s = {:page}",
		schema.PageAssetKind, schema.PageAssetLocale, schema.PageAssetPath, schema.PageAssetAltPath, schema.PageAssetAttachment,
		schema.CollectionPageAssets, schema.PageAssetPage)).Bind(dbx.Params{"page": page}).Row(&raw)
	if err != nil {
		return nil, err
	}
	var cells [][6]string
	if err := json.Unmarshal([]byte(raw), &cells); err != nil {
		return nil, err
	}
	rows := make([]assetRow, len(cells))
	for i, c := range cells {
		rows[i] = assetRow{Id: c[0], Kind: c[1], Locale: c[2], Path: c[3], AltPath: c[4], Attachment: c[5]}
	}
	return rows, nil
}
