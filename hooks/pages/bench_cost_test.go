package pages_test

import (
	"context"
	"database/sql"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// costMeter reports, per benchmark op, the SQL statements the app ran (stmts/op) and the CPU
// the process spent (cpu-ns/op): on a machine shared with other work, wall time mostly measures
// the wait for a core, while these two measure what a save costs.
//
// It counts statements through dbx's log functions, and dbx formats every statement with its
// values for them, which costs CPU in proportion to the values: a page's markdown and html far
// more than a small record. BenchmarkPageUpdateRatio therefore pauses counting while it measures
// CPU.
type costMeter struct {
	stmts atomic.Int64
	cpu   time.Duration
	dbs   []*dbx.DB
	query []dbx.QueryLogFunc
	exec  []dbx.ExecLogFunc
}

// meterCost starts counting the statements app runs.
func meterCost(app core.App) *costMeter {
	m := &costMeter{}
	for _, b := range []dbx.Builder{app.ConcurrentDB(), app.NonconcurrentDB()} {
		db, ok := b.(*dbx.DB)
		if !ok {
			continue
		}
		prevQ, prevE := db.QueryLogFunc, db.ExecLogFunc
		m.dbs = append(m.dbs, db)
		m.query = append(m.query, func(ctx context.Context, t time.Duration, s string, rows *sql.Rows, err error) {
			m.stmts.Add(1)
			if prevQ != nil {
				prevQ(ctx, t, s, rows, err)
			}
		})
		m.exec = append(m.exec, func(ctx context.Context, t time.Duration, s string, res sql.Result, err error) {
			m.stmts.Add(1)
			if prevE != nil {
				prevE(ctx, t, s, res, err)
			}
		})
	}
	m.resume()
	return m
}

// pause stops counting statements, and the formatting of each statement that counting costs.
func (m *costMeter) pause() {
	for _, db := range m.dbs {
		db.QueryLogFunc, db.ExecLogFunc = nil, nil
	}
}

// resume counts statements again.
func (m *costMeter) resume() {
	for i, db := range m.dbs {
		db.QueryLogFunc, db.ExecLogFunc = m.query[i], m.exec[i]
	}
}

// start resets the counters at the start of the timed loop.
func (m *costMeter) start() {
	m.stmts.Store(0)
	m.cpu = processCPU()
}

// report adds stmts/op and cpu-ns/op to b's results.
func (m *costMeter) report(b *testing.B) {
	cpu := processCPU() - m.cpu
	b.ReportMetric(float64(m.stmts.Load())/float64(b.N), "stmts/op")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

func processCPU() time.Duration {
	var r syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &r)
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
