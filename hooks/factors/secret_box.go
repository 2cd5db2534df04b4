package factors

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
)

// errNoKey means no FOLIO_FACTOR_KEY is configured.
var errNoKey = errors.New("no factor key configured")

// errUnknownKey means a secret was sealed with a key that is no longer configured.
var errUnknownKey = errors.New("the secret was sealed with a key that is not configured")

// keyId names a key in a sealed secret without revealing it.
func keyId(k string) string {
	sum := sha256.Sum256([]byte("folio factor key id\x00" + k))
	return hex.EncodeToString(sum[:4])
}

// seal encrypts plain with the first key (AES-256-GCM), bound to aad (the owner's id, so a
// sealed secret copied onto another account does not open). The result reads
// "v1.<key id>.<base64url nonce+ciphertext>".
func seal(keys []string, plain, aad []byte) (string, error) {
	if len(keys) == 0 {
		return "", errNoKey
	}
	gcm, err := newGCM(keys[0])
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := gcm.Seal(nonce, nonce, plain, aad)
	return "v1." + keyId(keys[0]) + "." + base64.RawURLEncoding.EncodeToString(out), nil
}

// open decrypts a sealed secret with whichever configured key sealed it; stale reports that it
// was not the first key, so the caller re-seals it.
func open(keys []string, sealed string, aad []byte) (plain []byte, stale bool, err error) {
	if len(keys) == 0 {
		return nil, false, errNoKey
	}
	parts := strings.SplitN(sealed, ".", 3)
	if len(parts) != 3 || parts[0] != "v1" {
		return nil, false, errors.New("malformed sealed secret")
	}
	for i, k := range keys {
		if keyId(k) != parts[1] {
			continue
		}
		raw, err := base64.RawURLEncoding.DecodeString(parts[2])
		if err != nil {
			return nil, false, err
		}
		gcm, err := newGCM(k)
		if err != nil {
			return nil, false, err
		}
		if len(raw) < gcm.NonceSize() {
			return nil, false, errors.New("malformed sealed secret")
		}
		plain, err = gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], aad)
		return plain, i > 0, err
	}
	return nil, false, errUnknownKey
}

func newGCM(k string) (cipher.AEAD, error) {
	block, err := aes.NewCipher(keyMaterial(k))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
