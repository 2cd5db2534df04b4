// Package schema names Folio's collections and fields once, for migrations and hooks alike, and
// offers typed record proxies over them.
//
// It is a leaf package: it imports PocketBase and nothing of Folio's. A contract test builds a
// fresh app from the migrations and checks that every constant here names a real collection or
// field, so a rename in a migration that forgets this package fails the build's tests.
//
// Convention the contract test relies on: each collection has one const block whose first
// constant is Collection<Name> (the collection's name); every other constant of that block is
// one of its fields. Values (roles, statuses) live in blocks of their own.
package schema
