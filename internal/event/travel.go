package event

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
)

// Statuses of a travel request: asked by the participant, then decided by
// the organisers.
const (
	TravelRequested = "requested"
	TravelApproved  = "approved"
	TravelRejected  = "rejected"
)

// MaxTravelKm bounds a round trip (Kiruna–Malmö and back is about 3,000 km).
const MaxTravelKm = 4000

// Travel is a participant's request for travel reimbursement (seed 004,
// Sundsvall: volunteers in civil society, more than 10 mil round trip,
// asked for by a deadline, carpooling assumed).
type Travel struct {
	DistanceKm int        `json:"distance_km"` // the round trip
	From       string     `json:"from"`
	Carpool    bool       `json:"carpool"`
	Note       string     `json:"note,omitempty"`
	Status     string     `json:"status"`
	DecidedAt  *time.Time `json:"decided_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// TravelInput is the participant's request.
type TravelInput struct {
	DistanceKm int    `json:"distance_km"`
	From       string `json:"from"`
	Carpool    bool   `json:"carpool"`
	Note       string `json:"note,omitempty"` // who they travel with, the ticket …
}

// RequestTravel asks for travel money by the manage link. The event must
// pay it, the participant's sector be eligible, the round trip reach the
// minimum and the request come by the deadline. Asking again before a
// decision changes the request (UPDATE); a decided one stands.
func (s *Service) RequestTravel(ctx context.Context, token, ip string, in TravelInput) (Travel, error) {
	var err error
	if in.From, err = input.Line("from", in.From, 200, true); err != nil {
		return Travel{}, err
	}
	if in.Note, err = input.Text("note", in.Note, 1000, false); err != nil {
		return Travel{}, err
	}
	if err := input.Range("distance_km", &in.DistanceKm, 1, MaxTravelKm); err != nil {
		return Travel{}, err
	}
	now := s.Now().UTC()
	t := Travel{DistanceKm: in.DistanceKm, From: in.From, Carpool: in.Carpool, Note: in.Note, Status: TravelRequested, CreatedAt: now}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		r, err := regByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		if r.Status == Withdrawn {
			return apperr.New(apperr.Conflict, "", "error.registration_cancelled")
		}
		e, err := loadOne(ctx, tx, r.EventID)
		if err != nil {
			return err
		}
		rules := e.Rules
		switch {
		case !rules.Travel():
			return apperr.New(apperr.Conflict, "", "error.travel_not_offered")
		case !rules.TravelEligible(r.Sector):
			return apperr.New(apperr.Forbidden, "sector", "error.travel_not_eligible")
		case rules.TravelDeadline != nil && now.After(*rules.TravelDeadline):
			return apperr.New(apperr.Conflict, "", "error.travel_too_late")
		case in.DistanceKm < *rules.TravelMinKm:
			return apperr.Invalidf("distance_km", "error.travel_too_short", "km", *rules.TravelMinKm)
		}
		old, err := loadTravel(ctx, tx, []string{r.ID})
		if err != nil {
			return err
		}
		if prev := old[r.ID]; prev != nil {
			if prev.Status != TravelRequested {
				return apperr.New(apperr.Conflict, "", "error.travel_decided")
			}
			t.CreatedAt = prev.CreatedAt
			_, err = tx.Exec(ctx, `UPDATE travel_requests SET distance_km = ?, from_place = ?, carpool = ?, note = ?, updated_at = ? WHERE registration_id = ?`,
				t.DistanceKm, t.From, t.Carpool, t.Note, now, r.ID)
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO travel_requests (registration_id, distance_km, from_place, carpool, note, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, t.DistanceKm, t.From, t.Carpool, t.Note, t.Status, now, now)
		}
		if err != nil {
			return apperr.Wrap(err, "travel request")
		}
		return audit.Record(ctx, tx, now, actor.Actor{Name: "manage link", IP: ip}, "registration.travel", "registration", r.ID,
			map[string]string{"event": r.EventID, "distance_km": strconv.Itoa(t.DistanceKm)})
	})
	return t, err
}

// TravelDecision is the organisers' answer to a travel request.
type TravelDecision struct {
	Status string `json:"status"` // approved or rejected
}

// DecideTravel approves or rejects a travel request and mails the
// participant; the event's organisers and staff may, and may change their
// minds.
func (s *Service) DecideTravel(ctx context.Context, who actor.Actor, eventID, regID string, d TravelDecision) (Travel, error) {
	if !who.SignedIn() {
		return Travel{}, apperr.ErrUnauthorized()
	}
	if err := input.Choice("status", d.Status, []string{TravelApproved, TravelRejected}, true); err != nil {
		return Travel{}, err
	}
	now := s.Now().UTC()
	var t Travel
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadEditable(ctx, tx, who, eventID); err != nil {
			return err
		}
		r, err := scanRegistration(tx.QueryRow(ctx, `SELECT `+regColumns+` FROM registrations WHERE id = ? AND event_id = ?`, regID, eventID))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound()
		}
		if err != nil {
			return apperr.Wrap(err, "registration")
		}
		found, err := loadTravel(ctx, tx, []string{regID})
		if err != nil {
			return err
		}
		if found[regID] == nil {
			return apperr.ErrNotFound()
		}
		if _, err := tx.Exec(ctx, `UPDATE travel_requests SET status = ?, decided_by = ?, decided_at = ?, updated_at = ? WHERE registration_id = ?`,
			d.Status, db.NullIfEmpty(who.UserID), now, now, regID); err != nil {
			return apperr.Wrap(err, "decide travel")
		}
		t = *found[regID]
		t.Status, t.DecidedAt = d.Status, &now
		if err := audit.Record(ctx, tx, now, who, "registration.travel_"+d.Status, "registration", regID, map[string]string{"event": eventID}); err != nil {
			return err
		}
		// The participant hears the answer in their language.
		title, err := s.titleTx(ctx, tx, eventID, r.Lang)
		if err != nil {
			return err
		}
		subject, body := "mail.registration.travel_approved.subject", "mail.registration.travel_approved.body"
		if d.Status == TravelRejected {
			subject, body = "mail.registration.travel_rejected.subject", "mail.registration.travel_rejected.body"
		}
		return s.mailParticipant(ctx, tx, r, subject, body, title, "", "km", t.DistanceKm, "from", t.From)
	})
	return t, err
}

// loadTravel reads the travel requests of the given registrations.
func loadTravel(ctx context.Context, q db.Querier, regIDs []string) (map[string]*Travel, error) {
	out := map[string]*Travel{}
	if len(regIDs) == 0 {
		return out, nil
	}
	in, args := db.In(regIDs)
	err := db.Each(ctx, q, `SELECT registration_id, distance_km, from_place, carpool, note, status, decided_at, created_at FROM travel_requests
		WHERE registration_id IN (`+in+`)`, args, func(row db.Scanner) error {
		var id string
		var t Travel
		var decided sql.NullTime
		if err := row.Scan(&id, &t.DistanceKm, &t.From, &t.Carpool, &t.Note, &t.Status, &decided, &t.CreatedAt); err != nil {
			return err
		}
		t.DecidedAt = timePtr(decided)
		out[id] = &t
		return nil
	})
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return out, apperr.Wrap(err, "travel requests")
}
