package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// factorKey is the FOLIO_FACTOR_KEY the Folio server runs with (plain PocketBase ignores it).
const factorKey = "authload-factor-key-0123456789-abcdefghij"

// totpAccount is one user with an authenticator app: a code is accepted once, in increasing
// time steps, so the load spreads over a pool and remembers each account's last step.
type totpAccount struct {
	email, secret string
	mu            sync.Mutex
	last          int64
}

// provisionTOTP makes n users on s with a confirmed authenticator app, through the API
// (impersonation tokens, so provisioning costs no sign-ins). On a server without Folio's
// factors routes (plain PocketBase) it does nothing.
func (s *server) provisionTOTP(n int) error {
	var probe struct{}
	if err := s.Call("POST", "/api/folio/factors/verify", "", map[string]string{}, &probe); err != nil && strings.Contains(err.Error(), ": 404 ") {
		log.Printf("%s has no second factors: auth+totp is a password sign-in there", s.Label)
		return nil
	}
	var wg sync.WaitGroup
	var failed atomic.Value
	accounts := make([]*totpAccount, n)
	sem := make(chan struct{}, 2)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			a, err := s.enrolTOTPUser(fmt.Sprintf("authload-totp-%d@example.com", i))
			if err != nil {
				failed.Store(err)
				return
			}
			accounts[i] = a
		}(i)
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return err
	}
	s.totp = accounts
	log.Printf("%s provisioned %d users with an authenticator app", s.Label, n)
	return nil
}

func (s *server) enrolTOTPUser(email string) (*totpAccount, error) {
	var rec struct{ Id string }
	if err := s.Call("POST", "/api/collections/users/records", s.admin, map[string]any{
		"email": email, "password": userPassword, "passwordConfirm": userPassword, "verified": true, "name": "Load",
	}, &rec); err != nil {
		return nil, err
	}
	var imp struct{ Token string }
	if err := s.Call("POST", "/api/collections/users/impersonate/"+rec.Id, s.admin, map[string]any{"duration": 3600}, &imp); err != nil {
		return nil, err
	}
	var enrol struct{ Id, Secret string }
	if err := s.Call("POST", "/api/folio/factors/totp", imp.Token, map[string]any{}, &enrol); err != nil {
		return nil, err
	}
	step := time.Now().Unix() / 30
	if err := s.Call("POST", "/api/folio/factors/totp/confirm", imp.Token, map[string]any{"id": enrol.Id, "code": code(enrol.Secret, step)}, nil); err != nil {
		return nil, err
	}
	return &totpAccount{email: email, secret: enrol.Secret, last: step}, nil
}

func code(secret string, step int64) string {
	c, _ := totp.GenerateCodeCustom(secret, time.Unix(step*30, 0), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return c
}

// signInWithTOTP is one password + authenticator-app sign-in on Folio (password → 401 mfaId →
// POST /api/folio/factors/verify), or one password sign-in where there are no factors.
func (s *server) signInWithTOTP(_, i int) bool {
	if len(s.totp) == 0 {
		return s.post("/api/collections/users/auth-with-password", map[string]string{"identity": signerEmail, "password": userPassword}) == http.StatusOK
	}
	a, step := s.nextTOTPAccount(int(s.rr.Add(1)))
	if a == nil {
		return false
	}
	var mfa struct{ MFAId string }
	if st := s.postOut("/api/collections/users/auth-with-password", map[string]string{"identity": a.email, "password": userPassword}, &mfa); st != http.StatusUnauthorized || mfa.MFAId == "" {
		return false
	}
	return s.post("/api/folio/factors/verify", map[string]string{"mfaId": mfa.MFAId, "code": code(a.secret, step)}) == http.StatusOK
}

// nextTOTPAccount picks, from start on, an account that has a step left within ±1 of now and
// claims that step.
func (s *server) nextTOTPAccount(start int) (*totpAccount, int64) {
	now := time.Now().Unix() / 30
	for k := range len(s.totp) {
		a := s.totp[(start+k)%len(s.totp)]
		a.mu.Lock()
		step := max(a.last+1, now-1)
		if step <= now+1 {
			a.last = step
			a.mu.Unlock()
			return a, step
		}
		a.mu.Unlock()
	}
	return nil, 0
}

func (s *server) post(path string, body any) int { return s.postOut(path, body, nil) }

// postOut posts body as JSON with the load's keep-alive client and decodes any answer into out;
// it returns the status (0 when the request failed).
func (s *server) postOut(path string, body, out any) int {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, s.Base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if out != nil {
		_ = json.Unmarshal(raw, out)
	}
	return res.StatusCode
}
