package pages_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// BenchmarkPageUpdateRatio runs BenchmarkPageUpdate's page update and BenchmarkPlainRecordUpdate's
// plain record update side by side in one app, interleaved in blocks, and reports each one's
// SQL statements (counted on the first few updates) and process CPU per update and their ratios
// (page / plain): the machine's load falls on both alike. After each block the process gets a moment to finish what the block left
// running (the events worker, realtime), which counts toward that block.
func BenchmarkPageUpdateRatio(b *testing.B) {
	const block = 20
	f := newFixture(b)
	page := f.pages["private/live"]
	mustStatus(b, f.patchPage(b, page.Id, "editor", map[string]any{"body": benchBody(0), "base_revision": 1}), 200)
	head := 2
	c := core.NewBaseCollection("bench_plain")
	c.ListRule, c.ViewRule, c.CreateRule, c.UpdateRule = types.Pointer(""), types.Pointer(""), types.Pointer(""), types.Pointer("")
	c.Fields.Add(&core.TextField{Name: "title"}, &core.TextField{Name: "body", Max: 1 << 20})
	if err := f.app.Save(c); err != nil {
		b.Fatal(err)
	}
	plain := core.NewRecord(c)
	plain.Set("title", "T")
	plain.Set("body", benchBody(0))
	if err := f.app.Save(plain); err != nil {
		b.Fatal(err)
	}
	pageOps, plainOps := 0, 0
	pageOp := func() {
		pageOps++
		res := f.patchPage(b, page.Id, "editor", map[string]any{"body": benchBody(pageOps), "base_revision": head})
		if res.Status != http.StatusOK {
			b.Fatalf("%d %s", res.Status, res.Raw)
		}
		head++
	}
	plainOp := func() {
		plainOps++
		res := f.do(b, http.MethodPatch, "/api/collections/bench_plain/records/"+plain.Id, "editor", map[string]any{"body": benchBody(plainOps)})
		if res.Status != http.StatusOK {
			b.Fatalf("%d %s", res.Status, res.Raw)
		}
	}
	// Statements are counted on a few updates of each kind first; counting then stops, since it
	// makes dbx format every statement with its values (costMeter), and CPU is measured without
	// it.
	const counted = 5
	cost := meterCost(f.app)
	count := func(op func()) int64 {
		cost.start()
		for range counted {
			op()
		}
		time.Sleep(20 * time.Millisecond)
		return cost.stmts.Load()
	}
	pageStmts, plainStmts := count(pageOp), count(plainOp)
	cost.pause()
	var pageCPU, plainCPU time.Duration
	measure := func(n int, op func()) time.Duration {
		cost.start()
		for range n {
			op()
		}
		time.Sleep(20 * time.Millisecond)
		return processCPU() - cost.cpu
	}
	b.ResetTimer()
	for done := 0; done < b.N; done += block {
		n := min(block, b.N-done)
		pageCPU += measure(n, pageOp)
		plainCPU += measure(n, plainOp)
	}
	b.ReportMetric(float64(pageStmts)/counted, "page-stmts/op")
	b.ReportMetric(float64(plainStmts)/counted, "plain-stmts/op")
	n := float64(b.N)
	b.ReportMetric(float64(pageCPU.Nanoseconds())/n, "page-cpu-ns/op")
	b.ReportMetric(float64(plainCPU.Nanoseconds())/n, "plain-cpu-ns/op")
	b.ReportMetric(float64(pageStmts)/float64(plainStmts), "stmts-ratio")
	b.ReportMetric(float64(pageCPU)/float64(plainCPU), "cpu-ratio")
}
