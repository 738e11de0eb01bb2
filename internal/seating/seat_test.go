package seating

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// seatScore is the first three levels of Seat's doc comment.
type seatScore struct{ unseated, complete, collisions int }

func (a seatScore) better(b seatScore) bool {
	return slices.Compare([]int{a.unseated, -a.complete, a.collisions}, []int{b.unseated, -b.complete, b.collisions}) < 0
}

func scoreOf(people []Participant, tables []Table, at []int) seatScore {
	var sc seatScore
	has := make([][parties]bool, len(tables))
	orgs := make([]map[string]int, len(tables))
	for t := range orgs {
		orgs[t] = map[string]int{}
	}
	for i, p := range people {
		t := at[i]
		if t < 0 {
			sc.unseated++
			continue
		}
		has[t][p.Party] = true
		if p.Organisation != "" {
			if orgs[t][p.Organisation] > 0 {
				sc.collisions++
			}
			orgs[t][p.Organisation]++
		}
	}
	for _, h := range has {
		if h[0] && h[1] && h[2] {
			sc.complete++
		}
	}
	return sc
}

// bruteSeat tries every way to seat people at tables within their sizes.
func bruteSeat(people []Participant, tables []Table) seatScore {
	best := seatScore{unseated: 1 << 30}
	caps := make([]int, len(tables))
	for t := range tables {
		caps[t] = tables[t].Size
	}
	eachPlacement(len(people), caps, func(at []int) {
		if sc := scoreOf(people, tables, at); sc.better(best) {
			best = sc
		}
	})
	return best
}

// randomSeatCase draws up to 7 people from a few organisations at up to 3
// tables. With sameParty every organisation has one party, as when the
// sector comes from the registry.
func randomSeatCase(r *rand.Rand, sameSize, sameParty bool) ([]Participant, []Table) {
	tables := make([]Table, 1+r.IntN(3))
	size := 1 + r.IntN(4)
	for t := range tables {
		if !sameSize {
			size = r.IntN(5)
		}
		tables[t] = Table{ID: "t" + strconv.Itoa(t), Size: size}
	}
	orgParty := []Party{Party(r.IntN(3)), Party(r.IntN(3)), Party(r.IntN(3))}
	people := make([]Participant, r.IntN(8))
	for i := range people {
		p := Participant{ID: "p" + strconv.Itoa(i), Party: Party(r.IntN(parties))}
		if o := r.IntN(5); o < len(orgParty) {
			p.Organisation = "o" + strconv.Itoa(o)
			if sameParty {
				p.Party = orgParty[o]
			}
		}
		people[i] = p
	}
	return people, tables
}

func seatedAt(s *Seating, people []Participant) []int {
	at := make([]int, len(people))
	places := s.Places()
	for i, p := range people {
		at[i] = -1
		if pl, ok := places[p.ID]; ok {
			at[i] = s.tableIndex[pl.Table]
		}
	}
	return at
}

// checkSeating holds the properties of every plan: nobody twice, everyone
// seated when there is room, figures that match the seats and the bounds
// they claim.
func checkSeating(t *testing.T, s *Seating, people []Participant) {
	t.Helper()
	seen := map[string]bool{}
	seats := 0
	for _, st := range s.Tables {
		if len(st.Seats) != st.Size {
			t.Fatalf("table %s has %d seats, size %d", st.ID, len(st.Seats), st.Size)
		}
		seats += st.Size
		for _, id := range st.Seats {
			if id != "" && seen[id] {
				t.Fatalf("%s seated twice", id)
			}
			seen[id] = id != ""
		}
	}
	if !s.byWorkshop {
		if want := min(seats, len(people)); s.Quality.Seated != want {
			t.Fatalf("seated %d, want %d", s.Quality.Seated, want)
		}
	}
	if s.Quality.Seated+s.Quality.Unseated != len(people) || len(s.Unseated) != s.Quality.Unseated {
		t.Fatalf("seated %d + unseated %d (%d listed) of %d", s.Quality.Seated, s.Quality.Unseated, len(s.Unseated), len(people))
	}
	if s.Quality.MissingParty != s.Quality.LeastMissingParty {
		t.Fatalf("%d tables miss a party, least possible %d", s.Quality.MissingParty, s.Quality.LeastMissingParty)
	}
	if s.Quality.Collisions < s.Quality.LeastCollisions {
		t.Fatalf("%d collisions below the bound %d", s.Quality.Collisions, s.Quality.LeastCollisions)
	}
}

// TestSeatMatchesBruteForce compares plans with every possible seating on
// small random cases. Where every organisation has one party (the sector
// comes from the registry) seats, complete tables and collisions must all
// be optimal, whatever the table sizes. With colleagues of different
// parties the flow cannot see their collisions and the repair is a
// hill-climb: seats and complete tables must still be optimal, collisions
// at most one above, and that in at most 1 % of the cases.
func TestSeatMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, sameParty := range []bool{true, false} {
		off := 0
		const cases = 1000
		for c := range cases {
			people, tables := randomSeatCase(r, c%2 == 0, sameParty)
			s, err := Seat(people, tables, SeatOptions{Seed: uint64(c)})
			if err != nil {
				t.Fatal(err)
			}
			checkSeating(t, s, people)
			got := scoreOf(people, tables, seatedAt(s, people))
			want := bruteSeat(people, tables)
			if got.collisions != want.collisions {
				off++
			}
			if got.unseated != want.unseated || got.complete != want.complete ||
				sameParty && got.collisions != want.collisions || got.collisions > want.collisions+1 {
				t.Fatalf("sameParty %v case %d: got %+v, want %+v\npeople %+v\ntables %+v\nplan %+v", sameParty, c, got, want, people, tables, s.Tables)
			}
			if got.complete != s.Quality.Complete || got.collisions != s.Quality.Collisions {
				t.Fatalf("quality %+v does not match the seats %+v", s.Quality, got)
			}
			if sameParty {
				// The flow alone, without the repair, is already exact here.
				f, err := Seat(people, tables, SeatOptions{Seed: uint64(c), flowOnly: true})
				if err != nil {
					t.Fatal(err)
				}
				if got := scoreOf(people, tables, seatedAt(f, people)); got != want {
					t.Fatalf("flow alone, case %d: got %+v, want %+v\npeople %+v\ntables %+v", c, got, want, people, tables)
				}
			}
		}
		t.Logf("organisations of one party %v: %d of %d cases above the least collisions", sameParty, off, cases)
		if off > cases/100 {
			t.Errorf("%d of %d cases above the least collisions", off, cases)
		}
	}
}

func person(id, org string, p Party) Participant {
	return Participant{ID: id, Organisation: org, Party: p}
}

// mixed returns n people of the three parties in turn, each from their own
// organisation.
func mixed(n int) []Participant {
	out := make([]Participant, n)
	for i := range out {
		out[i] = person(fmt.Sprint("p", i), fmt.Sprint("o", i), Party(i%parties))
	}
	return out
}

func kindsOf(fs []Shortfall) []Kind {
	var out []Kind
	for _, f := range fs {
		out = append(out, f.Kind)
		if f.String() == string(f.Kind) {
			panic("shortfall without a sentence: " + f.Kind)
		}
	}
	return out
}

func TestSeatEdgeCases(t *testing.T) {
	many := make([]Participant, 6)
	for i := range many {
		many[i] = person(fmt.Sprint("c", i), "", CivilSociety)
	}
	tests := []struct {
		name         string
		people       []Participant
		tables       []Table
		wantSeated   int
		wantComplete int
		wantKinds    []Kind
	}{
		{name: "nobody", tables: EvenTables(3, 4), wantKinds: []Kind{PartyShort, PartyShort, PartyShort}},
		{name: "no tables", people: mixed(3), wantKinds: []Kind{SeatsShort}},
		{name: "tables of size 0", people: mixed(3), tables: EvenTables(2, 0), wantKinds: []Kind{SeatsShort, TableTooSmall}},
		{name: "one sector only", people: many, tables: EvenTables(2, 3), wantSeated: 6,
			wantKinds: []Kind{PartyShort, PartyShort}},
		{name: "exactly enough", people: mixed(9), tables: EvenTables(3, 3), wantSeated: 9, wantComplete: 3},
		{name: "seats short keeps tables complete", people: mixed(12), tables: EvenTables(3, 3), wantSeated: 9, wantComplete: 3,
			wantKinds: []Kind{SeatsShort}},
		{name: "small tables", people: mixed(6), tables: []Table{{ID: "a", Size: 2}, {ID: "b", Size: 4}}, wantSeated: 6, wantComplete: 1,
			wantKinds: []Kind{TableTooSmall}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Seat(tt.people, tt.tables, SeatOptions{Seed: 7})
			if err != nil {
				t.Fatal(err)
			}
			checkSeating(t, s, tt.people)
			if s.Quality.Seated != tt.wantSeated || s.Quality.Complete != tt.wantComplete {
				t.Errorf("seated %d complete %d, want %d and %d", s.Quality.Seated, s.Quality.Complete, tt.wantSeated, tt.wantComplete)
			}
			if got := kindsOf(s.Shortfalls); !slices.Equal(got, tt.wantKinds) {
				t.Errorf("shortfalls %v, want %v", s.Shortfalls, tt.wantKinds)
			}
		})
	}
}

// TestSeatSaysWhy checks the example sentence and the bounds on a
// case where neither can be met: 88 business participants for 100 tables,
// and a municipality with more people than there are tables.
func TestSeatSaysWhy(t *testing.T) {
	var people []Participant
	for i := range 1000 {
		p := person(fmt.Sprint("p", i), fmt.Sprint("org", i), CivilSociety)
		switch {
		case i < 88:
			p.Party = Other
		case i < 400:
			p.Party = Public
			if i < 230 {
				p.Organisation = "kommun"
			}
		}
		people = append(people, p)
	}
	s, err := Seat(people, EvenTables(100, 10), SeatOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	checkSeating(t, s, people)
	var said []string
	for _, f := range s.Shortfalls {
		said = append(said, f.String())
	}
	want := []string{
		"12 tables cannot have a business/other participant: only 88 business/other participants for 100 tables",
		"organisation kommun has 142 participants for 100 tables: at least 42 sit with a colleague",
	}
	if !slices.Equal(said, want) {
		t.Errorf("said %q, want %q", said, want)
	}
	q := s.Quality
	if q.Complete != 88 || q.MissingParty != 12 || q.LeastMissingParty != 12 || q.Collisions != 42 || q.LeastCollisions != 42 {
		t.Errorf("quality %+v", q)
	}
	if q.MinSeated != 10 || q.MaxSeated != 10 {
		t.Errorf("tables hold %d to %d, want 10", q.MinSeated, q.MaxSeated)
	}
}

// TestSeatFillsEvenly checks the tie-break: 95 people at 10 tables of 10
// sit 9 or 10 to a table, not 9 full tables and one of 5.
func TestSeatFillsEvenly(t *testing.T) {
	s, err := Seat(mixed(95), EvenTables(10, 10), SeatOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Quality.MinSeated != 9 || s.Quality.MaxSeated != 10 {
		t.Errorf("tables hold %d to %d people, want 9 to 10", s.Quality.MinSeated, s.Quality.MaxSeated)
	}
	for _, st := range s.Tables {
		var n [parties]int
		for _, id := range st.Seats {
			if id != "" {
				n[s.people[s.index[id]].Party]++
			}
		}
		for p, c := range n {
			if c < 2 || c > 4 {
				t.Errorf("table %s has %d of %s, want 3 or so", st.ID, c, Party(p))
			}
		}
	}
}

func TestSeatIsDeterministic(t *testing.T) {
	people, _ := conference(2, 200)
	tables := EvenTables(20, 10)
	plan := func(seed uint64) map[string]Place {
		s, err := Seat(people, tables, SeatOptions{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		checkSeating(t, s, people)
		return s.Places()
	}
	a, b, c := plan(1), plan(1), plan(2)
	if !maps.Equal(a, b) {
		t.Error("the same seed gave two plans")
	}
	if maps.Equal(a, c) {
		t.Error("another seed gave the same plan: the seed does nothing")
	}
}

func TestSeatByWorkshop(t *testing.T) {
	people := mixed(12)
	for i := range people {
		people[i].Workshop = []string{"a", "b", "c"}[i/6*2%3] // six in a, six in c
	}
	tables := []Table{{ID: "a1", Size: 3, Workshop: "a"}, {ID: "a2", Size: 3, Workshop: "a"}, {ID: "b1", Size: 4, Workshop: "b"}}
	s, err := Seat(people, tables, SeatOptions{ByWorkshop: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range s.Tables {
		for _, id := range st.Seats {
			if id != "" && s.people[s.index[id]].Workshop != st.Workshop {
				t.Errorf("%s of workshop %s at table %s of %s", id, s.people[s.index[id]].Workshop, st.ID, st.Workshop)
			}
		}
	}
	if s.Quality.Seated != 6 || s.Quality.Complete != 2 || len(s.Unseated) != 6 {
		t.Errorf("quality %+v", s.Quality)
	}
	if got := kindsOf(s.Shortfalls); !slices.Equal(got, []Kind{PartyShort, PartyShort, PartyShort, NoTables}) {
		t.Errorf("shortfalls %v", s.Shortfalls)
	}
	if _, err := s.Move("p0", "b1", 0); !errors.Is(err, ErrOtherWorkshop) {
		t.Errorf("moving into another workshop's table: %v", err)
	}
}

func TestMove(t *testing.T) {
	people := append(mixed(6), person("x", "o0", CivilSociety))
	tables := EvenTables(2, 4)
	s, err := Restore(people, tables, map[string]Place{
		"p0": {"1", 1}, "p1": {"1", 2}, "p2": {"1", 3},
		"p3": {"2", 1}, "p4": {"2", 2}, "p5": {"2", 3}, "x": {"2", 4},
	}, SeatOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Quality.Complete != 2 || s.Quality.Collisions != 0 || len(s.Violations()) != 0 {
		t.Fatalf("start %+v %v", s.Quality, s.Violations())
	}
	if _, err := s.Move("p0", "2", 0); !errors.Is(err, ErrTableFull) {
		t.Errorf("moving to a full table: %v", err)
	}

	got, err := s.Move("x", "1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Shortfall{{Kind: Colleagues, Table: "1", Organisation: "o0", Count: 2}}; !slices.EqualFunc(got, want, shortfallEqual) {
		t.Errorf("moving x beside p0 reported %v, want %v", got, want)
	}
	if s.Places()["x"] != (Place{"1", 4}) || s.Quality.Collisions != 1 {
		t.Errorf("x at %v, collisions %d", s.Places()["x"], s.Quality.Collisions)
	}

	// Taking p3's seat away leaves table 2 without civil society; the
	// collision is old news and not reported again.
	got, err = s.Move("p3", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Shortfall{{Kind: MissingParty, Table: "2", Party: CivilSociety}}; !slices.EqualFunc(got, want, shortfallEqual) {
		t.Errorf("unseating p3 reported %v, want %v", got, want)
	}
	if s.Quality.Unseated != 1 || s.Quality.Complete != 1 {
		t.Errorf("quality %+v", s.Quality)
	}

	// Refusals change nothing.
	before := s.Places()
	for name, move := range map[string]func() error{
		"unknown person":    func() error { _, err := s.Move("nobody", "1", 0); return err },
		"unknown table":     func() error { _, err := s.Move("p1", "9", 0); return err },
		"seat taken":        func() error { _, err := s.Move("p4", "1", 1); return err },
		"seat out of range": func() error { _, err := s.Move("p4", "1", 5); return err },
		"swap unknown":      func() error { _, err := s.Swap("p4", "nobody"); return err },
	} {
		if err := move(); err == nil {
			t.Errorf("%s: no error", name)
		}
		if !maps.Equal(before, s.Places()) {
			t.Errorf("%s changed the plan", name)
		}
	}

	// Swapping the unseated p3 with x puts x out and heals both tables.
	got, err = s.Swap("p3", "x")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 || s.Quality.Collisions != 0 || s.Places()["p3"] != (Place{"1", 4}) || !slices.Equal(s.Unseated, []string{"x"}) {
		t.Errorf("after the swap: new %v, quality %+v, places %v", got, s.Quality, s.Places())
	}
	r, err := Restore(people, tables, s.Places(), SeatOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(r.Places(), s.Places()) || r.Quality != s.Quality {
		t.Errorf("restored %+v, was %+v", r.Quality, s.Quality)
	}
}

func shortfallEqual(a, b Shortfall) bool {
	return a.Kind == b.Kind && a.Table == b.Table && a.Party == b.Party && a.Organisation == b.Organisation && a.Count == b.Count
}

func TestRestoreRefuses(t *testing.T) {
	people := mixed(2)
	tables := EvenTables(1, 2)
	for name, places := range map[string]map[string]Place{
		"unknown table":  {"p0": {"9", 1}},
		"seat 0":         {"p0": {"1", 0}},
		"seat too far":   {"p0": {"1", 3}},
		"same seat":      {"p0": {"1", 1}, "p1": {"1", 1}},
		"unknown person": {"zz": {"1", 1}},
	} {
		if _, err := Restore(people, tables, places, SeatOptions{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestSeatInBlocks covers groups larger than one flow takes: people go
// into blocks of tables first, and the plan must still reach both bounds.
func TestSeatInBlocks(t *testing.T) {
	people, _ := conference(4, 1500)
	s, err := Seat(people, EvenTables(155, 10), SeatOptions{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	checkSeating(t, s, people)
	if q := s.Quality; q.Collisions != q.LeastCollisions || q.LeastMissingParty == 0 || q.MinSeated < 9 {
		t.Errorf("quality %+v", q)
	}
}

// TestArrange checks the order around a table: parties take turns, so no
// two neighbours share a party where the counts allow it.
func TestArrange(t *testing.T) {
	people := []Participant{person("c1", "", CivilSociety), person("c2", "", CivilSociety), person("c3", "", CivilSociety),
		person("p1", "", Public), person("p2", "", Public), person("o1", "", Other)}
	s := &Seating{people: people}
	var got []Party
	for _, i := range s.arrange([]int{0, 1, 2, 3, 4, 5}) {
		got = append(got, people[i].Party)
	}
	for k := 1; k < len(got); k++ {
		if got[k] == got[k-1] {
			t.Errorf("neighbours of one party: %v", got)
		}
	}
	if len(got) != len(people) {
		t.Errorf("arranged %d of %d", len(got), len(people))
	}
}
