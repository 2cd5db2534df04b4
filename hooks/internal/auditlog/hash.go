package auditlog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// hashVersion is the first element of the hashed array; a new serialization gets a new one.
const hashVersion = "folio.audit.v1"

// fields are the stored values an event's hash covers, as text, in the order of the package doc.
type fields struct {
	Seq             int64
	Created         string
	Action          string
	Actor           string
	ActorCollection string
	User            string
	Target          string
	IP              string
	UserAgent       string
	Session         string
	Data            string
	PrevHash        string
}

// hash is the event's SHA-256 over the canonical serialization described in the package doc.
func (f fields) hash() string {
	canonical, err := json.Marshal([]any{hashVersion, f.Seq, f.Created, f.Action, f.Actor,
		f.ActorCollection, f.User, f.Target, f.IP, f.UserAgent, f.Session, f.Data, f.PrevHash})
	if err != nil {
		// only strings and an int64: encoding cannot fail
		panic(err)
	}
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}
