package accounts

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/auditlog"
	"folio/hooks/internal/export"
	"folio/hooks/schema"
)

// addExportParts registers the parts of a person's data that accounts owns: the profile, the
// sessions and, until the spaces concern adds its own, the memberships.
func (s *service) addExportParts(app core.App) {
	export.Add(app, export.Part{Name: "profile", Export: exportProfile})
	export.Add(app, export.Part{Name: schema.CollectionSessions, Export: exportSessions, Erase: s.eraseSessions})
	export.Add(app, export.Part{Name: schema.CollectionMemberships, Export: exportMemberships, Erase: eraseMemberships})
}

// exportProfile is the user's own record, hidden fields included (never the password hash or
// token key, which PocketBase does not serialize).
func exportProfile(app core.App, user *core.Record) (any, error) {
	r := user.Fresh()
	r.Unhide(r.Collection().Fields.FieldNames()...)
	r.IgnoreEmailVisibility(true)
	return r.PublicExport(), nil
}

func exportSessions(app core.App, user *core.Record) (any, error) {
	return export.Records(app, schema.CollectionSessions, schema.SessionUser, user, schema.SessionCreated)
}

// exportMemberships lists the user's memberships with each space's slug and name.
func exportMemberships(app core.App, user *core.Record) (any, error) {
	ms, err := app.FindAllRecords(schema.CollectionMemberships, dbx.HashExp{schema.MembershipUser: user.Id})
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(ms))
	for _, m := range ms {
		item := m.PublicExport()
		if sp, err := app.FindRecordById(schema.CollectionSpaces, schema.AsMembership(m).Space()); err == nil {
			item["space_slug"], item["space_name"] = sp.GetString(schema.SpaceSlug), sp.GetString(schema.SpaceName)
		}
		out = append(out, item)
	}
	return out, nil
}

// eraseSessions ends every session of a deleted account (recorded as such) and then deletes the
// rows, which hold its IP addresses and devices.
func (s *service) eraseSessions(app core.App, user *core.Record) error {
	actor := auditlog.Actor{Id: user.Id, Collection: user.Collection().Name}
	if _, err := revokeUserSessions(app, user.Id, "", schema.RevokedAccountDeleted, actor, s.now()); err != nil {
		return err
	}
	all, err := app.FindAllRecords(schema.CollectionSessions, dbx.HashExp{schema.SessionUser: user.Id})
	if err != nil {
		return err
	}
	for _, sess := range all {
		if err := app.Delete(sess); err != nil {
			return err
		}
	}
	return nil
}

// eraseMemberships removes the user from every space (the audit concern records each removal).
func eraseMemberships(app core.App, user *core.Record) error {
	ms, err := app.FindAllRecords(schema.CollectionMemberships, dbx.HashExp{schema.MembershipUser: user.Id})
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := app.Delete(m); err != nil {
			return err
		}
	}
	return nil
}

// exportDocument is the body of GET /api/folio/account/export.
func exportDocument(app core.App, user *core.Record, now time.Time) (map[string]any, error) {
	parts, err := export.Collect(app, user)
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"format":      "folio.account-export.v1",
		"app":         app.Settings().Meta.AppName,
		"exported_at": now.UTC().Format(time.RFC3339),
		"user":        user.Id,
		"parts":       parts,
	}, nil
}
