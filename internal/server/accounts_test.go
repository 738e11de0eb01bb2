package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestPasswordLoginAndThrottle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		if _, err := e.accounts.CreateUser(ctx, actor.System("t"), account.NewUser{Email: "pw@example.org", Name: "Pw", Password: "qwertyuiop"}); err == nil {
			t.Error("a common password was accepted")
		}
		if _, err := e.accounts.CreateUser(ctx, actor.System("t"), account.NewUser{Email: "pw@example.org", Name: "Pw", Password: "short"}); err == nil {
			t.Error("a short password was accepted")
		}
		if _, err := e.accounts.CreateUser(ctx, actor.System("t"), account.NewUser{Email: "Pw@Example.org", Name: "Pw", Password: "lagom-långt-lösen"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.accounts.CreateUser(ctx, actor.System("t"), account.NewUser{Email: "pw@example.org", Name: "Dup"}); err == nil {
			t.Error("the same e-mail in other case made a second account")
		}
		b := e.browser(nil)
		if st, body := b.post("/login", url.Values{"email": {"pw@example.org"}, "password": {"fel-lösenord"}}); st != http.StatusUnauthorized || !strings.Contains(body, "Fel e-postadress eller lösenord") {
			t.Errorf("wrong password: %d", st)
		}
		st, _, h := b.postH("/login", url.Values{"email": {"PW@example.org"}, "password": {"lagom-långt-lösen"}, "next": {"/account"}})
		if st != http.StatusSeeOther || h.Get("Location") != "/account" {
			t.Fatalf("login: %d %s", st, h.Get("Location"))
		}
		c := h.Get("Set-Cookie")
		for _, want := range []string{"HttpOnly", "SameSite=Lax"} {
			if !strings.Contains(c, want) {
				t.Errorf("session cookie %q lacks %s", c, want)
			}
		}
		if st, body := b.get("/account"); st != 200 || !strings.Contains(body, "Pw@Example.org") {
			t.Errorf("account page after login: %d", st)
		}
		// An open redirect through next= is not possible.
		_, _, h = e.browser(nil).postH("/login", url.Values{"email": {"pw@example.org"}, "password": {"lagom-långt-lösen"}, "next": {"//evil.example/"}})
		if h.Get("Location") != "/" {
			t.Errorf("next=//evil.example redirected to %q", h.Get("Location"))
		}
		// Five failures lock the account for a while, even for the right password.
		attacker := e.browser(nil)
		for i := 0; i < 5; i++ {
			attacker.post("/login", url.Values{"email": {"pw@example.org"}, "password": {"gissning-" + string(rune('a'+i))}})
		}
		if st, body := attacker.post("/login", url.Values{"email": {"pw@example.org"}, "password": {"lagom-långt-lösen"}}); st != http.StatusTooManyRequests || !strings.Contains(body, "För många försök") {
			t.Errorf("after five failures: %d, want 429", st)
		}
	})
}

func TestLoginLinkIsSingleUseAndExpires(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.user("link@example.org", "member")
		b := e.browser(nil)
		if st, _ := b.post("/login/link", url.Values{"email": {"LINK@example.org"}}); st != http.StatusSeeOther {
			t.Fatalf("request link: %d", st)
		}
		// Unknown addresses get the same answer and no mail.
		if st, _ := b.post("/login/link", url.Values{"email": {"nobody@example.org"}}); st != http.StatusSeeOther {
			t.Errorf("unknown address: %d", st)
		}
		if n := e.count("outbox"); n != 1 {
			t.Errorf("outbox has %d mails, want 1", n)
		}
		link := e.outboxLink("link@example.org", "/login/link/")
		if st, body := b.get(link); st != 200 || !strings.Contains(body, `method="post"`) {
			t.Errorf("GET of the link must not sign in, only show a button: %d", st)
		}
		if st, _ := b.post(link, nil); st != http.StatusSeeOther {
			t.Fatalf("use link: %d", st)
		}
		if st, _ := e.browser(nil).post(link, nil); st != http.StatusUnauthorized {
			t.Errorf("second use: %d, want 401", st)
		}
		// A link older than its lifetime does not work.
		old, err := e.accounts.CreateLoginLink(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		real := e.accounts.Now
		e.accounts.Now = func() time.Time { return real().Add(account.LoginLinkTTL + time.Minute) }
		defer func() { e.accounts.Now = real }()
		if st, _ := e.browser(nil).post(strings.TrimPrefix(old, e.srv.URL), nil); st != http.StatusUnauthorized {
			t.Errorf("expired link: %d, want 401", st)
		}
	})
}

func TestLogoutEverywhereAndTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.user("me@example.org", "member")
		phone, laptop := e.browser(&u), e.browser(&u)
		if st, body := laptop.post("/account/tokens", url.Values{"token_name": {"kalender-synk"}}); st != http.StatusCreated || !strings.Contains(body, "svk_") {
			t.Fatalf("create token: %d", st)
		} else {
			tok := body[strings.Index(body, "svk_"):]
			tok = tok[:strings.Index(tok, "<")]
			if st, me := e.api("GET", "/api/v1/me", tok, nil); st != 200 || me["user"].(map[string]any)["email"] != "me@example.org" {
				t.Errorf("token works: %d", st)
			}
			if st, body := laptop.get("/account"); st != 200 || strings.Contains(body, tok) || strings.Contains(body, "Aldrig") {
				t.Error("account page shows the secret again or no last-used time")
			}
			toks, _ := e.accounts.FindTokens(context.Background(), actor.Actor{UserID: u.ID})
			if st, _ := laptop.post("/account/tokens/"+toks[0].ID+"/revoke", nil); st != http.StatusSeeOther {
				t.Errorf("revoke: %d", st)
			}
			if st, _ := e.api("GET", "/api/v1/me", tok, nil); st != 401 {
				t.Errorf("revoked token: %d, want 401", st)
			}
		}
		if st, _ := phone.post("/logout/all", nil); st != http.StatusSeeOther {
			t.Fatalf("logout everywhere: %d", st)
		}
		if _, body := laptop.get("/"); strings.Contains(body, "/logout") {
			t.Error("the other session survived logout everywhere")
		}
	})
}

func TestAuditLogRecordsChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		admin := e.user("admin@example.org", "admin")
		coord := e.user("coord@example.org", "coordinator")
		member := e.user("member@example.org", "member")
		ta, tm := e.token(admin), e.token(member)
		_, o := e.api("POST", "/api/v1/organisations", tm, validOrg("Kurdiska föreningen"))
		id := o["id"].(string)
		e.api("PATCH", "/api/v1/organisations/"+id, tm, map[string]any{"phone": "0492-123 45"})
		e.api("PUT", "/api/v1/organisations/"+id+"/verified", ta, map[string]any{"verified": true})
		e.api("POST", "/api/v1/organisations/"+id+"/invitations", tm, map[string]any{"email": "ny@example.org", "role": "editor"})
		ab := e.browser(&admin)
		ab.post("/admin/users/"+member.ID+"/role", url.Values{"role": {"coordinator"}})

		st, log := e.api("GET", "/api/v1/audit?limit=100", e.token(coord), nil)
		if st != 200 {
			t.Fatalf("audit: %d", st)
		}
		got := map[string]bool{}
		for _, it := range log["items"].([]any) {
			m := it.(map[string]any)
			got[m["action"].(string)] = true
			if m["actor"] == "" || m["at"] == "" {
				t.Errorf("entry without actor or time: %v", m)
			}
		}
		for _, want := range []string{"user.create", "token.create", "organisation.create", "membership.set", "organisation.update", "organisation.verify", "invitation.create", "user.role"} {
			if !got[want] {
				t.Errorf("audit log lacks %s (has %v)", want, got)
			}
		}
		// Filtered by entity, with the address the change came from.
		_, hist := e.api("GET", "/api/v1/audit?entity_type=organisation&entity_id="+id, ta, nil)
		items := hist["items"].([]any)
		if len(items) < 4 || items[0].(map[string]any)["ip"] != "127.0.0.1" {
			t.Errorf("organisation history: %v", items)
		}
		if st, body := e.browser(&coord).get("/admin/audit"); st != 200 || !strings.Contains(body, "organisation.verify") {
			t.Errorf("coordinator audit page: %d", st)
		}
		if st, _ := e.browser(&member).get("/admin/outbox"); st != http.StatusForbidden {
			t.Errorf("outbox for non-admin: %d, want 403", st)
		}
		if st, body := ab.get("/admin/outbox"); st != 200 || !strings.Contains(body, "ny@example.org") {
			t.Errorf("admin outbox: %d", st)
		}
		if st, _ := e.browser(nil).get("/admin/audit"); st != http.StatusSeeOther {
			t.Errorf("anonymous audit page: %d, want redirect to login", st)
		}
	})
}
