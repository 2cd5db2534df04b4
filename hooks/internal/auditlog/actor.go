package auditlog

import (
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// SessionRequestKey is the request-store key under which the accounts middleware leaves the id
// of the caller's session, once it has checked that the session is live.
const SessionRequestKey = "folioSessionId"

// Actor is who caused an event and from where. All fields may be empty (Go code, cron jobs).
type Actor struct {
	Id         string // record id of the signed-in caller
	Collection string // its collection name (users, _superusers)
	IP         string
	UserAgent  string
	Session    string // the caller's session id
	// Via names the API action that caused a model change when it matters to the event
	// (ViaPasswordReset), so model hooks can tell a reset from a change.
	Via string
}

// ViaPasswordReset marks an Actor whose request confirmed a password reset.
const ViaPasswordReset = "confirm-password-reset"

// maxUserAgent caps stored user agents; longer ones are cut.
const maxUserAgent = 512

// ActorFromRequest describes the caller of e.
func ActorFromRequest(e *core.RequestEvent) Actor {
	a := Actor{IP: e.RealIP(), UserAgent: truncate(e.Request.UserAgent(), maxUserAgent)}
	if e.Auth != nil {
		a.Id, a.Collection = e.Auth.Id, e.Auth.Collection().Name
	}
	a.Session, _ = e.Get(SessionRequestKey).(string)
	return a
}

// IsSuperuser reports whether the actor is a superuser.
func (a Actor) IsSuperuser() bool { return a.Collection == core.CollectionNameSuperusers }

// actors maps a record being saved to the request that saves it, so that model-level hooks,
// which see every save but no request, can still name the actor. Keys are record pointers: the
// record a request hook passes on is the one the model hooks receive.
var actors sync.Map // *core.Record → Actor

// WithActor remembers a as the actor of the save of record that is about to happen; call the
// returned func once that save is over.
func WithActor(record *core.Record, a Actor) (release func()) {
	actors.Store(record, a)
	return func() { actors.Delete(record) }
}

// ActorOf returns the actor that WithActor attached to record, if any.
func ActorOf(record *core.Record) (Actor, bool) {
	a, ok := actors.Load(record)
	if !ok {
		return Actor{}, false
	}
	return a.(Actor), true
}

func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	// cut on a rune boundary so the stored text stays valid UTF-8
	for max > 0 && (s[max]&0xC0) == 0x80 {
		max--
	}
	return s[:max]
}
