package migrations

import (
	m "github.com/pocketbase/pocketbase/migrations"
)

// Gives a new data dir Folio's schema as of the migrations before NewDirSchemaBefore in one pass
// (new_dir_schema.go), recording them as applied; on any other dir it does nothing and they run
// one by one. Nothing to undo: each migration it stands for keeps its own Down.
func init() {
	m.Register(applyNewDirSchema, nil, NewDirSchemaFile)
}
