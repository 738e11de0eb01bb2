package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
)

func TestMailIsInTheRecipientsLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		if _, err := e.accounts.CreateUser(ctx, actor.System("t"), account.NewUser{Email: "en@example.org", Name: "Emma", Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		owner := e.user("owner@example.org", "member") // Swedish
		_, o := e.api("POST", "/api/v1/organisations", e.token(owner), validOrg("Språkcaféet"))
		tok := e.token(owner)
		for _, to := range []string{"en@example.org", "ny@example.org"} {
			if st, body := e.api("POST", "/api/v1/organisations/"+o["id"].(string)+"/invitations", tok, map[string]any{"email": to, "role": "editor"}); st != 201 {
				t.Fatalf("invite %s: %d %v", to, st, body)
			}
		}
		b := e.browser(nil)
		b.post("/login/link", url.Values{"email": {"en@example.org"}})
		tests := []struct{ to, subject, body string }{
			{"en@example.org", "Invitation to Språkcaféet", "within 14 days"},
			{"ny@example.org", "Inbjudan till Språkcaféet", "inom 14 dagar"}, // no account: the inviter's language
		}
		for _, tt := range tests {
			var subject, body string
			if err := d.QueryRow(ctx, `SELECT subject, body FROM outbox WHERE to_addr = ? AND subject LIKE ?`, tt.to, "%Språkcaféet%").Scan(&subject, &body); err != nil {
				t.Fatalf("mail to %s: %v", tt.to, err)
			}
			if subject != tt.subject+" på samverkan" && subject != tt.subject+" on samverkan" || !strings.Contains(body, tt.body) {
				t.Errorf("mail to %s: %q / %q", tt.to, subject, body)
			}
		}
		var login string
		if err := d.QueryRow(ctx, `SELECT subject FROM outbox WHERE to_addr = ? AND body LIKE ?`, "en@example.org", "%/login/link/%").Scan(&login); err != nil || login != "Your sign-in link for samverkan" {
			t.Errorf("login mail subject %q, %v", login, err)
		}
	})
}

func TestSecureCookiesUnderHTTPS(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := app.New(d, app.Config{BaseURL: "https://samverkan.example.org", Log: log})
	acc := svc.Accounts
	h, err := server.New(server.Deps{DB: d, Services: svc, Log: log, BaseURL: "https://samverkan.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := acc.CreateUser(context.Background(), actor.System("t"), account.NewUser{Email: "s@example.org", Name: "S"})
	if err != nil {
		t.Fatal(err)
	}
	link, _ := acc.CreateLoginLink(context.Background(), u.ID)
	req := httptest.NewRequest("POST", strings.TrimPrefix(link, "https://samverkan.example.org"), nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	c := rec.Header().Get("Set-Cookie")
	if rec.Code != http.StatusSeeOther || !strings.Contains(c, "Secure") || !strings.Contains(c, "HttpOnly") {
		t.Errorf("status %d, cookie %q: want Secure and HttpOnly", rec.Code, c)
	}
	if hsts := rec.Header().Get("Strict-Transport-Security"); hsts == "" {
		t.Error("no HSTS under https")
	}
}
