package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
)

func TestFreshnessReminderAndOneClickConfirm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		owner, err := e.accounts.CreateUser(ctx, actor.System("t"), account.NewUser{Email: "owner@example.org", Name: "Owner", Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		tok := e.token(owner)
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Läxhjälpen i Borås"))
		_, a := e.api("POST", "/api/v1/activities", tok, map[string]any{"organisation_id": o["id"], "online_url": "https://meet.example.org/x", "municipality": "1490",
			"texts":    map[string]any{"sv": map[string]any{"title": "Läxhjälp"}, "en": map[string]any{"title": "Homework help"}},
			"schedule": map[string]any{"recurrence": "weekly", "starts_on": "2026-09-01", "start_time": "16:00", "end_time": "18:00"}})
		id := a["id"].(string)
		m := &mail.Mailer{DB: d, Log: e.accounts.Mail.Log, Now: db.Now}
		cat := i18n.MustLoad()
		real := e.acts.Now
		defer func() { e.acts.Now = real }()

		if n, err := e.acts.SendReminders(ctx, m, cat, e.srv.URL); err != nil || n != 0 {
			t.Fatalf("fresh activity reminded: %d %v", n, err)
		}
		e.acts.Now = func() time.Time { return real().Add(catalog.ConfirmAfter + 24*time.Hour) }
		if n, err := e.acts.SendReminders(ctx, m, cat, e.srv.URL); err != nil || n != 1 {
			t.Fatalf("due reminder: %d %v", n, err)
		}
		if n, _ := e.acts.SendReminders(ctx, m, cat, e.srv.URL); n != 0 {
			t.Errorf("reminded twice in one period: %d", n)
		}
		var subject string
		if err := d.QueryRow(ctx, `SELECT subject FROM outbox WHERE to_addr = ? AND subject LIKE ?`, "owner@example.org", "%Homework help%").Scan(&subject); err != nil {
			t.Fatalf("no reminder mail in English: %v", err)
		}
		link := e.outboxLink("owner@example.org", "/activities/"+id+"/confirm/")
		b := e.browser(nil) // one click, no sign-in
		if st, page := b.get(link); st != 200 || !strings.Contains(page, `method="post"`) {
			t.Fatalf("GET of the link must only show a button: %d", st)
		}
		if st, _ := b.post(link, nil); st != http.StatusSeeOther {
			t.Fatalf("confirm: %d", st)
		}
		if st, _ := b.post(link, nil); st != http.StatusNotFound {
			t.Errorf("second use: %d, want 404", st)
		}
		_, got := e.api("GET", "/api/v1/activities/"+id, "", nil)
		if got["stale"] != false || !strings.HasPrefix(got["last_confirmed_at"].(string), e.acts.Now().UTC().Format("2006-01-02")) {
			t.Errorf("after confirming: %v %v", got["stale"], got["last_confirmed_at"])
		}
		// Six months after that confirmation, the next reminder.
		later := e.acts.Now().Add(catalog.ConfirmAfter + 24*time.Hour)
		e.acts.Now = func() time.Time { return later }
		if n, _ := e.acts.SendReminders(ctx, m, cat, e.srv.URL); n != 1 {
			t.Errorf("next period's reminder: %d", n)
		}
	})
}
