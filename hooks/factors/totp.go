package factors

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters: what every authenticator app understands (RFC 6238 defaults).
const (
	totpPeriod = 30
	totpDigits = otp.DigitsSix
	totpSkew   = 1 // time steps accepted on either side of now
)

// totpOpts are the options codes are made and checked with.
func totpOpts(digits otp.Digits, alg otp.Algorithm) totp.ValidateOpts {
	return totp.ValidateOpts{Period: totpPeriod, Digits: digits, Algorithm: alg}
}

// newTOTPKey makes a fresh secret for account at issuer.
func newTOTPKey(issuer, account string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: totpPeriod,
		SecretSize: 20, Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
}

// qrDataURL renders key's otpauth:// URI as a PNG data URL for an <img>.
func qrDataURL(key *otp.Key) (string, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()), nil
}

// normalizeCode strips the spaces and dashes people type; ok is false unless what is left is
// exactly digits digits.
func normalizeCode(code string, digits int) (string, bool) {
	code = strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(code)
	if len(code) != digits {
		return code, false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return code, false
		}
	}
	return code, true
}

// matchTOTP returns the time step, within ±totpSkew of now, whose code is code; ok is false
// when none is. Every candidate is compared, in constant time, so the timing tells nothing.
func matchTOTP(secret, code string, now time.Time, opts totp.ValidateOpts) (step int64, ok bool) {
	for skew := -totpSkew; skew <= totpSkew; skew++ {
		at := now.Add(time.Duration(skew) * totpPeriod * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, opts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && !ok {
			step, ok = at.Unix()/totpPeriod, true
		}
	}
	return step, ok
}
