package event

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/remind"
)

// The reminders of an event (issue 13: "before the registration deadline,
// the cancellation deadline and the day itself, sent once even with
// several server instances"). Each is claimed through internal/remind, in
// the transaction that queues its mails, so a rerun, a second instance or
// a concurrent job sends nothing twice.
//
//   - Registration deadline: to the organisers' members, not to
//     participants. Those who registered need no reminder to register, and
//     those who have not are nobody samverkan knows; the organisers do, and
//     the mail ("closes on …, N with a seat, M waiting") is their cue for a
//     last call through their own channels. One per event.
//   - Cancellation deadline: to participants with a seat, when the event is
//     binding or charges a fee after the deadline (seed 004, Ronneby: "400
//     kr after 6 October"). The waiting list holds no seat and cancels
//     freely, so it gets none. One per registration.
//   - The day before: to participants with a seat — time, place, the
//     event's page. One per registration.
//
// A reminder carries no manage link. The manage token is stored only
// hashed (internal/secret), so the job cannot repeat it, and issuing a
// fresh one would replace the hash and silently break the link in the
// confirmation mail that participants were told to keep — from a batch
// job, for everyone at once. The mails point to the confirmation mail's
// link and name the organisers' contact for a lost one.
const (
	RemindRegistrationCloses = "event.registration_closes"
	RemindCancelDeadline     = "event.cancel_deadline"
	RemindDayBefore          = "event.day_before"
)

// ReminderHour is the Stockholm hour from which a reminder is due on its
// day: an hourly job then mails in the morning, not at three at night.
const ReminderHour = 8

// reminderLeads are how many calendar days before each occasion its
// reminder is due: organisers need a few days for a last call; two days
// leave a participant time to find a substitute before the fee applies.
var reminderLeads = map[string]int{RemindRegistrationCloses: 3, RemindCancelDeadline: 2, RemindDayBefore: 1}

// dueFrom is ReminderHour in Stockholm, days calendar days before t's day.
func dueFrom(t time.Time, days int) time.Time {
	l := t.In(Stockholm)
	return time.Date(l.Year(), l.Month(), l.Day()-days, ReminderHour, 0, 0, 0, Stockholm)
}

// occasion is one reminder an event may be due for.
type occasion struct {
	kind string
	at   time.Time // the deadline or the start
}

// occasions lists the reminders e is due for at now: published, the
// occasion still ahead, its lead time begun.
func (e Event) occasions(now time.Time) []occasion {
	if e.Status != Published {
		return nil
	}
	var out []occasion
	add := func(kind string, at *time.Time) {
		if at != nil && !now.Before(dueFrom(*at, reminderLeads[kind])) && now.Before(*at) {
			out = append(out, occasion{kind, *at})
		}
	}
	add(RemindRegistrationCloses, e.RegistrationClosesAt)
	if e.Rules.Binding || e.Rules.LateFeeKr > 0 {
		add(RemindCancelDeadline, e.Rules.CancelDeadline)
	}
	add(RemindDayBefore, &e.StartsAt)
	return out
}

// SendReminders queues every reminder due now and returns how many mails
// it queued. It is safe to run from every instance, as often as wished:
// serve runs it hourly.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	if s.Mail == nil || s.Messages == nil {
		return 0, nil
	}
	now := s.Now()
	// Every lead is at most a few days: the events whose occasions fall
	// in the next week are all the candidates.
	horizon := now.Add(7 * 24 * time.Hour)
	events, err := load(ctx, s.DB, `e.status = ? AND ((e.registration_closes_at > ? AND e.registration_closes_at < ?)
		OR (e.cancel_deadline > ? AND e.cancel_deadline < ?) OR (e.starts_at > ? AND e.starts_at < ?))`,
		[]any{Published, now.UTC(), horizon.UTC(), now.UTC(), horizon.UTC(), now.UTC(), horizon.UTC()}, "ORDER BY e.id")
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, e := range events {
		for _, o := range e.occasions(now) {
			var n int
			if o.kind == RemindRegistrationCloses {
				n, err = s.remindOrganisers(ctx, *e, o, now)
			} else {
				n, err = s.remindParticipants(ctx, *e, o, now)
			}
			sent += n
			if err != nil {
				return sent, apperr.Wrap(err, "reminder %s for event %s", o.kind, e.ID)
			}
		}
	}
	return sent, nil
}

// stillPublished re-reads the event's status in tx: an event cancelled
// after the candidates were read sends nothing.
func stillPublished(ctx context.Context, tx *db.Tx, id string) (bool, error) {
	var status string
	if err := tx.QueryRow(ctx, `SELECT status FROM events WHERE id = ?`, id).Scan(&status); err != nil {
		return false, apperr.Wrap(err, "event status")
	}
	return status == Published, nil
}

// remindParticipants mails every participant with a seat who has not had
// this reminder yet, in one transaction per event and occasion. The
// seat-holders are read inside it, so a registration cancelled meanwhile
// gets nothing; claims run in ID order, so two instances claiming the same
// event at once wait for each other instead of deadlocking.
func (s *Service) remindParticipants(ctx context.Context, e Event, o occasion, now time.Time) (int, error) {
	due := remind.DueKey(o.at)
	ids, err := db.Strings(ctx, s.DB, `SELECT id FROM registrations WHERE event_id = ? AND status = ? ORDER BY id`, e.ID, Confirmed)
	if err != nil {
		return 0, apperr.Wrap(err, "registrations to remind")
	}
	if ids, err = remind.Unsent(ctx, s.DB, o.kind, due, ids); err != nil || len(ids) == 0 {
		return 0, err
	}
	sent := 0
	// Batches of a few hundred keep each transaction (and SQLite's write
	// lock) short and the IN list within every engine's limit.
	const batch = 300
	for i := 0; i < len(ids); i += batch {
		n, err := s.remindBatch(ctx, e, o, ids[i:min(i+batch, len(ids))], now)
		sent += n
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

func (s *Service) remindBatch(ctx context.Context, e Event, o occasion, ids []string, now time.Time) (int, error) {
	due := remind.DueKey(o.at)
	sent := 0
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		sent = 0
		if ok, err := stillPublished(ctx, tx, e.ID); err != nil || !ok {
			return err
		}
		in, args := db.In(ids)
		// Only what a reminder needs, read here rather than through the
		// registration's full scan, which grows with the registration.
		regs, err := db.Collect(ctx, tx, `SELECT id, name, email, lang FROM registrations WHERE event_id = ? AND status = ? AND id IN (`+in+`) ORDER BY id`,
			append([]any{e.ID, Confirmed}, args...), func(row db.Scanner) (Registration, error) {
				var r Registration
				err := row.Scan(&r.ID, &r.Name, &r.Email, &r.Lang)
				return r, err
			})
		if err != nil {
			return apperr.Wrap(err, "registrations to remind")
		}
		for _, r := range regs {
			ok, err := remind.Claim(ctx, tx, now, remind.Key{Kind: o.kind, Subject: r.ID, Due: due})
			if err != nil {
				return err
			}
			if !ok {
				continue // another instance has sent it
			}
			if err := s.Mail.Queue(ctx, tx, s.participantReminder(e, o, r)); err != nil {
				return err
			}
			sent++
		}
		return nil
	})
	return sent, err
}

// participantReminder renders one participant's reminder in their language.
func (s *Service) participantReminder(e Event, o occasion, r Registration) mail.Message {
	p := s.Messages.Printer(r.Lang)
	t, _ := e.In(r.Lang)
	args := []any{"name", r.Name, "event", t.Title, "page", s.eventPage(e), "contact", e.contactLine()}
	var subject, body string
	switch o.kind {
	case RemindCancelDeadline:
		subject, body = "mail.reminder.cancel_deadline.subject", "mail.reminder.cancel_deadline.body"
		if e.Rules.LateFeeKr > 0 {
			body = "mail.reminder.cancel_deadline.body_fee"
		}
		args = append(args, "deadline", stamp(o.at), "fee", strconv.Itoa(e.Rules.LateFeeKr))
	default:
		subject, body = "mail.reminder.day_before.subject", "mail.reminder.day_before.body"
		args = append(args, "when", stamp(e.StartsAt)+"–"+e.EndsAt.In(Stockholm).Format("15:04"), "place", e.place())
	}
	return mail.Message{To: r.Email, Lang: r.Lang, Subject: p.T(subject, "event", t.Title), Body: p.T(body, args...)}
}

// remindOrganisers mails the members of every organiser, once per event:
// the registration deadline is near, with the counts so far.
func (s *Service) remindOrganisers(ctx context.Context, e Event, o occasion, now time.Time) (int, error) {
	k := remind.Key{Kind: o.kind, Subject: e.ID, Due: remind.DueKey(o.at)}
	if unsent, err := remind.Unsent(ctx, s.DB, k.Kind, k.Due, []string{k.Subject}); err != nil || len(unsent) == 0 {
		return 0, err
	}
	sent := 0
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		sent = 0
		if ok, err := stillPublished(ctx, tx, e.ID); err != nil || !ok {
			return err
		}
		if ok, err := remind.Claim(ctx, tx, now, k); err != nil || !ok {
			return err
		}
		counts := map[string]int{}
		err := db.Each(ctx, tx, `SELECT status, COUNT(*) FROM registrations WHERE event_id = ? GROUP BY status`, []any{e.ID}, func(row db.Scanner) error {
			var st string
			var n int
			err := row.Scan(&st, &n)
			counts[st] = n
			return err
		})
		if err != nil {
			return apperr.Wrap(err, "registration counts")
		}
		seen := map[string]bool{}
		for _, orgID := range e.Organisers {
			to, err := account.OrgContactsTx(ctx, tx, orgID)
			if err != nil {
				return err
			}
			for _, c := range to {
				if seen[strings.ToLower(c.Email)] {
					continue // a member of two organisers gets one mail
				}
				seen[strings.ToLower(c.Email)] = true
				p := s.Messages.Printer(c.Lang)
				t, _ := e.In(c.Lang)
				body, capacity := "mail.reminder.registration_closes.body_open", ""
				if e.Capacity != nil {
					body, capacity = "mail.reminder.registration_closes.body", strconv.Itoa(*e.Capacity)
				}
				msg := mail.Message{To: c.Email, Lang: c.Lang, Subject: p.T("mail.reminder.registration_closes.subject", "event", t.Title),
					Body: p.T(body, "event", t.Title, "deadline", stamp(o.at), "confirmed", strconv.Itoa(counts[Confirmed]),
						"capacity", capacity, "waiting", strconv.Itoa(counts[Waitlisted]), "page", s.eventPage(e))}
				if err := s.Mail.Queue(ctx, tx, msg); err != nil {
					return err
				}
				sent++
			}
		}
		return nil
	})
	return sent, err
}

// stamp is a time as every page shows it: Stockholm, ISO date and clock,
// the same in every language.
func stamp(t time.Time) string { return t.In(Stockholm).Format("2006-01-02 15:04") }

func (s *Service) eventPage(e Event) string {
	return strings.TrimRight(s.BaseURL, "/") + "/events/" + e.ID
}

// place is where the event is: the venue, the online link, or both.
func (e Event) place() string {
	switch {
	case e.VenueName != "" && e.OnlineURL != "":
		return e.VenueName + " / " + e.OnlineURL
	case e.VenueName != "":
		return e.VenueName
	}
	return e.OnlineURL
}

// contactLine is whom a participant asks, e.g. for a lost manage link: the
// event's contact, else its organisers.
func (e Event) contactLine() string {
	if e.Contact != "" {
		return e.Contact
	}
	return strings.Join(e.OrganiserNames, ", ")
}
