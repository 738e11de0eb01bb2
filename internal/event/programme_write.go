package event

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
)

// Audit: the programme names speakers, moderators and inspirers. They are
// public persons in a published programme, so reading it is not audited;
// but a name is personal data and the organisers are accountable for what
// they publish about someone, so every change to a session or workshop is
// recorded with the names it leaves. Preferences are a participant's own
// choices tied to their registration: the organisers' read and every
// change are audited like the registration itself.

// FindProgramme returns an event's programme for who: everyone for a
// public event, its organisers for a draft.
func (s *Service) FindProgramme(ctx context.Context, who actor.Actor, eventID string) (Programme, error) {
	e, err := loadOne(ctx, s.DB, eventID)
	if err != nil {
		return Programme{}, err
	}
	if !e.Visible(who) {
		return Programme{}, apperr.ErrNotFound()
	}
	sessions, err := loadProgramme(ctx, s.DB, eventID)
	return Programme{Event: e, Sessions: sessions}, err
}

// editable loads the event in tx and checks that who may change it; the
// event row is locked (PostgreSQL; SQLite's write lock holds from BEGIN),
// so counting the programme's items and adding one is one step.
func editable(ctx context.Context, tx *db.Tx, who actor.Actor, eventID string) (Event, error) {
	if !who.SignedIn() {
		return Event{}, apperr.ErrUnauthorized()
	}
	if tx.Dialect == db.Postgres {
		var id string
		err := tx.QueryRow(ctx, `SELECT id FROM events WHERE id = ? FOR UPDATE`, eventID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return Event{}, apperr.ErrNotFound()
		}
		if err != nil {
			return Event{}, apperr.Wrap(err, "lock event")
		}
	}
	e, err := loadOne(ctx, tx, eventID)
	if err != nil {
		return Event{}, err
	}
	if !e.CanEdit(who) {
		return Event{}, apperr.ErrForbidden()
	}
	return e, nil
}

func peopleNames(ps []Person) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return strings.Join(out, "; ")
}

func sessionChanges(s Session) map[string]string {
	m := map[string]string{"event": s.EventID, "kind": s.Kind, "title": s.Texts["sv"].Title,
		"time": s.StartsAt.Format("2006-01-02 15:04") + "–" + s.EndsAt.Format("15:04"), "speakers": peopleNames(s.Speakers)}
	if s.Moderator != nil {
		m["moderator"] = s.Moderator.String()
	}
	return m
}

// CreateSession adds a session to an event's programme; its organisers
// and staff may.
func (s *Service) CreateSession(ctx context.Context, who actor.Actor, eventID string, f SessionFields) (Session, error) {
	now := s.Now().UTC()
	ses := Session{ID: db.NewID(), EventID: eventID, CreatedAt: now, UpdatedAt: now}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		e, err := editable(ctx, tx, who, eventID)
		if err != nil {
			return err
		}
		if err := f.apply(&ses, e); err != nil {
			return err
		}
		n, err := count(ctx, tx, "event_sessions", "event_id", eventID)
		if err != nil {
			return err
		}
		if n >= MaxSessions {
			return apperr.Invalidf("", "error.too_many", "max", MaxSessions)
		}
		if err := insertSession(ctx, tx, ses); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, who, "session.create", "session", ses.ID, sessionChanges(ses))
	})
	if err != nil {
		return Session{}, err
	}
	return loadSession(ctx, s.DB, eventID, ses.ID)
}

// UpdateSession changes a session in place; a workshop block keeps its
// kind while it has workshops (they would lose their time).
func (s *Service) UpdateSession(ctx context.Context, who actor.Actor, eventID, id string, f SessionFields) (Session, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		e, err := editable(ctx, tx, who, eventID)
		if err != nil {
			return err
		}
		ses, err := loadSession(ctx, tx, eventID, id)
		if err != nil {
			return err
		}
		ses.Texts = copyTexts(ses.Texts)
		if err := f.apply(&ses, e); err != nil {
			return err
		}
		if ses.Kind != KindWorkshopBlock && len(ses.Workshops) > 0 {
			return apperr.Invalidf("kind", "error.session_has_workshops")
		}
		ses.UpdatedAt = s.Now().UTC()
		if err := updateSession(ctx, tx, ses); err != nil {
			return err
		}
		return audit.Record(ctx, tx, ses.UpdatedAt, who, "session.update", "session", id, sessionChanges(ses))
	})
	if err != nil {
		return Session{}, err
	}
	return loadSession(ctx, s.DB, eventID, id)
}

func copyTexts(m map[string]ItemText) map[string]ItemText {
	out := make(map[string]ItemText, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// DeleteSession removes a session; a workshop block's workshops and the
// preferences for them go with it (the audit entry counts them).
func (s *Service) DeleteSession(ctx context.Context, who actor.Actor, eventID, id string) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := editable(ctx, tx, who, eventID); err != nil {
			return err
		}
		ses, err := loadSession(ctx, tx, eventID, id)
		if err != nil {
			return err
		}
		prefs := 0
		for _, w := range ses.Workshops {
			n, err := count(ctx, tx, "workshop_preferences", "workshop_id", w.ID)
			if err != nil {
				return err
			}
			prefs += n
		}
		if _, err := tx.Exec(ctx, `DELETE FROM event_sessions WHERE id = ?`, id); err != nil {
			return apperr.Wrap(err, "delete session")
		}
		m := sessionChanges(ses)
		m["workshops"], m["preferences"] = strconv.Itoa(len(ses.Workshops)), strconv.Itoa(prefs)
		return audit.Record(ctx, tx, s.Now().UTC(), who, "session.delete", "session", id, m)
	})
}

func workshopChanges(w Workshop) map[string]string {
	m := map[string]string{"event": w.EventID, "session": w.SessionID, "theme": w.Theme, "title": w.Texts["sv"].Title, "inspirers": peopleNames(w.Inspirers)}
	if w.Capacity != nil {
		m["capacity"] = strconv.Itoa(*w.Capacity)
	}
	return m
}

// checkBlock checks, in tx, that the workshop's session is a workshop
// block of the same event.
func checkBlock(ctx context.Context, tx *db.Tx, w Workshop) error {
	var kind string
	err := tx.QueryRow(ctx, `SELECT kind FROM event_sessions WHERE id = ? AND event_id = ?`, w.SessionID, w.EventID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Invalidf("session_id", "error.not_found")
	}
	if err != nil {
		return apperr.Wrap(err, "workshop block")
	}
	if kind != KindWorkshopBlock {
		return apperr.Invalidf("session_id", "error.not_workshop_block")
	}
	return nil
}

// CreateWorkshop adds a workshop to a workshop block of the event.
func (s *Service) CreateWorkshop(ctx context.Context, who actor.Actor, eventID string, f WorkshopFields) (Workshop, error) {
	now := s.Now().UTC()
	w := Workshop{ID: db.NewID(), EventID: eventID, CreatedAt: now, UpdatedAt: now}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := editable(ctx, tx, who, eventID); err != nil {
			return err
		}
		if err := f.apply(&w); err != nil {
			return err
		}
		if err := checkBlock(ctx, tx, w); err != nil {
			return err
		}
		n, err := count(ctx, tx, "event_workshops", "event_id", eventID)
		if err != nil {
			return err
		}
		if n >= MaxWorkshops {
			return apperr.Invalidf("", "error.too_many", "max", MaxWorkshops)
		}
		if err := insertWorkshop(ctx, tx, w); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, who, "workshop.create", "workshop", w.ID, workshopChanges(w))
	})
	if err != nil {
		return Workshop{}, err
	}
	return loadWorkshop(ctx, s.DB, eventID, w.ID)
}

// UpdateWorkshop changes a workshop in place; its preferences stay.
func (s *Service) UpdateWorkshop(ctx context.Context, who actor.Actor, eventID, id string, f WorkshopFields) (Workshop, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := editable(ctx, tx, who, eventID); err != nil {
			return err
		}
		w, err := loadWorkshop(ctx, tx, eventID, id)
		if err != nil {
			return err
		}
		w.Texts = copyTexts(w.Texts)
		if err := f.apply(&w); err != nil {
			return err
		}
		if err := checkBlock(ctx, tx, w); err != nil {
			return err
		}
		w.UpdatedAt = s.Now().UTC()
		if err := updateWorkshop(ctx, tx, w); err != nil {
			return err
		}
		return audit.Record(ctx, tx, w.UpdatedAt, who, "workshop.update", "workshop", id, workshopChanges(w))
	})
	if err != nil {
		return Workshop{}, err
	}
	return loadWorkshop(ctx, s.DB, eventID, id)
}

// DeleteWorkshop removes a workshop and the preferences for it.
func (s *Service) DeleteWorkshop(ctx context.Context, who actor.Actor, eventID, id string) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := editable(ctx, tx, who, eventID); err != nil {
			return err
		}
		w, err := loadWorkshop(ctx, tx, eventID, id)
		if err != nil {
			return err
		}
		n, err := count(ctx, tx, "workshop_preferences", "workshop_id", id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM event_workshops WHERE id = ?`, id); err != nil {
			return apperr.Wrap(err, "delete workshop")
		}
		m := workshopChanges(w)
		m["preferences"] = strconv.Itoa(n)
		return audit.Record(ctx, tx, s.Now().UTC(), who, "workshop.delete", "workshop", id, m)
	})
}

// ParticipantWorkshops is what a participant's workshop page shows: the
// registration, the event's programme and the current ranking.
type ParticipantWorkshops struct {
	Registration Registration
	Programme    Programme
	Preferences  []Preference
}

// WorkshopsByToken reads, by the private manage token, a participant's
// registration with the event's workshops and their ranking. The holder
// of the link reads their own choices: not audited.
func (s *Service) WorkshopsByToken(ctx context.Context, token string) (ParticipantWorkshops, error) {
	var out ParticipantWorkshops
	r, err := registrationByToken(ctx, s.DB, token)
	if err != nil {
		return out, err
	}
	out.Registration = r
	if out.Programme, err = s.FindProgramme(ctx, actor.Actor{}, r.EventID); err != nil {
		return out, err
	}
	out.Preferences, err = preferencesOf(ctx, s.DB, "p.registration_id = ?", r.ID)
	return out, err
}

// SetPreferences replaces a participant's ranking, by the private manage
// token. Only workshops of the registration's own event, each once, ranks
// 1 to MaxPreferences; not for a cancelled registration nor once the
// event has begun (the assignment has been made by then).
func (s *Service) SetPreferences(ctx context.Context, token string, in PreferencesInput, ip string) ([]Preference, error) {
	ids, err := in.clean()
	if err != nil {
		return nil, err
	}
	var out []Preference
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		r, err := registrationByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		out, err = s.setPreferencesTx(ctx, tx, actor.Actor{Name: "manage link", IP: ip}, r, ids)
		return err
	})
	return out, err
}

// SetPreferencesFor replaces a participant's ranking on their behalf (a
// choice given by phone or on the day); the event's organisers and staff
// may.
func (s *Service) SetPreferencesFor(ctx context.Context, who actor.Actor, eventID, registrationID string, in PreferencesInput) ([]Preference, error) {
	ids, err := in.clean()
	if err != nil {
		return nil, err
	}
	var out []Preference
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := editable(ctx, tx, who, eventID); err != nil {
			return err
		}
		r, err := scanRegistration(tx.QueryRow(ctx, `SELECT `+regColumns+` FROM registrations WHERE id = ? AND event_id = ?`, registrationID, eventID))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound()
		}
		if err != nil {
			return apperr.Wrap(err, "registration")
		}
		out, err = s.setPreferencesTx(ctx, tx, who, r, ids)
		return err
	})
	return out, err
}

func (s *Service) setPreferencesTx(ctx context.Context, tx *db.Tx, who actor.Actor, r Registration, ids []string) ([]Preference, error) {
	if r.Status == Withdrawn {
		return nil, apperr.New(apperr.Conflict, "", "error.registration_cancelled")
	}
	now := s.Now().UTC()
	var starts sql.NullTime
	if err := tx.QueryRow(ctx, `SELECT starts_at FROM events WHERE id = ?`, r.EventID).Scan(&starts); err != nil {
		return nil, apperr.Wrap(err, "event")
	}
	if !now.Before(starts.Time) {
		return nil, apperr.New(apperr.Conflict, "", "error.preferences_closed")
	}
	if len(ids) > 0 {
		in, args := db.In(ids)
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM event_workshops WHERE event_id = ? AND id IN (`+in+`)`, append([]any{r.EventID}, args...)...).Scan(&n); err != nil {
			return nil, apperr.Wrap(err, "workshops")
		}
		if n != len(ids) {
			return nil, apperr.Invalidf("workshop_id", "error.workshop_not_in_event")
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM workshop_preferences WHERE registration_id = ?`, r.ID); err != nil {
		return nil, apperr.Wrap(err, "clear preferences")
	}
	out := make([]Preference, len(ids))
	for i, id := range ids {
		out[i] = Preference{RegistrationID: r.ID, WorkshopID: id, Rank: i + 1}
		if _, err := tx.Exec(ctx, `INSERT INTO workshop_preferences (registration_id, workshop_id, rank) VALUES (?, ?, ?)`, r.ID, id, i+1); err != nil {
			return nil, apperr.Wrap(err, "preference")
		}
	}
	err := audit.Record(ctx, tx, now, who, "registration.preferences", "registration", r.ID,
		map[string]string{"event": r.EventID, "workshops": strings.Join(ids, " ")})
	return out, err
}

// FindPreferences lists every ranking of an event's live registrations
// (cancelled ones are left out) by registration and rank, for its
// organisers and staff; the read is audited. The assignment reads it.
func (s *Service) FindPreferences(ctx context.Context, who actor.Actor, eventID string) ([]Preference, error) {
	if !who.SignedIn() {
		return nil, apperr.ErrUnauthorized()
	}
	e, err := loadOne(ctx, s.DB, eventID)
	if err != nil {
		return nil, err
	}
	if !e.CanEdit(who) {
		return nil, apperr.ErrForbidden()
	}
	var out []Preference
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		out, err = preferencesOf(ctx, tx, "r.event_id = ? AND r.status <> '"+Withdrawn+"'", eventID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.Now().UTC(), who, "registration.preferences_list", "event", eventID, map[string]string{"count": strconv.Itoa(len(out))})
	})
	return out, err
}

func preferencesOf(ctx context.Context, q db.Querier, where string, arg any) ([]Preference, error) {
	out, err := db.Collect(ctx, q, `SELECT p.registration_id, p.workshop_id, p.rank FROM workshop_preferences p
		JOIN registrations r ON r.id = p.registration_id WHERE `+where+` ORDER BY r.position, p.rank`, []any{arg},
		func(row db.Scanner) (Preference, error) {
			var p Preference
			err := row.Scan(&p.RegistrationID, &p.WorkshopID, &p.Rank)
			return p, err
		})
	if out == nil {
		out = []Preference{}
	}
	return out, apperr.Wrap(err, "preferences")
}
