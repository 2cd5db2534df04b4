package attachments

import (
	"path"
	"slices"
	"strconv"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// inlineTypes are the media types the file route lets a browser show in place. Everything
// else — SVG, HTML, XML and any type a browser may run script in — is sent as a download, with
// PocketBase's sandboxing Content-Security-Policy either way, so no uploaded file ever runs in
// Folio's origin.
var inlineTypes = []string{
	"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp",
	"application/pdf", "text/plain", "text/csv",
}

// rasterTypes are the images PocketBase can make thumbnails of.
var rasterTypes = []string{"image/png", "image/jpeg", "image/gif", "image/webp"}

// serveFile handles GET /api/folio/files/{id}/{name}: the bytes of an attachment, for whoever
// may read the attachment (the readers of its space) and nobody else — a 404 otherwise, the
// same as for an id that does not exist. The caller is the one of the Authorization header,
// or of ?token= (a PocketBase file token from pb.files.getToken()) so that a browser <img>,
// which sends no header, can load a private space's image; a guest reads a public space's files
// with neither. ?thumb=100x100 or 800x0 serves a thumbnail of a raster image thumbable accepts,
// the original otherwise. {name} is only
// for people and downloads: the id alone picks the file.
func serveFile(e *core.RequestEvent) error {
	record, err := e.App.FindRecordById(schema.CollectionAttachments, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("", nil)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	caller := *info
	if token := e.Request.URL.Query().Get("token"); token != "" {
		caller.Auth, _ = e.App.FindAuthRecordByToken(token, core.TokenTypeFile)
		caller.Context = core.RequestInfoContextProtectedFile
		if caller.Auth != nil && caller.Auth.IsSuperuser() {
			// Superusers use the dashboard, and PocketBase's own file route applies their IP
			// allow-list to file tokens; this route does not honour their tokens at all.
			caller.Auth = nil
		}
	}
	if ok, _ := e.App.CanAccessRecord(record, &caller, record.Collection().ViewRule); !ok {
		return e.NotFoundError("", nil)
	}
	a := schema.AsAttachment(record)
	fsys, err := e.App.NewFilesystem()
	if err != nil {
		return e.InternalServerError("", err)
	}
	defer fsys.Close()
	key := record.BaseFilesPath() + "/" + a.FileName()
	if size := e.Request.URL.Query().Get("thumb"); size != "" && slices.Contains(schema.AttachmentThumbs, size) &&
		slices.Contains(rasterTypes, a.Mime()) {
		thumb := thumbKey(record.BaseFilesPath(), a.FileName(), size)
		if exists, _ := fsys.Exists(thumb); exists || makeThumb(e.Request.Context(), fsys, key, thumb, size) {
			key = thumb
		}
	}
	h := e.Response.Header()
	disposition := "attachment"
	if slices.Contains(inlineTypes, a.Mime()) {
		disposition = "inline"
	}
	name := path.Base(a.Path())
	h.Set("Content-Type", a.Mime())
	h.Set("Content-Disposition", disposition+"; filename="+strconv.Quote(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, max-age=3600")
	if err := fsys.Serve(e.Response, e.Request, key, name); err != nil {
		e.App.Logger().Error("Failed to serve an attachment", "error", err, "attachment", record.Id)
		return e.NotFoundError("", nil)
	}
	return nil
}
