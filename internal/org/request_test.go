package org_test

import (
	"context"
	"regexp"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/org"
)

func ptr(s string) *string { return &s }

func fields(name string) *org.Fields {
	return &org.Fields{Name: ptr(name), Sector: ptr("civil_society"), Category: ptr("association"), Municipality: ptr("0880")}
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var linkRe = regexp.MustCompile(`/organisation-requests/([A-Za-z0-9_\-]+)`)

// token reads the newest confirmation link mailed to an address.
func token(t *testing.T, d *db.DB, to string) string {
	t.Helper()
	var body string
	if err := d.QueryRow(context.Background(), `SELECT body FROM outbox WHERE to_addr = ? ORDER BY id DESC LIMIT 1`, to).Scan(&body); err != nil {
		t.Fatal(err)
	}
	m := linkRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link in %q", body)
	}
	return m[1]
}

// TestRequestOrganisationRefuses: bad input is refused naming its field,
// and nothing is stored or mailed.
func TestRequestOrganisationRefuses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		svc := app.New(d, app.Config{BaseURL: "https://samverkan.test", MailFrom: "noreply@samverkan.test", PasswordCost: bcrypt.MinCost})
		ctx := context.Background()
		verified, err := svc.Orgs.CreateOrganisation(ctx, actor.System("test"), *fields("Verifierade föreningen"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE organisations SET verified = ? WHERE id = ?`, true, verified.ID); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			in    org.RequestInput
			code  apperr.Code
			field string
		}{
			{"no address", org.RequestInput{PersonName: "A", Organisation: fields("X")}, apperr.Invalid, "email"},
			{"bad address", org.RequestInput{PersonName: "A", Email: "a@b", Organisation: fields("X")}, apperr.Invalid, "email"},
			{"no name", org.RequestInput{Email: "a@example.org", Organisation: fields("X")}, apperr.Invalid, "person_name"},
			{"control character in the name", org.RequestInput{PersonName: "A\x07", Email: "a@example.org", Organisation: fields("X")}, apperr.Invalid, "person_name"},
			{"no organisation", org.RequestInput{PersonName: "A", Email: "a@example.org"}, apperr.Invalid, "name"},
			{"both", org.RequestInput{PersonName: "A", Email: "a@example.org", Organisation: fields("X"), OrganisationID: verified.ID}, apperr.Invalid, "organisation_id"},
			{"no municipality", org.RequestInput{PersonName: "A", Email: "a@example.org", Organisation: &org.Fields{Name: ptr("X"), Sector: ptr("civil_society"), Category: ptr("association")}}, apperr.Invalid, "municipality"},
			{"a name like another's", org.RequestInput{PersonName: "A", Email: "a@example.org", Organisation: fields("Verifierade foreningen")}, apperr.Conflict, "name"},
			{"claim of a verified one", org.RequestInput{PersonName: "A", Email: "a@example.org", OrganisationID: verified.ID}, apperr.Invalid, "organisation_id"},
			{"claim of none", org.RequestInput{PersonName: "A", Email: "a@example.org", OrganisationID: "nope"}, apperr.Invalid, "organisation_id"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := svc.Orgs.RequestOrganisation(ctx, actor.Actor{IP: "192.0.2.1"}, tt.in)
				if ae := apperr.As(err); err == nil || ae.Code != tt.code || ae.Field != tt.field {
					t.Errorf("err = %v, want %s at %q", err, tt.code, tt.field)
				}
			})
		}
		if n := count(t, d, `SELECT COUNT(*) FROM organisation_requests`); n != 0 {
			t.Errorf("%d refused requests stored", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM outbox`); n != 0 {
			t.Errorf("%d mails for refused requests", n)
		}
	})
}

// TestConfirmRequestOnce: two clicks on the link at the same moment
// register one organisation; an expired link registers none.
func TestConfirmRequestOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		var mu sync.Mutex
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		svc := app.New(d, app.Config{BaseURL: "https://samverkan.test", MailFrom: "noreply@samverkan.test", PasswordCost: bcrypt.MinCost, Now: clock})
		ctx := context.Background()
		if _, err := svc.Orgs.RequestOrganisation(ctx, actor.Actor{IP: "192.0.2.1"}, org.RequestInput{PersonName: "Ada", Email: "ada@example.org", Organisation: fields("Adas förening")}); err != nil {
			t.Fatal(err)
		}
		tok := token(t, d, "ada@example.org")
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, errs[i] = svc.Orgs.ConfirmRequest(ctx, actor.Actor{IP: "192.0.2.1"}, tok)
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case apperr.CodeOf(err) != apperr.NotFound && apperr.CodeOf(err) != apperr.Conflict:
				t.Errorf("racing confirmation: %v", err)
			}
		}
		if ok != 1 || count(t, d, `SELECT COUNT(*) FROM organisations`) != 1 || count(t, d, `SELECT COUNT(*) FROM users`) != 1 {
			t.Errorf("%d confirmations succeeded, %d organisations, %d users; want 1 each", ok,
				count(t, d, `SELECT COUNT(*) FROM organisations`), count(t, d, `SELECT COUNT(*) FROM users`))
		}
		if _, err := svc.Orgs.RequestOrganisation(ctx, actor.Actor{IP: "192.0.2.1"}, org.RequestInput{PersonName: "Bo", Email: "bo@example.org", Organisation: fields("Bos förening")}); err != nil {
			t.Fatal(err)
		}
		tok = token(t, d, "bo@example.org")
		mu.Lock()
		now = now.Add(org.RequestTTL + time.Minute)
		mu.Unlock()
		if _, err := svc.Orgs.ConfirmRequest(ctx, actor.Actor{}, tok); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("expired link: %v, want not found", err)
		}
	})
}
