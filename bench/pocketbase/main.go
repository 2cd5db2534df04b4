// Command pocketbase is plain PocketBase v0.40.4 with nothing added: the yardstick that `make
// bench` measures Folio against, built from the same module so both use the same PocketBase and
// SQLite driver.
package main

import (
	"log"

	"github.com/pocketbase/pocketbase"
)

func main() {
	app := pocketbase.New()
	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
