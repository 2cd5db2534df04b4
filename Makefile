# Folio's two everyday commands are `make run` and `make test`.
SHELL := /bin/bash
# PocketBase v0.40.4 needs Go 1.27: let the go command fetch it through the module proxy.
export GOTOOLCHAIN := auto

GO       ?= go
BIN      ?= ./folio
DATA     ?= pb_data
FUZZTIME ?= 10s

.PHONY: build run web web-check bench-web test vet unit e2e browser chromium fuzz race bench bench-pb bench-auth bench-folio bench-realtime bench-startup bench-search bench-quick bench-bins bench-replica acceptance acceptance-xss acceptance-replica clean

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) .

# Serves on 127.0.0.1:$(PORT) (default 8090) with data in pb_data/. With FOLIO_ADMIN_EMAIL and
# FOLIO_ADMIN_PASSWORD set, that superuser is created or updated first; otherwise PocketBase
# prints an installer link for the first superuser. Needs no Node: the web client is built
# into the binary from the committed pb_public/.
PORT ?= 8090
run: build
	@echo "Folio: the web client at http://127.0.0.1:$(PORT)/ , the dashboard at http://127.0.0.1:$(PORT)/_/"
	$(BIN) serve --http=127.0.0.1:$(PORT) --dir=$(DATA)

# The web client: web/ (Svelte + Vite) built into pb_public/, which is committed. Run after
# changing web/ and commit both.
web: web/node_modules/.installed
	cd web && npm run build

# Fails when the committed pb_public/ is not what web/ builds: builds twice into temp dirs,
# checks the two are byte-identical (a deterministic build) and equal to pb_public/.
web-check: web/node_modules/.installed
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd web && FOLIO_WEB_OUT=$$tmp/a npx vite build --logLevel warn && FOLIO_WEB_OUT=$$tmp/b npx vite build --logLevel warn) && \
	diff -r $$tmp/a $$tmp/b > /dev/null || { echo "web/ does not build deterministically: two builds differ" >&2; exit 1; }; \
	diff -r $$tmp/a pb_public || { echo "pb_public/ is stale: run 'make web' and commit pb_public/" >&2; exit 1; }; \
	echo "pb_public/ matches a fresh build of web/"

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

# All the tests: vet, the Go tests, the JS SDK end-to-end suite, and the reference web client in
# headless Chromium (installed from Debian's packages when missing and running as root).
test: vet unit e2e browser

vet:
	$(GO) vet ./...

unit:
	$(GO) test ./...

# Node 20's test runner takes no globs itself, so the shell expands the file list. One file at a
# time: each starts its own Folio, and the box is small.
e2e: build e2e/node_modules/.installed
	cd e2e && FOLIO_BIN=$(abspath $(BIN)) node --test --test-concurrency=1 *.test.mjs

# The reference web client (pb_public) in a real headless Chromium through playwright-core:
# needs a Chromium at CHROMIUM_BIN (default /usr/bin/chromium; .ci/run installs Debian's).
browser: build e2e/node_modules/.installed chromium
	cd e2e && FOLIO_BIN=$(abspath $(BIN)) node --test --test-concurrency=1 browser/*.test.mjs

CHROMIUM_BIN ?= /usr/bin/chromium
chromium:
	@if [ ! -x "$(CHROMIUM_BIN)" ] || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-noto-cjk; \
		else echo "No Chromium at $(CHROMIUM_BIN) or no CJK fonts: install Debian's chromium and fonts-noto-cjk packages (or set CHROMIUM_BIN)." >&2; exit 1; fi; \
	fi

e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	touch $@

# Benchmarks: plain PocketBase of the same version (bench/pocketbase, the yardstick) against Folio,
# interleaved by ../shared/tools/pbbench (README.md, "Benchmarks"). Both servers inherit
# FOLIO_RATE_LIMITS=off from pbbench's environment; plain PocketBase ignores it. Results go to
# bench/out/compare-<time>.txt with a .summary.txt beside it.
PBBENCH     ?= ../shared/tools/pbbench
BENCH_OUT   ?= bench/out
BENCH_FLAGS ?= -runs 3 -dur 2s -only startup,create,list,view,auth
BENCH_PORTS ?= -port-a 18090 -port-b 18091
# pbbench's default superuser password is too weak for Folio's password policy; this one is a
# throwaway for the benchmark's own temporary data dirs.
BENCH_AUTH  ?= -email pbbench@example.com -password quartz-lantern-meadow-4817-orbit

bench-bins: build
	$(GO) build -o bin/pocketbase ./bench/pocketbase
	cd $(PBBENCH) && $(GO) build -o $(abspath bin/pbbench) .

bench: bench-pb bench-auth bench-folio bench-realtime bench-startup bench-search

# New-dir start-up of plain PocketBase and Folio, interleaved: wall time to the first 200, the CPU
# the process used until then, idle RSS, the CPU of `--help`, with the medians' ratios
# (bench/startup/startup.sh); then Folio's migrations on a new dir, one by one against the new-dir
# schema, interleaved.
bench-startup: bench-bins
	@mkdir -p $(BENCH_OUT)
	{ bench/startup/startup.sh 5 pocketbase=bin/pocketbase folio=$(BIN); \
	  $(GO) test ./migrations -run '^$$' -bench NewDirMigrations -benchtime 10x -count 3; } 2>&1 | tee $(BENCH_OUT)/startup-$$(date -u +%Y%m%dT%H%M%SZ).txt

bench-pb: bench-bins
	@mkdir -p $(BENCH_OUT)
	out=$(BENCH_OUT)/compare-$$(date -u +%Y%m%dT%H%M%SZ).txt; \
	echo "pbbench compare $(BENCH_FLAGS) -> $$out (progress on stderr)"; \
	FOLIO_RATE_LIMITS=off bin/pbbench compare -a bin/pocketbase -b $(BIN) -a-label pocketbase -b-label folio \
		$(BENCH_PORTS) $(BENCH_AUTH) $(BENCH_FLAGS) > $$out && \
	awk -f bench/summary.awk $$out | tee $${out%.txt}.summary.txt

# Authenticated list/view and password sign-in on plain PocketBase and Folio, interleaved in one
# run (pbbench's list/view are guest requests, so they never reach Folio's session check).
bench-auth: bench-bins
	@mkdir -p $(BENCH_OUT)
	$(GO) build -o bin/authload ./bench/authload
	bin/authload -a bin/pocketbase -b $(BIN) -runs 5 -dur 4s | tee $(BENCH_OUT)/authload-$$(date -u +%Y%m%dT%H%M%SZ).txt

# A page update reaching 1,000 / 5,000 / 10,000 signed-in SSE subscribers of pages/* (some with
# filter options) against plain PocketBase with a guest rule and with @request.auth.id != "",
# interleaved in one run (bench/realtime; about 10 minutes).
bench-realtime: bench-bins
	@mkdir -p $(BENCH_OUT)
	$(GO) build -o bin/realtime ./bench/realtime
	bin/realtime -a bin/pocketbase -b $(BIN) -rounds 3 -users 100 | tee $(BENCH_OUT)/realtime-$$(date -u +%Y%m%dT%H%M%SZ).txt

# Folio's own operations against their plain-PocketBase counterparts, in one run each (the
# README's sections give the figures): page update vs a plain record update of the same size,
# the session check on/off, membership rules at 2,000 spaces, translations upkeep, the navigation
# routes and the 1,000-page subtree move against PocketBase lists and saves, importing the
# CNCF glossary (search has its own target, bench-search).
bench-folio:
	@mkdir -p $(BENCH_OUT)
	{ $(GO) test ./hooks/pages -run '^$$' -bench 'PageUpdate|PlainRecordUpdate' -benchtime 300x -count 4; \
	  $(GO) test ./hooks/accounts -run '^$$' -bench SessionCheckPaired -benchtime 2000x -count 6; \
	  $(GO) test ./hooks/accounts -run '^$$' -bench 'PasswordCheck|ParseDeviceLongAgent' -benchtime 16x -count 3; \
	  $(GO) test ./hooks/internal/textmerge -run '^$$' -bench 'DiffHostile|DiffLongLines' -benchtime 3x -count 3; \
	  $(GO) test ./hooks/spaces -run '^$$' -bench BenchmarkRules; \
	  $(GO) test ./hooks/translations -run '^$$' -bench Translations -benchtime 100x; \
	  $(GO) test ./hooks/navigation -run '^$$' -bench Navigation -benchtime 5x -count 1 -benchmem; \
	  $(GO) test ./hooks/navigation -run '^$$' -bench SubtreeMove -benchtime 2x -count 1; \
	  $(GO) run ./bench/import -corpus $(CORPORA)/cncf-glossary -runs 5; \
	  $(GO) run ./bench/githist -bundle $(CORPORA)/cncf-glossary-history.bundle -runs 3; } 2>&1 | tee $(BENCH_OUT)/folio-$$(date -u +%Y%m%dT%H%M%SZ).txt

# Search over SEARCH_PAGES generated pages of about 7 KB: latency and CPU time of one- to
# three-word queries, words on most pages included, against a LIKE scan in the same run, and the
# hostile shape beside an ordinary query. The generated data directory (about 4 GB for 100,000
# pages, 10-30 minutes to build) is kept under SEARCH_CACHE and reused while the generator and
# the index format are the same.
SEARCH_PAGES ?= 100000
SEARCH_CACHE ?= $(or $(FOLIO_SEARCH_BENCH_CACHE),$(HOME)/.cache/folio/search-bench)
bench-search:
	@mkdir -p $(BENCH_OUT)
	$(GO) run ./bench/search -pages $(SEARCH_PAGES) -cache $(SEARCH_CACHE) | tee $(BENCH_OUT)/search-$$(date -u +%Y%m%dT%H%M%SZ).txt

# The web client in Chromium: first-screen JS+CSS gzipped, navigation → rendered 6 KB page.
bench-web: build e2e/node_modules/.installed chromium
	cd e2e && FOLIO_BIN=$(abspath $(BIN)) node bench/web.mjs -runs 20

# A smoke test of the benchmark wiring (a few minutes); too short for conclusions.
bench-quick:
	$(MAKE) bench-pb BENCH_FLAGS="-quick -only startup,create,list,view,auth"

# Acceptance steps over the public corpora in ../shared (CORPORA), read there and never copied:
# import of the CNCF glossary and the founding Wiki.js page (counts per locale against the files,
# coverage report, round trips), the glossary's git history replayed and checked against the history
# itself (with a SIGKILL resume) and Hugo round trips byte for byte, then search recall@3 / MRR@10
# for every glossary term.
CORPORA ?= ../shared/corpora
acceptance: acceptance-xss acceptance-replica
	$(GO) run ./cmd/acceptance-import -corpora $(CORPORA)
	$(GO) run ./hooks/transfer/acceptance -corpora $(CORPORA)
	$(GO) run ./hooks/search/acceptance -corpus $(CORPORA)/cncf-glossary
	$(GO) run ./cmd/acceptance-navigation -corpora $(CORPORA)

# DOMPurify's vector suite through every HTML field (page, comment, search snippet and title,
# toc as the README says to use it) in headless Chromium: no script runs, no javascript:/data:
# URL survives (e2e/acceptance/xss.mjs; about a minute).
acceptance-xss: build e2e/node_modules/.installed chromium
	cd e2e && FOLIO_BIN=$(abspath $(BIN)) CHROMIUM_BIN=$(CHROMIUM_BIN) node acceptance/xss.mjs --corpus $(abspath $(CORPORA))/xss/dompurify-expect.mjs

# Replication drill against a real S3-compatible server (versitygw, POSIX backend, started by the
# drill on 127.0.0.1): kill -9 and restore, loss window, point-in-time restore, the storage stopped
# for OUTAGE during writes, PocketBase's S3 file storage (about 1.5 minutes). versitygw is built from
# tools/go.mod into bin/, never linked into folio.
OUTAGE ?= 15s
acceptance-replica: build bin/versitygw
	$(GO) run ./cmd/acceptance-replica -folio $(BIN) -versitygw bin/versitygw -outage $(OUTAGE)

bin/versitygw: tools/go.mod tools/go.sum
	cd tools && $(GO) build -o ../bin/versitygw github.com/versity/versitygw/cmd/versitygw

# The drill with the storage stopped for a full minute, then page saves with replication on/off
# and synchronous NORMAL/FULL side by side, and the restore of a RESTORE_MB database.
RESTORE_MB ?= 1024
bench-replica: build bin/versitygw
	@mkdir -p $(BENCH_OUT)
	{ $(GO) run ./cmd/acceptance-replica -folio $(BIN) -versitygw bin/versitygw -outage 60s; \
	  $(GO) run ./cmd/acceptance-replica -folio $(BIN) -versitygw bin/versitygw -bench -saves 200 -rounds 5 -restore-mb $(RESTORE_MB); } \
	  2>&1 | tee $(BENCH_OUT)/replica-$$(date -u +%Y%m%dT%H%M%SZ).txt

# Runs every fuzz target briefly (FUZZTIME each).
fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

# The race detector over the packages whose code runs concurrently (realtime fan-out, sessions,
# rate limits, the event worker, page saves and their background re-rendering, translations,
# navigation snapshots, search). SQLite runs several times slower under it: about 35 minutes on
# two cores, so it is not part of `make test`.
RACE_PKGS ?= ./hooks/fanout ./hooks/accounts ./hooks/ratelimit ./hooks/events ./hooks/pages ./hooks/translations ./hooks/navigation ./hooks/search
race:
	$(GO) test -race -count=1 -timeout 60m $(RACE_PKGS)

clean:
	rm -rf $(BIN) bin/ e2e/node_modules web/node_modules
