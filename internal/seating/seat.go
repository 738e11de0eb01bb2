package seating

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Table is one table of a seating plan.
type Table struct {
	ID   string
	Size int
	// Workshop is the workshop whose participants sit here, when tables
	// are seated within workshops (SeatOptions.ByWorkshop).
	Workshop string
}

// EvenTables returns count tables of size seats, numbered from 1.
func EvenTables(count, size int) []Table {
	ts := make([]Table, count)
	for i := range ts {
		ts[i] = Table{ID: strconv.Itoa(i + 1), Size: size}
	}
	return ts
}

// WorkshopTables gives each workshop of an assignment as many tables of
// size seats as its participants need, numbered "<workshop>-1", … .
func WorkshopTables(a Assignment, size int) []Table {
	var ts []Table
	if size <= 0 {
		return nil
	}
	for _, w := range a.Workshops {
		for k := range (len(w.Participants) + size - 1) / size {
			ts = append(ts, Table{ID: w.ID + "-" + strconv.Itoa(k+1), Size: size, Workshop: w.ID})
		}
	}
	return ts
}

// SeatOptions tunes Seat.
type SeatOptions struct {
	// Seed chooses among equally good plans: the same seed and input give
	// the same plan, another seed another plan of the same quality.
	Seed uint64
	// ByWorkshop seats each workshop's participants (Participant.Workshop)
	// at that workshop's tables (Table.Workshop) only.
	ByWorkshop bool

	// flowOnly skips the repair, so tests can check the flow alone.
	flowOnly bool
}

// Seating is a plan: who sits where, what it could not satisfy, and its
// figures. Move and Swap change it by hand.
type Seating struct {
	// Tables in the order given.
	Tables []SeatedTable
	// Unseated lists who has no seat, in input order.
	Unseated   []string
	Quality    SeatQuality
	Shortfalls []Shortfall

	people     []Participant
	index      map[string]int // participant ID → index in people
	tableIndex map[string]int // table ID → index in Tables
	byWorkshop bool
	flowOnly   bool
	bounds     bounds
}

// SeatedTable is a table with its seats; Seats[i] is seat i+1, holding a
// participant's ID or "" when free.
type SeatedTable struct {
	Table
	Seats []string
}

// Place is where a participant sits; seats count from 1.
type Place struct {
	Table string
	Seat  int
}

// SeatQuality holds the figures organisers judge a plan by, each against
// the best any plan could do where that can be bounded.
type SeatQuality struct {
	Tables   int
	Seated   int
	Unseated int
	Empty    int
	// Complete is how many tables have all three parties.
	Complete int
	// MissingParty is how many tables lack at least one party (empty ones
	// included); LeastMissingParty is the fewest any plan can have.
	MissingParty      int
	LeastMissingParty int
	// Collisions counts, per table and organisation, the people beyond
	// the first: two colleagues at one table are one collision.
	// LeastCollisions is a lower bound: an organisation with n people and
	// t tables has at least n−t.
	Collisions      int
	LeastCollisions int
	// MinSeated and MaxSeated are the fewest and most people at a table
	// that has seats.
	MinSeated int
	MaxSeated int
}

// bounds are the plan-independent figures, computed once by Seat.
type bounds struct {
	leastMissing, leastCollisions int
}

// Seat seats participants at tables. For each group of tables (all of
// them, or one workshop's) it finds, in this order of priority:
//
//  1. everyone seated that the seats allow;
//  2. as many tables as possible with all three parties: the most any plan
//     can reach is k = min(tables with ≥3 seats, and the count of each
//     party), so Seat chooses k tables (the largest) that must have all
//     three and lets the flow meet that;
//  3. as few colleagues together as possible;
//  4. on the other tables, as many parties as possible;
//  5. even tables: people spread in proportion to the seats, and each
//     table's parties close to the group's.
//
// Given which tables are to be complete, levels 1–4 are solved exactly by
// one minimum-cost flow (organisation → table arcs carry the first person
// free and any more at the cost of a collision; the first person of each
// party at a table earns a bonus). When all tables have the same size the
// choice of complete tables loses nothing, so the plan is optimal for
// levels 1–3; with mixed sizes level 3 is best for the tables chosen (the
// brute-force tests have found no case where the choice cost anything).
// Colleagues are counted per party within the flow, so colleagues from
// different parties (an organisation whose people gave different sectors)
// can meet where the flow does not see them; a hill-climb (repair) then
// moves and swaps them apart where it can, and the figures count them all.
// Level 5 is a tie-break of the same convex form as the workshop mix.
//
// A group of more than blockTables tables is seated in two steps of the
// same flow: people into blocks of about blockTables alike tables (each
// block standing for its tables: so many complete, one colleague free
// per table), then each block at its tables. The bounds stay what they
// are; the quality figures show whether the plan meets them.
func Seat(people []Participant, tables []Table, opts SeatOptions) (*Seating, error) {
	s, err := newSeating(people, tables, opts)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x5eed))
	seatedAt := make([]int, len(people)) // table index, or -1
	for i := range seatedAt {
		seatedAt[i] = -1
	}
	for _, g := range s.groups() {
		if len(g.tables) == 0 {
			continue
		}
		for i, t := range s.solveGroup(g, rng) {
			seatedAt[g.people[i]] = t
		}
	}
	occupants := make([][]int, len(s.Tables))
	for i, t := range seatedAt {
		if t >= 0 {
			occupants[t] = append(occupants[t], i)
		}
	}
	for t, occ := range occupants {
		for k, i := range s.arrange(occ) {
			s.Tables[t].Seats[k] = people[i].ID
		}
	}
	s.evaluate()
	return s, nil
}

// newSeating checks the input and works out what depends on it alone: the
// shortfalls and the bounds. The plan itself starts empty.
func newSeating(people []Participant, tables []Table, opts SeatOptions) (*Seating, error) {
	index, err := checkParticipants(people)
	if err != nil {
		return nil, err
	}
	if len(tables) > MaxTables {
		return nil, invalid("%d tables, at most %d", len(tables), MaxTables)
	}
	s := &Seating{people: people, index: index, tableIndex: make(map[string]int, len(tables)), byWorkshop: opts.ByWorkshop, flowOnly: opts.flowOnly}
	for i, t := range tables {
		if strings.TrimSpace(t.ID) == "" {
			return nil, invalid("table %d has no ID", i)
		}
		if _, dup := s.tableIndex[t.ID]; dup {
			return nil, invalid("table %q listed twice", t.ID)
		}
		if t.Size < 0 || t.Size > MaxTableSize {
			return nil, invalid("table %q has %d seats", t.ID, t.Size)
		}
		s.tableIndex[t.ID] = i
		s.Tables = append(s.Tables, SeatedTable{Table: t, Seats: make([]string, t.Size)})
	}
	for _, g := range s.groups() {
		if len(g.tables) == 0 {
			switch {
			case len(g.people) == 0:
			case s.byWorkshop:
				s.Shortfalls = append(s.Shortfalls, Shortfall{Kind: NoTables, Workshop: g.workshop, Need: len(g.people)})
			default:
				s.Shortfalls = append(s.Shortfalls, Shortfall{Kind: SeatsShort, Need: len(g.people), Count: len(g.people)})
			}
			continue
		}
		s.Shortfalls = append(s.Shortfalls, s.groupShortfalls(g)...)
		s.bounds.leastMissing += len(g.tables) - s.completable(g.people, g.tables)
		s.bounds.leastCollisions += s.leastCollisions(g)
	}
	return s, nil
}

// group is one independent seating problem: participants and the tables
// they may sit at, as indices.
type group struct {
	workshop string
	people   []int
	tables   []int
}

// groups splits the problem: one group, or one per workshop in the order
// the tables name them, then workshops that have participants but no
// tables.
func (s *Seating) groups() []group {
	if !s.byWorkshop {
		g := group{}
		for i := range s.people {
			g.people = append(g.people, i)
		}
		for t := range s.Tables {
			g.tables = append(g.tables, t)
		}
		return []group{g}
	}
	var gs []group
	at := map[string]int{}
	get := func(w string) *group {
		k, ok := at[w]
		if !ok {
			k = len(gs)
			at[w] = k
			gs = append(gs, group{workshop: w})
		}
		return &gs[k]
	}
	for t, st := range s.Tables {
		g := get(st.Workshop)
		g.tables = append(g.tables, t)
	}
	for i, p := range s.people {
		g := get(p.Workshop)
		g.people = append(g.people, i)
	}
	return gs
}

// partyCounts counts participants per party.
func (s *Seating) partyCounts(members []int) [parties]int {
	var c [parties]int
	for _, i := range members {
		c[s.people[i].Party]++
	}
	return c
}

// completable is the most of the tables that any plan can give all three
// parties with these members: each needs three seats and one person of
// every party.
func (s *Seating) completable(members, tables []int) int {
	k := 0
	for _, t := range tables {
		if s.Tables[t].Size >= parties {
			k++
		}
	}
	for _, c := range s.partyCounts(members) {
		k = min(k, c)
	}
	return k
}

// orgCounts counts a group's participants per organisation, in order of
// first appearance so that reports are stable.
func (s *Seating) orgCounts(g group) ([]string, map[string]int) {
	var order []string
	count := map[string]int{}
	for _, i := range g.people {
		o := s.people[i].Organisation
		if o == "" {
			continue
		}
		if count[o] == 0 {
			order = append(order, o)
		}
		count[o]++
	}
	return order, count
}

func (s *Seating) usableTables(g group) (tables, seats int) {
	for _, t := range g.tables {
		if s.Tables[t].Size > 0 {
			tables++
			seats += s.Tables[t].Size
		}
	}
	return tables, seats
}

// leastCollisions bounds a group's collisions from below: an organisation
// with n people at t usable tables has at least n−t beyond the first,
// less whoever is left without a seat anyway.
func (s *Seating) leastCollisions(g group) int {
	tables, seats := s.usableTables(g)
	order, count := s.orgCounts(g)
	least := 0
	for _, o := range order {
		least += max(0, count[o]-tables)
	}
	return max(0, least-max(0, len(g.people)-seats))
}

// groupShortfalls says why a group's plan cannot be perfect, from the
// counts alone.
func (s *Seating) groupShortfalls(g group) []Shortfall {
	var out []Shortfall
	tables, seats := s.usableTables(g)
	if len(g.people) > seats {
		out = append(out, Shortfall{Kind: SeatsShort, Workshop: g.workshop, Need: len(g.people), Have: seats, Count: len(g.people) - seats})
	}
	big, small := 0, 0
	for _, t := range g.tables {
		if s.Tables[t].Size >= parties {
			big++
		} else {
			small++
		}
	}
	if small > 0 {
		out = append(out, Shortfall{Kind: TableTooSmall, Workshop: g.workshop, Count: small})
	}
	for p, c := range s.partyCounts(g.people) {
		if c < big {
			out = append(out, Shortfall{Kind: PartyShort, Workshop: g.workshop, Party: Party(p), Count: big - c, Have: c, Need: big})
		}
	}
	order, count := s.orgCounts(g)
	for _, o := range order {
		if tables > 0 && count[o] > tables {
			out = append(out, Shortfall{Kind: ColleaguesUnavoidable, Workshop: g.workshop, Organisation: o, Need: count[o], Have: tables, Count: count[o] - tables})
		}
	}
	return out
}

// seatQuantum scales the tie-break costs of level 5 to integers.
const seatQuantum = 1000

// blockTables is the most tables one flow seats at once. Beyond it the
// flow's searches grow with people × organisations × tables (2 s of CPU at
// 300 tables, minutes at 1,000), so a larger group is seated in two steps:
// first people into blocks of tables, then each block at its tables.
const blockTables = 100

// bin is a place the flow fills: a table, or a block of tables in the
// first of the two steps.
type bin struct {
	seats int
	// tables is how many tables the bin stands for, complete how many of
	// them must get all three parties: the first complete people of each
	// party earn the completeness bonus, the next tables−complete the
	// smaller presence bonus.
	tables, complete int
	// free is how many people of one organisation the bin takes before
	// each further one is a collision: one per table with seats.
	free int
}

// solveGroup seats one group and returns, for each of g.people in order,
// the table index they sit at or -1.
func (s *Seating) solveGroup(g group, rng *rand.Rand) []int {
	// The seed's only role: the order in which tables and people enter the
	// flow, which decides among equally good plans.
	tables := slices.Clone(g.tables)
	rng.Shuffle(len(tables), func(i, j int) { tables[i], tables[j] = tables[j], tables[i] })
	members := slices.Clone(g.people)
	rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })

	at := map[int]int{} // person → table index
	if len(tables) <= blockTables {
		s.seatAtTables(members, tables, at)
	} else {
		// Blocks of about blockTables tables, dealt largest first so that
		// they are alike; each block must complete as many tables as it
		// holds of the group's k largest.
		k := s.completable(g.people, g.tables)
		bySize := s.largestFirst(tables)
		must := map[int]bool{}
		for _, t := range bySize[:k] {
			must[t] = true
		}
		nb := (len(tables) + blockTables - 1) / blockTables
		blocks := make([][]int, nb)
		bins := make([]bin, nb)
		for j, t := range bySize {
			b := j % nb
			blocks[b] = append(blocks[b], t)
			bins[b].seats += s.Tables[t].Size
			bins[b].tables++
			if must[t] {
				bins[b].complete++
			}
			if s.Tables[t].Size > 0 {
				bins[b].free++
			}
		}
		inBlock := make([][]int, nb)
		for i, b := range s.flowSeat(members, bins) {
			if b >= 0 {
				inBlock[b] = append(inBlock[b], members[i])
			}
		}
		for b := range blocks {
			s.seatAtTables(inBlock[b], blocks[b], at)
		}
	}
	out := make([]int, len(g.people))
	for i, idx := range g.people {
		if t, ok := at[idx]; ok {
			out[i] = t
		} else {
			out[i] = -1
		}
	}
	if !s.flowOnly {
		s.repair(g, out)
	}
	return out
}

// largestFirst orders tables by size, largest first, stable.
func (s *Seating) largestFirst(tables []int) []int {
	out := slices.Clone(tables)
	slices.SortStableFunc(out, func(a, b int) int { return s.Tables[b].Size - s.Tables[a].Size })
	return out
}

// seatAtTables seats members at tables with one flow, the largest tables
// that can be complete made to be, and records the tables in at.
func (s *Seating) seatAtTables(members, tables []int, at map[int]int) {
	k := s.completable(members, tables)
	must := map[int]bool{}
	for _, t := range s.largestFirst(tables)[:k] {
		must[t] = true
	}
	bins := make([]bin, len(tables))
	for j, t := range tables {
		bins[j] = bin{seats: s.Tables[t].Size, tables: 1, free: min(1, s.Tables[t].Size)}
		if must[t] {
			bins[j].complete = 1
		}
	}
	for i, j := range s.flowSeat(members, bins) {
		if j >= 0 {
			at[members[i]] = tables[j]
		}
	}
}

// flowSeat puts members into bins with one minimum-cost flow and returns
// the bin of each member, or -1 (levels 1–5 of Seat's doc comment).
func (s *Seating) flowSeat(members []int, bins []bin) []int {
	n := int64(len(members))
	T := int64(0)
	counts := s.partyCounts(members)
	for _, b := range bins {
		T += int64(b.tables)
	}

	// Weights of levels 1–4, each above every total below it:
	// presence ≤ 3T·1, collisions ≤ n·(3T+1), bonuses ≤ 3T·bonus.
	const presence = 1
	collision := 3*T + 1
	bonus := collision * (n + 1)
	unseated := bonus * (3*T + 1)

	// Participants from an organisation with two or more of the same party
	// enter through their organisation's node; everyone else through their
	// party's pool, where nobody is anybody's colleague. A pool also takes
	// an organisation's extra people at the cost of a collision: at an
	// optimum they only go where the organisation's free places are used
	// up, so every unit through it is exactly one collision.
	type orgParty struct {
		org   string
		party Party
	}
	var keys []orgParty
	byKey := map[orgParty][]int{}
	for _, i := range members {
		p := s.people[i]
		key := orgParty{p.Organisation, p.Party}
		if len(byKey[key]) == 0 {
			keys = append(keys, key)
		}
		byKey[key] = append(byKey[key], i)
	}
	var orgs []orgParty
	var pooled [parties][]int
	for _, key := range keys {
		if key.org != "" && len(byKey[key]) >= 2 {
			orgs = append(orgs, key)
		} else {
			pooled[key.party] = append(pooled[key.party], byKey[key]...)
		}
	}

	gr := newNetwork(0)
	sink := gr.node()
	var pool [parties]int
	for p := range pool {
		pool[p] = gr.node()
	}
	pairNode := make([][parties]int, len(bins))
	for j, b := range bins {
		node := gr.node()
		for k := 1; k <= b.seats; k++ {
			gr.addArc(node, sink, 1, cost{soft: fillMarginal(k, b.seats)})
		}
		for p := range parties {
			pairNode[j][p] = gr.node()
			for k := 1; k <= min(b.seats, counts[p]); k++ {
				c := cost{soft: partyMarginal(k, len(members), counts[p], b.seats)}
				switch {
				case k <= b.complete:
					c.hard = -bonus
				case k <= b.tables:
					c.hard = -presence
				}
				gr.addArc(pairNode[j][p], node, 1, c)
			}
		}
	}
	poolArcs := make([][parties]int, len(bins))
	for p := range parties {
		gr.addArc(pool[p], sink, int(n), cost{hard: unseated})
		for j := range bins {
			poolArcs[j][p] = gr.addArc(pool[p], pairNode[j][p], int(n), cost{})
		}
	}
	orgNode := make([]int, len(orgs))
	orgArcs := make([][]int, len(orgs))
	orgToPool := make([]int, len(orgs))
	for o, key := range orgs {
		orgNode[o] = gr.node()
		size := len(byKey[key])
		orgArcs[o] = make([]int, len(bins))
		for j, b := range bins {
			orgArcs[o][j] = -1
			if b.free > 0 {
				orgArcs[o][j] = gr.addArc(orgNode[o], pairNode[j][key.party], b.free, cost{})
			}
		}
		orgToPool[o] = gr.addArc(orgNode[o], pool[key.party], size, cost{hard: collision})
		gr.addArc(orgNode[o], sink, size, cost{hard: unseated})
	}
	for o, key := range orgs {
		gr.send(orgNode[o], sink, len(byKey[key]))
	}
	for p := range parties {
		gr.send(pool[p], sink, len(pooled[p]))
	}

	// Read the flow back: an organisation's people first to the bins it
	// reached directly, the rest into its party's pool; the pool's units
	// go to the bins it feeds, what is left meaning no seat.
	binOf := map[int]int{}
	for o, key := range orgs {
		ms := byKey[key]
		next := 0
		for j := range bins {
			if orgArcs[o][j] < 0 {
				continue
			}
			for range gr.flow(orgArcs[o][j]) {
				binOf[ms[next]] = j
				next++
			}
		}
		extra := gr.flow(orgToPool[o])
		pooled[key.party] = append(slices.Clone(ms[next:next+extra]), pooled[key.party]...)
	}
	for p := range parties {
		next := 0
		for j := range bins {
			for range gr.flow(poolArcs[j][p]) {
				binOf[pooled[p][next]] = j
				next++
			}
		}
	}
	out := make([]int, len(members))
	for i, idx := range members {
		if j, ok := binOf[idx]; ok {
			out[i] = j
		} else {
			out[i] = -1
		}
	}
	return out
}

// repair removes the collisions the flow cannot see — colleagues of
// different parties — by moving one of them to a free seat or swapping
// them with someone at another table, whenever that lowers the collisions
// and keeps every complete table complete. It is a hill-climb on the real
// figures, so it can only help; on organisations of one party it finds
// nothing to do.
func (s *Seating) repair(g group, at []int) {
	pos := map[int]int{} // table index → position in g.tables
	for k, t := range g.tables {
		pos[t] = k
	}
	load := make([]int, len(g.tables))
	party := make([][parties]int, len(g.tables))
	orgs := make([]map[string]int, len(g.tables))
	collide := make([]int, len(g.tables)) // collisions per table, kept up to date
	for k := range orgs {
		orgs[k] = map[string]int{}
	}
	add := func(i, k, d int) {
		p := s.people[g.people[i]]
		load[k] += d
		party[k][p.Party] += d
		if p.Organisation != "" {
			c := orgs[k][p.Organisation]
			collide[k] += max(0, c+d-1) - max(0, c-1)
			orgs[k][p.Organisation] = c + d
		}
	}
	for i, t := range at {
		if t >= 0 {
			add(i, pos[t], 1)
		}
	}
	// score is (complete tables, −collisions) of the tables touched.
	score := func(ks ...int) (complete, collisions int) {
		for n, k := range ks {
			if slices.Contains(ks[:n], k) {
				continue
			}
			if party[k][0] > 0 && party[k][1] > 0 && party[k][2] > 0 {
				complete++
			}
			collisions += collide[k]
		}
		return complete, collisions
	}
	colliding := func(i int) bool {
		o := s.people[g.people[i]].Organisation
		return at[i] >= 0 && o != "" && orgs[pos[at[i]]][o] > 1
	}
	for improved := true; improved; {
		improved = false
		for i := range at {
			if !colliding(i) {
				continue
			}
			ki := pos[at[i]]
			// Moves to a free seat, then swaps; the first that helps wins.
			for kj, t := range g.tables {
				if kj == ki || load[kj] >= s.Tables[t].Size {
					continue
				}
				c0, x0 := score(ki, kj)
				add(i, ki, -1)
				add(i, kj, 1)
				if c1, x1 := score(ki, kj); c1 >= c0 && x1 < x0 {
					at[i] = t
					improved = true
					break
				}
				add(i, kj, -1)
				add(i, ki, 1)
			}
			if !colliding(i) {
				continue
			}
			for j := range at {
				if at[j] == at[i] {
					continue
				}
				if at[j] < 0 {
					// Someone without a seat takes it, if that helps.
					c0, x0 := score(ki)
					add(i, ki, -1)
					add(j, ki, 1)
					if c1, x1 := score(ki); c1 >= c0 && x1 < x0 {
						at[i], at[j] = -1, at[i]
						improved = true
						break
					}
					add(j, ki, -1)
					add(i, ki, 1)
					continue
				}
				kj := pos[at[j]]
				c0, x0 := score(ki, kj)
				add(i, ki, -1)
				add(j, kj, -1)
				add(i, kj, 1)
				add(j, ki, 1)
				if c1, x1 := score(ki, kj); c1 >= c0 && x1 < x0 {
					at[i], at[j] = at[j], at[i]
					improved = true
					break
				}
				add(i, kj, -1)
				add(j, ki, -1)
				add(i, ki, 1)
				add(j, kj, 1)
			}
		}
	}
}

// fillMarginal is the cost of the k-th person at a table of size seats:
// the step of k²/size, so that filling every table in proportion to its
// seats is cheapest.
func fillMarginal(k, size int) int64 {
	return int64(math.Round(seatQuantum * float64(2*k-1) / float64(size)))
}

// partyMarginal is the cost of the k-th person of a party with partyCount
// of total people at a table of size seats (the workshop mix's form).
func partyMarginal(k, total, partyCount, size int) int64 {
	return int64(math.Round(seatQuantum * float64(2*k-1) * float64(total) / (float64(partyCount) * float64(size))))
}

// arrange orders a table's people around it: parties taking turns, the
// largest first, so neighbours come from different parties where they can.
func (s *Seating) arrange(occ []int) []int {
	var byParty [parties][]int
	for _, i := range occ {
		p := s.people[i].Party
		byParty[p] = append(byParty[p], i)
	}
	out := make([]int, 0, len(occ))
	last := -1
	for len(out) < len(occ) {
		best := -1
		for p := range parties {
			if len(byParty[p]) > 0 && p != last && (best < 0 || len(byParty[p]) > len(byParty[best])) {
				best = p
			}
		}
		if best < 0 {
			best = last // only the last party is left
		}
		out = append(out, byParty[best][0])
		byParty[best] = byParty[best][1:]
		last = best
	}
	return out
}
