// Package auditlog writes, verifies and prunes Folio's tamper-evident audit trail, the
// audit_events collection. Every concern that records events calls Append; the audit concern
// (hooks/audit) owns the routes, the verify command, retention pruning and the guards that keep
// the collection append-only.
//
// # The chain
//
// Events are numbered by seq (1, 2, 3, …) and each stores the hash of the event before it in
// prev_hash (the first event of a fresh database stores ""). An event's hash is the lowercase
// hex SHA-256 of the JSON array
//
//	["folio.audit.v1", seq, created, action, actor, actor_collection, user, target,
//	 ip, user_agent, session, data, prev_hash]
//
// where seq is a JSON number, created is the stored timestamp text ("2006-01-02 15:04:05.000Z",
// UTC), data is the stored JSON text of the data field (keys sorted, as encoding/json writes
// them; "{}" when empty) embedded as a string, and every other element is the stored text.
// encoding/json encodes the array, so the bytes are fixed by the values alone.
//
// Append reads the head (highest seq) and inserts the next event inside one write transaction.
// PocketBase runs every write transaction on its single non-concurrent connection, so appends
// are serialized; unique indexes on seq and prev_hash make a fork impossible even if they were
// not.
//
// # Pruning
//
// Prune deletes the oldest events and then appends an audit.pruned event whose data records
// through_seq (the last deleted seq) and last_hash (its hash). The first kept event still stores
// last_hash as its prev_hash, so Verify anchors the shortened chain on the audit.pruned event,
// which is itself part of the verified chain. Deleting the oldest events without such a record,
// changing any stored field, reordering or removing events in the middle all break verification
// at the first affected event. Removing the newest events cannot be detected from the table
// alone: record the head that Verify reports somewhere else if that matters.
package auditlog
