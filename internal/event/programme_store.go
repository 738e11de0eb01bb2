package event

import (
	"context"
	"database/sql"
	"errors"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/secret"
)

func insertSession(ctx context.Context, tx *db.Tx, s Session) error {
	m := moderatorOf(s)
	_, err := tx.Exec(ctx, `INSERT INTO event_sessions (id, event_id, kind, starts_at, ends_at, room, moderator_name, moderator_role,
		moderator_organisation, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID, s.EventID, s.Kind, s.StartsAt.UTC(), s.EndsAt.UTC(), s.Room, m.Name, m.Role, m.Organisation, s.CreatedAt, s.UpdatedAt)
	if err != nil {
		return apperr.Wrap(err, "insert session")
	}
	return writeItemChildren(ctx, tx, "event_session_texts", "event_session_speakers", "session_id", s.ID, s.Texts, s.Speakers)
}

// updateSession changes the row in place, so the workshops of a block stay.
func updateSession(ctx context.Context, tx *db.Tx, s Session) error {
	m := moderatorOf(s)
	_, err := tx.Exec(ctx, `UPDATE event_sessions SET kind = ?, starts_at = ?, ends_at = ?, room = ?, moderator_name = ?, moderator_role = ?,
		moderator_organisation = ?, updated_at = ? WHERE id = ?`,
		s.Kind, s.StartsAt.UTC(), s.EndsAt.UTC(), s.Room, m.Name, m.Role, m.Organisation, s.UpdatedAt, s.ID)
	if err != nil {
		return apperr.Wrap(err, "update session")
	}
	return writeItemChildren(ctx, tx, "event_session_texts", "event_session_speakers", "session_id", s.ID, s.Texts, s.Speakers)
}

func moderatorOf(s Session) Person {
	if s.Moderator == nil {
		return Person{}
	}
	return *s.Moderator
}

func insertWorkshop(ctx context.Context, tx *db.Tx, w Workshop) error {
	_, err := tx.Exec(ctx, `INSERT INTO event_workshops (id, event_id, session_id, theme, room, capacity, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, w.ID, w.EventID, w.SessionID, w.Theme, w.Room, w.Capacity, w.CreatedAt, w.UpdatedAt)
	if err != nil {
		return apperr.Wrap(err, "insert workshop")
	}
	return writeItemChildren(ctx, tx, "event_workshop_texts", "event_workshop_inspirers", "workshop_id", w.ID, w.Texts, w.Inspirers)
}

// updateWorkshop changes the row in place, so the preferences that name
// the workshop stay.
func updateWorkshop(ctx context.Context, tx *db.Tx, w Workshop) error {
	_, err := tx.Exec(ctx, `UPDATE event_workshops SET session_id = ?, theme = ?, room = ?, capacity = ?, updated_at = ? WHERE id = ?`,
		w.SessionID, w.Theme, w.Room, w.Capacity, w.UpdatedAt, w.ID)
	if err != nil {
		return apperr.Wrap(err, "update workshop")
	}
	return writeItemChildren(ctx, tx, "event_workshop_texts", "event_workshop_inspirers", "workshop_id", w.ID, w.Texts, w.Inspirers)
}

// writeItemChildren replaces an item's own child rows (texts per language,
// persons in order); nothing references them.
func writeItemChildren(ctx context.Context, tx *db.Tx, textTable, peopleTable, key, id string, t map[string]ItemText, people []Person) error {
	for _, tbl := range []string{textTable, peopleTable} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+tbl+` WHERE `+key+` = ?`, id); err != nil {
			return apperr.Wrap(err, "clear %s", tbl)
		}
	}
	for lang, x := range t {
		if _, err := tx.Exec(ctx, `INSERT INTO `+textTable+` (`+key+`, lang, title, description) VALUES (?, ?, ?, ?)`, id, lang, x.Title, x.Description); err != nil {
			return apperr.Wrap(err, "%s", textTable)
		}
	}
	for i, p := range people {
		if _, err := tx.Exec(ctx, `INSERT INTO `+peopleTable+` (`+key+`, position, name, role, organisation) VALUES (?, ?, ?, ?, ?)`,
			id, i+1, p.Name, p.Role, p.Organisation); err != nil {
			return apperr.Wrap(err, "%s", peopleTable)
		}
	}
	return nil
}

const sessionColumns = `id, event_id, kind, starts_at, ends_at, room, moderator_name, moderator_role, moderator_organisation, created_at, updated_at`

func scanSession(row db.Scanner) (*Session, error) {
	s := &Session{Texts: map[string]ItemText{}, Speakers: []Person{}}
	var m Person
	err := row.Scan(&s.ID, &s.EventID, &s.Kind, &s.StartsAt, &s.EndsAt, &s.Room, &m.Name, &m.Role, &m.Organisation, &s.CreatedAt, &s.UpdatedAt)
	if m.Name != "" {
		s.Moderator = &m
	}
	s.StartsAt, s.EndsAt = s.StartsAt.In(Stockholm), s.EndsAt.In(Stockholm)
	return s, err
}

const workshopColumns = `id, event_id, session_id, theme, room, capacity, created_at, updated_at`

func scanWorkshop(row db.Scanner) (*Workshop, error) {
	w := &Workshop{Texts: map[string]ItemText{}, Inspirers: []Person{}}
	var capacity sql.NullInt64
	err := row.Scan(&w.ID, &w.EventID, &w.SessionID, &w.Theme, &w.Room, &capacity, &w.CreatedAt, &w.UpdatedAt)
	w.Capacity = db.IntPtr(capacity)
	return w, err
}

// loadProgramme reads an event's sessions and workshops with their texts
// and persons in six queries, however long the programme.
func loadProgramme(ctx context.Context, q db.Querier, eventID string) ([]Session, error) {
	sessions, err := db.Collect(ctx, q, `SELECT `+sessionColumns+` FROM event_sessions WHERE event_id = ? ORDER BY starts_at, ends_at, id`, []any{eventID}, scanSession)
	if err != nil {
		return nil, apperr.Wrap(err, "load sessions")
	}
	workshops, err := db.Collect(ctx, q, `SELECT `+workshopColumns+` FROM event_workshops WHERE event_id = ? ORDER BY created_at, id`, []any{eventID}, scanWorkshop)
	if err != nil {
		return nil, apperr.Wrap(err, "load workshops")
	}
	sByID := map[string]*Session{}
	for _, s := range sessions {
		sByID[s.ID] = s
	}
	wByID := map[string]*Workshop{}
	for _, w := range workshops {
		wByID[w.ID] = w
	}
	err = loadItemChildren(ctx, q, "event_session_texts", "event_session_speakers", "session_id",
		`SELECT id FROM event_sessions WHERE event_id = ?`, eventID,
		func(id, lang string, t ItemText) {
			if s := sByID[id]; s != nil {
				s.Texts[lang] = t
			}
		}, func(id string, p Person) {
			if s := sByID[id]; s != nil {
				s.Speakers = append(s.Speakers, p)
			}
		})
	if err == nil {
		err = loadItemChildren(ctx, q, "event_workshop_texts", "event_workshop_inspirers", "workshop_id",
			`SELECT id FROM event_workshops WHERE event_id = ?`, eventID,
			func(id, lang string, t ItemText) {
				if w := wByID[id]; w != nil {
					w.Texts[lang] = t
				}
			}, func(id string, p Person) {
				if w := wByID[id]; w != nil {
					w.Inspirers = append(w.Inspirers, p)
				}
			})
	}
	if err != nil {
		return nil, err
	}
	for _, w := range workshops {
		if s := sByID[w.SessionID]; s != nil {
			s.Workshops = append(s.Workshops, *w)
		}
	}
	out := make([]Session, len(sessions))
	for i, s := range sessions {
		out[i] = *s
	}
	return out, nil
}

// loadItemChildren reads the texts and persons of the items the subquery
// names, persons in their order.
func loadItemChildren(ctx context.Context, q db.Querier, textTable, peopleTable, key, ids, eventID string,
	text func(id, lang string, t ItemText), person func(id string, p Person)) error {
	err := db.Each(ctx, q, `SELECT `+key+`, lang, title, description FROM `+textTable+` WHERE `+key+` IN (`+ids+`)`, []any{eventID},
		func(row db.Scanner) error {
			var id, lang string
			var t ItemText
			if err := row.Scan(&id, &lang, &t.Title, &t.Description); err != nil {
				return err
			}
			text(id, lang, t)
			return nil
		})
	if err == nil {
		err = db.Each(ctx, q, `SELECT `+key+`, name, role, organisation FROM `+peopleTable+` WHERE `+key+` IN (`+ids+`) ORDER BY `+key+`, position`, []any{eventID},
			func(row db.Scanner) error {
				var id string
				var p Person
				if err := row.Scan(&id, &p.Name, &p.Role, &p.Organisation); err != nil {
					return err
				}
				person(id, p)
				return nil
			})
	}
	return apperr.Wrap(err, "load %s", peopleTable)
}

func loadSession(ctx context.Context, q db.Querier, eventID, id string) (Session, error) {
	list, err := loadProgramme(ctx, q, eventID)
	if err != nil {
		return Session{}, err
	}
	for _, s := range list {
		if s.ID == id {
			return s, nil
		}
	}
	return Session{}, apperr.ErrNotFound()
}

func loadWorkshop(ctx context.Context, q db.Querier, eventID, id string) (Workshop, error) {
	list, err := loadProgramme(ctx, q, eventID)
	if err != nil {
		return Workshop{}, err
	}
	for _, w := range (Programme{Sessions: list}).Workshops() {
		if w.ID == id {
			return w, nil
		}
	}
	return Workshop{}, apperr.ErrNotFound()
}

// count is the number of rows of table where key = id.
func count(ctx context.Context, q db.Querier, table, key, id string) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE `+key+` = ?`, id).Scan(&n)
	return n, apperr.Wrap(err, "count %s", table)
}

// registrationByToken finds a registration by its private manage token
// (stored only hashed), as CancelRegistration does.
func registrationByToken(ctx context.Context, q db.Querier, token string) (Registration, error) {
	r, err := scanRegistration(q.QueryRow(ctx, `SELECT `+regColumns+` FROM registrations WHERE manage_token_hash = ?`, secret.Hash(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.New(apperr.NotFound, "", "error.link_invalid")
	}
	return r, apperr.Wrap(err, "registration")
}
