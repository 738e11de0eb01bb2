package seating

import (
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
	at := make([]int, len(people))
	load := make([]int, len(tables))
	var walk func(i int)
	walk = func(i int) {
		if i == len(people) {
			if sc := scoreOf(people, tables, at); sc.better(best) {
				best = sc
			}
			return
		}
		for t := -1; t < len(tables); t++ {
			if t >= 0 && load[t] == tables[t].Size {
				continue
			}
			at[i] = t
			if t >= 0 {
				load[t]++
			}
			walk(i + 1)
			if t >= 0 {
				load[t]--
			}
		}
	}
	walk(0)
	return best
}

// randomSeatCase draws up to 8 people from a few organisations at up to 3
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
	people := make([]Participant, r.IntN(9))
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
		const cases = 2000
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
		}
		t.Logf("organisations of one party %v: %d of %d cases above the least collisions", sameParty, off, cases)
		if off > cases/100 {
			t.Errorf("%d of %d cases above the least collisions", off, cases)
		}
	}
}
