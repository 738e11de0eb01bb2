package seating

import (
	"errors"
	"fmt"
)

// Errors of a manual change; the caller shows them next to the form.
var (
	ErrUnknown       = errors.New("seating: no such participant or table")
	ErrTableFull     = errors.New("seating: the table is full")
	ErrSeatTaken     = errors.New("seating: the seat is taken")
	ErrOtherWorkshop = errors.New("seating: the table belongs to another workshop")
)

// Restore rebuilds a plan from stored places (a participant absent from
// places has no seat), checked as Seat checks its input and re-evaluated,
// so that a plan kept in the database can be moved by hand again.
func Restore(people []Participant, tables []Table, places map[string]Place, opts SeatOptions) (*Seating, error) {
	s, err := newSeating(people, tables, opts)
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		pl, ok := places[p.ID]
		if !ok {
			continue
		}
		t, ok := s.tableIndex[pl.Table]
		if !ok {
			return nil, fmt.Errorf("%w: table %q of participant %q", ErrUnknown, pl.Table, p.ID)
		}
		if s.byWorkshop && s.Tables[t].Workshop != p.Workshop {
			return nil, fmt.Errorf("%w: participant %q at table %q", ErrOtherWorkshop, p.ID, pl.Table)
		}
		if pl.Seat < 1 || pl.Seat > s.Tables[t].Size {
			return nil, invalid("participant %q at seat %d of table %q with %d seats", p.ID, pl.Seat, pl.Table, s.Tables[t].Size)
		}
		if other := s.Tables[t].Seats[pl.Seat-1]; other != "" {
			return nil, fmt.Errorf("%w: seat %d of table %q by %q and %q", ErrSeatTaken, pl.Seat, pl.Table, other, p.ID)
		}
		s.Tables[t].Seats[pl.Seat-1] = p.ID
	}
	for id := range places {
		if _, ok := s.index[id]; !ok {
			return nil, fmt.Errorf("%w: participant %q", ErrUnknown, id)
		}
	}
	s.evaluate()
	return s, nil
}

// Places returns where everyone seated sits, for storing the plan.
func (s *Seating) Places() map[string]Place {
	out := map[string]Place{}
	for _, t := range s.Tables {
		for k, id := range t.Seats {
			if id != "" {
				out[id] = Place{Table: t.ID, Seat: k + 1}
			}
		}
	}
	return out
}

// Move puts a participant at a table: at seat (from 1), or at the first
// free seat when seat is 0; table "" takes their seat away. It refuses a
// full table, a taken seat and, when seating within workshops, another
// workshop's table, and changes nothing then. It returns the violations the
// move brought that the plan did not have before.
func (s *Seating) Move(id, table string, seat int) ([]Shortfall, error) {
	i, ok := s.index[id]
	if !ok {
		return nil, fmt.Errorf("%w: participant %q", ErrUnknown, id)
	}
	from, fromSeat := s.find(id)
	if table == "" {
		if from < 0 {
			return nil, nil
		}
		before := s.Violations()
		s.Tables[from].Seats[fromSeat] = ""
		return s.changed(before), nil
	}
	t, ok := s.tableIndex[table]
	if !ok {
		return nil, fmt.Errorf("%w: table %q", ErrUnknown, table)
	}
	if s.byWorkshop && s.Tables[t].Workshop != s.people[i].Workshop {
		return nil, fmt.Errorf("%w: table %q is in workshop %q, participant %q in %q", ErrOtherWorkshop, table, s.Tables[t].Workshop, id, s.people[i].Workshop)
	}
	seats := s.Tables[t].Seats
	if seat == 0 {
		if from == t {
			return nil, nil
		}
		seat = -1
		for k, who := range seats {
			if who == "" {
				seat = k + 1
				break
			}
		}
		if seat < 0 {
			return nil, fmt.Errorf("%w: table %q has %d seats", ErrTableFull, table, len(seats))
		}
	}
	if seat < 1 || seat > len(seats) {
		return nil, invalid("seat %d of table %q with %d seats", seat, table, len(seats))
	}
	switch seats[seat-1] {
	case id:
		return nil, nil
	case "":
	default:
		return nil, fmt.Errorf("%w: seat %d of table %q", ErrSeatTaken, seat, table)
	}
	before := s.Violations()
	if from >= 0 {
		s.Tables[from].Seats[fromSeat] = ""
	}
	seats[seat-1] = id
	return s.changed(before), nil
}

// Swap exchanges two participants' places (either may be without a seat).
func (s *Seating) Swap(a, b string) ([]Shortfall, error) {
	ia, okA := s.index[a]
	ib, okB := s.index[b]
	if !okA || !okB {
		return nil, fmt.Errorf("%w: participant %q or %q", ErrUnknown, a, b)
	}
	if s.byWorkshop && s.people[ia].Workshop != s.people[ib].Workshop {
		return nil, fmt.Errorf("%w: %q and %q are in different workshops", ErrOtherWorkshop, a, b)
	}
	ta, ka := s.find(a)
	tb, kb := s.find(b)
	before := s.Violations()
	if ta >= 0 {
		s.Tables[ta].Seats[ka] = b
	}
	if tb >= 0 {
		s.Tables[tb].Seats[kb] = a
	}
	return s.changed(before), nil
}

// find returns the table and seat index of a participant, or -1.
func (s *Seating) find(id string) (table, seat int) {
	for t, st := range s.Tables {
		for k, who := range st.Seats {
			if who == id {
				return t, k
			}
		}
	}
	return -1, -1
}

// changed re-evaluates the plan and returns the violations that are new
// or worse (more colleagues at a table) than before.
func (s *Seating) changed(before []Shortfall) []Shortfall {
	s.evaluate()
	type key struct {
		kind       Kind
		table, org string
		party      Party
	}
	had := map[key]int{}
	for _, v := range before {
		had[key{v.Kind, v.Table, v.Organisation, v.Party}] = v.Count
	}
	var out []Shortfall
	for _, v := range s.Violations() {
		if c, ok := had[key{v.Kind, v.Table, v.Organisation, v.Party}]; !ok || v.Count > c {
			out = append(out, v)
		}
	}
	return out
}

// Violations lists, table by table, what an occupied table lacks: a party
// (MissingParty) or colleagues kept apart (Colleagues, with how many).
func (s *Seating) Violations() []Shortfall {
	var out []Shortfall
	for _, t := range s.Tables {
		var has [parties]bool
		var orgs []string
		count := map[string]int{}
		occupied := false
		for _, id := range t.Seats {
			if id == "" {
				continue
			}
			occupied = true
			p := s.people[s.index[id]]
			has[p.Party] = true
			if p.Organisation != "" {
				if count[p.Organisation] == 0 {
					orgs = append(orgs, p.Organisation)
				}
				count[p.Organisation]++
			}
		}
		if !occupied {
			continue
		}
		for p, ok := range has {
			if !ok {
				out = append(out, Shortfall{Kind: MissingParty, Table: t.ID, Workshop: t.Workshop, Party: Party(p)})
			}
		}
		for _, o := range orgs {
			if count[o] > 1 {
				out = append(out, Shortfall{Kind: Colleagues, Table: t.ID, Workshop: t.Workshop, Organisation: o, Count: count[o]})
			}
		}
	}
	return out
}

// evaluate recomputes Unseated and Quality from the seats.
func (s *Seating) evaluate() {
	q := SeatQuality{Tables: len(s.Tables), LeastMissingParty: s.bounds.leastMissing, LeastCollisions: s.bounds.leastCollisions, MinSeated: -1}
	seated := make([]bool, len(s.people))
	for _, t := range s.Tables {
		var has [parties]bool
		count := map[string]int{}
		n := 0
		for _, id := range t.Seats {
			if id == "" {
				continue
			}
			n++
			i := s.index[id]
			seated[i] = true
			p := s.people[i]
			has[p.Party] = true
			if p.Organisation != "" {
				if count[p.Organisation] > 0 {
					q.Collisions++
				}
				count[p.Organisation]++
			}
		}
		q.Seated += n
		if n == 0 {
			q.Empty++
		}
		if has[CivilSociety] && has[Public] && has[Other] {
			q.Complete++
		} else {
			q.MissingParty++
		}
		if t.Size > 0 {
			if q.MinSeated < 0 || n < q.MinSeated {
				q.MinSeated = n
			}
			q.MaxSeated = max(q.MaxSeated, n)
		}
	}
	q.MinSeated = max(q.MinSeated, 0)
	s.Unseated = s.Unseated[:0]
	for i, p := range s.people {
		if !seated[i] {
			s.Unseated = append(s.Unseated, p.ID)
		}
	}
	q.Unseated = len(s.Unseated)
	s.Quality = q
}
