package factors

import (
	"encoding/base32"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TestTOTPRFC6238Vectors checks the code maker against the test vectors of RFC 6238,
// appendix B (8 digits; SHA-1, SHA-256 and SHA-512 with their seeds).
func TestTOTPRFC6238Vectors(t *testing.T) {
	seeds := map[otp.Algorithm]string{
		otp.AlgorithmSHA1:   "12345678901234567890",
		otp.AlgorithmSHA256: "12345678901234567890123456789012",
		otp.AlgorithmSHA512: "1234567890123456789012345678901234567890123456789012345678901234",
	}
	vectors := []struct {
		unix int64
		want map[otp.Algorithm]string
	}{
		{59, map[otp.Algorithm]string{otp.AlgorithmSHA1: "94287082", otp.AlgorithmSHA256: "46119246", otp.AlgorithmSHA512: "90693936"}},
		{1111111109, map[otp.Algorithm]string{otp.AlgorithmSHA1: "07081804", otp.AlgorithmSHA256: "68084774", otp.AlgorithmSHA512: "25091201"}},
		{1111111111, map[otp.Algorithm]string{otp.AlgorithmSHA1: "14050471", otp.AlgorithmSHA256: "67062674", otp.AlgorithmSHA512: "99943326"}},
		{1234567890, map[otp.Algorithm]string{otp.AlgorithmSHA1: "89005924", otp.AlgorithmSHA256: "91819424", otp.AlgorithmSHA512: "93441116"}},
		{2000000000, map[otp.Algorithm]string{otp.AlgorithmSHA1: "69279037", otp.AlgorithmSHA256: "90698825", otp.AlgorithmSHA512: "38618901"}},
		{20000000000, map[otp.Algorithm]string{otp.AlgorithmSHA1: "65353130", otp.AlgorithmSHA256: "77737706", otp.AlgorithmSHA512: "47863826"}},
	}
	for _, v := range vectors {
		for alg, want := range v.want {
			secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(seeds[alg]))
			opts := totpOpts(otp.DigitsEight, alg)
			now := time.Unix(v.unix, 0).UTC()
			got, err := totp.GenerateCodeCustom(secret, now, opts)
			if err != nil || got != want {
				t.Errorf("%s at %d: got %q (%v), want %q", alg, v.unix, got, err, want)
			}
			if step, ok := matchTOTP(secret, want, now, opts); !ok || step != v.unix/totpPeriod {
				t.Errorf("%s at %d: matchTOTP = %d, %v; want step %d", alg, v.unix, step, ok, v.unix/totpPeriod)
			}
		}
	}
}

// TestTOTPSkew accepts the codes of one step either side of now and refuses two steps away.
func TestTOTPSkew(t *testing.T) {
	key, err := newTOTPKey("Folio", "a@example.com")
	if err != nil {
		t.Fatal(err)
	}
	opts := totpOpts(totpDigits, otp.AlgorithmSHA1)
	now := time.Unix(1_800_000_015, 0)
	for skew, accept := range map[int]bool{-2: false, -1: true, 0: true, 1: true, 2: false} {
		at := now.Add(time.Duration(skew) * totpPeriod * time.Second)
		code, err := totp.GenerateCodeCustom(key.Secret(), at, opts)
		if err != nil {
			t.Fatal(err)
		}
		step, ok := matchTOTP(key.Secret(), code, now, opts)
		if ok != accept {
			t.Errorf("skew %d: accepted = %v, want %v", skew, ok, accept)
		}
		if ok && step != at.Unix()/totpPeriod {
			t.Errorf("skew %d: step %d, want %d", skew, step, at.Unix()/totpPeriod)
		}
	}
}

func TestNormalizeCode(t *testing.T) {
	for in, ok := range map[string]bool{"123456": true, "123 456": true, "123-456": true, "12345": false, "1234567": false, "12a456": false, "": false, "１２３４５６": false} {
		if _, got := normalizeCode(in, 6); got != ok {
			t.Errorf("normalizeCode(%q) ok = %v, want %v", in, got, ok)
		}
	}
}

func TestSealOpenRotation(t *testing.T) {
	oldKey, newKey := "old-key-0123456789-0123456789-0123", "new-key-0123456789-0123456789-0123"
	sealed, err := seal([]string{oldKey}, []byte("JBSWY3DPEHPK3PXP"), []byte("user1"))
	if err != nil {
		t.Fatal(err)
	}
	if plain, stale, err := open([]string{newKey, oldKey}, sealed, []byte("user1")); err != nil || !stale || string(plain) != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("open with rotated keys = %q, %v, %v", plain, stale, err)
	}
	if _, _, err := open([]string{newKey}, sealed, []byte("user1")); err != errUnknownKey {
		t.Fatalf("open without the old key: err = %v, want errUnknownKey", err)
	}
	if _, _, err := open([]string{oldKey}, sealed, []byte("user2")); err == nil {
		t.Fatal("a secret sealed for user1 opened for user2")
	}
	if _, _, err := open(nil, sealed, []byte("user1")); err != errNoKey {
		t.Fatalf("open without keys: err = %v, want errNoKey", err)
	}
}

// FuzzSecondStepInputs feeds arbitrary client input to what parses it before any check: the
// code normalizer, the recovery-code normalizer and the sealed-secret reader. None may panic, a
// code that passes is exactly six ASCII digits, and a stored value that is not a sealed secret
// never opens.
func FuzzSecondStepInputs(f *testing.F) {
	keys := []string{"fuzz-key-0123456789-0123456789-0123456789"}
	sealed, _ := seal(keys, []byte("JBSWY3DPEHPK3PXP"), []byte("u"))
	for _, s := range []string{"123456", "123 456", "abcde-fghjk", sealed, "v1..", "v1.deadbeef.AAAA", "", "１２３４５６"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if code, ok := normalizeCode(in, 6); ok {
			if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
				t.Fatalf("normalizeCode(%q) passed %q", in, code)
			}
		}
		_ = recoveryCodeInput(in)
		if plain, _, err := open(keys, in, []byte("u")); err == nil && in != sealed && string(plain) != "JBSWY3DPEHPK3PXP" {
			t.Fatalf("open(%q) gave %q", in, plain)
		}
	})
}
