package schema

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Names of the pages collection and its fields.
const (
	CollectionPages = "pages"

	PageSpace            = "space"
	PageLocale           = "locale"
	PagePath             = "path"
	PageTitle            = "title"
	PageDescription      = "description"
	PageBody             = "body"
	PageHTML             = "html"
	PageTOC              = "toc"
	PageTags             = "tags"
	PageStatus           = "status"
	PagePublishAt        = "publish_at"
	PageUnpublishAt      = "unpublish_at"
	PageLive             = "live"
	PageAuthor           = "author"
	PageEditor           = "editor"
	PageRevision         = "revision"
	PageSourceRevision   = "source_revision"
	PageTranslationState = "translation_state"
	PageExtra            = "extra"
	PageCreated          = "created"
	PageUpdated          = "updated"
)

// Statuses a page can have. Only published pages inside their publish window reach viewers.
const (
	PageDraft     = "draft"
	PagePublished = "published"
)

// Translation states of a page; the translations concern keeps them current.
const (
	TranslationSource   = "source"
	TranslationCurrent  = "current"
	TranslationOutdated = "outdated"
	TranslationOrphaned = "orphaned"
)

// Page is a typed proxy over a pages record.
type Page struct {
	core.BaseRecordProxy
}

// AsPage wraps an existing pages record.
func AsPage(r *core.Record) *Page {
	p := &Page{}
	p.SetProxyRecord(r)
	return p
}

// Space returns the id of the space the page belongs to.
func (p *Page) Space() string { return p.GetString(PageSpace) }

// Locale returns the page's locale (lowercase BCP 47).
func (p *Page) Locale() string { return p.GetString(PageLocale) }

// Path returns the page's normalized path inside its space and locale.
func (p *Page) Path() string { return p.GetString(PagePath) }

// Title returns the page's title.
func (p *Page) Title() string { return p.GetString(PageTitle) }

// Description returns the page's short description.
func (p *Page) Description() string { return p.GetString(PageDescription) }

// Body returns the page's markdown source.
func (p *Page) Body() string { return p.GetString(PageBody) }

// Tags returns the page's tags.
func (p *Page) Tags() []string { return p.GetStringSlice(PageTags) }

// Status returns draft or published.
func (p *Page) Status() string { return p.GetString(PageStatus) }

// PublishAt returns when the page starts being visible to viewers (zero: at once).
func (p *Page) PublishAt() types.DateTime { return p.GetDateTime(PagePublishAt) }

// UnpublishAt returns when the page stops being visible to viewers (zero: never).
func (p *Page) UnpublishAt() types.DateTime { return p.GetDateTime(PageUnpublishAt) }

// Revision returns the number of the page's head revision.
func (p *Page) Revision() int { return p.GetInt(PageRevision) }
