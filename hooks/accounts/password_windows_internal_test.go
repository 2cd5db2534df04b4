package accounts

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
)

// Windows are at most scoreWindowBytes, whole characters, start every half window, end with the
// password's end, and together cover every byte of it.
func TestScoreWindowsCoverThePassword(t *testing.T) {
	for _, pw := range []string{
		"short-one",
		strings.Repeat("a", scoreWindowBytes),
		strings.Repeat("b", scoreWindowBytes+1),
		strings.Repeat("x9!", 24)[:71],
		strings.Repeat("日本語のパスワード", 3)[:70], // three-byte characters, cut mid-character on purpose
		"tangerine-" + strings.Repeat("é", 25) + "-lighthouse",
	} {
		pw = strings.ToValidUTF8(pw, "")
		windows := scoreWindows(pw)
		covered := make([]bool, len(pw))
		for i, w := range windows {
			text := pw[w.from:w.to]
			if len(text) > scoreWindowBytes || text == "" || !utf8.ValidString(text) {
				t.Errorf("%q: window %d %q is not 1–%d bytes of whole characters", pw, i, text, scoreWindowBytes)
			}
			if i > 0 && (w.from <= windows[i-1].from || w.from > windows[i-1].to) {
				t.Errorf("%q: window %d %v does not follow %v", pw, i, w, windows[i-1])
			}
			for j := w.from; j < w.to; j++ {
				covered[j] = true
			}
		}
		for j, ok := range covered {
			if !ok {
				t.Errorf("%q: byte %d is in no window (%v)", pw, j, windows)
				break
			}
		}
		if last := windows[len(windows)-1]; last.to != len(pw) {
			t.Errorf("%q: the last window %v does not end the password", pw, last)
		}
	}
}

// A password passes when some stretch of it passes on its own, and only then.
func TestStrengthIsTheBestWindow(t *testing.T) {
	weakStart := strings.Repeat("password", 4) + "-tangerine-lighthouse-41" // 56 bytes
	if s, _ := strength(weakStart, nil); s < minPasswordScore {
		t.Errorf("%q scored %d: its strong end should carry it", weakStart, s)
	}
	weakAll := strings.Repeat("p@$$w0rd", 8) // 64 bytes, a common password repeated
	s, found := strength(weakAll, nil)
	if s >= minPasswordScore {
		t.Errorf("%q scored %d, want below %d", weakAll, s, minPasswordScore)
	}
	if len(found) == 0 {
		t.Errorf("%q: no matches kept for the message", weakAll)
	}
	for _, w := range scoreWindows(weakAll) {
		if zxcvbn.PasswordStrength(weakAll[w.from:w.to], nil).Score > s {
			t.Errorf("window %v scores above the reported %d", w, s)
		}
	}
}

// BenchmarkPasswordCheck is the strength check's CPU on 71-byte passwords drawn from zxcvbn's
// l33t characters, its costliest shape: whole (the scorer alone) against the windows Folio uses.
func BenchmarkPasswordCheck(b *testing.B) {
	const l33t = "4@8({[<3691!|0$5+7%2"
	r := rand.New(rand.NewSource(1))
	inputs := make([]string, 16)
	for i := range inputs {
		var sb strings.Builder
		for sb.Len() < maxPasswordBytes {
			sb.WriteByte(l33t[r.Intn(len(l33t))])
		}
		inputs[i] = sb.String()
	}
	b.Run("whole", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			zxcvbn.PasswordStrength(inputs[i%len(inputs)], nil)
		}
	})
	b.Run("windows", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			strength(inputs[i%len(inputs)], nil)
		}
	})
}
