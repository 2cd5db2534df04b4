package export_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/export"
	"folio/hooks/internal/testapp"
)

func TestRegistryCollectsAndErasesInOrder(t *testing.T) {
	app := testapp.New(t)
	u := testapp.CreateUser(t, app, "ann@example.com", "Ann")
	var erased []string
	part := func(name string, value any, eraseErr error) export.Part {
		return export.Part{Name: name,
			Export: func(core.App, *core.Record) (any, error) { return value, nil },
			Erase: func(_ core.App, user *core.Record) error {
				erased = append(erased, name+":"+user.Id)
				return eraseErr
			}}
	}
	export.Add(app, part("zeta", 1, nil))
	export.Add(app, part("alpha", 2, nil))
	export.Add(app, part("zeta", 3, nil)) // a second add of a name replaces the first

	doc, err := export.Collect(app, u)
	if err != nil || doc["zeta"] != 3 || doc["alpha"] != 2 {
		t.Fatalf("collect: %v %v", doc, err)
	}
	if err := export.Erase(app, u); err != nil || strings.Join(erased, ",") != "zeta:"+u.Id+",alpha:"+u.Id {
		t.Fatalf("erase order %v (%v), want registration order", erased, err)
	}
	export.Add(app, part("broken", 0, errors.New("boom")))
	if err := export.Erase(app, u); err == nil || !strings.Contains(err.Error(), "erase broken") {
		t.Fatalf("a failing part: %v, want its name in the error", err)
	}
	// the app's own concerns registered their parts too
	names := map[string]bool{}
	for _, p := range export.Parts(app) {
		names[p.Name] = true
	}
	for _, want := range []string{"profile", "sessions", "memberships", "audit_events"} {
		if !names[want] {
			t.Errorf("part %q not registered", want)
		}
	}
}
