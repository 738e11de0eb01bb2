package event

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/ratelimit"
	"github.com/samverkan/samverkan/internal/secret"
)

// The harvest of group work: what each workshop or table found, as
// obstacles (hinder) and opportunities (möjligheter), tagged by theme and
// by the agreement's six principles, the way the seven conferences
// reported their group work (docs/SOURCES.md, seed 004). A facilitator
// enters notes on the organisers' page; participants may add their own
// through the link on the table card while the organisers keep the
// harvest open. Notes are anonymous: no name, address or IP is stored
// with them, so the harvest outlives the participants' data and goes into
// the report.

// Kinds of note.
const (
	Obstacle    = "obstacle"
	Opportunity = "opportunity"
)

// NoteKinds lists the kinds in the order pages show them.
var NoteKinds = []string{Obstacle, Opportunity}

// Principles are the six principles of the national agreement on
// integration: independence, dialogue, quality, long-term perspective,
// openness and transparency, diversity.
var Principles = []string{"independence", "dialogue", "quality", "long_term", "openness", "diversity"}

// Note sources.
const (
	ByOrganiser   = "organiser"
	ByParticipant = "participant"
)

// Bounds of the harvest: a note is a sticky note, not an essay.
const (
	MaxNoteChars     = 600
	MaxGroupChars    = 100
	MaxNotesPerEvent = 5000
)

// Note is one obstacle or opportunity.
type Note struct {
	ID         string    `json:"id"`
	EventID    string    `json:"event_id"`
	Kind       string    `json:"kind"`
	Body       string    `json:"body"`
	Theme      string    `json:"theme,omitempty"`
	Principles []string  `json:"principles"`
	Group      string    `json:"group,omitempty"` // the workshop or table that wrote it, e.g. "Bord 12"
	Source     string    `json:"source"`
	MergedInto string    `json:"merged_into,omitempty"` // a duplicate points at the note it was merged into
	Merged     int       `json:"merged"`                // how many duplicates were merged into this one
	Hidden     bool      `json:"hidden"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// NoteFields is the input for adding or changing a note; on a change a nil
// field is left as it is.
type NoteFields struct {
	Kind       *string   `json:"kind,omitempty"`
	Body       *string   `json:"body,omitempty"`
	Theme      *string   `json:"theme,omitempty"`
	Principles *[]string `json:"principles,omitempty"`
	Group      *string   `json:"group,omitempty"`
	Hidden     *bool     `json:"hidden,omitempty"`
}

func (f NoteFields) apply(n *Note) error {
	var err error
	if f.Kind != nil {
		n.Kind = strings.TrimSpace(*f.Kind)
	}
	if f.Body != nil {
		if n.Body, err = input.Text("body", *f.Body, MaxNoteChars, true); err != nil {
			return err
		}
	}
	if f.Theme != nil {
		n.Theme = strings.TrimSpace(*f.Theme)
	}
	if f.Principles != nil {
		if n.Principles, err = input.Set("principles", *f.Principles, Principles); err != nil {
			return err
		}
	}
	if f.Group != nil {
		if n.Group, err = input.Line("group", *f.Group, MaxGroupChars, false); err != nil {
			return err
		}
	}
	if f.Hidden != nil {
		n.Hidden = *f.Hidden
	}
	if err := input.Choice("kind", n.Kind, NoteKinds, true); err != nil {
		return err
	}
	if n.Body == "" {
		return apperr.Invalidf("body", "error.required")
	}
	if err := input.Choice("theme", n.Theme, catalog.Themes, false); err != nil {
		return err
	}
	if n.Principles == nil {
		n.Principles = []string{}
	}
	return nil
}

// NoteFilter narrows the notes of an event.
type NoteFilter struct {
	Kind string
	// All includes hidden notes and merged duplicates (the organisers'
	// page); without it only what the wall and the report show.
	All bool
	// Since returns the notes changed after it (the wall's refresh).
	Since time.Time
}

// canHarvest loads the event and checks who may run its harvest.
func canHarvest(ctx context.Context, q db.Querier, who actor.Actor, eventID string) (Event, error) {
	if !who.SignedIn() {
		return Event{}, apperr.ErrUnauthorized()
	}
	e, err := loadOne(ctx, q, eventID)
	if err != nil {
		return Event{}, err
	}
	if !e.CanEdit(who) {
		return Event{}, apperr.ErrForbidden()
	}
	return e, nil
}

// OpenHarvest makes a new link for participants' notes and returns it; a
// link made before stops working (only its hash is kept, so table cards
// are printed with the link this returns).
func (s *Service) OpenHarvest(ctx context.Context, who actor.Actor, eventID string) (string, error) {
	token, hash := secret.New()
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := canHarvest(ctx, tx, who, eventID); err != nil {
			return err
		}
		now := s.Now().UTC()
		_, err := tx.Exec(ctx, `INSERT INTO event_harvests (event_id, token_hash, is_open, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (event_id) DO UPDATE SET token_hash = excluded.token_hash, is_open = excluded.is_open, updated_at = excluded.updated_at`,
			eventID, hash, true, now, now)
		if err != nil {
			return apperr.Wrap(err, "open harvest")
		}
		return audit.Record(ctx, tx, now, who, "event.harvest_open", "event", eventID, nil)
	})
	return token, err
}

// CloseHarvest stops participants' notes; organisers can still add.
func (s *Service) CloseHarvest(ctx context.Context, who actor.Actor, eventID string) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := canHarvest(ctx, tx, who, eventID); err != nil {
			return err
		}
		now := s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE event_harvests SET is_open = ?, updated_at = ? WHERE event_id = ?`, false, now, eventID); err != nil {
			return apperr.Wrap(err, "close harvest")
		}
		return audit.Record(ctx, tx, now, who, "event.harvest_close", "event", eventID, nil)
	})
}

// HarvestOpen reports whether participants' notes are taken for the event.
func (s *Service) HarvestOpen(ctx context.Context, eventID string) (bool, error) {
	var open bool
	err := s.DB.QueryRow(ctx, `SELECT is_open FROM event_harvests WHERE event_id = ?`, eventID).Scan(&open)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return open, apperr.Wrap(err, "harvest open")
}

// EventByHarvestLink returns the published event of a harvest link. A link
// that was replaced, or an event not open for notes, is not found: the
// participant learns nothing about other events.
func (s *Service) EventByHarvestLink(ctx context.Context, token string) (Event, bool, error) {
	var id string
	var open bool
	err := s.DB.QueryRow(ctx, `SELECT event_id, is_open FROM event_harvests WHERE token_hash = ?`, secret.Hash(token)).Scan(&id, &open)
	if errors.Is(err, sql.ErrNoRows) {
		return Event{}, false, apperr.ErrNotFound()
	}
	if err != nil {
		return Event{}, false, apperr.Wrap(err, "harvest link")
	}
	e, err := loadOne(ctx, s.DB, id)
	return e, open, err
}

// AddNote adds a note written by the organisers or a facilitator.
func (s *Service) AddNote(ctx context.Context, who actor.Actor, eventID string, f NoteFields) (Note, error) {
	n := Note{ID: db.NewID(), EventID: eventID, Source: ByOrganiser}
	if err := f.apply(&n); err != nil {
		return Note{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := canHarvest(ctx, tx, who, eventID); err != nil {
			return err
		}
		return s.insertNote(ctx, tx, &n)
	})
	return n, err
}

// harvestRules bound what one place and one event take through the
// public link: no mail is sent, but the wall must not fill with spam.
func harvestRules(ip, eventID string) []ratelimit.Rule {
	return []ratelimit.Rule{
		{Key: "harvest-ip:" + ip, Limit: 60, Window: 10 * time.Minute},
		{Key: "harvest-event:" + eventID, Limit: 1000, Window: time.Hour},
	}
}

// AddNoteByLink adds a participant's note through the harvest link, while
// the organisers keep the harvest open. Hidden cannot be set this way.
func (s *Service) AddNoteByLink(ctx context.Context, token string, f NoteFields, ip string) (Note, error) {
	f.Hidden = nil
	n := Note{ID: db.NewID(), Source: ByParticipant}
	if err := f.apply(&n); err != nil {
		return Note{}, err
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var open bool
		err := tx.QueryRow(ctx, `SELECT event_id, is_open FROM event_harvests WHERE token_hash = ?`, secret.Hash(token)).Scan(&n.EventID, &open)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound()
		}
		if err != nil {
			return apperr.Wrap(err, "harvest link")
		}
		if !open {
			return apperr.New(apperr.Conflict, "", "error.harvest_closed")
		}
		ok, retry, err := ratelimit.Take(ctx, tx, s.Now(), harvestRules(ip, n.EventID)...)
		if err != nil {
			return err
		}
		if !ok {
			return ratelimit.Limited("body", retry)
		}
		return s.insertNote(ctx, tx, &n)
	})
	return n, err
}

func (s *Service) insertNote(ctx context.Context, tx *db.Tx, n *Note) error {
	var count int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM harvest_notes WHERE event_id = ?`, n.EventID).Scan(&count); err != nil {
		return apperr.Wrap(err, "count notes")
	}
	if count >= MaxNotesPerEvent {
		return apperr.Invalidf("body", "error.harvest_full", "max", MaxNotesPerEvent)
	}
	now := s.Now().UTC()
	n.CreatedAt, n.UpdatedAt = now, now
	_, err := tx.Exec(ctx, `INSERT INTO harvest_notes (id, event_id, kind, body, theme, group_label, source, merged_into, hidden, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`, n.ID, n.EventID, n.Kind, n.Body, n.Theme, n.Group, n.Source, n.Hidden, now, now)
	if err != nil {
		return apperr.Wrap(err, "insert note")
	}
	return writePrinciples(ctx, tx, n)
}

func writePrinciples(ctx context.Context, tx *db.Tx, n *Note) error {
	if _, err := tx.Exec(ctx, `DELETE FROM harvest_note_principles WHERE note_id = ?`, n.ID); err != nil {
		return apperr.Wrap(err, "principles")
	}
	for _, p := range n.Principles {
		if _, err := tx.Exec(ctx, `INSERT INTO harvest_note_principles (note_id, principle) VALUES (?, ?)`, n.ID, p); err != nil {
			return apperr.Wrap(err, "principles")
		}
	}
	return nil
}

// UpdateNote changes a note's wording, kind, theme, principles, group or
// whether it is hidden; the event's organisers may.
func (s *Service) UpdateNote(ctx context.Context, who actor.Actor, eventID, noteID string, f NoteFields) (Note, error) {
	var n Note
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := canHarvest(ctx, tx, who, eventID); err != nil {
			return err
		}
		var err error
		if n, err = loadNote(ctx, tx, eventID, noteID); err != nil {
			return err
		}
		if err := f.apply(&n); err != nil {
			return err
		}
		n.UpdatedAt = s.Now().UTC()
		_, err = tx.Exec(ctx, `UPDATE harvest_notes SET kind = ?, body = ?, theme = ?, group_label = ?, hidden = ?, updated_at = ? WHERE id = ?`,
			n.Kind, n.Body, n.Theme, n.Group, n.Hidden, n.UpdatedAt, n.ID)
		if err != nil {
			return apperr.Wrap(err, "update note")
		}
		if err := writePrinciples(ctx, tx, &n); err != nil {
			return err
		}
		return audit.Record(ctx, tx, n.UpdatedAt, who, "event.note_update", "event", eventID, map[string]string{"note": n.ID})
	})
	if err != nil {
		return Note{}, err
	}
	return s.findNote(ctx, eventID, noteID)
}

// MergeNotes merges a duplicate into another note of the same kind: the
// duplicate leaves the wall and the report, and counts for the note kept
// (with the duplicates already merged into it). into "" splits the note
// out again.
func (s *Service) MergeNotes(ctx context.Context, who actor.Actor, eventID, noteID, into string) (Note, error) {
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := canHarvest(ctx, tx, who, eventID); err != nil {
			return err
		}
		dup, err := loadNote(ctx, tx, eventID, noteID)
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		if into == "" {
			_, err := tx.Exec(ctx, `UPDATE harvest_notes SET merged_into = NULL, updated_at = ? WHERE id = ?`, now, dup.ID)
			return apperr.Wrap(err, "split note")
		}
		keep, err := loadNote(ctx, tx, eventID, into)
		if apperr.CodeOf(err) == apperr.NotFound {
			return apperr.Invalidf("into", "error.harvest_merge_target")
		}
		if err != nil {
			return err
		}
		if keep.MergedInto != "" {
			// Merge into the note the target itself was merged into, so that
			// merges never chain.
			if keep, err = loadNote(ctx, tx, eventID, keep.MergedInto); err != nil {
				return err
			}
		}
		if keep.ID == dup.ID || keep.Kind != dup.Kind {
			return apperr.Invalidf("into", "error.harvest_merge_target")
		}
		if _, err := tx.Exec(ctx, `UPDATE harvest_notes SET merged_into = ?, updated_at = ? WHERE id = ? OR merged_into = ?`, keep.ID, now, dup.ID, dup.ID); err != nil {
			return apperr.Wrap(err, "merge note")
		}
		if _, err := tx.Exec(ctx, `UPDATE harvest_notes SET updated_at = ? WHERE id = ?`, now, keep.ID); err != nil {
			return apperr.Wrap(err, "merge note")
		}
		return audit.Record(ctx, tx, now, who, "event.note_merge", "event", eventID, map[string]string{"note": dup.ID, "into": keep.ID})
	})
	if err != nil {
		return Note{}, err
	}
	return s.findNote(ctx, eventID, noteID)
}

// FindNotes lists an event's notes for its organisers (f.All) or, without
// All, what the wall shows; the caller has checked who may see them
// (organisers, or the holder of the harvest link).
func (s *Service) FindNotes(ctx context.Context, eventID string, f NoteFilter) ([]Note, error) {
	return findNotes(ctx, s.DB, eventID, "", f)
}

// FindNotesAs is FindNotes for a signed-in organiser.
func (s *Service) FindNotesAs(ctx context.Context, who actor.Actor, eventID string, f NoteFilter) ([]Note, error) {
	if _, err := canHarvest(ctx, s.DB, who, eventID); err != nil {
		return nil, err
	}
	return s.FindNotes(ctx, eventID, f)
}

func (s *Service) findNote(ctx context.Context, eventID, noteID string) (Note, error) {
	return loadNote(ctx, s.DB, eventID, noteID)
}

func loadNote(ctx context.Context, q db.Querier, eventID, noteID string) (Note, error) {
	list, err := findNotes(ctx, q, eventID, noteID, NoteFilter{All: true})
	if err != nil {
		return Note{}, err
	}
	if len(list) == 0 {
		return Note{}, apperr.ErrNotFound()
	}
	return list[0], nil
}

func findNotes(ctx context.Context, q db.Querier, eventID, noteID string, f NoteFilter) ([]Note, error) {
	where := []string{"n.event_id = ?"}
	args := []any{eventID}
	if noteID != "" {
		where = append(where, "n.id = ?")
		args = append(args, noteID)
	}
	if f.Kind != "" {
		where = append(where, "n.kind = ?")
		args = append(args, f.Kind)
	}
	if !f.All {
		where = append(where, "n.hidden = ?", "n.merged_into IS NULL")
		args = append(args, false)
	}
	if !f.Since.IsZero() {
		where = append(where, "n.updated_at > ?")
		args = append(args, f.Since.UTC())
	}
	var out []Note
	byID := map[string]int{}
	err := db.Each(ctx, q, `SELECT n.id, n.event_id, n.kind, n.body, n.theme, n.group_label, n.source, n.merged_into, n.hidden, n.created_at, n.updated_at,
		(SELECT COUNT(*) FROM harvest_notes d WHERE d.merged_into = n.id)
		FROM harvest_notes n WHERE `+strings.Join(where, " AND ")+` ORDER BY n.created_at, n.id`, args, func(r db.Scanner) error {
		var n Note
		var merged sql.NullString
		if err := r.Scan(&n.ID, &n.EventID, &n.Kind, &n.Body, &n.Theme, &n.Group, &n.Source, &merged, &n.Hidden, &n.CreatedAt, &n.UpdatedAt, &n.Merged); err != nil {
			return err
		}
		n.MergedInto, n.Principles = merged.String, []string{}
		byID[n.ID] = len(out)
		out = append(out, n)
		return nil
	})
	if err != nil || len(out) == 0 {
		return out, apperr.Wrap(err, "notes")
	}
	err = db.Each(ctx, q, `SELECT p.note_id, p.principle FROM harvest_note_principles p JOIN harvest_notes n ON n.id = p.note_id WHERE n.event_id = ?`, []any{eventID}, func(r db.Scanner) error {
		var id, p string
		if err := r.Scan(&id, &p); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			out[i].Principles = append(out[i].Principles, p)
		}
		return nil
	})
	for i := range out {
		sortByList(out[i].Principles, Principles)
	}
	return out, apperr.Wrap(err, "principles")
}

// sortByList orders values as they stand in list (the principles in the
// agreement's order, not the alphabet's).
func sortByList(values, list []string) {
	rank := map[string]int{}
	for i, v := range list {
		rank[v] = i
	}
	sort.Slice(values, func(i, j int) bool { return rank[values[i]] < rank[values[j]] })
}
