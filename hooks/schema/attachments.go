package schema

import "github.com/pocketbase/pocketbase/core"

// Names of the attachments collection and its fields: one file of a space (an image, a PDF…)
// at a path in the space's tree. locale is empty for a file every locale shares; a file with a
// locale overrides the shared one at the same path for that locale's pages. size, mime, sha256
// and uploader are written by the server only.
const (
	CollectionAttachments = "attachments"

	AttachmentSpace    = "space"
	AttachmentPath     = "path"
	AttachmentLocale   = "locale"
	AttachmentFile     = "file"
	AttachmentAlt      = "alt"
	AttachmentTitle    = "title"
	AttachmentSize     = "size"
	AttachmentMime     = "mime"
	AttachmentSHA256   = "sha256"
	AttachmentUploader = "uploader"
	AttachmentCreated  = "created"
	AttachmentUpdated  = "updated"
)

// AttachmentThumbs are the thumbnail sizes PocketBase makes of an image attachment on request
// (?thumb=100x100).
var AttachmentThumbs = []string{"100x100", "800x0"}

// Names of the page_assets collection and its fields: one row per file reference (an image or
// a link to a file) found in a page body, resolved on save. attachment is empty while the
// reference is broken; path is where the reference points first and alt_path the second place
// it may point (a Hugo page bundle's folder), "" when there is none.
const (
	CollectionPageAssets = "page_assets"

	PageAssetPage       = "page"
	PageAssetSpace      = "space"
	PageAssetHref       = "href"
	PageAssetKind       = "kind"
	PageAssetLocale     = "locale"
	PageAssetPath       = "path"
	PageAssetAltPath    = "alt_path"
	PageAssetAttachment = "attachment"
)

// Kinds of page_assets rows: an image shown in the page or a link to a file.
const (
	AssetKindImage = "image"
	AssetKindFile  = "file"
)

// Attachment is a typed proxy over an attachments record.
type Attachment struct {
	core.BaseRecordProxy
}

// AsAttachment wraps an existing attachments record.
func AsAttachment(r *core.Record) *Attachment {
	a := &Attachment{}
	a.SetProxyRecord(r)
	return a
}

// Space returns the id of the space the file belongs to.
func (a *Attachment) Space() string { return a.GetString(AttachmentSpace) }

// Path returns the file's normalized path in the space's tree.
func (a *Attachment) Path() string { return a.GetString(AttachmentPath) }

// Locale returns the locale the file is for, "" when every locale shares it.
func (a *Attachment) Locale() string { return a.GetString(AttachmentLocale) }

// FileName returns the stored file's name in PocketBase's storage.
func (a *Attachment) FileName() string { return a.GetString(AttachmentFile) }

// SHA256 returns the hex SHA-256 of the file's bytes.
func (a *Attachment) SHA256() string { return a.GetString(AttachmentSHA256) }

// Size returns the file's size in bytes.
func (a *Attachment) Size() int64 { return int64(a.GetInt(AttachmentSize)) }

// Mime returns the file's media type, as sniffed from its bytes.
func (a *Attachment) Mime() string { return a.GetString(AttachmentMime) }
