package pages_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// benchBody is a realistic page of about 6 KB: headings, paragraphs, a table, ten internal links.
func benchBody(variant int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Backend programming (%d)\n\n", variant)
	for s := 1; s <= 10; s++ {
		fmt.Fprintf(&b, "## Section %d {#s%d}\n\n", s, s)
		b.WriteString("A backend stores data, authenticates users, and runs the business logic that the front end relies on. ")
		b.WriteString("It answers requests over HTTP and keeps every write consistent, even when many people edit at once.\n\n")
		fmt.Fprintf(&b, "See [the guide](/docs/guide-%d#intro) and [the glossary](../glossary/term-%d).\n\n", s, s)
		b.WriteString("| field | meaning |\n|---|---|\n| path | where the page lives |\n| locale | its language |\n\n")
	}
	return b.String()
}

// BenchmarkPageUpdate is one PATCH of a page through the router: the update request hook (base
// check, transaction), rendering, a new revision, link extraction, and every other Folio hook
// on pages (the search index among them) — against BenchmarkPlainRecordUpdate, the same request
// on a hook-less collection with a body of the same size, in the same run.
func BenchmarkPageUpdate(b *testing.B) {
	f := newFixture(b)
	page := f.pages["private/live"]
	mustStatus(b, f.patchPage(b, page.Id, "editor", map[string]any{"body": benchBody(0), "base_revision": 1}), 200)
	head := 2
	cost := meterCost(f.app)
	b.ResetTimer()
	cost.start()
	for i := range b.N {
		res := f.patchPage(b, page.Id, "editor", map[string]any{"body": benchBody(i + 1), "base_revision": head})
		if res.Status != 200 {
			b.Fatalf("%d %s", res.Status, res.Raw)
		}
		head++
	}
	cost.report(b)
}

// BenchmarkPlainRecordUpdate is the baseline for BenchmarkPageUpdate: a plain PocketBase base
// collection (title, body; open rules; no Folio hooks bound to it) updated through the same
// router by the same user with a body of the same size.
func BenchmarkPlainRecordUpdate(b *testing.B) {
	f := newFixture(b)
	c := core.NewBaseCollection("bench_plain")
	c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule = types.Pointer(""), types.Pointer(""), types.Pointer(""), types.Pointer("")
	c.Fields.Add(&core.TextField{Name: "title"}, &core.TextField{Name: "body", Max: 1 << 20})
	if err := f.app.Save(c); err != nil {
		b.Fatal(err)
	}
	r := core.NewRecord(c)
	r.Set("title", "T")
	r.Set("body", benchBody(0))
	if err := f.app.Save(r); err != nil {
		b.Fatal(err)
	}
	cost := meterCost(f.app)
	b.ResetTimer()
	cost.start()
	for i := range b.N {
		res := f.do(b, http.MethodPatch, "/api/collections/bench_plain/records/"+r.Id, "editor", map[string]any{"body": benchBody(i + 1)})
		if res.Status != 200 {
			b.Fatalf("%d %s", res.Status, res.Raw)
		}
	}
	cost.report(b)
}
