package main

import (
	"fmt"
	"log"
	"strings"
	"sync/atomic"

	"folio/bench/internal/benchserver"
)

const (
	adminEmail = "authload-admin@example.com"
	userEmail  = "authload-user@example.com" // signs in once; its token does the reads
	// signs in over and over for the auth metric; on Folio every sign-in starts a session and
	// the per-user cap revokes the oldest, so it must not be the reader
	signerEmail = "authload-signer@example.com"
	// strong enough for Folio's password policy (zxcvbn score 4), so both servers get the same
	adminPassword = "authload-superuser-lantern-2026"
	userPassword  = "authload-member-orchard-4711"
)

// server is one binary under test.
type server struct {
	*benchserver.Server
	admin, token string   // superuser token, user token
	ids          []string // bench_notes record ids
	totp         []*totpAccount
	rr           atomic.Int64 // round robin over totp
}

func start(label, bin string, port int) (*server, error) {
	srv, err := benchserver.Start(benchserver.Options{Label: label, Bin: bin, Port: port, AdminEmail: adminEmail, AdminPassword: adminPassword,
		// Folio's per-IP limiter would answer the many sign-ins from 127.0.0.1; PocketBase ignores it
		Env: []string{"FOLIO_RATE_LIMITS=off", "FOLIO_FACTOR_KEY=" + factorKey}})
	if err != nil {
		return nil, err
	}
	return &server{Server: srv}, nil
}

// provision creates bench_notes (readable by signed-in users only) with n records and one
// verified user, and signs that user in.
func (s *server) provision(n int) error {
	var auth struct{ Token string }
	if err := s.Call("POST", "/api/collections/_superusers/auth-with-password", "",
		map[string]string{"identity": adminEmail, "password": adminPassword}, &auth); err != nil {
		return err
	}
	s.admin = auth.Token
	rule := `@request.auth.id != ""`
	err := s.Call("POST", "/api/collections", s.admin, map[string]any{
		"name": "bench_notes", "type": "base", "listRule": rule, "viewRule": rule,
		"fields": []map[string]any{{"name": "title", "type": "text"}, {"name": "body", "type": "text"}},
	}, nil)
	if err != nil {
		return err
	}
	body := strings.Repeat("lorem ipsum dolor sit amet ", 12)
	for i := 0; i < n; i++ {
		var rec struct{ Id string }
		if err := s.Call("POST", "/api/collections/bench_notes/records", s.admin,
			map[string]string{"title": fmt.Sprintf("note %d", i), "body": body}, &rec); err != nil {
			return err
		}
		s.ids = append(s.ids, rec.Id)
	}
	for _, email := range []string{userEmail, signerEmail} {
		if err := s.Call("POST", "/api/collections/users/records", s.admin, map[string]any{
			"email": email, "password": userPassword, "passwordConfirm": userPassword, "verified": true, "name": "Load",
		}, nil); err != nil {
			return err
		}
	}
	if err := s.Call("POST", "/api/collections/users/auth-with-password", "",
		map[string]string{"identity": userEmail, "password": userPassword}, &auth); err != nil {
		return err
	}
	s.token = auth.Token
	log.Printf("%s provisioned: %d notes, user signed in (session id claim: %v)", s.Label, n, hasSid(s.token))
	return nil
}

func hasSid(token string) bool {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return false
	}
	return strings.Contains(decodeSegment(parts[1]), `"sid"`)
}

func decodeSegment(s string) string {
	b, err := base64URL(s)
	if err != nil {
		return ""
	}
	return string(b)
}
