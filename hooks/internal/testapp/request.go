package testapp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Response is a handler's answer to Do: the status, the raw body and, when the body is a JSON
// object, that object decoded (nil otherwise).
type Response struct {
	Status int
	Body   map[string]any
	Raw    []byte
}

// JSONBody is body marshalled as JSON for a request, or nil (no body) when body is nil.
func JSONBody(t testing.TB, body any) io.Reader {
	t.Helper()
	if body == nil {
		return nil
	}
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

// Do sends one JSON request through h (a handler from Handler): body is marshalled unless nil,
// token goes in the Authorization header unless empty, and remoteAddr is the client address.
// Tests that send many requests give each its own address, as PocketBase slows down clients
// that ask too much.
func Do(t testing.TB, h http.Handler, method, url, token, remoteAddr string, body any) Response {
	t.Helper()
	req := httptest.NewRequest(method, url, JSONBody(t, body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = remoteAddr
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	out := Response{Status: rec.Code, Raw: rec.Body.Bytes()}
	if len(out.Raw) > 0 {
		_ = json.Unmarshal(out.Raw, &out.Body)
	}
	return out
}
