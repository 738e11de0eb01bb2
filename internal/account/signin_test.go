package account_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// The throttle's numbers, from signInRules in account.go: five attempts per
// address and account together, thirty per address, a hundred per account
// over all addresses, in windows of fifteen minutes (an hour for the
// account). A sign-in that succeeds gives its attempt back.
const (
	pairLimit    = 5
	addressLimit = 30
	accountLimit = 100
	window       = 15 * time.Minute
)

func TestPasswordLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		u := e.user("Karin@Example.org", actor.RoleMember, goodPassword)
		e.user("nopassword@example.org", actor.RoleMember, "")
		tests := []struct {
			name, email, password string
			code                  apperr.Code
			field                 string
		}{
			{"right password", "Karin@Example.org", goodPassword, "", ""},
			{"e-mail in another case", " karin@example.ORG ", goodPassword, "", ""},
			{"wrong password", "karin@example.org", goodPassword + "!", apperr.Unauthorized, "password"},
			{"password in another case", "karin@example.org", strings.ToUpper(goodPassword), apperr.Unauthorized, "password"},
			{"unknown account", "nobody@example.org", goodPassword, apperr.Unauthorized, "password"},
			{"account without password", "nopassword@example.org", "", apperr.Unauthorized, "password"},
			{"no e-mail", "", goodPassword, apperr.Invalid, "email"},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				// Each case from its own address, so that failures do not add up
				// to the address limit.
				ip := fmt.Sprintf("192.0.2.%d", i+10)
				s, err := e.acc.Login(ctx, tt.email, tt.password, ip, "test-agent")
				checkErr(t, err, tt.code, tt.field)
				if tt.code != "" {
					if s.Token != "" {
						t.Error("a refused login returned a session")
					}
					return
				}
				if s.UserID != u.ID || !s.ExpiresAt.Equal(e.clock.Now().Add(account.SessionTTL)) {
					t.Errorf("session = %s until %v, want %s until %v", s.UserID, s.ExpiresAt, u.ID, e.clock.Now().Add(account.SessionTTL))
				}
				a, err := e.acc.SessionActor(ctx, s.Token, ip)
				if err != nil || a.UserID != u.ID || a.Email != u.Email || a.IP != ip {
					t.Errorf("SessionActor = %+v, %v; want user %s from %s", a, err, u.ID, ip)
				}
			})
		}
	})
}

func TestSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		u := e.user("karin@example.org", actor.RoleMember, goodPassword)
		login := func() string {
			s, err := e.acc.Login(ctx, u.Email, goodPassword, "192.0.2.1", "")
			if err != nil {
				t.Fatal(err)
			}
			return s.Token
		}
		signedIn := func(token string) bool {
			a, err := e.acc.SessionActor(ctx, token, "192.0.2.1")
			if err != nil {
				t.Fatal(err)
			}
			return a.UserID == u.ID
		}
		t.Run("unknown token is anonymous", func(t *testing.T) {
			for _, tok := range []string{"", "not-a-session", "svk_" + strings.Repeat("a", 43)} {
				if signedIn(tok) {
					t.Errorf("SessionActor(%q) signed in", tok)
				}
			}
		})
		t.Run("logout ends one session", func(t *testing.T) {
			one, two := login(), login()
			if err := e.acc.Logout(ctx, one); err != nil {
				t.Fatal(err)
			}
			if got := []bool{signedIn(one), signedIn(two)}; got[0] || !got[1] {
				t.Errorf("after logout: signed in = %v, want [false true]", got)
			}
		})
		t.Run("logout everywhere ends every session", func(t *testing.T) {
			one, two := login(), login()
			if err := e.acc.LogoutEverywhere(ctx, e.actor(u)); err != nil {
				t.Fatal(err)
			}
			if signedIn(one) || signedIn(two) {
				t.Error("a session survived LogoutEverywhere")
			}
			if !hasEntry(e.audit("user", u.ID), "user.logout_all", nil) {
				t.Error("no user.logout_all audit entry")
			}
		})
		t.Run("session expires", func(t *testing.T) {
			tok := login()
			e.clock.Advance(account.SessionTTL - time.Second)
			if !signedIn(tok) {
				t.Fatal("session ended before its time")
			}
			e.clock.Advance(2 * time.Second)
			if signedIn(tok) {
				t.Error("session outlived SessionTTL")
			}
		})
		t.Run("disabled user is anonymous", func(t *testing.T) {
			tok := login()
			if _, err := d.Exec(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, true, u.ID); err != nil {
				t.Fatal(err)
			}
			if signedIn(tok) {
				t.Error("a disabled user's session still signs in")
			}
			_, err := e.acc.Login(ctx, u.Email, goodPassword, "192.0.2.99", "")
			checkErr(t, err, apperr.Unauthorized, "password")
		})
	})
}

func TestLoginThrottle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		for _, u := range []string{"a1", "a2", "a3", "a4", "a5"} {
			e.user(u+"@example.org", actor.RoleMember, goodPassword)
		}
		// Each scenario has its own accounts and addresses, so that their
		// failures do not add up; the one that moves the clock comes last.
		scenarios := []struct {
			name  string
			steps []attempt
		}{
			{"address and account limit", concat(
				fail(pairLimit-1, "a1@example.org", "192.0.2.1"),
				[]attempt{{"a1@example.org", "192.0.2.1", true, 0, ""}}, // below the limit, and given back
				fail(1, "a1@example.org", "192.0.2.1"),
				[]attempt{
					{"a1@example.org", "192.0.2.1", true, 0, apperr.RateLimited},  // even the right password
					{"a1@example.org", "192.0.2.1", false, 0, apperr.RateLimited}, // not told whether it was right
					{"a1@example.org", "192.0.2.2", true, 0, ""},                  // the owner elsewhere is not locked out
					{"a4@example.org", "192.0.2.1", true, 0, ""},                  // other accounts are not touched
				})},
			{"the limit ignores case", concat(
				fail(pairLimit, "A2@EXAMPLE.ORG", "192.0.2.3"),
				[]attempt{{" a2@example.org", "192.0.2.3", true, 0, apperr.RateLimited}})},
			{"account limit over many addresses", concat(
				spread(accountLimit, "a3@example.org"),
				[]attempt{{"a3@example.org", "192.0.2.5", true, 0, apperr.RateLimited}})},
			{"address limit", concat(
				addressFailures(addressLimit-1, "192.0.2.6"),
				[]attempt{{"a5@example.org", "192.0.2.6", true, 0, ""}}, // below the limit
				addressFailures(1, "192.0.2.6"),
				[]attempt{
					{"a5@example.org", "192.0.2.6", true, 0, apperr.RateLimited}, // every account from there
					{"a5@example.org", "192.0.2.7", true, 0, ""},                 // other addresses are not touched
				})},
			// Windows slide: the hits of the window before still count in
			// proportion to its overlap with the last fifteen minutes, so a
			// lock-out ends between one and two windows after it began.
			{"window", []attempt{
				{"a1@example.org", "192.0.2.1", true, window - time.Second, apperr.RateLimited}, // within the window
				{"a1@example.org", "192.0.2.1", true, 2 * time.Second, apperr.RateLimited},      // just after: the last one still weighs
				{"a1@example.org", "192.0.2.1", true, window, ""},                               // a window later, free
				{"a5@example.org", "192.0.2.6", true, 0, ""},
			}},
		}
		for _, sc := range scenarios {
			t.Run(sc.name, func(t *testing.T) {
				for i, at := range sc.steps {
					e.clock.Advance(at.after)
					pw := "wrong password!"
					if at.right {
						pw = goodPassword
					}
					_, err := e.acc.Login(ctx, at.email, pw, at.ip, "")
					if got := apperr.CodeOf(err); got != at.code {
						t.Fatalf("step %d (%s from %s, right password %v): %q, want %q", i+1, at.email, at.ip, at.right, got, at.code)
					}
					if at.code == apperr.RateLimited {
						checkErr(t, err, apperr.RateLimited, "email")
						if got := apperr.As(err).Key; got != "error.rate_limited" {
							t.Errorf("key = %q, want error.rate_limited", got)
						}
						if got := apperr.Status(apperr.CodeOf(err)); got != 429 {
							t.Errorf("status = %d, want 429", got)
						}
					}
				}
			})
		}
	})
}

// attempt is one sign-in: who, from where, with the right password or
// not, after moving the clock by how much, and the code it should meet.
type attempt struct {
	email, ip string
	right     bool
	after     time.Duration
	code      apperr.Code
}

func concat(parts ...[]attempt) []attempt { return slices.Concat(parts...) }

// fail is n wrong passwords for one account from one address.
func fail(n int, email, ip string) []attempt {
	var out []attempt
	for range n {
		out = append(out, attempt{email, ip, false, 0, apperr.Unauthorized})
	}
	return out
}

// spread is n wrong passwords for one account, each from its own address.
func spread(n int, email string) []attempt {
	var out []attempt
	for i := range n {
		out = append(out, attempt{email, fmt.Sprintf("198.51.100.%d", i+1), false, 0, apperr.Unauthorized})
	}
	return out
}

// addressFailures is n wrong passwords from one address, spread over
// unknown accounts so that no account reaches its own limit.
func addressFailures(n int, ip string) []attempt {
	var out []attempt
	for i := range n {
		out = append(out, attempt{fmt.Sprintf("guess%d-%s@example.org", i, ip), ip, false, 0, apperr.Unauthorized})
	}
	return out
}

func TestLoginLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		u := e.user("link@example.org", actor.RoleMember, "")
		newLink := func(t *testing.T) string {
			link, err := e.acc.CreateLoginLink(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			tok, ok := strings.CutPrefix(link, "https://samverkan.test/login/link/")
			if !ok {
				t.Fatalf("link %q is not under the base URL's /login/link/", link)
			}
			return tok
		}
		use := func(tok string) (account.Session, error) { return e.acc.UseLoginLink(ctx, tok, "192.0.2.1", "") }
		tests := []struct {
			name string
			// uses are the clock moves before each use; wants their outcomes.
			uses  []time.Duration
			wants []apperr.Code
		}{
			{"single use", []time.Duration{0, 0}, []apperr.Code{"", apperr.Unauthorized}},
			{"just before the TTL", []time.Duration{account.LoginLinkTTL - time.Second}, []apperr.Code{""}},
			{"expired after the TTL", []time.Duration{account.LoginLinkTTL + time.Second}, []apperr.Code{apperr.Unauthorized}},
			{"dead exactly at the TTL", []time.Duration{account.LoginLinkTTL}, []apperr.Code{apperr.Unauthorized}},
			{"a used link stays used", []time.Duration{0, time.Minute, time.Minute}, []apperr.Code{"", apperr.Unauthorized, apperr.Unauthorized}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tok := newLink(t)
				start := e.clock.Now()
				for i, move := range tt.uses {
					e.clock.Advance(move)
					s, err := use(tok)
					if got := apperr.CodeOf(err); got != tt.wants[i] {
						t.Fatalf("use %d: %q (%v), want %q", i+1, got, err, tt.wants[i])
					}
					if err != nil {
						if k := apperr.As(err).Key; k != "error.link_invalid" {
							t.Errorf("key = %q, want error.link_invalid", k)
						}
						continue
					}
					a, err := e.acc.SessionActor(ctx, s.Token, "192.0.2.1")
					if err != nil || a.UserID != u.ID {
						t.Errorf("the link's session is %+v, %v; want user %s", a, err, u.ID)
					}
				}
				e.clock.Advance(start.Sub(e.clock.Now()))
			})
		}
		t.Run("unknown token", func(t *testing.T) {
			_, err := use("no-such-token")
			checkErr(t, err, apperr.Unauthorized, "")
		})
	})
}
