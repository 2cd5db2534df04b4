package main

import (
	"fmt"
	"sync"

	"folio/bench/internal/benchserver"
)

const (
	adminEmail    = "realtime-admin@example.com"
	adminPassword = "realtime-superuser-lantern-2026"
	userPassword  = "realtime-member-orchard-4711"
)

// server is one binary under test, with its superuser signed in.
type server struct {
	*benchserver.Server
	admin string
}

func start(label, bin string, port int) (*server, error) {
	srv, err := benchserver.Start(benchserver.Options{Label: label, Bin: bin, Port: port, AdminEmail: adminEmail, AdminPassword: adminPassword,
		// Folio's per-IP limiter would answer the many subscriptions from 127.0.0.1; PocketBase ignores it
		Env: []string{"FOLIO_RATE_LIMITS=off"}})
	if err != nil {
		return nil, err
	}
	s := &server{Server: srv}
	if s.admin, err = srv.SuperuserToken(adminEmail, adminPassword); err != nil {
		srv.Stop()
		return nil, err
	}
	return s, nil
}

// createUsers creates n verified users and signs each in; it returns their ids and tokens.
func (s *server) createUsers(n int) (ids, tokens []string, err error) {
	ids, tokens = make([]string, n), make([]string, n)
	var wg sync.WaitGroup
	var once sync.Once
	sem := make(chan struct{}, 4)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			email := fmt.Sprintf("sub%05d@example.com", i)
			var rec struct{ Id string }
			e := s.Call("POST", "/api/collections/users/records", s.admin, map[string]any{
				"email": email, "password": userPassword, "passwordConfirm": userPassword, "verified": true, "name": fmt.Sprintf("Subscriber %d", i),
			}, &rec)
			var auth struct{ Token string }
			if e == nil {
				e = s.Call("POST", "/api/collections/users/auth-with-password", "", map[string]string{"identity": email, "password": userPassword}, &auth)
			}
			if e != nil {
				once.Do(func() { err = e })
				return
			}
			ids[i], tokens[i] = rec.Id, auth.Token
		}()
	}
	wg.Wait()
	return ids, tokens, err
}
