package seating

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// randomBlocksCase draws two blocks of one to three workshops, themes from
// two, and up to six people ranking across both.
func randomBlocksCase(r *rand.Rand) ([]Participant, []Block) {
	blocks := []Block{{ID: "morning"}, {ID: "afternoon"}}
	var all []string
	for b := range blocks {
		for w := range 1 + r.IntN(3) {
			id := blocks[b].ID + strconv.Itoa(w)
			blocks[b].Workshops = append(blocks[b].Workshops, Workshop{ID: id, Capacity: r.IntN(4), Theme: []string{"", "work", "health"}[r.IntN(3)]})
			all = append(all, id)
		}
	}
	people := make([]Participant, r.IntN(7))
	for i := range people {
		p := Participant{ID: "p" + strconv.Itoa(i), Party: Party(r.IntN(parties))}
		for _, k := range r.Perm(len(all))[:r.IntN(len(all)+1)] {
			p.Preferences = append(p.Preferences, all[k])
		}
		people[i] = p
	}
	return people, blocks
}

// TestAssignBlocksMatchesBruteForce: on 2,000 small two-block cases, each
// block's answer equals the exhaustive optimum of that block given the
// blocks before it — its own workshops' ranks, in the order given, and
// the themes already had as level 4½ — and keeps every property of one
// block's answer; nobody is placed twice in a block.
func TestAssignBlocksMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	repeatsAvoided := 0
	for c := range 2000 {
		people, blocks := randomBlocksCase(r)
		got, err := AssignBlocks(people, blocks, AssignOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(blocks) {
			t.Fatalf("case %d: %d answers for %d blocks", c, len(got), len(blocks))
		}
		had := make([][]string, len(people))
		for b, bl := range blocks {
			in := make([]Participant, len(people))
			for i, p := range people {
				p.Preferences = slices.DeleteFunc(slices.Clone(p.Preferences), func(id string) bool {
					return !slices.ContainsFunc(bl.Workshops, func(w Workshop) bool { return w.ID == id })
				})
				p.Had = had[i]
				in[i] = p
			}
			a := got[b]
			o := evaluate(in, bl.Workshops, choiceOf(a, in, bl.Workshops))
			want := bruteAssign(in, bl.Workshops)
			if !o.hardEqual(want) {
				t.Fatalf("case %d block %d: got %+v, want %+v\npeople %+v\nblocks %+v", c, b, o, want, in, blocks)
			}
			if tolerance := float64(len(in)) / mixQuantum; o.mix > want.mix+tolerance {
				t.Fatalf("case %d block %d: mix %.4f, best %.4f", c, b, o.mix, want.mix)
			}
			if o.repeats != a.Quality.Repeats {
				t.Fatalf("case %d block %d: %d repeats reported, %d made", c, b, a.Quality.Repeats, o.repeats)
			}
			checkAssignment(t, a, in, bl.Workshops)
			for i, p := range in {
				w := slices.IndexFunc(bl.Workshops, func(w Workshop) bool { return w.ID == a.Of[p.ID] })
				if w >= 0 && bl.Workshops[w].Theme != "" {
					had[i] = append(had[i], bl.Workshops[w].Theme)
				}
			}
			if b == 1 && o.repeats == 0 && slices.ContainsFunc(in, func(p Participant) bool { return len(p.Had) > 0 }) {
				repeatsAvoided++
			}
		}
	}
	if repeatsAvoided == 0 {
		t.Fatal("no case where a repeat could have been made was drawn")
	}
}

// TestAssignBlocksAvoidsARepeatedTheme: two participants with no ranking
// and two afternoon workshops, one on the theme of the morning's: each
// goes to the other theme while it has room, and a ranking of the same
// theme is still honoured.
func TestAssignBlocksAvoidsARepeatedTheme(t *testing.T) {
	blocks := []Block{
		{ID: "am", Workshops: []Workshop{{ID: "am-work", Capacity: 2, Theme: "work"}}},
		{ID: "pm", Workshops: []Workshop{{ID: "pm-work", Capacity: 2, Theme: "work"}, {ID: "pm-health", Capacity: 1, Theme: "health"}}},
	}
	people := []Participant{{ID: "a"}, {ID: "b", Preferences: []string{"pm-work"}}}
	got, err := AssignBlocks(people, blocks, AssignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Of["a"] != "am-work" || got[0].Of["b"] != "am-work" {
		t.Fatalf("morning: %v", got[0].Of)
	}
	if got[1].Of["a"] != "pm-health" || got[1].Of["b"] != "pm-work" {
		t.Errorf("afternoon: %v, want a in pm-health and b in the pm-work they ranked", got[1].Of)
	}
	if got[1].Quality.Repeats != 1 {
		t.Errorf("repeats %d, want 1 (b's own choice)", got[1].Quality.Repeats)
	}
	if _, err := AssignBlocks([]Participant{{ID: "a", Preferences: []string{"nowhere"}}}, blocks, AssignOptions{}); err == nil {
		t.Error("a ranking of an unknown workshop was accepted")
	}
}
