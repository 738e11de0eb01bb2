// Package secret makes the random secrets behind one-time and private links
// (sign-in links, invitations, sessions, API tokens, confirmation links,
// registrations' manage links). Only the hash is stored: a leaked database
// holds no usable link.
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// New returns a random URL-safe secret of 256 bits and its hash for storage.
func New() (token, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, Hash(token)
}

// Hash is the stored form of a secret: SHA-256, hex. A fast hash is right
// here, unlike for passwords: the secret has 256 random bits.
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
