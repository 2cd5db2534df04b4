package attachments

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// maxReportRows bounds each list of the asset report.
const maxReportRows = 5000

// BrokenRef is a file reference of a page that resolves to no attachment.
type BrokenRef struct {
	Page     string `json:"page" db:"page"`
	Locale   string `json:"locale" db:"page_locale"`
	PagePath string `json:"pagePath" db:"page_path"`
	Href     string `json:"href" db:"href"`
	Kind     string `json:"kind" db:"kind"`
	Path     string `json:"path" db:"path"`
	AltPath  string `json:"altPath" db:"alt_path"`
}

// UnreferencedFile is an attachment no page references.
type UnreferencedFile struct {
	Id     string `json:"id" db:"id"`
	Locale string `json:"locale" db:"locale"`
	Path   string `json:"path" db:"path"`
	Size   int64  `json:"size" db:"size"`
	Mime   string `json:"mime" db:"mime"`
}

// AssetReport is the state of a space's files: references to files that do not exist and
// files nothing references. Truncated is true when a list was cut at 5,000 rows.
type AssetReport struct {
	Files        int                `json:"files"`
	Bytes        int64              `json:"bytes"`
	References   int                `json:"references"`
	Broken       []BrokenRef        `json:"broken"`
	Unreferenced []UnreferencedFile `json:"unreferenced"`
	Truncated    bool               `json:"truncated"`
}

// spaceAssets handles GET /api/folio/spaces/{id}/assets: the asset report of a space, for its
// editors and above (it names draft pages); 404 for anyone else, as for a space that does not
// exist.
func spaceAssets(e *core.RequestEvent) error {
	space, err := e.App.FindRecordById(schema.CollectionSpaces, e.Request.PathValue("id"))
	if err != nil || !canEdit(e, space.Id) {
		return e.NotFoundError("", nil)
	}
	report, err := Report(e.App, space.Id)
	if err != nil {
		return e.InternalServerError("", err)
	}
	return e.JSON(200, report)
}

// canEdit reports whether the caller is a superuser or an editor, admin or owner of space.
func canEdit(e *core.RequestEvent, space string) bool {
	if e.HasSuperuserAuth() {
		return true
	}
	if e.Auth == nil || e.Auth.Collection().Name != schema.CollectionUsers {
		return false
	}
	var n int
	_ = e.App.DB().Select("COUNT(*)").From(schema.CollectionMemberships).Where(dbx.HashExp{
		schema.MembershipSpace: space, schema.MembershipUser: e.Auth.Id,
		schema.MembershipRole: []any{schema.RoleOwner, schema.RoleAdmin, schema.RoleEditor},
	}).Row(&n)
	return n > 0
}

// Report builds the asset report of space.
func Report(app core.App, space string) (AssetReport, error) {
	r := AssetReport{Broken: []BrokenRef{}, Unreferenced: []UnreferencedFile{}}
	err := app.DB().Select("COUNT(*)", "COALESCE(SUM("+schema.AttachmentSize+"), 0)").From(schema.CollectionAttachments).
		Where(dbx.HashExp{schema.AttachmentSpace: space}).Row(&r.Files, &r.Bytes)
	if err != nil {
		return r, err
	}
	err = app.DB().Select("COUNT(*)").From(schema.CollectionPageAssets).
		Where(dbx.HashExp{schema.PageAssetSpace: space}).Row(&r.References)
	if err != nil {
		return r, err
	}
	err = app.DB().NewQuery(fmt.Sprintf(`SELECT a.page, p.locale AS page_locale, p.path AS page_path, a.href, a.kind, a.path, a.alt_path
		FROM %s a JOIN %s p ON p.id = a.page
		WHERE a.space = {:space} AND a.attachment = ''
		ORDER BY p.locale, p.path, a.href LIMIT {:limit}`, schema.CollectionPageAssets, schema.CollectionPages)).
		Bind(dbx.Params{"space": space, "limit": maxReportRows + 1}).All(&r.Broken)
	if err != nil {
		return r, err
	}
	err = app.DB().NewQuery(fmt.Sprintf(`SELECT f.id, f.locale, f.path, f.size, f.mime FROM %s f
		WHERE f.space = {:space} AND NOT EXISTS (SELECT 1 FROM %s a WHERE a.attachment = f.id)
		ORDER BY f.path, f.locale LIMIT {:limit}`, schema.CollectionAttachments, schema.CollectionPageAssets)).
		Bind(dbx.Params{"space": space, "limit": maxReportRows + 1}).All(&r.Unreferenced)
	if err != nil {
		return r, err
	}
	if len(r.Broken) > maxReportRows {
		r.Broken, r.Truncated = r.Broken[:maxReportRows], true
	}
	if len(r.Unreferenced) > maxReportRows {
		r.Unreferenced, r.Truncated = r.Unreferenced[:maxReportRows], true
	}
	return r, nil
}
