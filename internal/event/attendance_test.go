package event_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
)

// TestRecordAttendance: a finished event's participant list goes in as
// registrations checked in at the start, more than one batch of them,
// each linked to its organisation (whose sector wins) or with the sector
// given; the report counts them, no mail is queued, and the list is
// refused for an event not over, for someone not its organiser, and with
// an address twice — then nothing of it is written.
func TestRecordAttendance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		start := time.Date(2013, 10, 21, 9, 0, 0, 0, event.Stockholm)
		past := fields(f.orgA, "Regional konferens i Ronneby", start)
		finished := event.Finished
		var unset input.Nullable[time.Time]
		past.Status, past.RegistrationOpensAt, past.RegistrationClosesAt, past.CancelDeadline = &finished, unset, unset, unset
		e, err := f.svc.Events.CreateEvent(ctx, f.sys, past)
		if err != nil {
			t.Fatal(err)
		}
		var people []event.PastParticipant
		for i := 0; i < 250; i++ {
			// Ronneby kommun is public: the organisation's sector wins over
			// the one given.
			people = append(people, event.PastParticipant{Name: "Deltagare", Email: "d" + strconv.Itoa(i) + "@example.org", OrganisationID: f.orgA, Sector: "civil_society"})
		}
		for i := 0; i < 7; i++ {
			people = append(people, event.PastParticipant{Name: "Övrig", Email: "o" + strconv.Itoa(i) + "@example.org", Sector: "other"})
		}
		dup := append(append([]event.PastParticipant{}, people[:3]...), people[0])
		upcoming, err := f.svc.Events.CreateEvent(ctx, f.sys, f.dialogueDay)
		if err != nil {
			t.Fatal(err)
		}
		stranger := actor.Actor{UserID: "u-x", Role: actor.RoleMember}
		for _, c := range []struct {
			name    string
			who     actor.Actor
			eventID string
			list    []event.PastParticipant
			want    apperr.Code
		}{
			{"event not over", f.sys, upcoming.ID, people[:2], apperr.Conflict},
			{"not an organiser", stranger, e.ID, people[:2], apperr.Forbidden},
			{"signed out", actor.Actor{}, e.ID, people[:2], apperr.Unauthorized},
			{"an address twice", f.sys, e.ID, dup, apperr.Conflict},
			{"no sector", f.sys, e.ID, []event.PastParticipant{{Name: "Utan sektor"}}, apperr.Invalid},
		} {
			t.Run(c.name, func(t *testing.T) {
				if err := f.svc.Events.RecordAttendance(ctx, c.who, c.eventID, c.list); apperr.CodeOf(err) != c.want {
					t.Errorf("got %v, want %s", err, c.want)
				}
			})
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM registrations`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%d registrations after the refusals (%v), want 0", n, err)
		}
		if err := f.svc.Events.RecordAttendance(ctx, f.memberA, e.ID, people); err != nil {
			t.Fatal(err)
		}
		r, err := f.svc.Events.Report(ctx, f.sys, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, c := range r.Sectors {
			got[c.Key] = c.N
		}
		if r.Participants != 257 || got["public"] != 250 || got["other"] != 7 || got["civil_society"] != 0 {
			t.Errorf("report: %d participants, sectors %v; want 257 = 250 public + 7 other", r.Participants, got)
		}
		var attended, holders, mails, confirmed int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM registrations WHERE attended_at = ? AND status = ?`, start.UTC(), event.Confirmed).Scan(&attended); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM registration_holders WHERE seq = 1`).Scan(&holders); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&mails); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(ctx, `SELECT confirmed_count FROM events WHERE id = ?`, e.ID).Scan(&confirmed); err != nil {
			t.Fatal(err)
		}
		if attended != 257 || holders != 257 || mails != 0 || confirmed != 257 {
			t.Errorf("%d attended, %d holders, %d mails, %d confirmed; want 257, 257, 0, 257", attended, holders, mails, confirmed)
		}
		// The same list again: every address is already registered.
		if err := f.svc.Events.RecordAttendance(ctx, f.sys, e.ID, people[:1]); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("the list twice: %v, want conflict", err)
		}
	})
}
