package pages

import (
	validation "github.com/pocketbase/ozzo-validation/v4"

	"folio/hooks/schema"
)

func spaceMissingError() error {
	return validation.Errors{schema.PageSpace: validation.NewError("validation_space_missing", "The page's space does not exist.")}
}

func renderError() error {
	return validation.Errors{schema.PageBody: validation.NewError("validation_render_failed", "The body could not be rendered; check its markdown.")}
}
