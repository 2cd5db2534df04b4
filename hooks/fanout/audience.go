package fanout

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/pageaudience"
	"folio/hooks/schema"
)

// audience is what the read rule of one page depends on: its space's members and whether the
// page is live now.
type audience struct {
	space *pageaudience.Space
	live  bool
}

func loadAudience(app core.App, page *core.Record, now time.Time) (*audience, error) {
	s, err := pageaudience.LoadSpace(app, page.GetString(schema.PageSpace))
	if err != nil {
		return nil, err
	}
	return &audience{space: s, live: pageaudience.Live(page, now)}, nil
}

func (a *audience) decide(auth *core.Record) (visible bool, view string, modelled bool) {
	return a.space.Decide(a.live, auth)
}

var (
	pageField    = pageaudience.PageField
	modelledRule = pageaudience.ModelledRule
)
