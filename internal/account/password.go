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

// hashPassword hashes with bcrypt at the service's cost.
func (s *Service) hashPassword(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), s.cost())
	if err != nil {
		return "", apperr.Wrap(err, "hash password")
	}
	return string(h), nil
}

// cost is the bcrypt cost: the library's default unless the service was
// given another (tests use the minimum: the rules are the same, only
// slower to guess).
func (s *Service) cost() int {
	if s.PasswordCost == 0 {
		return bcrypt.DefaultCost
	}
	return s.PasswordCost
}

// dummyHashes are compared against when the account does not exist, so a
// wrong e-mail costs as much time as a wrong password and reveals nothing;
// one per cost.
var dummyHashes sync.Map

func (s *Service) checkPassword(hash, pw string) bool {
	if hash == "" {
		c := s.cost()
		d, ok := dummyHashes.Load(c)
		if !ok {
			h, _ := bcrypt.GenerateFromPassword([]byte("not a real password at all"), c)
			d, _ = dummyHashes.LoadOrStore(c, h)
		}
		_ = bcrypt.CompareHashAndPassword(d.([]byte), []byte(pw))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}
