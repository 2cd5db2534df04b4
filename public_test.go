package main

import "testing"

func TestIsClientRoute(t *testing.T) {
	for p, want := range map[string]bool{
		"signin":                       true,
		"s/docs/en/v1.2":               true,
		"confirm/verification/eyJ.a.b": true,
		"confirm/password-reset/x.y.z": true,
		"assets/index-abc.js":          false,
		"assets":                       false,
		"logo.png":                     false,
		"favicon.ico":                  false,
		"account":                      true,
	} {
		if got := isClientRoute(p); got != want {
			t.Errorf("isClientRoute(%q) = %v, want %v", p, got, want)
		}
	}
}
