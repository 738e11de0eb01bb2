package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/event"
)

// TestDemoSeries: the demo holds the seven regional conferences of seed
// 004 as past events of one series, on the invitations' dates, each with
// a published report whose participants per sector are the report's
// figures (estimates in the report's order where it gives none), counted
// from attended registrations, and the series report shows them side by
// side to anyone.
func TestDemoSeries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, event.Stockholm)
		svc := app.New(d, app.Config{Now: func() time.Time { return now }, BaseURL: "https://samverkan.example.org"})
		start := time.Now()
		if _, err := demo.Load(ctx, d, svc); err != nil {
			t.Fatal(err)
		}
		t.Logf("demo loaded in %v", time.Since(start))
		var series string
		if err := d.QueryRow(ctx, `SELECT id FROM event_series WHERE title = ?`, demo.SeriesTitle).Scan(&series); err != nil {
			t.Fatal(err)
		}
		rep, err := svc.Events.SeriesReport(ctx, actor.Actor{}, series)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			title, day string
			sectors    map[string]int
		}{
			{"Regional konferens i Stockholm", "2011-11-25", map[string]int{"civil_society": 80, "public": 30, "other": 10}},
			{"Regional konferens i Göteborg", "2011-12-01", map[string]int{"civil_society": 60, "public": 30, "other": 10}},
			{"Regional konferens i Boden", "2011-12-06", map[string]int{"civil_society": 40, "public": 25, "other": 5}},
			{"Regional konferens i Sundsvall", "2011-12-15", map[string]int{"civil_society": 35, "public": 35, "other": 5}},
			{"Regional konferens i Malmö", "2012-11-19", map[string]int{"civil_society": 60, "public": 50, "business": 10}},
			{"Regional konferens i Köping", "2012-12-10", map[string]int{"civil_society": 65, "public": 15, "other": 5}},
			{"Regional konferens i Ronneby", "2013-10-21", map[string]int{"public": 100, "civil_society": 65, "other": 15}},
		}
		if len(rep.Events) != len(want) {
			t.Fatalf("series report has %d events, want %d", len(rep.Events), len(want))
		}
		total := 0
		for i, w := range want {
			r := rep.Events[i]
			if got := r.Titles["sv"]; got != w.title {
				t.Errorf("event %d is %q, want %q", i+1, got, w.title)
			}
			if got := r.StartsAt.In(event.Stockholm).Format("2006-01-02"); got != w.day {
				t.Errorf("%s on %s, want %s", w.title, got, w.day)
			}
			if !r.Published || !r.FromSnapshot || r.Event.Status != event.Finished {
				t.Errorf("%s: published %v, snapshot %v, status %s", w.title, r.Published, r.FromSnapshot, r.Event.Status)
			}
			sum := 0
			for _, c := range r.Sectors {
				if c.N != w.sectors[c.Key] {
					t.Errorf("%s: %d in sector %q, want %d", w.title, c.N, c.Key, w.sectors[c.Key])
				}
				sum += w.sectors[c.Key]
			}
			if r.Participants != sum {
				t.Errorf("%s: %d participants, want %d", w.title, r.Participants, sum)
			}
			// The counts are the registrations': every one attended, with
			// an example.org address.
			var regs, attended, example int
			if err := d.QueryRow(ctx, `SELECT COUNT(*), COUNT(attended_at), SUM(CASE WHEN email LIKE '%@example.org' THEN 1 ELSE 0 END)
				FROM registrations WHERE event_id = ? AND status = ?`, r.EventID, event.Confirmed).Scan(&regs, &attended, &example); err != nil {
				t.Fatal(err)
			}
			if regs != sum || attended != sum || example != sum {
				t.Errorf("%s: %d registrations, %d attended, %d at example.org; want %d", w.title, regs, attended, example, sum)
			}
			if len(r.Sessions) == 0 || len(r.Themes) == 0 || len(r.Organisations) == 0 {
				t.Errorf("%s: %d sessions, %d themes, %d organisations", w.title, len(r.Sessions), len(r.Themes), len(r.Organisations))
			}
			total += sum
		}
		if rep.Participants != total || total != 750 {
			t.Errorf("series: %d participants, want %d (750)", rep.Participants, total)
		}
	})
}
