package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/web"
)

// oidcEnv is a server whose staff sign in through a local OpenID Connect
// provider started for the test (mockoidc: discovery, JWKS, signed ID
// tokens, PKCE), so the whole flow runs over HTTP as in production.
func oidcEnv(t *testing.T, d *db.DB) (*testEnv, *mockoidc.MockOIDC) {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	cfg := m.Config()
	e := newEnvWith(t, d, func(deps *server.Deps) {
		deps.OIDC = web.OIDC{Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Label: "Testkommun",
			Domains: account.DomainRoles{"kommun.example.org": actor.RoleCoordinator, "example.org": actor.RoleMember}}
	})
	return e, m
}

// oidcSignIn walks the browser through the provider and back: our start
// page, the provider's authorize endpoint (which signs in the queued user
// at once), our callback. It returns the callback's status and body, and
// where it redirected.
func oidcSignIn(b *browser, m *mockoidc.MockOIDC, user *mockoidc.MockUser, next string) (int, string, string) {
	b.e.t.Helper()
	if user != nil {
		m.QueueUser(user)
	}
	st, _, h := b.do(mustReq(b.e.t, b.e.srv.URL+"/login/oidc?next="+url.QueryEscape(next)))
	if st != http.StatusFound || !strings.HasPrefix(h.Get("Location"), m.Issuer()) {
		b.e.t.Fatalf("start: status %d, location %q", st, h.Get("Location"))
	}
	st, _, h = b.do(mustReq(b.e.t, h.Get("Location")))
	if st != http.StatusFound || !strings.HasPrefix(h.Get("Location"), b.e.srv.URL+"/login/oidc/callback") {
		b.e.t.Fatalf("provider: status %d, location %q", st, h.Get("Location"))
	}
	st, body, h := b.do(mustReq(b.e.t, h.Get("Location")))
	return st, body, h.Get("Location")
}

func mustReq(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestOIDCSignIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, m := oidcEnv(t, d)
		ctx := context.Background()
		existing := e.user("Anna.Berg@kommun.example.org", actor.RoleMember)
		disabled := e.user("gone@kommun.example.org", actor.RoleMember)
		if _, err := d.Exec(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, true, disabled.ID); err != nil {
			t.Fatal(err)
		}

		// The sign-in page offers the provider by its name, as a link (a
		// form's redirect to another origin would break form-action).
		if st, body := e.browser(nil).get("/login"); st != 200 || !strings.Contains(body, `href="/login/oidc?next=%2f"`) || !strings.Contains(body, "Logga in med Testkommun") {
			t.Fatalf("login page: %d, provider button missing\n%s", st, body)
		}

		tests := []struct {
			name     string
			user     *mockoidc.MockUser
			status   int
			message  string // on the sign-in page, when refused
			wantUser string // e-mail of the account signed in
			wantRole string
		}{
			{"new account gets its domain's role", &mockoidc.MockUser{Subject: "s-new", Email: "new.person@kommun.example.org", EmailVerified: true},
				http.StatusSeeOther, "", "new.person@kommun.example.org", actor.RoleCoordinator},
			{"other allowed domain gets member", &mockoidc.MockUser{Subject: "s-org", Email: "vol@example.org", EmailVerified: true},
				http.StatusSeeOther, "", "vol@example.org", actor.RoleMember},
			{"existing account linked by verified address, role kept", &mockoidc.MockUser{Subject: "s-anna", Email: "anna.berg@KOMMUN.example.org", EmailVerified: true},
				http.StatusSeeOther, "", "Anna.Berg@kommun.example.org", actor.RoleMember},
			{"linked subject is the same person after an address change", &mockoidc.MockUser{Subject: "s-anna", Email: "anna.b@kommun.example.org", EmailVerified: true},
				http.StatusSeeOther, "", "Anna.Berg@kommun.example.org", actor.RoleMember},
			{"unverified address is not linked", &mockoidc.MockUser{Subject: "s-unv", Email: "someone@kommun.example.org", EmailVerified: false},
				http.StatusUnauthorized, "har inte bekräftat din e-postadress", "", ""},
			{"domain not allowed", &mockoidc.MockUser{Subject: "s-out", Email: "x@elsewhere.example.com", EmailVerified: true},
				http.StatusForbidden, "Adresser på elsewhere.example.com kan inte logga in", "", ""},
			{"disabled account", &mockoidc.MockUser{Subject: "s-gone", Email: "gone@kommun.example.org", EmailVerified: true},
				http.StatusUnauthorized, "", "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				b := e.browser(nil)
				st, body, loc := oidcSignIn(b, m, tt.user, "/account")
				if st != tt.status {
					t.Fatalf("callback: status %d, want %d\n%s", st, tt.status, body)
				}
				if tt.wantUser == "" {
					if tt.message != "" && !strings.Contains(body, tt.message) {
						t.Errorf("refusal lacks %q", tt.message)
					}
					if st, _ := b.get("/account"); st != http.StatusSeeOther {
						t.Errorf("refused sign-in left a session: /account %d", st)
					}
					return
				}
				if loc != "/account" {
					t.Errorf("redirect to %q, want the next page", loc)
				}
				if st, body := b.get("/account"); st != 200 || !strings.Contains(body, tt.wantUser) {
					t.Fatalf("/account after sign-in: %d, lacks %s", st, tt.wantUser)
				}
				u, err := e.accounts.FindUserByEmail(ctx, tt.wantUser)
				if err != nil {
					t.Fatal(err)
				}
				if u.Role != tt.wantRole {
					t.Errorf("role %q, want %q", u.Role, tt.wantRole)
				}
			})
		}

		// Anna kept one account, now linked; the refused ones made none.
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM user_identities WHERE user_id = ?`, existing.ID).Scan(&n); err != nil || n != 1 {
			t.Errorf("Anna's links: %d (%v), want 1", n, err)
		}
		for _, email := range []string{"someone@kommun.example.org", "x@elsewhere.example.com"} {
			if _, err := e.accounts.FindUserByEmail(ctx, email); err == nil {
				t.Errorf("refused sign-in created an account for %s", email)
			}
		}
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'user.identity_link'`).Scan(&n); err != nil || n != 3 {
			t.Errorf("identity links audited: %d (%v), want 3", n, err)
		}
	})
}

func TestOIDCRefusesForgedAnswers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, m := oidcEnv(t, d)
		user := &mockoidc.MockUser{Subject: "s1", Email: "p@kommun.example.org", EmailVerified: true}

		// An answer this browser never asked for (login CSRF): no state cookie.
		m.QueueUser(user)
		b := e.browser(nil)
		st, _, h := b.do(mustReq(t, e.srv.URL+"/login/oidc"))
		if st != http.StatusFound {
			t.Fatalf("start: %d", st)
		}
		_, _, h = b.do(mustReq(t, h.Get("Location")))
		stranger := e.browser(nil)
		if st, body, _ := stranger.do(mustReq(t, h.Get("Location"))); st != http.StatusUnauthorized || !strings.Contains(body, "kunde inte slutföras") {
			t.Errorf("callback in another browser: %d", st)
		}

		// The right browser with the state changed.
		cb, _ := url.Parse(h.Get("Location"))
		q := cb.Query()
		q.Set("state", "forged")
		cb.RawQuery = q.Encode()
		if st, _, _ := b.do(mustReq(t, cb.String())); st != http.StatusUnauthorized {
			t.Errorf("forged state: %d", st)
		}

		// The provider says no (the person cancelled there).
		b2 := e.browser(nil)
		_, _, h = b2.do(mustReq(t, e.srv.URL+"/login/oidc"))
		start, _ := url.Parse(h.Get("Location"))
		if st, body, _ := b2.do(mustReq(t, e.srv.URL+"/login/oidc/callback?error=access_denied&state="+start.Query().Get("state"))); st != http.StatusUnauthorized || !strings.Contains(body, "avbröts") {
			t.Errorf("provider error: %d", st)
		}

		// A next page on another site is not followed.
		if _, _, loc := oidcSignIn(e.browser(nil), m, user, "https://evil.example.com/"); loc != "/" {
			t.Errorf("redirect after sign-in to %q, want /", loc)
		}
	})
}

func TestOIDCOffWithoutIssuer(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	b := e.browser(nil)
	if st, _ := b.get("/login/oidc"); st != http.StatusNotFound {
		t.Errorf("/login/oidc without a provider: %d, want 404", st)
	}
	if _, body := b.get("/login"); strings.Contains(body, "/login/oidc") {
		t.Error("sign-in page offers a provider that is not configured")
	}
}
