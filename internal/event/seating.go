package event

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/seating"
)

// Seating (issue 13, "Workshops and tables"): the organisers run the
// solver (internal/seating) on the confirmed registrations, the plan is
// stored in one transaction, and they move people by hand afterwards. Who
// sits where is personal data tied to the registration: reads and changes
// are audited.

// Bounds of a run: a conference day has tens of tables, not thousands.
const (
	MaxTables        = 500
	MaxSeatsPerTable = 30
)

// SeatingRun is an organiser's request for a plan: tables of seats (when
// not seated by workshop, where each workshop gets the tables it needs),
// and the seed that picks among equally good plans.
type SeatingRun struct {
	Tables        int    `json:"tables"`
	SeatsPerTable int    `json:"seats_per_table"`
	Seed          uint64 `json:"seed"`
	ByWorkshop    bool   `json:"by_workshop"`
}

// SeatedPerson is one confirmed participant in a plan.
type SeatedPerson struct {
	RegistrationID string `json:"registration_id"`
	Name           string `json:"name"`
	Organisation   string `json:"organisation"`
	Sector         string `json:"sector"`
	WorkshopID     string `json:"workshop_id"`
	Table          int    `json:"table"`
	Seat           int    `json:"seat"`
}

// SeatingTable is one table with the people at it, by seat.
type SeatingTable struct {
	Number     int            `json:"number"`
	Seats      int            `json:"seats"`
	WorkshopID string         `json:"workshop_id"`
	People     []SeatedPerson `json:"people"`
}

// SeatShortfall is what a plan could not satisfy, with the solver's kind
// (pages translate it as "seating.kind.<kind>") and figures.
type SeatShortfall struct {
	Kind         string   `json:"kind"`
	Workshop     string   `json:"workshop,omitempty"`
	Table        int      `json:"table,omitempty"`
	Party        string   `json:"party,omitempty"`
	Organisation string   `json:"organisation,omitempty"`
	Need         int      `json:"need"`
	Have         int      `json:"have"`
	Count        int      `json:"count"`
	Participants []string `json:"participants,omitempty"`
}

// SeatingPlan is an event's stored plan with its figures.
type SeatingPlan struct {
	Tables     []SeatingTable         `json:"tables"`
	Unseated   []SeatedPerson         `json:"unseated"`
	Quality    seating.SeatQuality    `json:"quality"`
	Workshops  *seating.AssignQuality `json:"workshops,omitempty"`
	Shortfalls []SeatShortfall        `json:"shortfalls"`
}

type seatingInput struct {
	people    []SeatedPerson
	regs      []seating.Registration
	workshops []seating.Workshop
}

// loadSeatingInput reads the confirmed registrations in order of arrival
// with their rankings, assignments and seats, and the event's workshops.
func loadSeatingInput(ctx context.Context, q db.Querier, eventID string) (seatingInput, error) {
	var in seatingInput
	people, err := db.Collect(ctx, q, `SELECT r.id, r.name, COALESCE(r.organisation_id, ''), r.organisation_name, r.sector,
		COALESCE(w.workshop_id, ''), COALESCE(s.table_number, 0), COALESCE(s.seat, 0)
		FROM registrations r LEFT JOIN workshop_assignments w ON w.registration_id = r.id
		LEFT JOIN table_seats s ON s.registration_id = r.id
		WHERE r.event_id = ? AND r.status = ? ORDER BY r.position`, []any{eventID, Confirmed},
		func(row db.Scanner) (SeatedPerson, error) {
			var p SeatedPerson
			var orgID string
			err := row.Scan(&p.RegistrationID, &p.Name, &orgID, &p.Organisation, &p.Sector, &p.WorkshopID, &p.Table, &p.Seat)
			in.regs = append(in.regs, seating.Registration{ID: p.RegistrationID, OrganisationID: orgID, OrganisationName: p.Organisation, Sector: p.Sector, Workshop: p.WorkshopID})
			return p, err
		})
	if err != nil {
		return in, apperr.Wrap(err, "seating registrations")
	}
	in.people = people
	prefs, err := preferencesOf(ctx, q, "r.event_id = ? AND r.status = '"+Confirmed+"'", eventID)
	if err != nil {
		return in, err
	}
	index := map[string]int{}
	for i, r := range in.regs {
		index[r.ID] = i
	}
	for _, p := range prefs {
		if i, ok := index[p.RegistrationID]; ok {
			in.regs[i].Preferences = append(in.regs[i].Preferences, p.WorkshopID)
		}
	}
	in.workshops, err = db.Collect(ctx, q, `SELECT id, COALESCE(capacity, -1) FROM event_workshops WHERE event_id = ? ORDER BY created_at, id`, []any{eventID},
		func(row db.Scanner) (seating.Workshop, error) {
			var w seating.Workshop
			err := row.Scan(&w.ID, &w.Capacity)
			if w.Capacity < 0 { // no limit: room for everyone
				w.Capacity = len(in.regs)
			}
			return w, err
		})
	return in, apperr.Wrap(err, "seating workshops")
}

// RunAssignment assigns the confirmed participants to workshops (when the
// event has any) and seats them at tables, replacing the stored plan in one
// transaction under the event's lock, and returns the plan with what
// could not be satisfied.
func (s *Service) RunAssignment(ctx context.Context, who actor.Actor, eventID string, run SeatingRun) (SeatingPlan, error) {
	var plan SeatingPlan
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := editable(ctx, tx, who, eventID); err != nil {
			return err
		}
		if run.SeatsPerTable < 1 || run.SeatsPerTable > MaxSeatsPerTable {
			return apperr.Invalidf("seats_per_table", "error.range")
		}
		if !run.ByWorkshop && (run.Tables < 1 || run.Tables > MaxTables) {
			return apperr.Invalidf("tables", "error.range")
		}
		in, err := loadSeatingInput(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if run.ByWorkshop && len(in.workshops) == 0 {
			return apperr.Invalidf("by_workshop", "error.seating_no_workshops")
		}
		people := seating.FromRegistrations(in.regs)
		var a seating.Assignment
		assigned := len(in.workshops) > 0
		if assigned {
			if a, err = seating.Assign(people, in.workshops, seating.AssignOptions{}); err != nil {
				return apperr.Wrap(err, "assign")
			}
			people = seating.WithWorkshops(people, a)
		}
		tables := seating.EvenTables(run.Tables, run.SeatsPerTable)
		if run.ByWorkshop {
			tables = seating.WorkshopTables(a, run.SeatsPerTable)
			if len(tables) > MaxTables {
				return apperr.Invalidf("seats_per_table", "error.range")
			}
		}
		plan2, err := seating.Seat(people, tables, seating.SeatOptions{Seed: run.Seed, ByWorkshop: run.ByWorkshop})
		if err != nil {
			return apperr.Wrap(err, "seat")
		}
		number := map[string]int{}
		for i, t := range tables {
			number[t.ID] = i + 1
		}
		if err := clearSeating(ctx, tx, eventID); err != nil {
			return err
		}
		if assigned {
			for id, w := range a.Of {
				if w == "" {
					continue
				}
				if _, err := tx.Exec(ctx, `INSERT INTO workshop_assignments (registration_id, workshop_id) VALUES (?, ?)`, id, w); err != nil {
					return apperr.Wrap(err, "store assignment")
				}
			}
		}
		for i, t := range tables {
			var w any
			if t.Workshop != "" {
				w = t.Workshop
			}
			if _, err := tx.Exec(ctx, `INSERT INTO event_tables (event_id, number, seats, workshop_id) VALUES (?, ?, ?, ?)`, eventID, i+1, t.Size, w); err != nil {
				return apperr.Wrap(err, "store table")
			}
		}
		for id, pl := range plan2.Places() {
			if _, err := tx.Exec(ctx, `INSERT INTO table_seats (registration_id, event_id, table_number, seat) VALUES (?, ?, ?, ?)`, id, eventID, number[pl.Table], pl.Seat); err != nil {
				return apperr.Wrap(err, "store seat")
			}
		}
		if err := audit.Record(ctx, tx, s.Now().UTC(), who, "event.seating_run", "event", eventID,
			map[string]string{"seated": strconv.Itoa(plan2.Quality.Seated), "seed": strconv.FormatUint(run.Seed, 10)}); err != nil {
			return err
		}
		plan, err = loadPlan(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if assigned {
			plan.Workshops = &a.Quality
		}
		plan.Quality = plan2.Quality
		plan.Shortfalls = shortfallsOf(append(a.Shortfalls, plan2.Shortfalls...), number, orgNames(in.regs))
		return nil
	})
	return plan, err
}

func clearSeating(ctx context.Context, tx *db.Tx, eventID string) error {
	for _, q := range []string{
		`DELETE FROM table_seats WHERE event_id = ?`,
		`DELETE FROM event_tables WHERE event_id = ?`,
		`DELETE FROM workshop_assignments WHERE registration_id IN (SELECT id FROM registrations WHERE event_id = ?)`,
	} {
		if _, err := tx.Exec(ctx, q, eventID); err != nil {
			return apperr.Wrap(err, "clear seating")
		}
	}
	return nil
}

// orgNames maps the solver's organisation keys (FromRegistrations) to the
// names the registrations gave, for the page.
func orgNames(regs []seating.Registration) map[string]string {
	out := map[string]string{}
	for i, p := range seating.FromRegistrations(regs) {
		if p.Organisation != "" {
			out[p.Organisation] = regs[i].OrganisationName
		}
	}
	return out
}

func shortfallsOf(in []seating.Shortfall, number map[string]int, names map[string]string) []SeatShortfall {
	out := []SeatShortfall{}
	for _, f := range in {
		sf := SeatShortfall{Kind: string(f.Kind), Workshop: f.Workshop, Table: number[f.Table], Organisation: names[f.Organisation],
			Need: f.Need, Have: f.Have, Count: f.Count, Participants: f.Participants}
		if f.Kind == seating.PartyShort || f.Kind == seating.MissingParty {
			sf.Party = f.Party.String()
		}
		out = append(out, sf)
	}
	return out
}

// loadPlan reads the stored tables and seats; the figures and what each
// table lacks are recomputed from them (seating.Restore), so that moves by
// hand show their consequences.
func loadPlan(ctx context.Context, q db.Querier, eventID string) (SeatingPlan, error) {
	plan := SeatingPlan{Tables: []SeatingTable{}, Unseated: []SeatedPerson{}, Shortfalls: []SeatShortfall{}}
	in, err := loadSeatingInput(ctx, q, eventID)
	if err != nil {
		return plan, err
	}
	plan.Tables, err = db.Collect(ctx, q, `SELECT number, seats, COALESCE(workshop_id, '') FROM event_tables WHERE event_id = ? ORDER BY number`, []any{eventID},
		func(row db.Scanner) (SeatingTable, error) {
			t := SeatingTable{People: []SeatedPerson{}}
			return t, row.Scan(&t.Number, &t.Seats, &t.WorkshopID)
		})
	if err != nil {
		return plan, apperr.Wrap(err, "seating tables")
	}
	if plan.Tables == nil {
		plan.Tables = []SeatingTable{}
	}
	byNumber := map[int]int{}
	tables := make([]seating.Table, len(plan.Tables))
	number := map[string]int{}
	byWorkshop := false
	for i, t := range plan.Tables {
		byNumber[t.Number] = i
		id := strconv.Itoa(t.Number)
		tables[i] = seating.Table{ID: id, Size: t.Seats, Workshop: t.WorkshopID}
		number[id] = t.Number
		byWorkshop = byWorkshop || t.WorkshopID != ""
	}
	places := map[string]seating.Place{}
	for _, p := range in.people {
		i, ok := byNumber[p.Table]
		if !ok {
			plan.Unseated = append(plan.Unseated, p)
			continue
		}
		plan.Tables[i].People = append(plan.Tables[i].People, p)
		places[p.RegistrationID] = seating.Place{Table: strconv.Itoa(p.Table), Seat: p.Seat}
	}
	for _, t := range plan.Tables {
		sort.Slice(t.People, func(a, b int) bool { return t.People[a].Seat < t.People[b].Seat })
	}
	if len(tables) == 0 {
		return plan, nil
	}
	restored, err := seating.Restore(seating.FromRegistrations(in.regs), tables, places, seating.SeatOptions{ByWorkshop: byWorkshop})
	if err != nil {
		return plan, apperr.Wrap(err, "restore seating")
	}
	plan.Quality = restored.Quality
	plan.Shortfalls = shortfallsOf(restored.Violations(), number, orgNames(in.regs))
	return plan, nil
}

// Seating returns an event's stored plan, for its organisers and staff;
// the read is audited.
func (s *Service) Seating(ctx context.Context, who actor.Actor, eventID string) (SeatingPlan, error) {
	var plan SeatingPlan
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := editable(ctx, tx, who, eventID); err != nil {
			return err
		}
		var err error
		if plan, err = loadPlan(ctx, tx, eventID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.Now().UTC(), who, "event.seating_read", "event", eventID, nil)
	})
	return plan, err
}

// MoveSeat puts a confirmed participant at the first free seat of table
// (0 takes the seat away). The count of free seats and the write are one
// step under the event's lock, and the UNIQUE seat is the last guard: of
// two organisers moving people into a table's last seat at once, one
// wins and the other gets a conflict (error.table_full).
func (s *Service) MoveSeat(ctx context.Context, who actor.Actor, eventID, registrationID string, table int) (SeatedPerson, error) {
	var out SeatedPerson
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := editable(ctx, tx, who, eventID); err != nil {
			return err
		}
		var status, workshop string
		err := tx.QueryRow(ctx, `SELECT r.status, COALESCE(w.workshop_id, '') FROM registrations r
			LEFT JOIN workshop_assignments w ON w.registration_id = r.id WHERE r.id = ? AND r.event_id = ?`, registrationID, eventID).Scan(&status, &workshop)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Invalidf("registration_id", "error.not_found")
		}
		if err != nil {
			return apperr.Wrap(err, "move seat")
		}
		if status != Confirmed {
			return apperr.New(apperr.Conflict, "registration_id", "error.registration_cancelled")
		}
		out = SeatedPerson{RegistrationID: registrationID, WorkshopID: workshop, Table: table}
		var current int
		if err := tx.QueryRow(ctx, `SELECT table_number FROM table_seats WHERE registration_id = ?`, registrationID).Scan(&current); err == nil && current == table {
			return tx.QueryRow(ctx, `SELECT seat FROM table_seats WHERE registration_id = ?`, registrationID).Scan(&out.Seat)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM table_seats WHERE registration_id = ?`, registrationID); err != nil {
			return apperr.Wrap(err, "move seat")
		}
		if table != 0 {
			var seats int
			var tw string
			err := tx.QueryRow(ctx, `SELECT seats, COALESCE(workshop_id, '') FROM event_tables WHERE event_id = ? AND number = ?`, eventID, table).Scan(&seats, &tw)
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.Invalidf("table", "error.seating_no_table")
			}
			if err != nil {
				return apperr.Wrap(err, "move seat")
			}
			if tw != "" && tw != workshop {
				return apperr.New(apperr.Conflict, "table", "error.seating_other_workshop")
			}
			taken, err := db.Collect(ctx, tx, `SELECT seat FROM table_seats WHERE event_id = ? AND table_number = ?`, []any{eventID, table},
				func(row db.Scanner) (int, error) { var n int; return n, row.Scan(&n) })
			if err != nil {
				return apperr.Wrap(err, "move seat")
			}
			used := map[int]bool{}
			for _, n := range taken {
				used[n] = true
			}
			for n := 1; n <= seats && out.Seat == 0; n++ {
				if !used[n] {
					out.Seat = n
				}
			}
			if out.Seat == 0 {
				return apperr.New(apperr.Conflict, "table", "error.table_full")
			}
			if _, err := tx.Exec(ctx, `INSERT INTO table_seats (registration_id, event_id, table_number, seat) VALUES (?, ?, ?, ?)`, registrationID, eventID, table, out.Seat); err != nil {
				if errors.Is(db.Translate(err), db.ErrUnique) {
					return apperr.New(apperr.Conflict, "table", "error.table_full")
				}
				return apperr.Wrap(err, "move seat")
			}
		}
		return audit.Record(ctx, tx, s.Now().UTC(), who, "registration.seat_move", "registration", registrationID,
			map[string]string{"table": strconv.Itoa(table)})
	})
	return out, err
}
