package accounts

import (
	"strings"
	"testing"

	"github.com/mileusna/useragent"
)

// A User-Agent padded to a megabyte gives the device of the real agent in front: reading only the
// header's start loses nothing a session shows. (The CPU it saves is BenchmarkParseDeviceLongAgent's.)
func TestParseDeviceReadsTheStartOfALongAgent(t *testing.T) {
	const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
	want := parseDevice(firefox)
	if want.Client != "Firefox 128" || want.Kind != "desktop" {
		t.Fatalf("the plain agent reads as %+v", want)
	}
	for _, pad := range []string{"; ", "a/1 ", "(", "é"} {
		long := firefox + " " + strings.Repeat(pad, (1<<20)/len(pad))
		if got := parseDevice(long); got != want {
			t.Errorf("padded with %q: %+v, want %+v", pad, got, want)
		}
	}
}

// BenchmarkParseDeviceLongAgent is the CPU of reading a megabyte-long User-Agent: the parser on
// the whole header against parseDevice, which reads its start.
func BenchmarkParseDeviceLongAgent(b *testing.B) {
	long := strings.Repeat("; ", 1<<19)
	b.Run("whole", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			useragent.Parse(long)
		}
	})
	b.Run("start", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			parseDevice(long)
		}
	})
}
