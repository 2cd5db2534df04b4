package replica

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// EnvSynchronous chooses how durable a commit of data.db is: NORMAL (PocketBase's default) or
// FULL (fsync on every commit).
const EnvSynchronous = "FOLIO_SYNCHRONOUS"

// Synchronous returns the mode EnvSynchronous asks for, NORMAL when unset.
func Synchronous() (string, error) {
	v := strings.ToUpper(strings.TrimSpace(os.Getenv(EnvSynchronous)))
	switch v {
	case "":
		return "NORMAL", nil
	case "NORMAL", "FULL":
		return v, nil
	}
	return "", fmt.Errorf("%s=%q: use NORMAL (survives a crash of the process) or FULL (also survives "+
		"a power cut or kernel crash, at the cost of an fsync per commit)", EnvSynchronous, os.Getenv(EnvSynchronous))
}

// DBConnect opens PocketBase's databases with PocketBase's own pragmas, except that data.db gets
// the synchronous mode of EnvSynchronous and begins its transactions IMMEDIATE. auxiliary.db
// (request logs) is opened as PocketBase opens it.
//
// IMMEDIATE: a deferred transaction that reads first and writes later fails at once with
// SQLITE_BUSY (no busy wait) when another connection committed in between. PocketBase's own
// writes are serialized on one connection, so that never happened before; Litestream's
// connection, however, writes its bookkeeping row after each checkpoint, and page saves then
// failed (seen as 503s under load). Taking the write lock at BEGIN makes such a transaction wait
// its turn (busy_timeout) instead.
func DBConnect(dbPath string) (*dbx.DB, error) {
	if filepath.Base(dbPath) != "data.db" {
		return core.DefaultDBConnect(dbPath)
	}
	mode, err := Synchronous()
	if err != nil {
		return nil, err
	}
	return dbx.Open("sqlite", dbPath+pragmas(mode)+"&_txlock=immediate")
}

// pragmas is core.DefaultDBConnect's DSN query with the synchronous mode swapped; busy_timeout
// stays first so the connection waits on a lock before it switches to WAL.
func pragmas(synchronous string) string {
	return "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)" +
		"&_pragma=synchronous(" + synchronous + ")&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)" +
		"&_pragma=cache_size(-32000)&_defensive=1"
}

var _ core.DBConnectFunc = DBConnect
