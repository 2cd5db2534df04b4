package schema

import "github.com/pocketbase/pocketbase/core"

// Names of the spaces collection and its fields.
const (
	CollectionSpaces = "spaces"

	SpaceSlug         = "slug"
	SpaceName         = "name"
	SpaceDescription  = "description"
	SpaceVisibility   = "visibility"
	SpaceSourceLocale = "source_locale"
	SpaceLocales      = "locales"
	SpaceCreated      = "created"
	SpaceUpdated      = "updated"
)

// Visibilities a space can have.
const (
	VisibilityPrivate = "private"
	VisibilityPublic  = "public"
)

// Space is a typed proxy over a spaces record.
type Space struct {
	core.BaseRecordProxy
}

// AsSpace wraps an existing spaces record.
func AsSpace(r *core.Record) *Space {
	s := &Space{}
	s.SetProxyRecord(r)
	return s
}

// Slug returns the space's URL name.
func (s *Space) Slug() string { return s.GetString(SpaceSlug) }

// Name returns the space's display name.
func (s *Space) Name() string { return s.GetString(SpaceName) }

// IsPublic reports whether guests may read the space's published pages.
func (s *Space) IsPublic() bool { return s.GetString(SpaceVisibility) == VisibilityPublic }

// SourceLocale returns the locale translations are made from.
func (s *Space) SourceLocale() string { return s.GetString(SpaceSourceLocale) }

// Locales returns the locales the space is written in.
func (s *Space) Locales() []string { return s.GetStringSlice(SpaceLocales) }
