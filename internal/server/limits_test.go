package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
)

// postFrom submits a same-origin form as a client behind one trusted proxy
// that appended addr to X-Forwarded-For; forged is what the client itself
// put there first.
func (e *testEnv) postFrom(addr, forged, path string, form url.Values) int {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.srv.URL)
	xff := addr
	if forged != "" {
		xff = forged + ", " + addr
	}
	req.Header.Set("X-Forwarded-For", xff)
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func parallel(n int, f func(i int) int) []int {
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			codes[i] = f(i)
		}(i)
	}
	wg.Wait()
	return codes
}

func tally(codes []int) map[int]int {
	m := map[int]int{}
	for _, c := range codes {
		m[c]++
	}
	return m
}

// TestSignInLimitsHoldInParallel: the limit is counted and checked in one
// step, so parallel guesses cannot pass it; the guesser is throttled per
// address and account, not the account's owner elsewhere; and a client
// cannot choose its address by writing X-Forwarded-For itself.
func TestSignInLimitsHoldInParallel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		if _, err := e.accounts.CreateUser(t.Context(), actor.System("t"), account.NewUser{Email: "owner@example.org", Name: "Owner",
			Role: actor.RoleMember, Password: "ett-långt-lösenord"}); err != nil {
			t.Fatal(err)
		}
		const attacker = "203.0.113.7"
		// 19 guesses at once, the right password among them: at most five
		// are checked, the rest are refused unread.
		codes := parallel(19, func(i int) int {
			pw := "gissning-" + string(rune('a'+i))
			if i == 9 {
				pw = "ett-långt-lösenord"
			}
			return e.postFrom(attacker, "", "/login", url.Values{"email": {"owner@example.org"}, "password": {pw}})
		})
		got := tally(codes)
		checked := got[http.StatusUnauthorized] + got[http.StatusSeeOther]
		if checked > 5 || got[http.StatusTooManyRequests] < 14 {
			t.Errorf("19 parallel sign-ins: %v; want at most 5 checked, the rest 429", got)
		}
		// Forging X-Forwarded-For does not give the attacker a new address.
		if st := e.postFrom(attacker, "198.51.100.99", "/login", url.Values{"email": {"owner@example.org"}, "password": {"ett-långt-lösenord"}}); st != http.StatusTooManyRequests {
			t.Errorf("forged X-Forwarded-For: %d, want 429", st)
		}
		// The owner, from home, is not locked out by the guesses.
		if st := e.postFrom("192.0.2.10", "", "/login", url.Values{"email": {"owner@example.org"}, "password": {"ett-långt-lösenord"}}); st != http.StatusSeeOther {
			t.Errorf("owner from another address: %d, want 303", st)
		}
		// A right password does not use up the owner's attempts.
		for i := 0; i < 8; i++ {
			if st := e.postFrom("192.0.2.11", "", "/login", url.Values{"email": {"owner@example.org"}, "password": {"ett-långt-lösenord"}}); st != http.StatusSeeOther {
				t.Fatalf("sign-in %d of the owner: %d", i+1, st)
			}
		}
	})
}

// TestSignInLinkMailIsCapped: 60 parallel requests for a sign-in link to
// one address queue at most five mails.
func TestSignInLinkMailIsCapped(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		e.user("link@example.org", "member")
		codes := parallel(60, func(i int) int {
			return e.postFrom("203.0.113."+string(rune('1'+i%9)), "", "/login/link", url.Values{"email": {"link@example.org"}})
		})
		var mails int
		if err := d.QueryRow(t.Context(), `SELECT COUNT(*) FROM outbox WHERE to_addr = ?`, "link@example.org").Scan(&mails); err != nil {
			t.Fatal(err)
		}
		if mails != 5 {
			t.Errorf("60 parallel link requests queued %d mails (codes %v), want 5", mails, tally(codes))
		}
	})
}
