package event_test

import (
	"context"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/org"
)

// now is 2026-12-01 09:00 in Stockholm.
var now = time.Date(2026, 12, 1, 9, 0, 0, 0, event.Stockholm)

type fixture struct {
	svc         *app.Services
	sys         actor.Actor
	orgA, orgB  string
	memberA     actor.Actor
	dialogueDay event.Fields
}

func setup(t testing.TB, d *db.DB) fixture {
	t.Helper()
	svc := app.New(d, app.Config{Now: func() time.Time { return now }})
	ctx := context.Background()
	mk := func(name string) string {
		sector, cat, muni := "public", "municipality", "1083"
		o, err := svc.Orgs.CreateOrganisation(ctx, actor.System("t"), org.Fields{Name: &name, Sector: &sector, Category: &cat, Municipality: &muni})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	f := fixture{svc: svc, sys: actor.System("t"), orgA: mk("Ronneby kommun"), orgB: mk("Länsstyrelsen i Blekinge län")}
	f.memberA = actor.Actor{UserID: "u-a", Role: actor.RoleMember, Memberships: map[string]string{f.orgA: actor.Editor}}
	f.dialogueDay = fields(f.orgA, "Dialogdag i Ronneby", time.Date(2027, 10, 20, 9, 0, 0, 0, event.Stockholm))
	return f
}

// fields is a complete, valid dialogue day with Ronneby's rules (seed 004:
// binding, a named substitute, 400 kr after 6 October, travel money over
// 10 mil).
func fields(orgID, title string, start time.Time) event.Fields {
	end := start.Add(7 * time.Hour)
	muni, url, status := "1081", "https://meet.example.org/dialog", event.Published
	price, fee, binding, substitute, transfer := 0, 400, true, true, true
	deadline := time.Date(start.Year(), 10, 6, 23, 59, 0, 0, event.Stockholm)
	opens, closes := start.AddDate(0, -2, 0), start.AddDate(0, 0, -7)
	return event.Fields{Organisers: &[]string{orgID}, OnlineURL: &url, Municipality: &muni, StartsAt: &start, EndsAt: &end, Status: &status,
		Capacity: input.Of(120), RegistrationOpensAt: input.Of(opens), RegistrationClosesAt: input.Of(closes), PriceKr: &price,
		Binding: &binding, SubstituteAllowed: &substitute, TransferAllowed: &transfer, CancelDeadline: input.Of(deadline), LateFeeKr: &fee,
		TravelMinKm: input.Of(100), Texts: map[string]event.Text{"sv": {Title: title, Included: "Kaffe och lunch"}, "en": {Title: "Dialogue day"}}}
}

func TestCreateAndRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		e, err := f.svc.Events.CreateEvent(ctx, f.memberA, f.dialogueDay)
		if err != nil {
			t.Fatal(err)
		}
		if e.Rules.LateFeeKr != 400 || !e.Rules.Binding || *e.Rules.TravelMinKm != 100 || *e.Capacity != 120 ||
			e.OrganiserNames[0] != "Ronneby kommun" || e.StartsAt.Location() != event.Stockholm || e.StartsAt.Hour() != 9 {
			t.Errorf("created: %+v", e)
		}
		bad := []struct {
			name  string
			edit  func(*event.Fields)
			field string
			code  apperr.Code
		}{
			{"no organiser", func(f *event.Fields) { f.Organisers = &[]string{} }, "organisers", apperr.Invalid},
			{"no Swedish title", func(f *event.Fields) { f.Texts = map[string]event.Text{"en": {Title: "x"}} }, "title_sv", apperr.Invalid},
			{"ends before it starts", func(f *event.Fields) { e := f.StartsAt.Add(-time.Hour); f.EndsAt = &e }, "ends_at", apperr.Invalid},
			{"three weeks long", func(f *event.Fields) { e := f.StartsAt.AddDate(0, 0, 21); f.EndsAt = &e }, "ends_at", apperr.Invalid},
			{"capacity zero", func(f *event.Fields) { f.Capacity = input.Of(0) }, "capacity", apperr.Invalid},
			{"negative fee", func(f *event.Fields) { n := -1; f.LateFeeKr = &n }, "late_fee_kr", apperr.Invalid},
			{"deadline after the day", func(f *event.Fields) { f.CancelDeadline = input.Of(f.StartsAt.AddDate(0, 0, 1)) }, "cancel_deadline", apperr.Invalid},
			{"registration closes after the end", func(f *event.Fields) { f.RegistrationClosesAt = input.Of(f.EndsAt.AddDate(0, 0, 1)) }, "registration_closes_at", apperr.Invalid},
			{"a title with a line break", func(f *event.Fields) { f.Texts = map[string]event.Text{"sv": {Title: "Dag\r\nBcc: x"}} }, "title_sv", apperr.Invalid},
			{"neither venue nor online", func(f *event.Fields) { s := ""; f.OnlineURL = &s }, "venue_id", apperr.Invalid},
			{"unknown status", func(f *event.Fields) { s := "hidden"; f.Status = &s }, "status", apperr.Invalid},
			{"another organisation without consent", func(ff *event.Fields) { ff.Organisers = &[]string{f.orgA, f.orgB} }, "organisers", apperr.Forbidden},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				in := fields(f.orgA, "X", time.Date(2027, 10, 20, 9, 0, 0, 0, event.Stockholm))
				tt.edit(&in)
				_, err := f.svc.Events.CreateEvent(ctx, f.memberA, in)
				if ae := apperr.As(err); err == nil || ae.Code != tt.code || ae.Field != tt.field {
					t.Errorf("%v, want %s on %s", err, tt.code, tt.field)
				}
			})
		}
		// Staff may name any organisation.
		both := fields(f.orgA, "Regional konferens", time.Date(2027, 11, 3, 9, 0, 0, 0, event.Stockholm))
		both.Organisers = &[]string{f.orgA, f.orgB}
		if _, err := f.svc.Events.CreateEvent(ctx, f.sys, both); err != nil {
			t.Errorf("staff with two organisers: %v", err)
		}
	})
}

// TestUpdatesUpdate: an edit changes the row in place, so what will
// reference an event (registrations) survives; null clears; other members
// may not edit.
func TestUpdatesUpdate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		e, err := f.svc.Events.CreateEvent(ctx, f.memberA, f.dialogueDay)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `CREATE TABLE test_refs (event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE)`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `INSERT INTO test_refs (event_id) VALUES (?)`, e.ID); err != nil {
			t.Fatal(err)
		}
		status := event.Cancelled
		got, err := f.svc.Events.UpdateEvent(ctx, f.memberA, e.ID, event.Fields{Status: &status, Capacity: input.Clear[int](),
			Texts: map[string]event.Text{"en": {}, "ar": {Title: "يوم الحوار"}}})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM test_refs`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("reference after an edit: %d %v", n, err)
		}
		if got.Status != event.Cancelled || got.Capacity != nil || got.Rules.LateFeeKr != 400 || got.Texts["ar"].Title == "" || got.Texts["en"].Title != "" ||
			!got.CreatedAt.Equal(e.CreatedAt) {
			t.Errorf("after the edit: %+v", got)
		}
		other := actor.Actor{UserID: "u-b", Role: actor.RoleMember, Memberships: map[string]string{f.orgB: actor.Owner}}
		if _, err := f.svc.Events.UpdateEvent(ctx, other, e.ID, event.Fields{Status: &status}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another organisation's member edits: %v, want forbidden", err)
		}
	})
}

func TestListing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		series, err := f.svc.Events.CreateSeries(ctx, f.sys, "Regionala konferenser 2011–2013")
		if err != nil {
			t.Fatal(err)
		}
		for i, day := range []time.Time{
			time.Date(2011, 9, 20, 9, 0, 0, 0, event.Stockholm), time.Date(2012, 3, 1, 9, 0, 0, 0, event.Stockholm),
			time.Date(2013, 10, 10, 9, 0, 0, 0, event.Stockholm), time.Date(2027, 4, 1, 9, 0, 0, 0, event.Stockholm),
		} {
			in := fields(f.orgA, "Konferens", day)
			in.CancelDeadline, in.RegistrationOpensAt, in.RegistrationClosesAt = input.Clear[time.Time](), input.Clear[time.Time](), input.Clear[time.Time]()
			if i < 3 {
				in.SeriesID = &series
			}
			if _, err := f.svc.Events.CreateEvent(ctx, f.sys, in); err != nil {
				t.Fatal(err)
			}
		}
		draft := fields(f.orgA, "Utkast", time.Date(2027, 5, 1, 9, 0, 0, 0, event.Stockholm))
		s := event.Draft
		draft.Status, draft.CancelDeadline = &s, input.Clear[time.Time]()
		if _, err := f.svc.Events.CreateEvent(ctx, f.sys, draft); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			filter event.Filter
			want   int
		}{
			{"all but the draft", event.Filter{Limit: 100}, 4},
			{"upcoming", event.Filter{Upcoming: true}, 1},
			{"the series", event.Filter{SeriesID: series}, 3},
			{"an organiser", event.Filter{OrganisationID: f.orgB}, 0},
		}
		for _, tt := range tests {
			p, err := f.svc.Events.FindEvents(ctx, tt.filter)
			if err != nil || len(p.Items) != tt.want {
				t.Errorf("%s: %d, %v; want %d", tt.name, len(p.Items), err, tt.want)
			}
		}
		// Pages by cursor see every event once, in start order.
		var seen []time.Time
		fl := event.Filter{Limit: 3}
		for {
			p, err := f.svc.Events.FindEvents(ctx, fl)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range p.Items {
				seen = append(seen, e.StartsAt)
			}
			if p.NextCursor == "" {
				break
			}
			fl.Cursor = p.NextCursor
		}
		if len(seen) != 4 || !seen[0].Before(seen[3]) {
			t.Errorf("paged: %v", seen)
		}
	})
}
