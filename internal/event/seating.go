package event

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sort"
	"strconv"
	"time"

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
// and the seed that picks among equally good plans. With several
// workshop blocks, tables by workshop follow one block: Block names its
// session, the day's first block when empty.
type SeatingRun struct {
	Tables        int    `json:"tables"`
	SeatsPerTable int    `json:"seats_per_table"`
	Seed          uint64 `json:"seed"`
	ByWorkshop    bool   `json:"by_workshop"`
	Block         string `json:"block,omitempty"`
}

// PersonWorkshop is a participant's workshop in one block.
type PersonWorkshop struct {
	SessionID     string `json:"session_id"`
	WorkshopID    string `json:"workshop_id"`
	WorkshopTitle string `json:"workshop_title"`
}

// SeatedPerson is one confirmed participant in a plan. WorkshopID is their
// workshop in the block the tables follow (the first block unless the
// tables follow another); Workshops has one entry per block they are
// assigned in, in the day's order.
type SeatedPerson struct {
	RegistrationID string           `json:"registration_id"`
	Name           string           `json:"name"`
	Organisation   string           `json:"organisation"`
	Sector         string           `json:"sector"`
	WorkshopID     string           `json:"workshop_id"`
	WorkshopTitle  string           `json:"workshop_title,omitempty"`
	Workshops      []PersonWorkshop `json:"workshops"`
	Table          int              `json:"table"`
	Seat           int              `json:"seat"`
}

// SeatingTable is one table with the people at it, by seat.
type SeatingTable struct {
	Number        int            `json:"number"`
	Seats         int            `json:"seats"`
	WorkshopID    string         `json:"workshop_id"`
	WorkshopTitle string         `json:"workshop_title,omitempty"`
	People        []SeatedPerson `json:"people"`
}

// SeatShortfall is what a plan could not satisfy, with the solver's kind
// (pages translate it as "seating.kind.<kind>") and figures; Block is the
// workshop block (session) an assignment's shortfall belongs to.
type SeatShortfall struct {
	Kind          string   `json:"kind"`
	Block         string   `json:"block,omitempty"`
	Workshop      string   `json:"workshop,omitempty"`
	WorkshopTitle string   `json:"workshop_title,omitempty"`
	Table         int      `json:"table,omitempty"`
	Party         string   `json:"party,omitempty"`
	Organisation  string   `json:"organisation,omitempty"`
	Need          int      `json:"need"`
	Have          int      `json:"have"`
	Count         int      `json:"count"`
	Participants  []string `json:"participants,omitempty"`
}

// SeatingBlock is one workshop block's round of the assignment: its
// workshops with who was assigned, and who has none in it.
type SeatingBlock struct {
	SessionID  string                 `json:"session_id"`
	Title      string                 `json:"title"`
	StartsAt   time.Time              `json:"starts_at"`
	Workshops  []BlockWorkshop        `json:"workshops"`
	Unassigned []string               `json:"unassigned"`
	Quality    *seating.AssignQuality `json:"quality,omitempty"` // only in the answer of a run
}

// BlockWorkshop is one workshop of a block with its participants
// (registration IDs, in order of arrival).
type BlockWorkshop struct {
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Capacity     *int     `json:"capacity,omitempty"`
	Participants []string `json:"participants"`
}

// SeatingPlan is an event's stored plan with its figures. Workshops is
// the first block's assignment figures (kept for one-block events);
// Blocks has every block's; TablesBlock is the block the tables follow
// when seated by workshop.
type SeatingPlan struct {
	Tables      []SeatingTable         `json:"tables"`
	Unseated    []SeatedPerson         `json:"unseated"`
	Quality     seating.SeatQuality    `json:"quality"`
	Workshops   *seating.AssignQuality `json:"workshops,omitempty"`
	Blocks      []SeatingBlock         `json:"blocks"`
	TablesBlock string                 `json:"tables_block,omitempty"`
	Shortfalls  []SeatShortfall        `json:"shortfalls"`

	// The programme's blocks, for InLanguage's titles.
	sessions []Session
}

// InLanguage fills in every title of the plan (blocks, workshops, the
// workshop of each table and person) in lang, with the programme's usual
// fallback (Workshop.In).
func (p *SeatingPlan) InLanguage(lang string) {
	title := map[string]string{}
	for _, s := range p.sessions {
		for _, w := range s.Workshops {
			title[w.ID] = w.In(lang).Title
		}
	}
	for i := range p.Blocks {
		b := &p.Blocks[i]
		for _, s := range p.sessions {
			if s.ID == b.SessionID {
				b.Title = s.In(lang).Title
			}
		}
		for j := range b.Workshops {
			b.Workshops[j].Title = title[b.Workshops[j].ID]
		}
	}
	person := func(sp *SeatedPerson) {
		sp.WorkshopTitle = title[sp.WorkshopID]
		for k := range sp.Workshops {
			sp.Workshops[k].WorkshopTitle = title[sp.Workshops[k].WorkshopID]
		}
	}
	for i := range p.Tables {
		t := &p.Tables[i]
		t.WorkshopTitle = title[t.WorkshopID]
		for j := range t.People {
			person(&t.People[j])
		}
	}
	for i := range p.Unseated {
		person(&p.Unseated[i])
	}
	for i := range p.Shortfalls {
		p.Shortfalls[i].WorkshopTitle = title[p.Shortfalls[i].Workshop]
	}
}

// Person finds a registration's entry in the plan, seated or not.
func (p SeatingPlan) Person(registrationID string) (SeatedPerson, bool) {
	for _, t := range p.Tables {
		for _, sp := range t.People {
			if sp.RegistrationID == registrationID {
				return sp, true
			}
		}
	}
	for _, sp := range p.Unseated {
		if sp.RegistrationID == registrationID {
			return sp, true
		}
	}
	return SeatedPerson{}, false
}

type seatingInput struct {
	people []SeatedPerson
	regs   []seating.Registration
	// blocks are the programme's sessions with workshops, in the day's
	// order; solver the same as the solver sees them.
	blocks []Session
	solver []seating.Block
	// assigned maps a registration to its workshop per session.
	assigned map[string]map[string]string
}

// blockIndex is the index of the block with session id, or -1.
func (in seatingInput) blockIndex(id string) int {
	for i, b := range in.blocks {
		if b.ID == id {
			return i
		}
	}
	return -1
}

// loadSeatingInput reads the confirmed registrations in order of arrival
// with their rankings, assignments and seats, and the event's workshop
// blocks in the day's order.
func loadSeatingInput(ctx context.Context, q db.Querier, eventID string) (seatingInput, error) {
	in := seatingInput{assigned: map[string]map[string]string{}}
	people, err := db.Collect(ctx, q, `SELECT r.id, r.name, COALESCE(r.organisation_id, ''), r.organisation_name, r.sector,
		COALESCE(s.table_number, 0), COALESCE(s.seat, 0)
		FROM registrations r LEFT JOIN table_seats s ON s.registration_id = r.id
		WHERE r.event_id = ? AND r.status = ? ORDER BY r.position`, []any{eventID, Confirmed},
		func(row db.Scanner) (SeatedPerson, error) {
			p := SeatedPerson{Workshops: []PersonWorkshop{}}
			var orgID string
			err := row.Scan(&p.RegistrationID, &p.Name, &orgID, &p.Organisation, &p.Sector, &p.Table, &p.Seat)
			in.regs = append(in.regs, seating.Registration{ID: p.RegistrationID, OrganisationID: orgID, OrganisationName: p.Organisation, Sector: p.Sector})
			return p, err
		})
	if err != nil {
		return in, apperr.Wrap(err, "seating registrations")
	}
	in.people = people
	err = db.Each(ctx, q, `SELECT a.registration_id, a.session_id, a.workshop_id FROM workshop_assignments a
		JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = ? AND r.status = ?`, []any{eventID, Confirmed},
		func(row db.Scanner) error {
			var reg, session, workshop string
			if err := row.Scan(&reg, &session, &workshop); err != nil {
				return err
			}
			if in.assigned[reg] == nil {
				in.assigned[reg] = map[string]string{}
			}
			in.assigned[reg][session] = workshop
			return nil
		})
	if err != nil {
		return in, apperr.Wrap(err, "seating assignments")
	}
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
	sessions, err := loadProgramme(ctx, q, eventID)
	if err != nil {
		return in, err
	}
	for _, s := range sessions {
		if len(s.Workshops) == 0 {
			continue
		}
		b := seating.Block{ID: s.ID}
		for _, w := range s.Workshops {
			c := len(in.regs) // no limit: room for everyone
			if w.Capacity != nil {
				c = *w.Capacity
			}
			b.Workshops = append(b.Workshops, seating.Workshop{ID: w.ID, Capacity: c, Theme: w.Theme})
		}
		in.blocks = append(in.blocks, s)
		in.solver = append(in.solver, b)
	}
	for i, p := range in.people {
		for _, b := range in.blocks {
			if w := in.assigned[p.RegistrationID][b.ID]; w != "" {
				in.people[i].Workshops = append(in.people[i].Workshops, PersonWorkshop{SessionID: b.ID, WorkshopID: w})
			}
		}
	}
	return in, nil
}

// withTablesBlock sets each person's and registration's workshop to the
// one of the block the tables follow (block index b, none when -1).
func (in seatingInput) withTablesBlock(b int) {
	for i, p := range in.people {
		w := ""
		if b >= 0 {
			w = in.assigned[p.RegistrationID][in.blocks[b].ID]
		}
		in.people[i].WorkshopID = w
		in.regs[i].Workshop = w
	}
}

// RunAssignment assigns the confirmed participants once in each workshop
// block (when the event has any; seating.AssignBlocks) and seats them at
// tables, replacing the stored plan in one transaction under the event's
// lock, and returns the plan with what could not be satisfied.
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
		if run.ByWorkshop && len(in.blocks) == 0 {
			return apperr.Invalidf("by_workshop", "error.seating_no_workshops")
		}
		tablesBlock := -1
		if len(in.blocks) > 0 {
			tablesBlock = 0
		}
		if run.Block != "" {
			if tablesBlock = in.blockIndex(run.Block); tablesBlock < 0 {
				return apperr.Invalidf("block", "error.seating_no_block")
			}
		}
		people := seating.FromRegistrations(in.regs)
		var as []seating.Assignment
		if len(in.solver) > 0 {
			if as, err = seating.AssignBlocks(people, in.solver, seating.AssignOptions{}); err != nil {
				return apperr.Wrap(err, "assign")
			}
			people = seating.WithWorkshops(people, as[tablesBlock])
		}
		tables := seating.EvenTables(run.Tables, run.SeatsPerTable)
		if run.ByWorkshop {
			tables = seating.WorkshopTables(as[tablesBlock], run.SeatsPerTable)
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
		for b, a := range as {
			for _, wr := range a.Workshops {
				for _, id := range wr.Participants {
					if _, err := tx.Exec(ctx, `INSERT INTO workshop_assignments (registration_id, session_id, workshop_id) VALUES (?, ?, ?)`, id, in.blocks[b].ID, wr.ID); err != nil {
						return apperr.Wrap(err, "store assignment")
					}
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
			map[string]string{"seated": strconv.Itoa(plan2.Quality.Seated), "seed": strconv.FormatUint(run.Seed, 10), "blocks": strconv.Itoa(len(as))}); err != nil {
			return err
		}
		plan, err = loadPlan(ctx, tx, eventID)
		if err != nil {
			return err
		}
		names := orgNames(in.regs)
		plan.Shortfalls = []SeatShortfall{}
		for b, a := range as {
			plan.Blocks[b].Quality = &as[b].Quality
			for _, f := range shortfallsOf(a.Shortfalls, number, names) {
				f.Block = in.blocks[b].ID
				plan.Shortfalls = append(plan.Shortfalls, f)
			}
		}
		if len(as) > 0 {
			plan.Workshops = &as[0].Quality
		}
		plan.Quality = plan2.Quality
		plan.Shortfalls = append(plan.Shortfalls, shortfallsOf(plan2.Shortfalls, number, names)...)
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

// loadPlan reads the stored tables, seats and assignments; the figures
// and what each table lacks are recomputed from them (seating.Restore),
// so that moves by hand show their consequences.
func loadPlan(ctx context.Context, q db.Querier, eventID string) (SeatingPlan, error) {
	plan := SeatingPlan{Tables: []SeatingTable{}, Unseated: []SeatedPerson{}, Blocks: []SeatingBlock{}, Shortfalls: []SeatShortfall{}}
	in, err := loadSeatingInput(ctx, q, eventID)
	if err != nil {
		return plan, err
	}
	plan.sessions = in.blocks
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
	// The tables follow the block of their workshops, else the first.
	tablesBlock := -1
	if len(in.blocks) > 0 {
		tablesBlock = 0
	}
	for _, t := range plan.Tables {
		for b, s := range in.blocks {
			for _, w := range s.Workshops {
				if w.ID == t.WorkshopID {
					tablesBlock = b
					plan.TablesBlock = s.ID
				}
			}
		}
	}
	in.withTablesBlock(tablesBlock)
	for _, s := range in.blocks {
		b := SeatingBlock{SessionID: s.ID, StartsAt: s.StartsAt, Workshops: []BlockWorkshop{}, Unassigned: []string{}}
		at := map[string]int{}
		for _, w := range s.Workshops {
			at[w.ID] = len(b.Workshops)
			b.Workshops = append(b.Workshops, BlockWorkshop{ID: w.ID, Capacity: w.Capacity, Participants: []string{}})
		}
		for _, p := range in.people {
			if i, ok := at[in.assigned[p.RegistrationID][s.ID]]; ok {
				b.Workshops[i].Participants = append(b.Workshops[i].Participants, p.RegistrationID)
			} else {
				b.Unassigned = append(b.Unassigned, p.RegistrationID)
			}
		}
		plan.Blocks = append(plan.Blocks, b)
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
		var status string
		err := tx.QueryRow(ctx, `SELECT status FROM registrations WHERE id = ? AND event_id = ?`, registrationID, eventID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Invalidf("registration_id", "error.not_found")
		}
		if err != nil {
			return apperr.Wrap(err, "move seat")
		}
		if status != Confirmed {
			return apperr.New(apperr.Conflict, "registration_id", "error.registration_cancelled")
		}
		// The person's workshop in each block; the tables follow one.
		mine, err := db.Collect(ctx, tx, `SELECT workshop_id FROM workshop_assignments WHERE registration_id = ?`, []any{registrationID},
			func(row db.Scanner) (string, error) { var w string; return w, row.Scan(&w) })
		if err != nil {
			return apperr.Wrap(err, "move seat")
		}
		out = SeatedPerson{RegistrationID: registrationID, Table: table, Workshops: []PersonWorkshop{}}
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
			if tw != "" && !slices.Contains(mine, tw) {
				return apperr.New(apperr.Conflict, "table", "error.seating_other_workshop")
			}
			out.WorkshopID = tw
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

// Assignments is an event's stored workshop assignment as the participant
// list, its export and the badges show it: the workshop blocks in the
// day's order and each registration's workshop in them.
type Assignments struct {
	Blocks []Session
	of     map[string]map[string]string // registration → session → workshop
}

// Titles is a registration's workshop per block, in Blocks' order, as
// titles in lang with the usual fallback; "" where it has none.
func (a Assignments) Titles(registrationID, lang string) []string {
	out := make([]string, len(a.Blocks))
	for i, b := range a.Blocks {
		id := a.of[registrationID][b.ID]
		for _, w := range b.Workshops {
			if w.ID == id {
				out[i] = w.In(lang).Title
			}
		}
	}
	return out
}

// FindAssignments reads an event's stored workshop assignment for its
// organisers and staff; the read is audited like the plan's.
func (s *Service) FindAssignments(ctx context.Context, who actor.Actor, eventID string) (Assignments, error) {
	out := Assignments{of: map[string]map[string]string{}}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := editable(ctx, tx, who, eventID); err != nil {
			return err
		}
		sessions, err := loadProgramme(ctx, tx, eventID)
		if err != nil {
			return err
		}
		for _, ses := range sessions {
			if len(ses.Workshops) > 0 {
				out.Blocks = append(out.Blocks, ses)
			}
		}
		err = db.Each(ctx, tx, `SELECT a.registration_id, a.session_id, a.workshop_id FROM workshop_assignments a
			JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = ?`, []any{eventID},
			func(row db.Scanner) error {
				var reg, session, workshop string
				if err := row.Scan(&reg, &session, &workshop); err != nil {
					return err
				}
				if out.of[reg] == nil {
					out.of[reg] = map[string]string{}
				}
				out.of[reg][session] = workshop
				return nil
			})
		if err != nil {
			return apperr.Wrap(err, "assignments")
		}
		return audit.Record(ctx, tx, s.Now().UTC(), who, "event.assignments_read", "event", eventID, nil)
	})
	return out, err
}
