// Command authload compares authenticated requests on two PocketBase-based binaries in one
// interleaved run: plain PocketBase (-a) and Folio (-b). pbbench's list and view metrics read
// public collections, so they never reach Folio's session check; this tool signs a user in on
// each server and measures, with that token,
//
//	list   GET  /api/collections/bench_notes/records?perPage=20   (rule: signed-in users)
//	view   GET  /api/collections/bench_notes/records/{id}
//	auth   POST /api/collections/users/auth-with-password          (bcrypt; Folio also starts a session)
//	auth+totp  on Folio: that sign-in by a user with an authenticator app (401 mfaId), then
//	       POST /api/folio/factors/verify with the code; on PocketBase: a password sign-in
//
// Each measuring window is cut into slices that alternate A,B,B,A,… so noise on the shared host
// hits both servers; the tool prints per-metric medians over runs and B/A ratios of requests per
// second and of server CPU per request (from /proc). Servers listen on 127.0.0.1 only, on fresh
// data directories that are removed at the end; every load loop is bounded by time.
//
//	go run ./bench/authload -a bin/pocketbase -b ./folio            # about 3 minutes
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
	"time"
)

type options struct {
	binA, binB       string
	portA, portB     int
	runs, slices     int
	dur, warmup      time.Duration
	readConc, auConc int
	notes            int
	totpUsers        int
}

func main() {
	var o options
	flag.StringVar(&o.binA, "a", "bin/pocketbase", "binary A (plain PocketBase)")
	flag.StringVar(&o.binB, "b", "./folio", "binary B (Folio)")
	flag.IntVar(&o.portA, "port-a", 18190, "port of A on 127.0.0.1")
	flag.IntVar(&o.portB, "port-b", 18191, "port of B on 127.0.0.1")
	flag.IntVar(&o.runs, "runs", 3, "repetitions; medians are reported")
	flag.IntVar(&o.slices, "slices", 6, "slices per measuring window, alternating A,B,B,A")
	flag.DurationVar(&o.dur, "dur", 3*time.Second, "measuring window per metric and server per run")
	flag.DurationVar(&o.warmup, "warmup", 500*time.Millisecond, "unrecorded warm-up per metric and server")
	flag.IntVar(&o.readConc, "conc", 4, "concurrent clients for list and view")
	flag.IntVar(&o.auConc, "auth-conc", 2, "concurrent clients for auth-with-password")
	flag.IntVar(&o.notes, "notes", 200, "records in bench_notes")
	flag.IntVar(&o.totpUsers, "totp-users", 300, "users with an authenticator app on Folio (each code is accepted once)")
	flag.Parse()
	log.SetFlags(log.Ltime)
	log.SetOutput(os.Stderr)

	a, err := start("pocketbase", o.binA, o.portA)
	if err != nil {
		log.Fatal(err)
	}
	defer a.Stop()
	b, err := start("folio", o.binB, o.portB)
	if err != nil {
		a.Stop()
		log.Fatal(err)
	}
	defer b.Stop()
	for _, s := range []*server{a, b} {
		if err := s.provision(o.notes); err != nil {
			log.Printf("provision %s: %v\n%s", s.Label, err, s.Output())
			return
		}
		if err := s.provisionTOTP(o.totpUsers); err != nil {
			log.Printf("provision %s authenticator apps: %v\n%s", s.Label, err, s.Output())
			return
		}
	}
	report(o, measure(o, a, b))
}

// sample is one metric's outcome on one server in one run.
type sample struct {
	rps, p50ms, cpuMsPerReq float64
	n, errs                 int
}

// measure runs every metric o.runs times on both servers, interleaved.
func measure(o options, a, b *server) map[string][2][]sample {
	out := map[string][2][]sample{}
	for run := 1; run <= o.runs; run++ {
		log.Printf("run %d/%d", run, o.runs)
		for _, m := range metrics(o) {
			ra, rb := interleave(o, m, a, b)
			cur := out[m.name]
			cur[0], cur[1] = append(cur[0], ra), append(cur[1], rb)
			out[m.name] = cur
			log.Printf("  %-6s A %.0f rps %.3f ms cpu/req | B %.0f rps %.3f ms cpu/req", m.name, ra.rps, ra.cpuMsPerReq, rb.rps, rb.cpuMsPerReq)
		}
	}
	return out
}

func report(o options, res map[string][2][]sample) {
	fmt.Printf("# authload runs=%d slices=%d dur=%s conc=%d auth-conc=%d notes=%d\n", o.runs, o.slices, o.dur, o.readConc, o.auConc, o.notes)
	fmt.Printf("# A=%s B=%s\n", o.binA, o.binB)
	names := make([]string, 0, len(res))
	for k := range res {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		ab := res[name]
		ma, mb := median(ab[0]), median(ab[1])
		fmt.Printf("CMP %-6s rps: A=%.1f B=%.1f B/A=%.3f  p50_ms: A=%.3f B=%.3f B/A=%.3f  srv_cpu_ms_per_req: A=%.3f B=%.3f B/A=%.3f  n: A=%d B=%d err: A=%d B=%d\n",
			name, ma.rps, mb.rps, mb.rps/ma.rps, ma.p50ms, mb.p50ms, mb.p50ms/ma.p50ms,
			ma.cpuMsPerReq, mb.cpuMsPerReq, mb.cpuMsPerReq/ma.cpuMsPerReq, ma.n, mb.n, ma.errs, mb.errs)
	}
	fmt.Println("# rps B/A above 1 means B is faster; time and CPU B/A below 1 mean B is cheaper")
	for _, name := range names {
		if ab := res[name]; median(ab[0]).errs+median(ab[1]).errs > 0 {
			fmt.Printf("# WARNING: %s had failed requests; its figures do not compare like with like\n", name)
		}
	}
}

// median takes the per-field median over runs.
func median(s []sample) sample {
	pick := func(f func(sample) float64) float64 {
		v := make([]float64, len(s))
		for i := range s {
			v[i] = f(s[i])
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	out := sample{rps: pick(func(x sample) float64 { return x.rps }), p50ms: pick(func(x sample) float64 { return x.p50ms }),
		cpuMsPerReq: pick(func(x sample) float64 { return x.cpuMsPerReq })}
	for _, x := range s {
		out.n += x.n
		out.errs += x.errs
	}
	return out
}

func init() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, strings.TrimSpace(`
usage: authload [-a bin/pocketbase] [-b ./folio] [-runs 3] [-dur 3s] [-slices 6] [-conc 4] [-auth-conc 2]

Starts both binaries on 127.0.0.1 with fresh data dirs, provisions an auth-gated collection and a
user on each, and compares authenticated list, view and auth-with-password, interleaved.`))
		flag.PrintDefaults()
	}
}
