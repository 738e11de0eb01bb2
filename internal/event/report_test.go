package event_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
)

// pastDay is an event on 2026-11-20 whose registration is open until it
// begins, created while the clock stands before it.
func pastDay(t testing.TB, f fixture, capacity int) event.Event {
	t.Helper()
	f.svc.Events.Now = func() time.Time { return time.Date(2026, 11, 1, 9, 0, 0, 0, event.Stockholm) }
	fl := fields(f.orgA, "Dialogdag i Ronneby", time.Date(2026, 11, 20, 9, 0, 0, 0, event.Stockholm))
	fl.RegistrationOpensAt, fl.RegistrationClosesAt, fl.CancelDeadline = input.Clear[time.Time](), input.Clear[time.Time](), input.Clear[time.Time]()
	fl.Capacity = input.Of(capacity)
	e, err := f.svc.Events.CreateEvent(context.Background(), f.memberA, fl)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func register(t testing.TB, f fixture, eventID string, i int, orgID, orgName, sector string) string {
	t.Helper()
	in := event.RegistrationInput{Name: fmt.Sprintf("Deltagare %d", i), Email: fmt.Sprintf("d%d@example.org", i), OrganisationID: orgID,
		OrganisationName: orgName, Sector: sector, AcceptPrivacy: true}
	_, tok, err := f.svc.Events.Register(context.Background(), eventID, in, fmt.Sprintf("10.0.%d.%d", i/250, i%250))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestReport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		e := pastDay(t, f, 4)
		register(t, f, e.ID, 1, f.orgA, "", "public")
		register(t, f, e.ID, 2, "", "Röda Korset", "civil_society")
		gone := register(t, f, e.ID, 3, "", "Studieförbundet", "civil_society")
		register(t, f, e.ID, 4, "", "Anna Svensson, privatperson", "civil_society")
		register(t, f, e.ID, 5, "", "Väntar AB", "business") // waiting list
		if _, err := f.svc.Events.CancelRegistration(ctx, gone, ""); err != nil {
			t.Fatal(err) // number 5 moves up
		}
		register(t, f, e.ID, 6, "", "Kön", "other")

		public := actor.Actor{}
		if _, err := f.svc.Events.Report(ctx, public, e.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("unpublished report for the public: %v", err)
		}
		if _, err := f.svc.Events.Report(ctx, actorB(f), e.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("unpublished report for another organisation: %v", err)
		}
		r, err := f.svc.Events.Report(ctx, f.memberA, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"civil_society": 2, "public": 1, "business": 1, "academia": 0, "other": 0}
		for _, c := range r.Sectors {
			if c.N != want[c.Key] {
				t.Errorf("sector %q: %d, want %d", c.Key, c.N, want[c.Key])
			}
		}
		if r.Participants != 4 || *r.Waitlisted != 1 || *r.Cancelled != 1 || r.FromSnapshot || len(r.Sectors) != 5 {
			t.Errorf("organisers' report: %+v", r)
		}
		if len(r.Organisations) != 4 || r.Organisations[0] != "Anna Svensson, privatperson" {
			t.Errorf("organisations for organisers: %v", r.Organisations)
		}
		if len(r.Categories) != 2 || r.Categories[0] != (event.Count{Key: "municipality", N: 1}) || r.Categories[1] != (event.Count{Key: "", N: 3}) {
			t.Errorf("categories: %v", r.Categories)
		}

		// Publishing waits for the event's end; the summary is bounded.
		yes := true
		if _, err := f.svc.Events.UpdateReport(ctx, f.memberA, e.ID, event.ReportFields{Published: &yes}); apperr.As(err).Field != "published" {
			t.Errorf("publish before the end: %v", err)
		}
		f.svc.Events.Now = func() time.Time { return now }
		bad := []event.ReportFields{
			{Summaries: map[string]string{"xx": "text"}},
			{Summaries: map[string]string{"sv": string(make([]byte, event.MaxSummaryChars+1))}},
		}
		for _, b := range bad {
			if _, err := f.svc.Events.UpdateReport(ctx, f.memberA, e.ID, b); apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("bad summary %v: %v", b, err)
			}
		}
		if _, err := f.svc.Events.UpdateReport(ctx, actorB(f), e.ID, event.ReportFields{Published: &yes}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another organisation publishes: %v", err)
		}
		r, err = f.svc.Events.UpdateReport(ctx, f.memberA, e.ID, event.ReportFields{Published: &yes, Summaries: map[string]string{"sv": "Vi *lärde* oss mycket."}})
		if err != nil || !r.Published || !r.FromSnapshot || r.Participants != 4 {
			t.Fatalf("publish: %v %+v", err, r)
		}

		// The public sees counts and registry names; typed names are counted.
		p, err := f.svc.Events.Report(ctx, public, e.ID)
		if err != nil || p.Full || p.Waitlisted != nil || len(p.Organisations) != 1 || p.Organisations[0] != "Ronneby kommun" || p.OtherOrganisations != 3 {
			t.Errorf("public report: %v %+v", err, p)
		}
		if s, l := p.Summary("ar"); s != "Vi *lärde* oss mycket." || l != "sv" {
			t.Errorf("summary fallback: %q %q", s, l)
		}

		// Erasure: the snapshot stands for the rows, and stays when taken again.
		if _, err := d.Exec(ctx, `DELETE FROM registrations WHERE event_id = ?`, e.ID); err != nil {
			t.Fatal(err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return event.SnapshotCountsTx(ctx, tx, e.ID, now) }); err != nil {
			t.Fatal(err)
		}
		p, err = f.svc.Events.Report(ctx, public, e.ID)
		if err != nil || p.Participants != 4 || p.Sectors[0] != (event.Count{Key: "civil_society", N: 2}) || p.OtherOrganisations != 3 {
			t.Errorf("report after erasure: %v %+v", err, p)
		}
		no := false
		if _, err := f.svc.Events.UpdateReport(ctx, f.memberA, e.ID, event.ReportFields{Published: &no}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Events.Report(ctx, public, e.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("withdrawn report: %v", err)
		}
	})
}

// BenchmarkReport: the report of an event with 1,000 registrations from
// 200 organisations and 500 harvest notes, read live (no snapshot). The
// event is filled once per engine, outside the timed runs.
//
//	go test -run '^$' -bench Report ./internal/event/
func BenchmarkReport(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		d := dbtest.Open(b, dialect)
		f := setup(b, d)
		ctx := context.Background()
		e := pastDay(b, f, 2000)
		sectors := []string{"civil_society", "civil_society", "public", "business", "academia"}
		for i := 0; i < 1000; i++ {
			register(b, f, e.ID, i, "", fmt.Sprintf("Förening %d", i%200), sectors[i%len(sectors)])
		}
		themes := []string{"", "work", "language", "health", "housing"}
		for i := 0; i < 500; i++ {
			kind, body, theme := event.NoteKinds[i%2], fmt.Sprintf("Anteckning %d", i), themes[i%len(themes)]
			if _, err := f.svc.Events.AddNote(ctx, f.memberA, e.ID, event.NoteFields{Kind: &kind, Body: &body, Theme: &theme}); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(string(dialect), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r, err := f.svc.Events.Report(ctx, f.memberA, e.ID)
				if err != nil || r.Participants != 1000 || len(r.Organisations) != 200 {
					b.Fatalf("%v %d", err, r.Participants)
				}
			}
		})
	}
}
