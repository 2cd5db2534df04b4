// Command realtime measures how long a record update takes to reach N signed-in realtime
// subscribers, on Folio and on plain PocketBase of the same version, in one run:
//
//	folio            PATCH /api/collections/pages/records/{id} by an editor; subscribers on
//	                 pages/* of a live page in a public space (members and non-members)
//	pocketbase-guest PATCH of a record in a collection with the guest rule ""
//	pocketbase-auth  PATCH of a record in a collection with the rule @request.auth.id != ""
//
// For each N (-n, default 1000,5000,10000) it connects N SSE clients to each server in turn
// (the process's file limit does not allow both at once) in the order Folio, PocketBase,
// PocketBase, Folio, and runs -rounds PATCHes per block (PocketBase alternates its two
// collections). Every subscriber uses one of -users signed-in users; -filter of them (in
// hundredths) subscribe with a filter on the record's own fields, and -relfilter with a filter
// through a relation (Folio: space.slug, decided by PocketBase's check), the rest with none.
// Per target it prints the PATCH's latency (median), the time from sending the PATCH to each
// subscriber's event (p50 and p99 over every subscriber of every round), the time to the last
// subscriber (median and worst round), the server's CPU time per subscriber (median round), and
// Folio's ratios to PocketBase. After its PATCHes each block creates one record per target and
// times its DELETE the same way ("<target> delete"; the PATCH column holds the DELETE's latency):
// a page with its revision on Folio, a record of each collection on PocketBase. Servers listen on
// 127.0.0.1 with fresh data directories removed at the end; each round waits at most -timeout.
//
//	go run ./bench/realtime -a bin/pocketbase -b ./folio
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

type options struct {
	binA, binB   string
	portA, portB int
	ns           []int
	rounds       int
	users        int
	filter       int
	relFilter    int
	timeout      time.Duration
}

func main() {
	var o options
	var ns string
	flag.StringVar(&o.binA, "a", "bin/pocketbase", "plain PocketBase binary")
	flag.StringVar(&o.binB, "b", "./folio", "Folio binary")
	flag.IntVar(&o.portA, "port-a", 18290, "port of PocketBase on 127.0.0.1")
	flag.IntVar(&o.portB, "port-b", 18291, "port of Folio on 127.0.0.1")
	flag.StringVar(&ns, "n", "1000,5000,10000", "subscriber counts")
	flag.IntVar(&o.rounds, "rounds", 4, "PATCHes per target and block (two blocks per target and N)")
	flag.IntVar(&o.users, "users", 100, "distinct signed-in users the subscribers share")
	flag.IntVar(&o.filter, "filter", 10, "per cent of subscribers with a filter on the record's own fields")
	flag.IntVar(&o.relFilter, "relfilter", 1, "per cent of subscribers with a filter through a relation (Folio only)")
	flag.DurationVar(&o.timeout, "timeout", 30*time.Second, "longest wait for one PATCH's events")
	flag.Parse()
	for _, s := range strings.Split(ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			log.Fatalf("bad -n %q", ns)
		}
		o.ns = append(o.ns, n)
	}
	log.SetFlags(log.Ltime)
	log.SetOutput(os.Stderr)

	pb, err := start("pocketbase", o.binA, o.portA)
	if err != nil {
		log.Fatal(err)
	}
	defer pb.Stop()
	folio, err := start("folio", o.binB, o.portB)
	if err != nil {
		pb.Stop()
		log.Fatal(err)
	}
	defer folio.Stop()
	pbSide, err := provisionPocketBase(pb, o.users)
	if err != nil {
		log.Printf("provision pocketbase: %v", err)
		return
	}
	folioSide, err := provisionFolio(folio, o.users)
	if err != nil {
		log.Printf("provision folio: %v\n%s", err, folio.Output())
		return
	}
	fmt.Printf("# realtime fan-out: %d distinct users, %d%% own-field filters, %d%% relation filters (Folio), %d rounds x 2 blocks\n",
		o.users, o.filter, o.relFilter, o.rounds)
	fmt.Printf("%-7s %-23s %9s %9s %9s %9s %9s %10s %8s\n", "N", "target", "patch_ms", "p50_ms", "p99_ms", "last_ms", "last_max", "cpu_ms/sub", "missing")
	for _, n := range o.ns {
		res := map[string]*result{}
		for block, side := range []*side{folioSide, pbSide, pbSide, folioSide} {
			log.Printf("N=%d block %d: %s", n, block+1, side.srv.Label)
			if err := side.run(o, n, res); err != nil {
				log.Printf("N=%d %s: %v", n, side.srv.Label, err)
				return
			}
		}
		for _, t := range []string{"folio", "pocketbase-guest", "pocketbase-auth", "folio delete", "pocketbase-guest delete", "pocketbase-auth delete"} {
			r := res[t]
			if r == nil {
				continue
			}
			fmt.Printf("%-7d %-23s %9.1f %9.1f %9.1f %9.1f %9.1f %10.3f %8d\n", n, t,
				median(r.patch), pct(r.delivery, 50), pct(r.delivery, 99), median(r.last), pct(r.last, 100), median(r.cpuPerSub), r.missing)
		}
		f, g, a := res["folio"], res["pocketbase-guest"], res["pocketbase-auth"]
		fmt.Printf("%-7d ratio folio/guest: p99 %.3f last %.3f   folio/auth: p99 %.3f last %.3f\n", n,
			pct(f.delivery, 99)/pct(g.delivery, 99), median(f.last)/median(g.last),
			pct(f.delivery, 99)/pct(a.delivery, 99), median(f.last)/median(a.last))
		if f, g, a := res["folio delete"], res["pocketbase-guest delete"], res["pocketbase-auth delete"]; f != nil && g != nil && a != nil {
			fmt.Printf("%-7d delete ratio folio/guest: p99 %.3f DELETE %.3f   folio/auth: p99 %.3f DELETE %.3f\n", n,
				pct(f.delivery, 99)/pct(g.delivery, 99), median(f.patch)/median(g.patch),
				pct(f.delivery, 99)/pct(a.delivery, 99), median(f.patch)/median(a.patch))
		}
	}
}

// result gathers one target's rounds at one N: PATCH latencies, every subscriber's delivery
// time, and each round's time to the last subscriber (all in ms).
type result struct {
	patch, delivery, last []float64
	cpuPerSub             []float64 // server CPU ms per subscriber, per round
	missing               int
}

func median(v []float64) float64 { return pct(v, 50) }

func pct(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}
