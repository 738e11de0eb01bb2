package event

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/ratelimit"
	"github.com/samverkan/samverkan/internal/secret"
)

// Registration statuses: a confirmed seat, a place on the waiting list, a
// cancelled registration (kept, with any fee owed).
const (
	Confirmed  = "confirmed"
	Waitlisted = "waitlisted"
	Withdrawn  = "cancelled"
)

// LateGrace is how long someone promoted from the waiting list after the
// cancellation deadline may still cancel without the fee: they did not
// choose to be bound that late.
const LateGrace = 48 * time.Hour

// Registration is one participant's registration for an event.
type Registration struct {
	ID               string     `json:"id"`
	EventID          string     `json:"event_id"`
	Status           string     `json:"status"`
	Position         int        `json:"position"`
	Name             string     `json:"name"`
	Email            string     `json:"email"`
	Phone            string     `json:"phone,omitempty"`
	OrganisationID   string     `json:"organisation_id,omitempty"`
	OrganisationName string     `json:"organisation_name,omitempty"`
	Sector           string     `json:"sector,omitempty"`
	Dietary          string     `json:"dietary,omitempty"`
	Lang             string     `json:"lang"`
	FeeOwedKr        int        `json:"fee_owed_kr"`
	WalkIn           bool       `json:"walk_in"` // added by the organisers on the day, outside the seats
	PromotedAt       *time.Time `json:"promoted_at,omitempty"`
	CancelledAt      *time.Time `json:"cancelled_at,omitempty"`
	AttendedAt       *time.Time `json:"attended_at,omitempty"` // checked in on the day
	CreatedAt        time.Time  `json:"created_at"`
	Answers          Answers    `json:"answers"`
	Travel           *Travel    `json:"travel,omitempty"`
	// Holders is who has held the seat, first to current; only the
	// organisers' view of one registration fills it.
	Holders []Holder `json:"holders,omitempty"`
}

// RegistrationInput is the public form's fields (seed 004, Sundsvall:
// name, phone, organisation/authority/company, e-mail, dietary needs).
type RegistrationInput struct {
	Name             string  `json:"name"`
	Email            string  `json:"email"`
	Phone            string  `json:"phone,omitempty"`
	OrganisationID   string  `json:"organisation_id,omitempty"`
	OrganisationName string  `json:"organisation_name,omitempty"`
	Sector           string  `json:"sector,omitempty"`
	Dietary          string  `json:"dietary,omitempty"`
	Lang             string  `json:"lang,omitempty"`
	Answers          Answers `json:"answers,omitempty"`
	AcceptPrivacy    bool    `json:"accept_privacy"`
}

func (in *RegistrationInput) clean() (emailKey string, err error) {
	if in.Email, emailKey, err = account.NormalizeEmail("email", in.Email); err != nil {
		return "", err
	}
	if err := cleanPerson(&in.Name, &in.Phone, &in.OrganisationName, &in.Sector, &in.Dietary, &in.Lang); err != nil {
		return "", err
	}
	if !in.AcceptPrivacy {
		return "", apperr.Invalidf("accept_privacy", "error.privacy_required")
	}
	return emailKey, nil
}

// cleanPerson checks the standard fields every holder of a seat gives.
func cleanPerson(name, phone, orgName, sector, dietary, lang *string) error {
	err := input.First(
		input.SetLine(name, "name", name, 200, true),
		input.SetLine(phone, "phone", phone, 40, false),
		input.SetLine(orgName, "organisation_name", orgName, 200, false),
		input.Choice("sector", *sector, org.Sectors, false),
		input.SetLine(dietary, "dietary", dietary, 300, false),
	)
	if err != nil {
		return err
	}
	if _, ok := i18n.Find(*lang); !ok {
		*lang = i18n.Default
	}
	return nil
}

// resolveOrganisation links a registration to the registry: by the ID
// picked, or by a typed name that is exactly a registered organisation's.
// The sector is then the organisation's; without one it must be asked
// (the report counts participants per sector).
func resolveOrganisation(ctx context.Context, q db.Querier, r *Registration) error {
	ref, ok, err := org.RefTx(ctx, q, r.OrganisationID, r.OrganisationName)
	if err != nil {
		return err
	}
	return applyRef(r, ref, ok)
}

// applyRef is resolveOrganisation's rule for the registry's answer.
func applyRef(r *Registration, ref org.Ref, ok bool) error {
	switch {
	case ok:
		r.OrganisationID, r.OrganisationName = ref.ID, ref.Name
		if input.Contains(org.Sectors, ref.Sector) {
			r.Sector = ref.Sector
		}
	case r.OrganisationID != "":
		return apperr.Invalidf("organisation_id", "error.not_found")
	}
	if r.Sector == "" {
		return apperr.Invalidf("sector", "error.required")
	}
	return nil
}

// registrationRules: the public form mails whoever is typed in, so it is
// limited per address (offices share one, so not too tightly) and per
// e-mail address.
func registrationRules(ip, emailKey string) []ratelimit.Rule {
	return []ratelimit.Rule{
		{Key: "register-email:" + emailKey, Limit: 5, Window: 24 * time.Hour},
		{Key: "register-ip:" + ip, Limit: 60, Window: 15 * time.Minute},
	}
}

// lockEvent reads the event's registration facts inside tx and holds it
// against concurrent registrations until the transaction ends: on
// PostgreSQL with a row lock, on SQLite by the write lock every
// transaction takes at BEGIN (_txlock=immediate). Counting seats and
// taking one are therefore one step: no overbooking.
type seatFacts struct {
	status         string
	capacity       sql.NullInt64
	opens, closes  sql.NullTime
	binding        bool
	cancelDeadline sql.NullTime
	lateFee        int
	confirmed      int
	lastPosition   int
}

func lockEvent(ctx context.Context, tx *db.Tx, id string) (seatFacts, error) {
	q := `SELECT status, capacity, registration_opens_at, registration_closes_at, binding, cancel_deadline, late_fee_kr, confirmed_count, last_position
		FROM events WHERE id = ?`
	if tx.Dialect == db.Postgres {
		q += ` FOR UPDATE`
	}
	var f seatFacts
	err := tx.QueryRow(ctx, q, id).Scan(&f.status, &f.capacity, &f.opens, &f.closes, &f.binding, &f.cancelDeadline, &f.lateFee, &f.confirmed, &f.lastPosition)
	if errors.Is(err, sql.ErrNoRows) {
		return f, apperr.ErrNotFound()
	}
	return f, apperr.Wrap(err, "lock event")
}

// Register registers a participant: a confirmed seat while there is one,
// else a place on the waiting list. It answers with the registration and
// its private manage token (shown once, mailed, stored only hashed).
func (s *Service) Register(ctx context.Context, eventID string, in RegistrationInput, ip string) (Registration, string, error) {
	key, err := in.clean()
	if err != nil {
		return Registration{}, "", err
	}
	token, hash := secret.New()
	j := &regJob{eventID: eventID, in: in, key: key, ip: ip, token: token, hash: hash, wake: make(chan bool, 1)}
	s.regs.run(ctx, j, s.registerBatch) // batch.go: checked and written with the others arriving now
	if j.err != nil {
		return Registration{}, "", j.err
	}
	return j.reg, token, nil
}

// checkNotRegistered refuses a second live registration of one address
// for one event (except is the registration being changed), with a clear
// message at the e-mail field; the unique index catches the race.
func checkNotRegistered(ctx context.Context, tx *db.Tx, eventID, emailKey, except string) error {
	var live int
	// The status is written out so the partial unique index serves it
	// (liveEmailKeys, batch.go).
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM registrations WHERE event_id = ? AND email_key = ? AND status <> '`+Withdrawn+`' AND id <> ?`,
		eventID, emailKey, except).Scan(&live); err != nil {
		return apperr.Wrap(err, "duplicate check")
	}
	if live > 0 {
		return apperr.New(apperr.Conflict, "email", "error.already_registered")
	}
	return nil
}

// titleTx is the event's title for a reader of lang (texts.Pick's rule),
// read in one query.
func (s *Service) titleTx(ctx context.Context, q db.Querier, eventID, lang string) (string, error) {
	m := map[string]Text{}
	err := db.Each(ctx, q, `SELECT lang, title FROM event_texts WHERE event_id = ?`, []any{eventID}, func(row db.Scanner) error {
		var l string
		var t Text
		if err := row.Scan(&l, &t.Title); err != nil {
			return err
		}
		m[l] = t
		return nil
	})
	if err != nil {
		return "", apperr.Wrap(err, "event title")
	}
	t, _ := Event{Texts: m}.In(lang)
	return t.Title, nil
}

// mailParticipant queues a mail to the participant in their language, in
// the caller's transaction, with the event's title and, when token is
// given, the manage link.
func (s *Service) mailParticipant(ctx context.Context, tx *db.Tx, r Registration, subject, body, title, token string, args ...any) error {
	if m, ok := s.participantMail(r, subject, body, title, token, args...); ok {
		return s.Mail.Queue(ctx, tx, m)
	}
	return nil
}

// participantMail renders that mail; ok is false when there is nobody to
// mail or no mailer.
func (s *Service) participantMail(r Registration, subject, body, title, token string, args ...any) (mail.Message, bool) {
	if s.Mail == nil || s.Messages == nil || r.Email == "" {
		return mail.Message{}, false
	}
	p := s.Messages.Printer(r.Lang)
	link := ""
	if token != "" {
		link = strings.TrimRight(s.BaseURL, "/") + "/registrations/" + token
	}
	return mail.Message{To: r.Email, Lang: r.Lang, Subject: p.T(subject, "event", title),
		Body: p.T(body, append([]any{"name", r.Name, "event", title, "link", link}, args...)...)}, true
}

const regColumns = `id, event_id, status, position, name, email, phone, organisation_id, organisation_name, sector, dietary, lang,
	fee_owed_kr, walk_in, promoted_at, cancelled_at, created_at, attended_at`

func scanRegistration(row db.Scanner) (Registration, error) {
	r := Registration{Answers: Answers{}}
	var orgID sql.NullString
	var promoted, cancelled, attended sql.NullTime
	err := row.Scan(&r.ID, &r.EventID, &r.Status, &r.Position, &r.Name, &r.Email, &r.Phone, &orgID, &r.OrganisationName, &r.Sector,
		&r.Dietary, &r.Lang, &r.FeeOwedKr, &r.WalkIn, &promoted, &cancelled, &r.CreatedAt, &attended)
	r.OrganisationID = orgID.String
	r.PromotedAt, r.CancelledAt, r.AttendedAt = timePtr(promoted), timePtr(cancelled), timePtr(attended)
	return r, err
}

// CancelRegistration cancels by the private manage token. After a binding
// event's cancellation deadline the fee is owed — unless the participant
// was promoted from the waiting list after the deadline and cancels within
// LateGrace of that. A freed seat goes to the first on the waiting list,
// exactly once (the event is locked), with a mail.
func (s *Service) CancelRegistration(ctx context.Context, token, ip string) (Registration, error) {
	now := s.Now().UTC()
	var r Registration
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var eventID string
		err := tx.QueryRow(ctx, `SELECT event_id FROM registrations WHERE manage_token_hash = ?`, secret.Hash(token)).Scan(&eventID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "", "error.link_invalid")
		}
		if err != nil {
			return apperr.Wrap(err, "registration")
		}
		f, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if r, err = scanRegistration(tx.QueryRow(ctx, `SELECT `+regColumns+` FROM registrations WHERE manage_token_hash = ?`, secret.Hash(token))); err != nil {
			return apperr.Wrap(err, "registration")
		}
		if r.Status == Withdrawn {
			return apperr.New(apperr.Conflict, "", "error.registration_cancelled")
		}
		fee := lateFee(f.binding, timePtr(f.cancelDeadline), f.lateFee, r, now)
		if _, err := tx.Exec(ctx, `UPDATE registrations SET status = ?, cancelled_at = ?, fee_owed_kr = ?, updated_at = ? WHERE id = ?`,
			Withdrawn, now, fee, now, r.ID); err != nil {
			return apperr.Wrap(err, "cancel")
		}
		wasConfirmed := r.Status == Confirmed && !r.WalkIn // a walk-in held no counted seat
		r.Status, r.CancelledAt, r.FeeOwedKr = Withdrawn, &now, fee
		if wasConfirmed {
			if _, err := tx.Exec(ctx, `UPDATE events SET confirmed_count = confirmed_count - 1 WHERE id = ?`, eventID); err != nil {
				return apperr.Wrap(err, "free a seat")
			}
		}
		if err := audit.Record(ctx, tx, now, actor.Actor{Name: "manage link", IP: ip}, "registration.cancel", "registration", r.ID,
			map[string]string{"event": eventID, "fee_owed_kr": strconv.Itoa(fee)}); err != nil {
			return err
		}
		if wasConfirmed {
			return s.promoteTx(ctx, tx, eventID, now)
		}
		return nil
	})
	if err != nil {
		return Registration{}, err
	}
	list := []Registration{r}
	err = fillRegistrations(ctx, s.DB, list)
	return list[0], err
}

// lateFee is what cancelling r at now costs: the fee after a binding
// event's deadline, unless r was promoted from the waiting list after the
// deadline and cancels within LateGrace of that. Walk-ins came on the day
// and owe nothing.
func lateFee(binding bool, deadline *time.Time, fee int, r Registration, now time.Time) int {
	if !binding || r.Status != Confirmed || r.WalkIn || deadline == nil || !now.After(*deadline) {
		return 0
	}
	if r.PromotedAt != nil && r.PromotedAt.After(*deadline) && now.Before(r.PromotedAt.Add(LateGrace)) {
		return 0
	}
	return fee
}

// promoteTx gives a freed seat to the first on the waiting list, if any.
func (s *Service) promoteTx(ctx context.Context, tx *db.Tx, eventID string, now time.Time) error {
	next, err := scanRegistration(tx.QueryRow(ctx, `SELECT `+regColumns+` FROM registrations WHERE event_id = ? AND status = ?
		ORDER BY position LIMIT 1`, eventID, Waitlisted))
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return apperr.Wrap(err, "waiting list")
	}
	if _, err := tx.Exec(ctx, `UPDATE registrations SET status = ?, promoted_at = ?, updated_at = ? WHERE id = ? AND status = ?`,
		Confirmed, now, now, next.ID, Waitlisted); err != nil {
		return apperr.Wrap(err, "promote")
	}
	if _, err := tx.Exec(ctx, `UPDATE events SET confirmed_count = confirmed_count + 1 WHERE id = ?`, eventID); err != nil {
		return apperr.Wrap(err, "promote")
	}
	if err := audit.Record(ctx, tx, now, actor.System("waiting list"), "registration.promote", "registration", next.ID, map[string]string{"event": eventID}); err != nil {
		return err
	}
	title, err := s.titleTx(ctx, tx, eventID, next.Lang)
	if err != nil {
		return err
	}
	return s.mailParticipant(ctx, tx, next, "mail.registration.promoted.subject", "mail.registration.promoted.body", title, "")
}

// RegistrationFilter selects an event's registrations for its organisers.
type RegistrationFilter struct {
	Status string
	Limit  int
	Cursor string // the last position seen
}

// FindRegistrations lists an event's registrations in order of arrival,
// for its organisers and staff only; the read is audited (participants'
// personal data).
func (s *Service) FindRegistrations(ctx context.Context, who actor.Actor, eventID string, f RegistrationFilter) ([]Registration, string, error) {
	if !who.SignedIn() {
		return nil, "", apperr.ErrUnauthorized()
	}
	e, err := s.FindEventByID(ctx, eventID)
	if err != nil {
		return nil, "", err
	}
	if !e.CanEdit(who) {
		return nil, "", apperr.ErrForbidden()
	}
	if err := input.Choice("status", f.Status, []string{Confirmed, Waitlisted, Withdrawn}, false); err != nil {
		return nil, "", err
	}
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = MaxLimit
	}
	where, args := "event_id = ?", []any{eventID}
	if f.Status != "" {
		where, args = where+" AND status = ?", append(args, f.Status)
	}
	if f.Cursor != "" {
		pos, err := strconv.Atoi(f.Cursor)
		if err != nil || pos < 0 {
			return nil, "", apperr.Invalidf("cursor", "error.cursor")
		}
		where, args = where+" AND position > ?", append(args, pos)
	}
	var out []Registration
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		out, err = db.Collect(ctx, tx, `SELECT `+regColumns+` FROM registrations WHERE `+where+` ORDER BY position LIMIT ?`, append(args, f.Limit+1), scanRegistration)
		if err != nil {
			return apperr.Wrap(err, "registrations")
		}
		if err := fillRegistrations(ctx, tx, out); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.Now().UTC(), who, "registration.list", "event", eventID, map[string]string{"count": strconv.Itoa(len(out))})
	})
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = strconv.Itoa(out[f.Limit-1].Position)
	}
	if out == nil {
		out = []Registration{}
	}
	return out, next, nil
}
