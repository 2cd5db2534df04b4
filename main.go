// Command folio is the Folio knowledge-base backend: PocketBase with Folio's schema, hooks and
// reference web client compiled in.
package main

import (
	"log"
	"os"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"folio/hooks"
	"folio/hooks/replica"
	_ "folio/migrations"
)

func main() {
	// FOLIO_SYNCHRONOUS chooses how durable a commit is (README, "Running in production").
	app := pocketbase.NewWithConfig(pocketbase.Config{DBConnect: replica.DBConnect})
	app.RootCmd.Version = versionString()

	var publicDir string
	app.RootCmd.PersistentFlags().StringVar(&publicDir, "publicDir", "",
		"serve the reference web client from this directory instead of the copy built into the binary")

	if err := hooks.Register(app); err != nil {
		log.Fatal(err)
	}
	app.RootCmd.AddCommand(hooks.Commands(app)...)
	replica.AddServeFlags(app.RootCmd)

	// Automigrate writes Go migration files for schema edits made in the dashboard; it is off
	// unless asked for, because Folio's schema is hand-written migrations.
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		Dir:         "migrations",
		Automigrate: os.Getenv("FOLIO_AUTOMIGRATE") == "1",
	})

	bindPublicDir(app, &publicDir)
	bindSuperuserFromEnv(app)
	bindRuntimeOverrides(app)
	bindStartupMemoryRelease(app)

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
}
