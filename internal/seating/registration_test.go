package seating

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestFromRegistrations(t *testing.T) {
	got := FromRegistrations([]Registration{
		{ID: "r1", OrganisationID: "org-1", Sector: "public", Preferences: []string{"w1"}},
		{ID: "r2", OrganisationName: "Röda  Korset ", Sector: "civil_society"},
		{ID: "r3", OrganisationName: "röda korset", Sector: "academia"},
		{ID: "r4", Sector: ""},
	})
	want := []Participant{
		{ID: "r1", Organisation: "id:org-1", Party: Public, Preferences: []string{"w1"}},
		{ID: "r2", Organisation: "name:röda korset", Party: CivilSociety},
		{ID: "r3", Organisation: "name:röda korset", Party: Other},
		{ID: "r4", Party: Other},
	}
	for i := range want {
		if got[i].ID != want[i].ID || got[i].Organisation != want[i].Organisation || got[i].Party != want[i].Party || len(got[i].Preferences) != len(want[i].Preferences) {
			t.Errorf("%d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestConferenceDay runs the whole day as the event domain would:
// registrations, the workshop assignment, then tables within workshops.
func TestConferenceDay(t *testing.T) {
	people, ws := conference(9, 300)
	a, err := Assign(people, ws, AssignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkAssignment(t, a, people, ws)
	in := WithWorkshops(people, a)
	s, err := Seat(in, WorkshopTables(a, 8), SeatOptions{Seed: 3, ByWorkshop: true})
	if err != nil {
		t.Fatal(err)
	}
	checkSeating(t, s, in)
	if s.Quality.Unseated != 0 {
		t.Errorf("%d unseated though every workshop has enough tables", s.Quality.Unseated)
	}
	for _, st := range s.Tables {
		for _, id := range st.Seats {
			if id != "" && a.Of[id] != st.Workshop {
				t.Errorf("%s of workshop %s at table %s", id, a.Of[id], st.ID)
			}
		}
	}
}

// TestRandomDays checks the properties on medium random days, beyond
// what brute force reaches: assignments keep capacities and place
// everyone there is room for; plans within workshops seat nobody at
// another workshop's table, reach the least tables missing a party, never
// go below the collision bound, and come out the same for the same seed.
func TestRandomDays(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for c := range 40 {
		n := 20 + r.IntN(400)
		people, ws := conference(uint64(c), n)
		ws = ws[:1+r.IntN(len(ws))]
		for w := range ws {
			ws[w].Capacity = r.IntN(n/len(ws) + 20)
		}
		for i := range people {
			people[i].Preferences = slices.DeleteFunc(slices.Clone(people[i].Preferences), func(id string) bool {
				return !slices.ContainsFunc(ws, func(w Workshop) bool { return w.ID == id })
			})
		}
		a, err := Assign(people, ws, AssignOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkAssignment(t, a, people, ws)

		in := WithWorkshops(people, a)
		var tables []Table
		for _, w := range ws {
			for k := range r.IntN(8) {
				tables = append(tables, Table{ID: fmt.Sprint(w.ID, "-", k), Size: r.IntN(12), Workshop: w.ID})
			}
		}
		opts := SeatOptions{Seed: uint64(c), ByWorkshop: c%2 == 0}
		s, err := Seat(in, tables, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkSeating(t, s, in)
		if opts.ByWorkshop {
			for _, st := range s.Tables {
				for _, id := range st.Seats {
					if id != "" && a.Of[id] != st.Workshop {
						t.Fatalf("case %d: %s of workshop %q at table %s", c, id, a.Of[id], st.ID)
					}
				}
			}
		}
		again, err := Seat(in, tables, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(s.Places(), again.Places()) {
			t.Fatalf("case %d: the same seed gave two plans", c)
		}
	}
}

// TestBlocksOfMixedSizes runs the two-step seating on tables of mixed
// sizes, some too small for three parties.
func TestBlocksOfMixedSizes(t *testing.T) {
	people, _ := conference(5, 1200)
	r := rand.New(rand.NewPCG(5, 5))
	tables := make([]Table, 180)
	for i := range tables {
		tables[i] = Table{ID: fmt.Sprint(i + 1), Size: 2 + r.IntN(9)}
	}
	s, err := Seat(people, tables, SeatOptions{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	checkSeating(t, s, people)
	t.Logf("%+v", s.Quality)
}
