package audit

import (
	"testing"
	"time"
)

// TestRetentionFromEnv pins FOLIO_AUDIT_RETENTION: unset is a year, "0" keeps everything, a Go
// duration applies, anything else is an error.
func TestRetentionFromEnv(t *testing.T) {
	for _, tc := range []struct {
		value   string
		want    time.Duration
		wantErr bool
	}{
		{"", DefaultRetention, false},
		{"0", 0, false},
		{"720h", 720 * time.Hour, false},
		{"a month", 0, true},
		{"-5h", 0, true},
	} {
		t.Setenv(EnvRetention, tc.value)
		got, err := retentionFromEnv()
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("%s=%q: got %v, %v; want %v, error %v", EnvRetention, tc.value, got, err, tc.want, tc.wantErr)
		}
	}
}
