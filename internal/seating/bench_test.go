package seating

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"syscall"
	"testing"
	"time"
)

// conference generates a day like the seed's Stockholm conference scaled
// to n participants: two thirds civil society, a quarter public, the rest
// business and others (80/30/10 of 120); civil society from many small
// associations, the public side from a few large bodies (the municipality
// alone sends an eighth), business from small firms. Workshops: seven of
// 150 places, their popularity falling off; nine in ten rank three of them,
// the rest none.
func conference(seed uint64, n int) ([]Participant, []Workshop) {
	r := rand.New(rand.NewPCG(seed, 1))
	ws := make([]Workshop, 7)
	for w := range ws {
		ws[w] = Workshop{ID: fmt.Sprintf("w%d", w+1), Capacity: n * 3 / 20}
	}
	weight := []float64{0.26, 0.2, 0.16, 0.13, 0.1, 0.08, 0.07}
	pick := func(taken []string) string {
		for {
			x, w := r.Float64(), 0
			for ; w < len(weight)-1 && x > weight[w]; w++ {
				x -= weight[w]
			}
			id := ws[w].ID
			if !slices.Contains(taken, id) {
				return id
			}
		}
	}
	public := []struct {
		name  string
		share float64
	}{{"kommun", 0.125}, {"region", 0.04}, {"af", 0.03}, {"lst", 0.02}, {"mv", 0.015}}
	people := make([]Participant, n)
	civilOrgs, firms := 0, 0
	for i := range people {
		p := Participant{ID: fmt.Sprintf("p%04d", i)}
		switch x := float64(i) / float64(n); {
		case x < 2.0/3:
			p.Party = CivilSociety
			// Associations of one to five people.
			if i == 0 || r.IntN(3) == 0 {
				civilOrgs++
			}
			p.Organisation = fmt.Sprintf("förening-%d", civilOrgs)
		case x < 2.0/3+0.25:
			p.Party = Public
			y := r.Float64() * 0.25
			p.Organisation = "myndighet-" + fmt.Sprint(r.IntN(20))
			for _, b := range public {
				if y < b.share {
					p.Organisation = b.name
					break
				}
				y -= b.share
			}
		default:
			p.Party = Other
			if r.IntN(2) == 0 {
				firms++
			}
			p.Organisation = fmt.Sprintf("företag-%d", firms)
		}
		if r.IntN(10) > 0 {
			for range 3 {
				p.Preferences = append(p.Preferences, pick(p.Preferences))
			}
		}
		people[i] = p
	}
	// Registrations arrive mixed, not sorted by sector.
	r.Shuffle(n, func(i, j int) { people[i], people[j] = people[j], people[i] })
	return people, ws
}

// BenchmarkConference1000 is the figure: 1,000 participants
// assigned to 7 workshops and seated at 100 tables of 10, with the quality
// figures as extra metrics.
func BenchmarkConference1000(b *testing.B) {
	people, ws := conference(1, 1000)
	tables := EvenTables(100, 10)
	day(b, people, ws, func(Assignment) ([]Participant, []Table, SeatOptions) {
		return people, tables, SeatOptions{Seed: 1}
	})
	// What the mix tie-break gains: the same preferences without it.
	plain, err := Assign(people, ws, AssignOptions{IgnoreMix: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(plain.Quality.MixDeviation, "mix_max_pp_without")
	b.ReportMetric(plain.Quality.MeanMixDeviation, "mix_mean_pp_without")
}

// BenchmarkConference1000ByWorkshop seats each workshop at its own tables
// of 10 instead of one room of 100 tables.
func BenchmarkConference1000ByWorkshop(b *testing.B) {
	people, ws := conference(1, 1000)
	day(b, people, ws, func(a Assignment) ([]Participant, []Table, SeatOptions) {
		return WithWorkshops(people, a), WorkshopTables(a, 10), SeatOptions{Seed: 1, ByWorkshop: true}
	})
}

// BenchmarkConferenceLarge shows how both scale beyond the figure,
// up to MaxParticipants, at tables of 10 in one room.
func BenchmarkConferenceLarge(b *testing.B) {
	for _, n := range []int{3000, MaxParticipants} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			people, ws := conference(1, n)
			tables := EvenTables(n/10, 10)
			day(b, people, ws, func(Assignment) ([]Participant, []Table, SeatOptions) {
				return people, tables, SeatOptions{Seed: 1}
			})
		})
	}
}

// day measures the assignment and then the seating that tables makes of
// it, and reports the last run's figures.
func day(b *testing.B, people []Participant, ws []Workshop, tables func(Assignment) ([]Participant, []Table, SeatOptions)) {
	var a Assignment
	var s *Seating
	start := cpuTime()
	for b.Loop() {
		var err error
		if a, err = Assign(people, ws, AssignOptions{}); err != nil {
			b.Fatal(err)
		}
		in, ts, opts := tables(a)
		if s, err = Seat(in, ts, opts); err != nil {
			b.Fatal(err)
		}
	}
	// The machine is shared, so wall time per run depends on the load;
	// the process's CPU time per run shows what the work itself costs.
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu_ms/op")
	reportQuality(b, a, s)
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkAssign1000(b *testing.B) {
	people, ws := conference(1, 1000)
	for b.Loop() {
		if _, err := Assign(people, ws, AssignOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSeat1000(b *testing.B) {
	people, _ := conference(1, 1000)
	tables := EvenTables(100, 10)
	for b.Loop() {
		if _, err := Seat(people, tables, SeatOptions{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func reportQuality(b *testing.B, a Assignment, s *Seating) {
	q, sq := a.Quality, s.Quality
	b.ReportMetric(float64(q.Met), "met")
	b.ReportMetric(float64(q.MetBound), "met_bound")
	b.ReportMetric(float64(q.ByRank[0]), "first_choice")
	b.ReportMetric(q.MixDeviation, "mix_max_pp")
	b.ReportMetric(q.MeanMixDeviation, "mix_mean_pp")
	b.ReportMetric(float64(sq.MissingParty), "tables_missing")
	b.ReportMetric(float64(sq.LeastMissingParty), "least_missing")
	b.ReportMetric(float64(sq.Collisions), "collisions")
	b.ReportMetric(float64(sq.LeastCollisions), "least_collisions")
}

// twoBlocks is conference's day with a second block: the same people rank
// three of seven afternoon workshops too, the afternoon's popularity in
// the reverse order, and the workshops of both blocks share four themes,
// so repeats are there to avoid.
func twoBlocks(seed uint64, n int) ([]Participant, []Block) {
	people, am := conference(seed, n)
	r := rand.New(rand.NewPCG(seed, 2))
	themes := []string{"work", "health", "housing", "education"}
	pm := make([]Workshop, len(am))
	for w := range am {
		am[w].Theme = themes[w%len(themes)]
		pm[w] = Workshop{ID: fmt.Sprintf("e%d", w+1), Capacity: am[w].Capacity, Theme: themes[(w+1)%len(themes)]}
	}
	for i := range people {
		if len(people[i].Preferences) == 0 {
			continue
		}
		prefs := slices.Clone(people[i].Preferences)
		for _, k := range r.Perm(len(pm))[:3] {
			prefs = append(prefs, pm[len(pm)-1-k].ID)
		}
		people[i].Preferences = prefs
	}
	return people, []Block{{ID: "am", Workshops: am}, {ID: "pm", Workshops: pm}}
}

// BenchmarkConference1000TwoBlocks assigns 1,000 participants in two
// blocks of seven workshops each and seats them at 100 tables of 10.
func BenchmarkConference1000TwoBlocks(b *testing.B) {
	people, blocks := twoBlocks(1, 1000)
	tables := EvenTables(100, 10)
	var as []Assignment
	start := cpuTime()
	for b.Loop() {
		var err error
		if as, err = AssignBlocks(people, blocks, AssignOptions{}); err != nil {
			b.Fatal(err)
		}
		if _, err = Seat(people, tables, SeatOptions{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu_ms/op")
	for i, a := range as {
		b.ReportMetric(float64(a.Quality.Met), fmt.Sprintf("met_%d", i+1))
		b.ReportMetric(float64(a.Quality.Placed), fmt.Sprintf("placed_%d", i+1))
		b.ReportMetric(float64(a.Quality.Repeats), fmt.Sprintf("repeats_%d", i+1))
	}
}
