package event_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/dump"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
)

// personal are the strings of participant i that erasure must remove.
func personal(i int) []string {
	return []string{fmt.Sprintf("erased%d@example.org", i), fmt.Sprintf("Person Raderas %d", i), fmt.Sprintf("070-55500%d", i), fmt.Sprintf("Glutenfri %d", i)}
}

func registerFull(t *testing.T, f fixture, eventID string, i int) string {
	t.Helper()
	p := personal(i)
	in := event.RegistrationInput{Name: p[1], Email: p[0], Phone: p[2], Dietary: p[3], OrganisationName: fmt.Sprintf("Förening %d", i),
		Sector: "civil_society", AcceptPrivacy: true}
	_, tok, err := f.svc.Events.Register(context.Background(), eventID, in, "10.9.9.9")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// exported is the whole database as the dump writes it: every column of
// every table, the audit log and the outbox among them.
func exported(t *testing.T, d *db.DB) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := dump.Export(context.Background(), d, &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestEraseParticipants(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		past := pastDay(t, f, 10) // 2026-11-20
		var tok string
		for i := 1; i <= 3; i++ {
			tok = registerFull(t, f, past.ID, i)
		}
		// Number 3 sends number 4 instead: 3 stays in the holders' history.
		p := personal(4)
		if _, err := f.svc.Events.HandOverRegistration(ctx, tok, "10.9.9.9", event.HandOver{Kind: "substitute", Name: p[1], Email: p[0], Phone: p[2],
			Dietary: p[3], OrganisationName: "Förening 4", Sector: "civil_society"}); err != nil {
			t.Fatal(err)
		}
		// One who registered for the past event and the future one keeps
		// the future registration and its mail.
		fl := fields(f.orgA, "Dialogdag 2027", time.Date(2027, 10, 20, 9, 0, 0, 0, event.Stockholm))
		fl.RegistrationOpensAt, fl.RegistrationClosesAt, fl.CancelDeadline = input.Clear[time.Time](), input.Clear[time.Time](), input.Clear[time.Time]()
		future, err := f.svc.Events.CreateEvent(ctx, f.memberA, fl)
		if err != nil {
			t.Fatal(err)
		}
		f.svc.Events.Now = func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, event.Stockholm) }
		in := event.RegistrationInput{Name: "Kvar Kvarsson", Email: "kvar@example.org", Sector: "public", AcceptPrivacy: true}
		if _, _, err := f.svc.Events.Register(ctx, future.ID, in, "10.1.1.1"); err != nil {
			t.Fatal(err)
		}
		in.Email = "KVAR@example.org"
		if _, _, err := f.svc.Events.Register(ctx, past.ID, in, "10.1.1.1"); err != nil {
			t.Fatal(err)
		}
		before, err := f.svc.Events.Report(ctx, f.memberA, past.ID)
		if err != nil {
			t.Fatal(err)
		}
		all := exported(t, d)
		for i := 1; i <= 4; i++ {
			for k, s := range personal(i) {
				if (i != 3 || k < 2) && !strings.Contains(all, s) { // the holders' history keeps name and address
					t.Fatalf("before erasure the export lacks %q: the test proves nothing", s)
				}
			}
		}

		// Within the window: nothing happens.
		at := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
		if n, err := f.svc.Events.EraseParticipants(ctx, at, 90*24*time.Hour); err != nil || n != 0 {
			t.Fatalf("within the window: %d, %v", n, err)
		}
		if n, err := f.svc.Events.EraseParticipants(ctx, at.AddDate(1, 0, 0), 0); err != nil || n != 0 {
			t.Fatalf("after 0 (never): %d, %v", n, err)
		}
		if !strings.Contains(exported(t, d), personal(1)[0]) {
			t.Fatal("erased within the window")
		}

		// Past it, twice and concurrently: erased once.
		at = time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		counts := make([]int, 3)
		errs := make([]error, 3)
		for k := range counts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				counts[k], errs[k] = f.svc.Events.EraseParticipants(ctx, at, 90*24*time.Hour)
			}()
		}
		wg.Wait()
		total := 0
		for k := range counts {
			if errs[k] != nil {
				t.Fatalf("erasure %d: %v", k, errs[k])
			}
			total += counts[k]
		}
		if total != 1 {
			t.Fatalf("erased %d times, want once", total)
		}
		if n, err := f.svc.Events.EraseParticipants(ctx, at.Add(time.Hour), 90*24*time.Hour); err != nil || n != 0 {
			t.Fatalf("again: %d, %v", n, err)
		}

		all = exported(t, d)
		for i := 1; i <= 4; i++ {
			for _, s := range personal(i) {
				if strings.Contains(all, s) {
					t.Errorf("after erasure the export holds %q", s)
				}
			}
		}
		if strings.Contains(all, "Förening 1") {
			t.Error("after erasure the export holds a name typed in the form")
		}
		if strings.Contains(all, "10.9.9.9") {
			t.Error("after erasure the export holds a participant's IP address")
			for _, l := range strings.Split(all, "\n") {
				if strings.Contains(l, "10.9.9.9") || strings.Contains(l, "erased1@") {
					t.Log(l)
				}
			}
		}
		if !strings.Contains(all, "kvar@example.org") || !strings.Contains(all, "Kvar Kvarsson") {
			t.Error("the future event's participant was erased")
		}
		var regs, erases int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM registrations WHERE event_id = ?`, past.ID).Scan(&regs); err != nil || regs != 0 {
			t.Errorf("registrations left: %d, %v", regs, err)
		}
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'event.erase' AND entity_id = ?`, past.ID).Scan(&erases); err != nil || erases != 1 {
			t.Errorf("event.erase entries: %d, %v", erases, err)
		}
		after, err := f.svc.Events.Report(ctx, f.memberA, past.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !after.FromSnapshot || after.Participants != before.Participants || !reflect.DeepEqual(after.Sectors, before.Sectors) ||
			!reflect.DeepEqual(after.Categories, before.Categories) ||
			len(after.Organisations)+after.OtherOrganisations != len(before.Organisations)+before.OtherOrganisations {
			t.Errorf("report changed by erasure:\nbefore %+v\nafter  %+v", before, after)
		}
	})
}
