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
		// wrong ones are checked, the rest are refused unread. The right one
		// gives its hit back (the owner is not punished for signing in), so
		// one more may be checked after it: never a sixth wrong guess.
		codes := parallel(19, func(i int) int {
			pw := "gissning-" + string(rune('a'+i))
			if i == 9 {
				pw = "ett-långt-lösenord"
			}
			return e.postFrom(attacker, "", "/login", url.Values{"email": {"owner@example.org"}, "password": {pw}})
		})
		got := tally(codes)
		checked := got[http.StatusUnauthorized] + got[http.StatusSeeOther]
		if got[http.StatusUnauthorized] > 5 || checked > 6 || got[http.StatusTooManyRequests] < 13 {
			t.Errorf("19 parallel sign-ins: %v; want at most 5 wrong guesses checked, the rest 429", got)
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

// TestInvitationsAreCappedAndSayWhoSentThem: an account cannot make the
// server mail strangers in bulk, and the mail names the inviter with their
// address and where to report abuse.
func TestInvitationsAreCappedAndSayWhoSentThem(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("spam@example.org", "member"))
		// A name with a line break would put a header into the subject.
		if st, body := e.api("POST", "/api/v1/organisations", tok, validOrg("Klubben\r\nBcc: x@example.org")); st != http.StatusBadRequest || field(body) != "name" {
			t.Errorf("name with CR LF: %d %v, want 400 on name", st, body)
		}
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Klubben"))
		id := o["id"].(string)
		codes := parallel(14, func(i int) int {
			st, _ := e.api("POST", "/api/v1/organisations/"+id+"/invitations", tok, map[string]any{"email": "stranger" + string(rune('a'+i)) + "@example.org", "role": "editor"})
			return st
		})
		if got := tally(codes); got[http.StatusCreated] != 10 || got[http.StatusTooManyRequests] != 4 {
			t.Errorf("14 parallel invitations: %v, want 10 created and 4 refused", got)
		}
		var body string
		if err := d.QueryRow(t.Context(), `SELECT body FROM outbox WHERE to_addr LIKE ? ORDER BY id LIMIT 1`, "stranger%").Scan(&body); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, "(spam@example.org)") || !strings.Contains(body, "test@example.org") {
			t.Errorf("invitation mail does not name the inviter's address and where to report abuse:\n%s", body)
		}
	})
}

func field(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	f, _ := e["field"].(string)
	return f
}

// TestLanguageChoiceByGETStoresNothing: the switcher's ?lang= shows the
// page in that language on this device, but only the account form changes
// the stored preference (a cross-site link could otherwise rewrite it).
func TestLanguageChoiceByGETStoresNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.user("lang@example.org", "member")
		b := e.browser(&u)
		before := e.count("audit_log")
		if _, page := b.get("/organisations?lang=en"); !strings.Contains(page, `<html lang="en"`) {
			t.Error("?lang=en not shown in English")
		}
		if _, page := b.get("/organisations"); !strings.Contains(page, `<html lang="en"`) {
			t.Error("the device's choice is not remembered")
		}
		got, _ := e.accounts.FindUserByID(t.Context(), u.ID)
		if got.Lang != "sv" || e.count("audit_log") != before {
			t.Errorf("a GET changed the stored language to %q (audit %d → %d)", got.Lang, before, e.count("audit_log"))
		}
		if st, _ := b.post("/account", url.Values{"name": {"Lang"}, "lang": {"ar"}}); st != http.StatusSeeOther {
			t.Fatalf("account form: %d", st)
		}
		if got, _ = e.accounts.FindUserByID(t.Context(), u.ID); got.Lang != "ar" {
			t.Errorf("the account form did not store the language: %q", got.Lang)
		}
	})
}

// TestPasswordChangeNeedsTheOldOneAndEndsOtherSessions.
func TestPasswordChangeNeedsTheOldOneAndEndsOtherSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := e.accounts.CreateUser(t.Context(), actor.System("t"), account.NewUser{Email: "pw2@example.org", Name: "Pw", Password: "ett-långt-lösenord"}); err != nil {
			t.Fatal(err)
		}
		u, _ := e.accounts.FindUserByEmail(t.Context(), "pw2@example.org")
		here, elsewhere := e.browser(&u), e.browser(&u)
		change := url.Values{"name": {"Pw"}, "lang": {"sv"}, "password": {"ett-nytt-långt-lösenord"}}
		if st, page := here.post("/account", change); st != http.StatusBadRequest || !strings.Contains(page, `id="current_password" name="current_password" autocomplete="current-password" aria-invalid="true"`) {
			t.Errorf("change without the current password: %d", st)
		}
		change.Set("current_password", "fel")
		if st, _ := here.post("/account", change); st != http.StatusBadRequest {
			t.Errorf("change with a wrong current password: %d", st)
		}
		change.Set("current_password", "ett-långt-lösenord")
		if st, _ := here.post("/account", change); st != http.StatusSeeOther {
			t.Fatalf("change: %d", st)
		}
		if st, _ := here.get("/account"); st != http.StatusOK {
			t.Errorf("the session that changed the password was signed out: %d", st)
		}
		if st, _ := elsewhere.get("/account"); st != http.StatusSeeOther {
			t.Errorf("another session survived the password change: %d", st)
		}
	})
}
