package accounts

import (
	"testing"
	"time"
)

// TestConfigFromEnv pins how the session settings are read from the environment: unset keeps
// the defaults, valid values apply, and anything else is an error naming the variable.
func TestConfigFromEnv(t *testing.T) {
	for _, tc := range []struct {
		name    string
		env     map[string]string
		want    Config
		wantErr bool
	}{
		{name: "defaults", want: Config{IdleTimeout: DefaultIdleTimeout, AbsoluteLifetime: DefaultAbsoluteLifetime, MaxSessions: DefaultMaxSessions}},
		{name: "all set", env: map[string]string{EnvSessionIdle: "2h", EnvSessionMaxAge: "48h", EnvSessionMaxPerUser: "3"},
			want: Config{IdleTimeout: 2 * time.Hour, AbsoluteLifetime: 48 * time.Hour, MaxSessions: 3}},
		{name: "bad duration", env: map[string]string{EnvSessionIdle: "two weeks"}, wantErr: true},
		{name: "zero duration", env: map[string]string{EnvSessionMaxAge: "0s"}, wantErr: true},
		{name: "bad count", env: map[string]string{EnvSessionMaxPerUser: "-1"}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{EnvSessionIdle, EnvSessionMaxAge, EnvSessionMaxPerUser} {
				t.Setenv(k, tc.env[k])
			}
			got, err := configFromEnv()
			if tc.wantErr {
				if err == nil {
					t.Fatalf("no error for %v", tc.env)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.IdleTimeout != tc.want.IdleTimeout || got.AbsoluteLifetime != tc.want.AbsoluteLifetime || got.MaxSessions != tc.want.MaxSessions {
				t.Errorf("got idle %v, max age %v, per user %d; want %v, %v, %d",
					got.IdleTimeout, got.AbsoluteLifetime, got.MaxSessions,
					tc.want.IdleTimeout, tc.want.AbsoluteLifetime, tc.want.MaxSessions)
			}
		})
	}
}
