package event

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/ratelimit"
	"github.com/samverkan/samverkan/internal/secret"
)

// How a holder came to hold a seat (registration_holders.change).
const (
	Registered = "registered" // registered themselves, or was added as a walk-in
	Substitute = "substitute" // named as ersättare: goes in the holder's place (Sundsvall)
	Transfer   = "transfer"   // the registration handed to a colleague (Ronneby)
)

// Holder is one person who held a seat, and how they came to.
type Holder struct {
	Change           string    `json:"change"`
	Name             string    `json:"name"`
	Email            string    `json:"email"`
	OrganisationName string    `json:"organisation_name,omitempty"`
	At               time.Time `json:"at"`
}

func addHolder(ctx context.Context, tx *db.Tx, r Registration, change string, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO registration_holders (registration_id, seq, change, name, email, organisation_name, at)
		VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM registration_holders WHERE registration_id = ?), ?, ?, ?, ?, ?)`,
		r.ID, r.ID, change, r.Name, r.Email, r.OrganisationName, now)
	return apperr.Wrap(err, "seat holder")
}

// Manage is what a participant sees behind the manage link: the
// registration, the event, and what the rules let them do now.
type Manage struct {
	Registration Registration `json:"registration"`
	Event        Event        `json:"event"`
	// CancelFeeKr is what cancelling now would cost (0 inside the grace
	// or before the deadline), so the page can say it before the click.
	CancelFeeKr   int  `json:"cancel_fee_kr"`
	CanSubstitute bool `json:"can_substitute"`
	CanTransfer   bool `json:"can_transfer"`
	CanTravel     bool `json:"can_travel"` // eligible and before the request deadline
}

// regByToken finds the registration a manage link opens; a wrong, old or
// handed-over link is the same "invalid link".
func regByToken(ctx context.Context, q db.Querier, token string) (Registration, error) {
	r, err := scanRegistration(q.QueryRow(ctx, `SELECT `+regColumns+` FROM registrations WHERE manage_token_hash = ?`, secret.Hash(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.New(apperr.NotFound, "", "error.link_invalid")
	}
	return r, apperr.Wrap(err, "registration")
}

// fillRegistrations adds the answers and travel requests to a list, in two
// queries however long it is.
func fillRegistrations(ctx context.Context, q db.Querier, list []Registration) error {
	ids := make([]string, len(list))
	for i, r := range list {
		ids[i] = r.ID
	}
	answers, err := loadAnswers(ctx, q, ids)
	if err != nil {
		return err
	}
	travel, err := loadTravel(ctx, q, ids)
	if err != nil {
		return err
	}
	for i := range list {
		if a := answers[list[i].ID]; a != nil {
			list[i].Answers = a
		}
		list[i].Travel = travel[list[i].ID]
	}
	return nil
}

// FindRegistrationByToken opens a registration by its private manage link.
func (s *Service) FindRegistrationByToken(ctx context.Context, token string) (Manage, error) {
	var m Manage
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		r, err := regByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		list := []Registration{r}
		if err := fillRegistrations(ctx, tx, list); err != nil {
			return err
		}
		e, err := loadOne(ctx, tx, r.EventID)
		if err != nil {
			return err
		}
		m = manageOf(list[0], e, s.Now().UTC())
		return nil
	})
	return m, err
}

func manageOf(r Registration, e Event, now time.Time) Manage {
	live := r.Status != Withdrawn && now.Before(e.StartsAt)
	m := Manage{Registration: r, Event: e, CancelFeeKr: lateFee(e.Rules.Binding, e.Rules.CancelDeadline, e.Rules.LateFeeKr, r, now),
		CanSubstitute: live && e.Rules.SubstituteAllowed, CanTransfer: live && e.Rules.TransferAllowed}
	m.CanTravel = r.Status != Withdrawn && e.Rules.TravelEligible(r.Sector) && (e.Rules.TravelDeadline == nil || !now.After(*e.Rules.TravelDeadline))
	return m
}

// RegistrationPatch is what a participant may change in their own
// registration; nil leaves a field. The e-mail address is not here: a new
// person is a substitute or a transfer, with its own link.
type RegistrationPatch struct {
	Name             *string `json:"name,omitempty"`
	Phone            *string `json:"phone,omitempty"`
	OrganisationID   *string `json:"organisation_id,omitempty"`
	OrganisationName *string `json:"organisation_name,omitempty"`
	Sector           *string `json:"sector,omitempty"`
	Dietary          *string `json:"dietary,omitempty"`
	Lang             *string `json:"lang,omitempty"`
	Answers          Answers `json:"answers,omitempty"` // replaces the answers when given
}

// UpdateRegistration changes a registration by its manage link: the row is
// UPDATEd (its place in line, answers and history stay) and the change is
// audited with the fields that changed.
func (s *Service) UpdateRegistration(ctx context.Context, token, ip string, p RegistrationPatch) (Registration, error) {
	now := s.Now().UTC()
	var r Registration
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := regByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		if old.Status == Withdrawn {
			return apperr.New(apperr.Conflict, "", "error.registration_cancelled")
		}
		r = old
		set := func(dst *string, src *string) {
			if src != nil {
				*dst = *src
			}
		}
		set(&r.Name, p.Name)
		set(&r.Phone, p.Phone)
		set(&r.Dietary, p.Dietary)
		set(&r.Lang, p.Lang)
		set(&r.Sector, p.Sector)
		if p.OrganisationID != nil || p.OrganisationName != nil {
			r.OrganisationID, r.OrganisationName = "", ""
			set(&r.OrganisationID, p.OrganisationID)
			set(&r.OrganisationName, p.OrganisationName)
		}
		if err := cleanPerson(&r.Name, &r.Phone, &r.OrganisationName, &r.Sector, &r.Dietary, &r.Lang); err != nil {
			return err
		}
		if err := resolveOrganisation(ctx, tx, &r); err != nil {
			return err
		}
		old.Answers = Answers{}
		if a, err := loadAnswers(ctx, tx, []string{r.ID}); err != nil {
			return err
		} else if a[r.ID] != nil {
			old.Answers = a[r.ID]
		}
		r.Answers = old.Answers
		if p.Answers != nil {
			qs, err := loadQuestions(ctx, tx, []string{r.EventID})
			if err != nil {
				return err
			}
			if r.Answers, err = checkAnswers(qs[r.EventID], p.Answers); err != nil {
				return err
			}
			if err := writeAnswers(ctx, tx, r.ID, r.Answers); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE registrations SET name = ?, phone = ?, organisation_id = ?, organisation_name = ?, sector = ?, dietary = ?,
			lang = ?, updated_at = ? WHERE id = ?`, r.Name, r.Phone, db.NullIfEmpty(r.OrganisationID), r.OrganisationName, r.Sector, r.Dietary,
			r.Lang, now, r.ID); err != nil {
			return apperr.Wrap(err, "update registration")
		}
		changed := changedFields(old, r)
		if len(changed) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, now, actor.Actor{Name: "manage link", IP: ip}, "registration.update", "registration", r.ID,
			map[string]string{"event": r.EventID, "fields": strings.Join(changed, ",")})
	})
	if err != nil {
		return Registration{}, err
	}
	list := []Registration{r}
	err = fillRegistrations(ctx, s.DB, list)
	return list[0], err
}

// changedFields names what an edit changed, for the audit entry (the
// names, not the personal data itself).
func changedFields(a, b Registration) []string {
	var out []string
	for _, c := range []struct {
		name     string
		old, new string
	}{{"name", a.Name, b.Name}, {"phone", a.Phone, b.Phone}, {"organisation", a.OrganisationID + "|" + a.OrganisationName, b.OrganisationID + "|" + b.OrganisationName},
		{"sector", a.Sector, b.Sector}, {"dietary", a.Dietary, b.Dietary}, {"lang", a.Lang, b.Lang}} {
		if c.old != c.new {
			out = append(out, c.name)
		}
	}
	if answerKey(a.Answers) != answerKey(b.Answers) {
		out = append(out, "answers")
	}
	return out
}

func answerKey(a Answers) string {
	keys := make([]string, 0, len(a))
	for k, v := range a {
		keys = append(keys, k+"="+strings.Join(v, "\x1f"))
	}
	sort.Strings(keys)
	return strings.Join(keys, "\x1e")
}

// HandOver is a new holder for a seat: a named substitute or a colleague
// the registration is transferred to.
type HandOver struct {
	Kind             string `json:"kind"` // substitute or transfer
	Name             string `json:"name"`
	Email            string `json:"email"`
	Phone            string `json:"phone,omitempty"`
	OrganisationID   string `json:"organisation_id,omitempty"`
	OrganisationName string `json:"organisation_name,omitempty"`
	Sector           string `json:"sector,omitempty"`
	Dietary          string `json:"dietary,omitempty"`
	Lang             string `json:"lang,omitempty"`
}

// handOverRules: a hand-over mails the new holder, whoever is typed in,
// so it is limited like the public form.
func handOverRules(ip, regID string) []ratelimit.Rule {
	return []ratelimit.Rule{
		{Key: "handover-reg:" + regID, Limit: 5, Window: 24 * time.Hour},
		{Key: "register-ip:" + ip, Limit: 60, Window: 15 * time.Minute},
	}
}

// HandOverRegistration gives the seat to a new holder when the event's
// rules allow it: the seat keeps its place and status, the holder
// changes, the old manage link stops working, the new holder gets a link
// of their own by mail in their language, and the history of who held the
// seat is kept. A substitute goes for the holder's organisation; a
// transfer keeps it too unless it names another.
func (s *Service) HandOverRegistration(ctx context.Context, token, ip string, h HandOver) (Registration, error) {
	if err := input.Choice("kind", h.Kind, []string{Substitute, Transfer}, true); err != nil {
		return Registration{}, err
	}
	email, key, err := account.NormalizeEmail("email", h.Email)
	if err != nil {
		return Registration{}, err
	}
	if err := cleanPerson(&h.Name, &h.Phone, &h.OrganisationName, &h.Sector, &h.Dietary, &h.Lang); err != nil {
		return Registration{}, err
	}
	now := s.Now().UTC()
	newToken, hash := secret.New()
	var r Registration
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := regByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		ok, retry, err := ratelimit.Take(ctx, tx, now, handOverRules(ip, old.ID)...)
		if err != nil {
			return err
		}
		if !ok {
			return ratelimit.Limited("email", retry)
		}
		e, err := loadOne(ctx, tx, old.EventID)
		if err != nil {
			return err
		}
		m := manageOf(old, e, now)
		if old.Status == Withdrawn {
			return apperr.New(apperr.Conflict, "", "error.registration_cancelled")
		}
		if h.Kind == Substitute && !m.CanSubstitute || h.Kind == Transfer && !m.CanTransfer {
			return apperr.New(apperr.Conflict, "kind", "error.handover_not_allowed")
		}
		r = old
		r.Name, r.Email, r.Phone, r.Dietary, r.Lang = h.Name, email, h.Phone, h.Dietary, h.Lang
		// A colleague is usually of the same organisation: a transfer keeps
		// it unless another is named.
		if h.Kind == Transfer && (h.OrganisationID != "" || h.OrganisationName != "" || h.Sector != "") {
			r.OrganisationID, r.OrganisationName, r.Sector = h.OrganisationID, h.OrganisationName, h.Sector
			if err := resolveOrganisation(ctx, tx, &r); err != nil {
				return err
			}
		}
		if err := checkNotRegistered(ctx, tx, r.EventID, key, r.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE registrations SET name = ?, email = ?, email_key = ?, phone = ?, organisation_id = ?, organisation_name = ?,
			sector = ?, dietary = ?, lang = ?, manage_token_hash = ?, updated_at = ? WHERE id = ?`, r.Name, r.Email, key, r.Phone,
			db.NullIfEmpty(r.OrganisationID), r.OrganisationName, r.Sector, r.Dietary, r.Lang, hash, now, r.ID); err != nil {
			if errors.Is(db.Translate(err), db.ErrUnique) {
				return apperr.New(apperr.Conflict, "email", "error.already_registered")
			}
			return apperr.Wrap(err, "hand over")
		}
		// The answers were the previous holder's: the new one gives their own.
		if err := writeAnswers(ctx, tx, r.ID, nil); err != nil {
			return err
		}
		r.Answers = Answers{}
		if err := addHolder(ctx, tx, r, h.Kind, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, actor.Actor{Name: "manage link", IP: ip}, "registration."+h.Kind, "registration", r.ID,
			map[string]string{"event": r.EventID}); err != nil {
			return err
		}
		title, err := s.titleTx(ctx, tx, r.EventID, r.Lang)
		if err != nil {
			return err
		}
		return s.mailParticipant(ctx, tx, r, "mail.registration.handover.subject", "mail.registration.handover.body", title, newToken,
			"from", old.Name)
	})
	return r, err
}

// WalkIn is a participant the organisers add on the day ("more came than
// had registered", seed 000). The e-mail is optional: without one there is
// no mail and no manage link.
type WalkIn struct {
	Name             string `json:"name"`
	Email            string `json:"email,omitempty"`
	Phone            string `json:"phone,omitempty"`
	OrganisationID   string `json:"organisation_id,omitempty"`
	OrganisationName string `json:"organisation_name,omitempty"`
	Sector           string `json:"sector,omitempty"`
	Dietary          string `json:"dietary,omitempty"`
	Lang             string `json:"lang,omitempty"`
}

// AddWalkIn adds a walk-in as confirmed and marked walk_in. Walk-ins are
// counted apart from the seats: they came through the door, so they never
// take a seat the waiting list is due, and cancelling one promotes nobody.
func (s *Service) AddWalkIn(ctx context.Context, who actor.Actor, eventID string, w WalkIn) (Registration, error) {
	if !who.SignedIn() {
		return Registration{}, apperr.ErrUnauthorized()
	}
	if err := cleanPerson(&w.Name, &w.Phone, &w.OrganisationName, &w.Sector, &w.Dietary, &w.Lang); err != nil {
		return Registration{}, err
	}
	var email, key string
	if strings.TrimSpace(w.Email) != "" {
		var err error
		if email, key, err = account.NormalizeEmail("email", w.Email); err != nil {
			return Registration{}, err
		}
	}
	now := s.Now().UTC()
	token, hash := secret.New()
	r := Registration{ID: db.NewID(), EventID: eventID, Status: Confirmed, WalkIn: true, Name: w.Name, Email: email, Phone: w.Phone,
		OrganisationID: w.OrganisationID, OrganisationName: w.OrganisationName, Sector: w.Sector, Dietary: w.Dietary, Lang: w.Lang,
		CreatedAt: now, Answers: Answers{}}
	if key == "" {
		key = "walk-in:" + r.ID // no address: unique, never a duplicate
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		e, err := loadEditable(ctx, tx, who, eventID)
		if err != nil {
			return err
		}
		if e.Status != Published && e.Status != Finished {
			return apperr.New(apperr.Conflict, "", "error.registration_closed")
		}
		if err := resolveOrganisation(ctx, tx, &r); err != nil {
			return err
		}
		if err := checkNotRegistered(ctx, tx, eventID, key, ""); err != nil {
			return err
		}
		f, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		r.Position = f.lastPosition + 1
		if _, err := tx.Exec(ctx, `UPDATE events SET last_position = ? WHERE id = ?`, r.Position, eventID); err != nil {
			return apperr.Wrap(err, "walk-in")
		}
		if _, err := tx.Exec(ctx, `INSERT INTO registrations (id, event_id, status, position, name, email, email_key, phone, organisation_id,
			organisation_name, sector, dietary, lang, manage_token_hash, fee_owed_kr, walk_in, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`, r.ID, eventID, r.Status, r.Position, r.Name, r.Email, key, r.Phone,
			db.NullIfEmpty(r.OrganisationID), r.OrganisationName, r.Sector, r.Dietary, r.Lang, hash, true, now, now); err != nil {
			if errors.Is(db.Translate(err), db.ErrUnique) {
				return apperr.New(apperr.Conflict, "email", "error.already_registered")
			}
			return apperr.Wrap(err, "walk-in")
		}
		if err := addHolder(ctx, tx, r, Registered, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, who, "registration.walk_in", "registration", r.ID, map[string]string{"event": eventID}); err != nil {
			return err
		}
		if r.Email == "" {
			return nil
		}
		title, err := s.titleTx(ctx, tx, eventID, r.Lang)
		if err != nil {
			return err
		}
		return s.mailParticipant(ctx, tx, r, "mail.registration.confirmed.subject", "mail.registration.confirmed.body", title, token)
	})
	return r, err
}

// FindRegistration is one registration for the event's organisers and
// staff, with its answers, travel request and the history of who held the
// seat; the read is audited.
func (s *Service) FindRegistration(ctx context.Context, who actor.Actor, eventID, regID string) (Registration, error) {
	if !who.SignedIn() {
		return Registration{}, apperr.ErrUnauthorized()
	}
	var r Registration
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadEditable(ctx, tx, who, eventID); err != nil {
			return err
		}
		var err error
		r, err = scanRegistration(tx.QueryRow(ctx, `SELECT `+regColumns+` FROM registrations WHERE id = ? AND event_id = ?`, regID, eventID))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound()
		}
		if err != nil {
			return apperr.Wrap(err, "registration")
		}
		list := []Registration{r}
		if err := fillRegistrations(ctx, tx, list); err != nil {
			return err
		}
		r = list[0]
		r.Holders, err = db.Collect(ctx, tx, `SELECT change, name, email, organisation_name, at FROM registration_holders WHERE registration_id = ? ORDER BY seq`,
			[]any{regID}, func(row db.Scanner) (Holder, error) {
				var h Holder
				err := row.Scan(&h.Change, &h.Name, &h.Email, &h.OrganisationName, &h.At)
				return h, err
			})
		if err != nil {
			return apperr.Wrap(err, "seat holders")
		}
		return audit.Record(ctx, tx, s.Now().UTC(), who, "registration.read", "registration", regID, map[string]string{"event": eventID})
	})
	return r, err
}
