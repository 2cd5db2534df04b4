package main

import (
	"fmt"
	"log"
	"strings"
	"time"
)

// side is one server with the records the benchmark updates and the subscriptions its clients
// make.
type side struct {
	srv     *server
	tokens  []string
	targets []target
	// subs lists the subscriptions of subscriber i with the given filter ("" for none).
	subs      func(filter string) []string
	ownFilter string
	relFilter string
}

// target is one record whose updates are measured.
type target struct {
	label, collection, id, token string
	body                         func(marker string) map[string]any
	revision                     *int // a page's head revision, sent back as base_revision
	// fresh is the body of a new record of the collection, created (by token) to be deleted
	// (by deleter) in the delete round
	fresh   func(marker string) map[string]any
	deleter string
}

func (s *side) run(o options, n int, res map[string]*result) error {
	began := time.Now()
	set, err := connect(s.srv, n, func(i int) (string, []string) {
		filter := ""
		switch {
		case i%100 < o.relFilter && s.relFilter != "":
			filter = s.relFilter
		case i%100 < o.relFilter+o.filter:
			filter = s.ownFilter
		}
		return s.tokens[i%len(s.tokens)], s.subs(filter)
	})
	if err != nil {
		return err
	}
	defer set.close()
	log.Printf("%d subscribers on %s in %s", n, s.srv.Label, time.Since(began).Round(time.Millisecond))
	for r := range o.rounds * len(s.targets) {
		t := s.targets[r%len(s.targets)]
		marker := fmt.Sprintf("mark%d%d%d", n, r, time.Now().UnixNano())
		set.expect(marker)
		cpu0 := s.srv.CPUMillis()
		t0 := time.Now()
		var saved struct{ Revision int }
		err := s.srv.Call("PATCH", "/api/collections/"+t.collection+"/records/"+t.id, t.token, t.body(marker), &saved)
		patch := time.Since(t0)
		if err != nil {
			return err
		}
		if t.revision != nil {
			*t.revision = saved.Revision
		}
		times, missing := set.wait(t0, o.timeout)
		time.Sleep(100 * time.Millisecond) // the sends' last writes
		cpu := s.srv.CPUMillis() - cpu0
		recordRound(res, t.label, patch, cpu/float64(n), times, missing)
		time.Sleep(200 * time.Millisecond) // let the server settle between rounds
	}
	for _, t := range s.targets {
		if err := s.deleteRound(o, n, t, set, res); err != nil {
			return err
		}
	}
	return nil
}

// deleteRound creates a record of t's collection, waits until every subscriber has its create,
// then deletes it and times its delete event (the marker is the record's id) as a round of
// "<label> delete".
func (s *side) deleteRound(o options, n int, t target, set *clientSet, res map[string]*result) error {
	marker := fmt.Sprintf("fresh%d%d", n, time.Now().UnixNano())
	set.expect(marker)
	var rec struct{ Id string }
	if err := s.srv.Call("POST", "/api/collections/"+t.collection+"/records", t.token, t.fresh(marker), &rec); err != nil {
		return err
	}
	if _, missing := set.wait(time.Now(), o.timeout); missing > 0 {
		return fmt.Errorf("%d subscribers missed the create of %s %s", missing, t.collection, rec.Id)
	}
	time.Sleep(300 * time.Millisecond)
	set.expect(rec.Id)
	cpu0 := s.srv.CPUMillis()
	t0 := time.Now()
	err := s.srv.Call("DELETE", "/api/collections/"+t.collection+"/records/"+rec.Id, t.deleter, nil, nil)
	del := time.Since(t0)
	if err != nil {
		return err
	}
	times, missing := set.wait(t0, o.timeout)
	time.Sleep(100 * time.Millisecond)
	cpu := s.srv.CPUMillis() - cpu0
	recordRound(res, t.label+" delete", del, cpu/float64(n), times, missing)
	time.Sleep(200 * time.Millisecond)
	return nil
}

// recordRound adds one round to the result of label: the request's time, the server's CPU per
// subscriber, each subscriber's delivery time and the slowest, and the subscribers missed.
func recordRound(res map[string]*result, label string, request time.Duration, cpuPerSub float64, times []time.Duration, missing int) {
	rr := res[label]
	if rr == nil {
		rr = &result{}
		res[label] = rr
	}
	rr.patch = append(rr.patch, ms(request))
	rr.cpuPerSub = append(rr.cpuPerSub, cpuPerSub)
	rr.missing += missing
	last := 0.0
	for _, d := range times {
		rr.delivery = append(rr.delivery, ms(d))
		last = max(last, ms(d))
	}
	rr.last = append(rr.last, last)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func provisionPocketBase(s *server, users int) (*side, error) {
	_, tokens, err := s.createUsers(users)
	if err != nil {
		return nil, err
	}
	sd := &side{srv: s, tokens: tokens, ownFilter: "title != ''"}
	for _, c := range []struct{ name, rule, label string }{
		{"bench_guest", "", "pocketbase-guest"},
		{"bench_auth", `@request.auth.id != ""`, "pocketbase-auth"},
	} {
		if err := s.Call("POST", "/api/collections", s.admin, map[string]any{
			"name": c.name, "type": "base", "listRule": c.rule, "viewRule": c.rule,
			"fields": []map[string]any{{"name": "title", "type": "text"}, {"name": "body", "type": "text"}},
		}, nil); err != nil {
			return nil, err
		}
		var rec struct{ Id string }
		if err := s.Call("POST", "/api/collections/"+c.name+"/records", s.admin, map[string]string{"title": "start", "body": pageBody("start")}, &rec); err != nil {
			return nil, err
		}
		fresh := func(m string) map[string]any { return map[string]any{"title": m, "body": pageBody(m)} }
		sd.targets = append(sd.targets, target{label: c.label, collection: c.name, id: rec.Id, token: s.admin,
			body: fresh, fresh: fresh, deleter: s.admin})
	}
	sd.subs = func(filter string) []string {
		return []string{"bench_guest/*" + option(filter), "bench_auth/*" + option(filter)}
	}
	return sd, nil
}

func provisionFolio(s *server, users int) (*side, error) {
	ids, tokens, err := s.createUsers(users)
	if err != nil {
		return nil, err
	}
	var space struct{ Id string }
	if err := s.Call("POST", "/api/collections/spaces/records", s.admin, map[string]any{
		"slug": "bench", "name": "Bench", "visibility": "public", "source_locale": "en", "locales": []string{"en"},
	}, &space); err != nil {
		return nil, err
	}
	// user 0 edits the page; half the others are viewers, the rest belong to no space
	for i, id := range ids {
		role := ""
		switch {
		case i == 0:
			role = "editor"
		case i%2 == 1:
			role = "viewer"
		}
		if role == "" {
			continue
		}
		if err := s.Call("POST", "/api/collections/memberships/records", s.admin, map[string]any{"space": space.Id, "user": id, "role": role}, nil); err != nil {
			return nil, err
		}
	}
	var page struct {
		Id       string
		Revision int
	}
	if err := s.Call("POST", "/api/collections/pages/records", tokens[0], map[string]any{
		"space": space.Id, "locale": "en", "path": "bench/realtime", "title": "start", "body": pageBody("start"), "status": "published",
	}, &page); err != nil {
		return nil, err
	}
	rev := &page.Revision
	return &side{srv: s, tokens: tokens, ownFilter: "title != ''", relFilter: "space.slug != ''",
		targets: []target{{label: "folio", collection: "pages", id: page.Id, token: tokens[0], revision: rev,
			body: func(m string) map[string]any {
				return map[string]any{"title": m, "body": pageBody(m), "base_revision": *rev}
			},
			// a page an editor writes and a superuser deletes (with its revision)
			fresh: func(m string) map[string]any {
				return map[string]any{"space": space.Id, "locale": "en", "path": "bench/" + m, "title": m, "body": pageBody(m), "status": "published"}
			},
			deleter: s.admin}},
		subs: func(filter string) []string { return []string{"pages/*" + option(filter)} },
	}, nil
}

// pageBody is about 1 KB of markdown naming marker.
func pageBody(marker string) string {
	return "# " + marker + "\n\n" + strings.Repeat("Realtime subscribers read this paragraph of the page. ", 18) + "\n"
}
