package account

import (
	_ "embed"
	"strings"
	"sync"

	"golang.org/x/crypto/bcrypt"

	"github.com/samverkan/samverkan/internal/apperr"
)

// MinPasswordLength follows NIST SP 800-63B's advice for user-chosen secrets
// (at least 8) with margin; bcrypt reads at most 72 bytes, so longer is refused
// rather than silently truncated.
const (
	MinPasswordLength = 10
	maxPasswordBytes  = 72
)

//go:embed common-passwords.txt
var commonPasswordsTxt string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(commonPasswordsTxt, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			m[strings.ToLower(l)] = true
		}
	}
	return m
})

// ValidatePassword checks a new password against the length rules and the
// list of common passwords.
func ValidatePassword(pw, email string) error {
	switch {
	case len([]rune(pw)) < MinPasswordLength:
		return apperr.Invalidf("password", "error.password_short", "min", MinPasswordLength)
	case len(pw) > maxPasswordBytes:
		return apperr.Invalidf("password", "error.password_long", "max", maxPasswordBytes)
	case commonPasswords()[strings.ToLower(pw)]:
		return apperr.Invalidf("password", "error.password_common")
	case email != "" && strings.EqualFold(pw, email):
		return apperr.Invalidf("password", "error.password_common")
	}
	return nil
}

// hashPassword hashes with bcrypt at the library's default cost.
func hashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if err != nil {
		return "", apperr.Wrap(err, "hash password")
	}
	return string(h), nil
}

// dummyHash is compared against when the account does not exist, so a wrong
// e-mail costs as much time as a wrong password and reveals nothing.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("not a real password at all"), bcrypt.DefaultCost)
	return h
})

func checkPassword(hash, pw string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(pw))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}
