package event_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/org"
)

// stockholm is a wall-clock time of the reminders' timeline (2027).
func stockholm(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2027, month, day, hour, minute, 0, 0, event.Stockholm)
}

// clock is a settable Now shared by the test's app instances.
type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) set(t time.Time) { c.t.Store(&t) }
func (c *clock) now() time.Time  { return *c.t.Load() }
func newApp(d *db.DB, c *clock) *app.Services {
	return app.New(d, app.Config{Now: c.now, BaseURL: "https://samverkan.example.org"})
}

// outMail is one queued mail as the test reads it back.
type outMail struct{ id, to, lang, subject, body string }

func outbox(t *testing.T, d *db.DB) []outMail {
	t.Helper()
	out, err := db.Collect(context.Background(), d, `SELECT id, to_addr, lang, subject, body FROM outbox ORDER BY id`, nil,
		func(row db.Scanner) (outMail, error) {
			var m outMail
			err := row.Scan(&m.id, &m.to, &m.lang, &m.subject, &m.body)
			return m, err
		})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// reminderWorld is Ronneby's dialogue day (seed 004: binding, 400 kr after
// 6 October) with three seats: Amina (ar), Berit (sv) and Carl (en, moved
// up from the waiting list when Dawit cancelled) hold them, Eve (uk) waits.
// A second event, cancelled, has Fatima with a seat. Two organisers' members
// get the organisers' reminder: Sara (sv) of Ronneby, Hodan (so) of both
// organisers.
type reminderWorld struct {
	svc     *app.Services
	clock   *clock
	eventID string
	dawit   string // the cancelled registration's address
}

func newReminderWorld(t *testing.T, d *db.DB) reminderWorld {
	t.Helper()
	ctx := context.Background()
	c := &clock{}
	c.set(stockholm(9, 1, 10, 0))
	svc := newApp(d, c)
	sys := actor.System("t")
	mkOrg := func(name string) string {
		sector, cat, muni := "public", "municipality", "1081"
		o, err := svc.Orgs.CreateOrganisation(ctx, sys, org.Fields{Name: &name, Sector: &sector, Category: &cat, Municipality: &muni})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	ronneby, lst := mkOrg("Ronneby kommun"), mkOrg("Länsstyrelsen Blekinge")
	for _, m := range []struct {
		email, lang string
		orgs        []string
	}{{"sara@example.org", "sv", []string{ronneby}}, {"hodan@example.org", "so", []string{ronneby, lst}}} {
		u, err := svc.Accounts.CreateUser(ctx, sys, account.NewUser{Email: m.email, Name: m.email, Role: actor.RoleMember, Lang: m.lang})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range m.orgs {
			if err := d.InTx(ctx, func(tx *db.Tx) error { return account.AddMemberTx(ctx, tx, c.now(), sys, o, u.ID, actor.Editor) }); err != nil {
				t.Fatal(err)
			}
		}
	}
	mkEvent := func(title string, capacity int) string {
		start := stockholm(10, 20, 9, 0)
		end, url, muni, status := start.Add(7*time.Hour), "https://meet.example.org/dialog", "1081", event.Published
		fee, binding := 400, true
		e, err := svc.Events.CreateEvent(ctx, sys, event.Fields{Organisers: &[]string{ronneby, lst}, OnlineURL: &url, Municipality: &muni,
			StartsAt: &start, EndsAt: &end, Status: &status, Capacity: input.Of(capacity),
			RegistrationOpensAt: input.Of(stockholm(8, 20, 9, 0)), RegistrationClosesAt: input.Of(stockholm(10, 13, 12, 0)),
			Binding: &binding, CancelDeadline: input.Of(stockholm(10, 6, 23, 59)), LateFeeKr: &fee, Contact: ptr("dialog@ronneby.example.org"),
			Texts: map[string]event.Text{"sv": {Title: "Dialogdag i Ronneby"}, "en": {Title: "Dialogue day in Ronneby"}, "ar": {Title: "يوم الحوار في رونبي"}}})
		if err != nil {
			t.Fatal(err)
		}
		return e.ID
	}
	w := reminderWorld{svc: svc, clock: c, eventID: mkEvent("Dialogdag", 3), dawit: "dawit@example.org"}
	register := func(eventID, name, lang string) string {
		email := strings.ToLower(name) + "@example.org"
		_, token, err := svc.Events.Register(ctx, eventID, event.RegistrationInput{Name: name, Email: email, Lang: lang, Sector: "civil_society", AcceptPrivacy: true}, "192.0.2."+lang)
		if err != nil {
			t.Fatalf("register %s: %v", name, err)
		}
		return token
	}
	register(w.eventID, "Amina", "ar")
	register(w.eventID, "Berit", "sv")
	dawit := register(w.eventID, "Dawit", "ti")
	register(w.eventID, "Carl", "en")
	register(w.eventID, "Eve", "uk")
	if _, err := svc.Events.CancelRegistration(ctx, dawit, "192.0.2.9"); err != nil {
		t.Fatal(err)
	}
	cancelled := mkEvent("Inställd", 10)
	register(cancelled, "Fatima", "fa")
	st := event.Cancelled
	if _, err := svc.Events.UpdateEvent(ctx, sys, cancelled, event.Fields{Status: &st}); err != nil {
		t.Fatal(err)
	}
	return w
}

func ptr[T any](v T) *T { return &v }

// TestEventReminders walks the dialogue day's calendar, running the hourly
// job at each step (twice: a rerun sends nothing), and checks who got which
// mail in which language.
func TestEventReminders(t *testing.T) {
	msgs := i18n.MustLoad()
	// The title in the reader's language, else Swedish (texts.Pick).
	subject := func(key, lang string) string {
		title, ok := map[string]string{"ar": "يوم الحوار في رونبي", "en": "Dialogue day in Ronneby"}[lang]
		if !ok {
			title = "Dialogdag i Ronneby"
		}
		return msgs.Printer(lang).T(key, "event", title)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newReminderWorld(t, d)
		ctx := context.Background()
		seen := map[string]bool{}
		for _, m := range outbox(t, d) {
			seen[m.id] = true // the confirmation and waiting-list mails
		}
		steps := []struct {
			name string
			at   time.Time
			move *time.Time        // a new cancellation deadline, set before the run
			want map[string]string // address → subject key
			body []string          // in every new mail's body
		}{
			{name: "a month before: nothing due", at: stockholm(9, 20, 10, 0)},
			{name: "the cancellation reminder's day, before 08:00", at: stockholm(10, 4, 7, 59)},
			{name: "the cancellation deadline in two days: the seat-holders", at: stockholm(10, 4, 8, 0),
				want: map[string]string{"amina@example.org": "mail.reminder.cancel_deadline.subject", "berit@example.org": "mail.reminder.cancel_deadline.subject",
					"carl@example.org": "mail.reminder.cancel_deadline.subject"},
				body: []string{"2027-10-06 23:59", "400", "dialog@ronneby.example.org", "https://samverkan.example.org/events/"}},
			{name: "an hour later: nothing again", at: stockholm(10, 4, 9, 0)},
			{name: "the deadline moved two days: a new occasion", at: stockholm(10, 6, 9, 0), move: ptr(stockholm(10, 8, 23, 59)),
				want: map[string]string{"amina@example.org": "mail.reminder.cancel_deadline.subject", "berit@example.org": "mail.reminder.cancel_deadline.subject",
					"carl@example.org": "mail.reminder.cancel_deadline.subject"},
				body: []string{"2027-10-08 23:59"}},
			{name: "registration closes in three days: the organisers' members, once each", at: stockholm(10, 10, 8, 0),
				want: map[string]string{"sara@example.org": "mail.reminder.registration_closes.subject", "hodan@example.org": "mail.reminder.registration_closes.subject"},
				body: []string{"2027-10-13 12:00", "3", "1"}},
			{name: "the day before: the seat-holders", at: stockholm(10, 19, 8, 0),
				want: map[string]string{"amina@example.org": "mail.reminder.day_before.subject", "berit@example.org": "mail.reminder.day_before.subject",
					"carl@example.org": "mail.reminder.day_before.subject"},
				body: []string{"2027-10-20 09:00–16:00", "https://meet.example.org/dialog"}},
			{name: "the day itself, after the start: nothing", at: stockholm(10, 20, 10, 0)},
		}
		langs := map[string]string{"amina@example.org": "ar", "berit@example.org": "sv", "carl@example.org": "en", "sara@example.org": "sv", "hodan@example.org": "so"}
		for _, s := range steps {
			w.clock.set(s.at)
			if s.move != nil {
				if _, err := w.svc.Events.UpdateEvent(ctx, actor.System("t"), w.eventID, event.Fields{CancelDeadline: input.Of(*s.move)}); err != nil {
					t.Fatal(err)
				}
			}
			for run := range 2 {
				n, err := w.svc.Events.SendReminders(ctx)
				if err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
				if want := len(s.want); run == 1 && n != 0 || run == 0 && n != want {
					t.Errorf("%s, run %d: %d mails queued, want %d", s.name, run+1, n, map[bool]int{true: want}[run == 0])
				}
			}
			got := map[string]outMail{}
			for _, m := range outbox(t, d) {
				if !seen[m.id] {
					seen[m.id] = true
					if _, twice := got[m.to]; twice {
						t.Errorf("%s: two mails to %s", s.name, m.to)
					}
					got[m.to] = m
				}
			}
			if len(got) != len(s.want) {
				t.Errorf("%s: mails to %v, want %v", s.name, keys(got), s.want)
			}
			for to, key := range s.want {
				m, ok := got[to]
				if !ok {
					t.Errorf("%s: no mail to %s", s.name, to)
					continue
				}
				if lang := langs[to]; m.lang != lang || m.subject != subject(key, lang) {
					t.Errorf("%s: mail to %s in %s %q, want %s %q", s.name, to, m.lang, m.subject, lang, subject(key, lang))
				}
				for _, part := range s.body {
					if !strings.Contains(m.body, part) {
						t.Errorf("%s: mail to %s lacks %q:\n%s", s.name, to, part, m.body)
					}
				}
				if strings.Contains(m.body, "/registrations/") || strings.Contains(m.body, "{") {
					t.Errorf("%s: mail to %s holds a manage link or a placeholder:\n%s", s.name, to, m.body)
				}
			}
		}
	})
}

func keys(m map[string]outMail) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestRemindersFromTwoInstances runs the job at once from two app
// instances (two connection pools on one database), three goroutines each:
// every seat-holder gets the day-before mail exactly once.
func TestRemindersFromTwoInstances(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := context.Background()
			u := dbtest.URL(t, dialect)
			var pools []*db.DB
			for range 2 {
				d, err := db.Open(ctx, u)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				pools = append(pools, d)
			}
			if _, err := pools[0].Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			w := newReminderWorld(t, pools[0])
			before := map[string]bool{}
			for _, m := range outbox(t, pools[0]) {
				before[m.id] = true
			}
			w.clock.set(stockholm(10, 19, 8, 0))
			instances := []*app.Services{w.svc, newApp(pools[1], w.clock)}
			var total atomic.Int64
			var wg sync.WaitGroup
			for i := range 6 {
				wg.Go(func() {
					n, err := instances[i%2].Events.SendReminders(ctx)
					if err != nil {
						t.Error(err)
					}
					total.Add(int64(n))
				})
			}
			wg.Wait()
			var mails []outMail
			to := map[string]int{}
			for _, m := range outbox(t, pools[0]) {
				if !before[m.id] {
					mails = append(mails, m)
					to[m.to]++
				}
			}
			if total.Load() != 3 || len(mails) != 3 || to["amina@example.org"] != 1 || to["berit@example.org"] != 1 || to["carl@example.org"] != 1 {
				t.Errorf("%d reported, %d queued: %v; want one each to Amina, Berit, Carl", total.Load(), len(mails), to)
			}
		})
	}
}

// TestRemindersOnDemoData: the demo's upcoming dialogue day (18 March
// 2027) reminds its three participants the day before, each in their
// language, once.
func TestRemindersOnDemoData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{}
		c.set(time.Date(2026, 12, 1, 9, 0, 0, 0, event.Stockholm))
		svc := newApp(d, c)
		if _, err := demo.Load(ctx, d, svc); err != nil {
			t.Fatal(err)
		}
		c.set(stockholm(3, 17, 8, 0))
		for run, want := range []int{3, 0} {
			if n, err := svc.Events.SendReminders(ctx); err != nil || n != want {
				t.Errorf("run %d: %d mails, %v; want %d", run+1, n, err, want)
			}
		}
		langs := map[string]int{}
		for _, m := range outbox(t, d) {
			if strings.Contains(m.body, "2027-03-18 09:00") {
				langs[m.lang]++
			}
		}
		if langs["so"] != 1 || langs["sv"] != 1 || langs["ar"] != 1 {
			t.Errorf("day-before mails by language: %v, want one each in so, sv, ar", langs)
		}
	})
}

// BenchmarkDayBeforeReminders: the day-before mails of an event with 1,000
// seat-holders (first run: 1,000 claims and mails in four transactions),
// and the hourly reruns after it, which the Unsent filter makes one read.
func BenchmarkDayBeforeReminders(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			ctx := context.Background()
			d := dbtest.Open(b, dialect)
			c := &clock{}
			c.set(stockholm(9, 1, 10, 0))
			svc := newApp(d, c)
			sector, cat, muni, name := "public", "municipality", "1081", "Ronneby kommun"
			o, err := svc.Orgs.CreateOrganisation(ctx, actor.System("b"), org.Fields{Name: &name, Sector: &sector, Category: &cat, Municipality: &muni})
			if err != nil {
				b.Fatal(err)
			}
			start := stockholm(10, 20, 9, 0)
			end, url, status := start.Add(7*time.Hour), "https://meet.example.org/dialog", event.Published
			e, err := svc.Events.CreateEvent(ctx, actor.System("b"), event.Fields{Organisers: &[]string{o.ID}, OnlineURL: &url, Municipality: &muni,
				StartsAt: &start, EndsAt: &end, Status: &status, Texts: map[string]event.Text{"sv": {Title: "Dialogdag"}}})
			if err != nil {
				b.Fatal(err)
			}
			const seats = 1000
			for i := range seats {
				in := event.RegistrationInput{Name: "Deltagare", Email: "d" + strconv.Itoa(i) + "@example.org", Lang: "sv", Sector: "public", AcceptPrivacy: true}
				if _, _, err := svc.Events.Register(ctx, e.ID, in, "198.51."+strconv.Itoa(i/250)+"."+strconv.Itoa(i%250)); err != nil {
					b.Fatal(err)
				}
			}
			c.set(stockholm(10, 19, 8, 0))
			t0 := time.Now()
			if n, err := svc.Events.SendReminders(ctx); err != nil || n != seats {
				b.Fatalf("%d mails, %v", n, err)
			}
			first := time.Since(t0)
			for b.Loop() {
				if n, err := svc.Events.SendReminders(ctx); err != nil || n != 0 {
					b.Fatalf("rerun: %d mails, %v", n, err)
				}
			}
			b.ReportMetric(float64(first.Milliseconds()), "ms/first-run")
		})
	}
}
