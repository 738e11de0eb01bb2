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

// objective is the hard levels of Assign's doc comment, in order, plus the
// mix as the real number it approximates.
type objective struct {
	unplaced, rankedUnplaced, unmet, rankSum, repeats int
	mix                                               float64
}

func (o objective) hardLess(p objective) bool {
	a := []int{o.unplaced, o.rankedUnplaced, o.unmet, o.rankSum, o.repeats}
	b := []int{p.unplaced, p.rankedUnplaced, p.unmet, p.rankSum, p.repeats}
	return slices.Compare(a, b) < 0
}

func (o objective) hardEqual(p objective) bool { return !o.hardLess(p) && !p.hardLess(o) }

// evaluate scores a choice (workshop index per participant, -1 = none).
func evaluate(people []Participant, ws []Workshop, choice []int) objective {
	var o objective
	var byParty [parties]int
	for _, p := range people {
		byParty[p.Party]++
	}
	counts := make([][parties]int, len(ws))
	for i, p := range people {
		w := choice[i]
		if w < 0 {
			o.unplaced++
			if len(p.Preferences) > 0 {
				o.rankedUnplaced++
			}
			continue
		}
		counts[w][p.Party]++
		if ws[w].Theme != "" && slices.Contains(p.Had, ws[w].Theme) {
			o.repeats++
		}
		if len(p.Preferences) == 0 {
			continue
		}
		r := slices.Index(p.Preferences, ws[w].ID)
		if r < 0 {
			o.unmet++
		} else {
			o.rankSum += r
		}
	}
	for w := range ws {
		for p := range parties {
			if counts[w][p] > 0 {
				o.mix += float64(counts[w][p]*counts[w][p]) * float64(len(people)) / (float64(byParty[p]) * float64(ws[w].Capacity))
			}
		}
	}
	return o
}

// bruteAssign tries every assignment that respects the capacities.
func bruteAssign(people []Participant, ws []Workshop) objective {
	best := objective{unplaced: 1 << 30}
	caps := make([]int, len(ws))
	for w := range ws {
		caps[w] = ws[w].Capacity
	}
	eachPlacement(len(people), caps, func(choice []int) {
		o := evaluate(people, ws, choice)
		if o.hardLess(best) || o.hardEqual(best) && o.mix < best.mix {
			best = o
		}
	})
	return best
}

// eachPlacement calls visit with every way to put n people into places of
// the given capacities, -1 meaning no place: the brute force both problems
// are checked against.
func eachPlacement(n int, caps []int, visit func(at []int)) {
	at := make([]int, n)
	load := make([]int, len(caps))
	var walk func(i int)
	walk = func(i int) {
		if i == n {
			visit(at)
			return
		}
		for k := -1; k < len(caps); k++ {
			if k >= 0 && load[k] == caps[k] {
				continue
			}
			at[i] = k
			if k >= 0 {
				load[k]++
			}
			walk(i + 1)
			if k >= 0 {
				load[k]--
			}
		}
	}
	walk(0)
}

// randomAssignCase draws up to 7 people and 3 workshops with small
// capacities, so that shortages, full first choices and empty rankings all
// occur.
func randomAssignCase(r *rand.Rand) ([]Participant, []Workshop) {
	ws := make([]Workshop, 1+r.IntN(3))
	for w := range ws {
		ws[w] = Workshop{ID: "w" + strconv.Itoa(w), Capacity: r.IntN(4)}
	}
	people := make([]Participant, r.IntN(8))
	for i := range people {
		p := Participant{ID: "p" + strconv.Itoa(i), Party: Party(r.IntN(parties))}
		for _, w := range r.Perm(len(ws))[:r.IntN(len(ws)+1)] {
			p.Preferences = append(p.Preferences, ws[w].ID)
		}
		people[i] = p
	}
	return people, ws
}

func choiceOf(a Assignment, people []Participant, ws []Workshop) []int {
	choice := make([]int, len(people))
	for i, p := range people {
		choice[i] = slices.IndexFunc(ws, func(w Workshop) bool { return w.ID == a.Of[p.ID] })
	}
	return choice
}

// TestAssignMatchesBruteForce compares the optimum with every possible
// assignment on 2,000 small random cases: the preference levels must be
// equal, the mix within what rounding its costs can lose.
func TestAssignMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for c := range 2000 {
		people, ws := randomAssignCase(r)
		a, err := Assign(people, ws, AssignOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got := evaluate(people, ws, choiceOf(a, people, ws))
		want := bruteAssign(people, ws)
		if !got.hardEqual(want) {
			t.Fatalf("case %d: got %+v, want %+v\npeople %+v\nworkshops %+v", c, got, want, people, ws)
		}
		if tolerance := float64(len(people)) / mixQuantum; got.mix > want.mix+tolerance {
			t.Fatalf("case %d: mix %.4f, best %.4f\npeople %+v\nworkshops %+v", c, got.mix, want.mix, people, ws)
		}
		checkAssignment(t, a, people, ws)
	}
}

// checkAssignment holds the properties every answer has: capacities kept,
// everyone placed when there is room, figures that add up, and nobody whose
// choices went unmet while one of them had a free place.
func checkAssignment(t *testing.T, a Assignment, people []Participant, ws []Workshop) {
	t.Helper()
	seats := 0
	placed := 0
	load := map[string]int{}
	for i, wr := range a.Workshops {
		seats += ws[i].Capacity
		placed += len(wr.Participants)
		load[wr.ID] = len(wr.Participants)
		if len(wr.Participants) > ws[i].Capacity {
			t.Fatalf("workshop %s: %d participants for %d places", wr.ID, len(wr.Participants), ws[i].Capacity)
		}
	}
	if want := min(seats, len(people)); placed != want || a.Quality.Placed != want || len(a.Of) != want {
		t.Fatalf("placed %d (quality %d, map %d), want %d", placed, a.Quality.Placed, len(a.Of), want)
	}
	if placed+len(a.Unplaced) != len(people) {
		t.Fatalf("%d placed and %d unplaced of %d", placed, len(a.Unplaced), len(people))
	}
	for _, p := range people {
		got, ok := a.Of[p.ID]
		r := slices.Index(p.Preferences, got)
		if !ok || len(p.Preferences) == 0 {
			continue
		}
		// A better choice with a free place would be an improvement.
		for k := 0; k < len(p.Preferences) && (r < 0 || k < r); k++ {
			w := slices.IndexFunc(ws, func(w Workshop) bool { return w.ID == p.Preferences[k] })
			if load[p.Preferences[k]] < ws[w].Capacity {
				t.Fatalf("%s got %q though their choice %q has room", p.ID, got, p.Preferences[k])
			}
		}
	}
	if a.Quality.Met > a.Quality.MetBound {
		t.Fatalf("met %d above the bound %d", a.Quality.Met, a.Quality.MetBound)
	}
}

func TestAssignEdgeCases(t *testing.T) {
	civil := func(id string, prefs ...string) Participant {
		return Participant{ID: id, Party: CivilSociety, Preferences: prefs}
	}
	tests := []struct {
		name       string
		people     []Participant
		workshops  []Workshop
		wantPlaced int
		wantMet    int
		wantKinds  []Kind
	}{
		{name: "nobody", workshops: []Workshop{{ID: "a", Capacity: 5}}},
		{name: "zero workshops", people: []Participant{civil("p1"), civil("p2")}, wantKinds: []Kind{SeatsShort}},
		{name: "capacity 0", people: []Participant{civil("p1", "a")}, workshops: []Workshop{{ID: "a", Capacity: 0}, {ID: "b", Capacity: 1}},
			wantPlaced: 1, wantKinds: []Kind{Oversubscribed, ChoicesFull}},
		{name: "one sector only", people: []Participant{civil("p1", "a"), civil("p2", "a"), civil("p3", "b")},
			workshops: []Workshop{{ID: "a", Capacity: 2}, {ID: "b", Capacity: 2}}, wantPlaced: 3, wantMet: 3},
		{name: "unranked fill the remaining seats", people: []Participant{civil("p1"), civil("p2", "a"), civil("p3")},
			workshops: []Workshop{{ID: "a", Capacity: 1}, {ID: "b", Capacity: 1}}, wantPlaced: 2, wantMet: 1, wantKinds: []Kind{SeatsShort}},
		{name: "second choice when the first is full", people: []Participant{civil("p1", "a", "b"), civil("p2", "a", "b")},
			workshops: []Workshop{{ID: "a", Capacity: 1}, {ID: "b", Capacity: 1}}, wantPlaced: 2, wantMet: 2, wantKinds: []Kind{Oversubscribed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Assign(tt.people, tt.workshops, AssignOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkAssignment(t, a, tt.people, tt.workshops)
			if a.Quality.Placed != tt.wantPlaced || a.Quality.Met != tt.wantMet {
				t.Errorf("placed %d met %d, want %d and %d", a.Quality.Placed, a.Quality.Met, tt.wantPlaced, tt.wantMet)
			}
			var kinds []Kind
			for _, s := range a.Shortfalls {
				kinds = append(kinds, s.Kind)
				if s.String() == string(s.Kind) {
					t.Errorf("shortfall %s has no sentence", s.Kind)
				}
			}
			if !slices.Equal(kinds, tt.wantKinds) {
				t.Errorf("shortfalls %v, want %v", a.Shortfalls, tt.wantKinds)
			}
		})
	}
}

func TestAssignUnrankedLeftOutFirst(t *testing.T) {
	people := []Participant{{ID: "early"}, {ID: "ranked", Preferences: []string{"b"}}}
	a, err := Assign(people, []Workshop{{ID: "a", Capacity: 1}, {ID: "b", Capacity: 0}}, AssignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Of["ranked"] != "a" || !slices.Equal(a.Unplaced, []string{"early"}) {
		t.Errorf("got %v, unplaced %v; the participant who ranked should keep the seat", a.Of, a.Unplaced)
	}
}

// TestAssignEarlierFirst checks the tie-break within participants who
// ranked alike: the earlier registration gets the better choice.
func TestAssignEarlierFirst(t *testing.T) {
	var people []Participant
	for i := range 5 {
		people = append(people, Participant{ID: fmt.Sprint("r", i), Party: Public, Preferences: []string{"a", "b"}})
	}
	a, err := Assign(people, []Workshop{{ID: "a", Capacity: 2}, {ID: "b", Capacity: 2}}, AssignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"r0": "a", "r1": "a", "r2": "b", "r3": "b"}
	if !maps.Equal(a.Of, want) || !slices.Equal(a.Unplaced, []string{"r4"}) {
		t.Errorf("got %v, unplaced %v; want %v and r4", a.Of, a.Unplaced, want)
	}
}

func TestAssignRefusesBadInput(t *testing.T) {
	ok := []Workshop{{ID: "a", Capacity: 1}}
	tests := map[string]struct {
		people    []Participant
		workshops []Workshop
	}{
		"no id":             {[]Participant{{}}, ok},
		"same id twice":     {[]Participant{{ID: "p"}, {ID: "p"}}, ok},
		"unknown party":     {[]Participant{{ID: "p", Party: 7}}, ok},
		"unknown workshop":  {[]Participant{{ID: "p", Preferences: []string{"x"}}}, ok},
		"ranked twice":      {[]Participant{{ID: "p", Preferences: []string{"a", "a"}}}, ok},
		"negative capacity": {nil, []Workshop{{ID: "a", Capacity: -1}}},
		"workshop twice":    {nil, []Workshop{{ID: "a", Capacity: 1}, {ID: "a", Capacity: 2}}},
		"workshop no id":    {nil, []Workshop{{ID: "", Capacity: 1}}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := Assign(tt.people, tt.workshops, AssignOptions{}); !errors.Is(err, ErrInvalid) {
				t.Errorf("got %v, want ErrInvalid", err)
			}
		})
	}
}

// TestAssignMixImproves checks the mix tie-break does its job where it is
// free to: unranked participants of two parties, two equal workshops.
func TestAssignMixImproves(t *testing.T) {
	var people []Participant
	for i := range 8 {
		people = append(people, Participant{ID: fmt.Sprint(i), Party: Party(i / 4)})
	}
	ws := []Workshop{{ID: "a", Capacity: 4}, {ID: "b", Capacity: 4}}
	a, err := Assign(people, ws, AssignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, wr := range a.Workshops {
		if wr.ByParty[CivilSociety] != 2 || wr.ByParty[Public] != 2 {
			t.Errorf("workshop %s has %v, want 2 and 2", wr.ID, wr.ByParty)
		}
	}
	if a.Quality.MixDeviation != 0 {
		t.Errorf("mix deviation %.1f, want 0", a.Quality.MixDeviation)
	}
	plain, err := Assign(people, ws, AssignOptions{IgnoreMix: true})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Quality.MixDeviation == 0 {
		t.Error("without the mix the split happens to be even: the test shows nothing")
	}
}
