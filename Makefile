# Folio's two everyday commands are `make run` and `make test`.
SHELL := /bin/bash
# PocketBase v0.40.4 needs Go 1.27: let the go command fetch it through the module proxy.
export GOTOOLCHAIN := auto

GO       ?= go
BIN      ?= ./folio
DATA     ?= pb_data
FUZZTIME ?= 10s

.PHONY: build run test vet unit e2e fuzz bench acceptance clean

build:
	$(GO) build -o $(BIN) .

# Serves on 127.0.0.1:8090 with data in pb_data/. With FOLIO_ADMIN_EMAIL and
# FOLIO_ADMIN_PASSWORD set, that superuser is created or updated first; otherwise PocketBase
# prints an installer link for the first superuser.
run: build
	$(BIN) serve --http=127.0.0.1:8090 --dir=$(DATA)

# Everything a newcomer's clone can run: vet, the Go tests, and the JS SDK end-to-end suite.
test: vet unit e2e

vet:
	$(GO) vet ./...

unit:
	$(GO) test ./...

# Node 20's test runner takes no globs itself, so the shell expands the file list. One file at a
# time: each starts its own Folio, and the box is small.
e2e: build e2e/node_modules/.installed
	cd e2e && FOLIO_BIN=$(abspath $(BIN)) node --test --test-concurrency=1 *.test.mjs

e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	touch $@

# Runs every fuzz target briefly (FUZZTIME each).
fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

clean:
	rm -rf $(BIN) bin/ e2e/node_modules
