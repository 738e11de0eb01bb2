package seating

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// Workshop is one parallel workshop of a block with its places.
type Workshop struct {
	ID       string
	Capacity int
	// Theme is the workshop's subject; a participant whose Had names it
	// is put here only when nothing as good by their preferences is left
	// (see Assign's level 4½). Empty never counts as a repeat.
	Theme string
}

// AssignOptions tunes Assign.
type AssignOptions struct {
	// IgnoreMix drops the sector-mix tie-break, leaving only the
	// preferences; the benchmark uses it to show what the mix gains.
	IgnoreMix bool
}

// Assignment is the answer of Assign.
type Assignment struct {
	// Workshops in the order given, each with its participants.
	Workshops []WorkshopResult
	// Of maps a participant's ID to their workshop's; the unplaced are
	// absent.
	Of map[string]string
	// Unplaced lists who got no workshop (only when places run out), in
	// input order.
	Unplaced   []string
	Quality    AssignQuality
	Shortfalls []Shortfall
}

// WorkshopResult is one workshop's share of the assignment.
type WorkshopResult struct {
	ID       string
	Capacity int
	// Participants in input order.
	Participants []string
	// ByParty counts the participants per party (index Party).
	ByParty [parties]int
	// FirstChoices is how many ranked this workshop first: the demand.
	FirstChoices int
}

// AssignQuality holds the figures organisers judge an assignment by.
type AssignQuality struct {
	Participants int
	// Ranked is how many ranked at least one workshop.
	Ranked int
	Placed int
	// Met is how many got a workshop they ranked; the assignment maximises
	// it exactly. MetBound is a quick upper bound (each workshop gives at
	// most its places to those who ranked it), to show how close the
	// optimum comes to wishes that could never all be met.
	Met      int
	MetBound int
	// ByRank[i] is how many got their (i+1)th choice.
	ByRank []int
	// MixDeviation is, over workshops with participants and the three
	// parties, the largest difference in percentage points between a
	// party's share in the workshop and at the whole event;
	// MeanMixDeviation is the mean over workshops of each one's largest.
	MixDeviation     float64
	MeanMixDeviation float64
	// Repeats is how many got a workshop of a theme they already had in an
	// earlier block (Participant.Had); the assignment keeps it least
	// among the preference optima.
	Repeats int
}

// Assign puts participants into workshops. It finds an exact optimum of,
// in this order (each level is never traded for the ones after it):
//
//  1. as many participants placed as there are places;
//  2. of those left out when places run short, as few as possible who
//     ranked a workshop — participants who ranked nothing fill the seats
//     that remain;
//  3. as many participants as possible in a workshop they ranked;
//  4. the least sum of the ranks they got (a first choice over a second);
//     4½. as few participants as possible in a workshop whose theme they
//     already had in an earlier block (Participant.Had): a repeat is
//     avoided wherever the preference levels leave a choice, never
//     bought with a worse rank;
//  5. the sector mix: each workshop's parties as close to the event's as
//     the levels above leave room for.
//
// Levels 1–4 are one integer cost, weighted so each outweighs everything
// below it; level 5 is the second half of a lexicographic pair, so no
// amount of mix can buy a worse preference figure. Level 5 minimises
// Σ_w Σ_p n_wp² / (N_p · c_w) (n_wp participants of party p in workshop w,
// N_p at the event, c_w the places): for fixed workshop sizes its minimum
// is exactly the event's proportions, and it is convex and separable, so a
// flow can carry it (one unit arc per extra participant, each dearer than
// the last). Ties left after all five go by input order.
func Assign(people []Participant, workshops []Workshop, opts AssignOptions) (Assignment, error) {
	if _, err := checkParticipants(people); err != nil {
		return Assignment{}, err
	}
	if len(workshops) > MaxWorkshops {
		return Assignment{}, invalid("%d workshops, at most %d", len(workshops), MaxWorkshops)
	}
	wIndex := make(map[string]int, len(workshops))
	for i, w := range workshops {
		if strings.TrimSpace(w.ID) == "" {
			return Assignment{}, invalid("workshop %d has no ID", i)
		}
		if _, dup := wIndex[w.ID]; dup {
			return Assignment{}, invalid("workshop %q listed twice", w.ID)
		}
		if w.Capacity < 0 || w.Capacity > MaxCapacity {
			return Assignment{}, invalid("workshop %q has capacity %d", w.ID, w.Capacity)
		}
		wIndex[w.ID] = i
	}
	// rankOf[i][w] is participant i's rank of workshop w (0 = first), or -1.
	rankOf := make([][]int, len(people))
	maxRanks := 1
	var byParty [parties]int
	for i, p := range people {
		byParty[p.Party]++
		r := make([]int, len(workshops))
		for w := range r {
			r[w] = -1
		}
		for k, id := range p.Preferences {
			w, ok := wIndex[id]
			if !ok {
				return Assignment{}, invalid("participant %q ranks unknown workshop %q", p.ID, id)
			}
			if r[w] >= 0 {
				return Assignment{}, invalid("participant %q ranks workshop %q twice", p.ID, id)
			}
			r[w] = k
		}
		rankOf[i] = r
		maxRanks = max(maxRanks, len(p.Preferences))
	}

	// The weights of levels 1–4 (see the doc comment). With at most
	// MaxParticipants people and MaxWorkshops ranks the largest total,
	// 2·N·unplaced ≈ 2·10⁴·(10⁴·200)·10⁴ = 4·10¹⁴, fits in int64.
	n := int64(len(people))
	wUnmet := n*int64(maxRanks-1) + 1
	wUnplaced := wUnmet * (n + 1)
	// Level 4½ only when someone has had a theme a workshop here has: then
	// levels 1–4 are scaled by n+1 and a repeat costs 1, so all repeats
	// together weigh less than one step of the rank sum. The largest total
	// grows to about 4·10¹⁸, still below int64's 9.2·10¹⁸, and one arc's
	// cost, at most 4·10¹⁴, leaves the path sums far inside it.
	scale, repeat := int64(1), func(int, int) int64 { return 0 }
	themes := map[string]bool{}
	for _, w := range workshops {
		if w.Theme != "" {
			themes[w.Theme] = true
		}
	}
	hadTheme := make([]map[string]bool, len(people))
	for i, p := range people {
		for _, t := range p.Had {
			if themes[t] {
				if hadTheme[i] == nil {
					hadTheme[i] = map[string]bool{}
				}
				hadTheme[i][t] = true
			}
		}
	}
	if slices.ContainsFunc(hadTheme, func(m map[string]bool) bool { return m != nil }) {
		scale = n + 1
		repeat = func(i, w int) int64 {
			if workshops[w].Theme != "" && hadTheme[i][workshops[w].Theme] {
				return 1
			}
			return 0
		}
	}

	// Participants of one party who ranked the same workshops in the same
	// order are interchangeable, so the flow carries each such class as one
	// node with its count: the network's size then follows the variety of
	// rankings (a few hundred at most with 7 workshops), not the number
	// of people, and the optimum is the same.
	var classes [][]int // participant indices, in input order
	classOf := map[string]int{}
	for i, p := range people {
		var key strings.Builder
		key.WriteByte(byte(p.Party))
		for _, id := range p.Preferences {
			fmt.Fprintf(&key, "%d:%s", len(id), id)
		}
		// Those who had different themes are not interchangeable here.
		if hadTheme[i] != nil {
			for _, t := range slices.Sorted(maps.Keys(hadTheme[i])) {
				fmt.Fprintf(&key, "|%d:%s", len(t), t)
			}
		}
		c, ok := classOf[key.String()]
		if !ok {
			c = len(classes)
			classOf[key.String()] = c
			classes = append(classes, nil)
		}
		classes[c] = append(classes[c], i)
	}

	// Nodes: classes, then (workshop, party), then workshops, then the sink.
	W := len(workshops)
	C := len(classes)
	pairNode := func(w int, p Party) int { return C + w*parties + int(p) }
	wsNode := func(w int) int { return C + W*parties + w }
	sink := C + W*parties + W
	g := newNetwork(sink + 1)

	// arcs[c][w] is class c's arc to workshop w, or -1.
	arcs := make([][]int, C)
	for c, members := range classes {
		i := members[0]
		p := people[i]
		arcs[c] = make([]int, W)
		for w, ws := range workshops {
			arcs[c][w] = -1
			hard := wUnmet
			switch {
			case ws.Capacity == 0:
				// An arc nobody can use would only slow every search.
				continue
			case rankOf[i][w] >= 0:
				hard = int64(rankOf[i][w])
			case len(p.Preferences) == 0:
				hard = 0
			}
			arcs[c][w] = g.addArc(c, pairNode(w, p.Party), len(members), cost{hard: hard*scale + repeat(i, w)})
		}
		out := wUnplaced * scale
		if len(p.Preferences) > 0 {
			out *= 2
		}
		g.addArc(c, sink, len(members), cost{hard: out})
	}
	for w, ws := range workshops {
		for _, party := range Parties {
			units := min(ws.Capacity, byParty[party])
			for k := 1; k <= units; k++ {
				var soft int64
				if !opts.IgnoreMix {
					soft = mixMarginal(k, len(people), byParty[party], ws.Capacity)
				}
				g.addArc(pairNode(w, party), wsNode(w), 1, cost{soft: soft})
			}
		}
		if ws.Capacity > 0 {
			g.addArc(wsNode(w), sink, ws.Capacity, cost{})
		}
	}
	for c, members := range classes {
		g.send(c, sink, len(members))
	}

	// Within a class, the earlier registration gets the better rank: the
	// class's places are handed out best first, in input order.
	placedAt := make([]int, len(people))
	for c, members := range classes {
		r := rankOf[members[0]]
		order := make([]int, 0, W)
		for w := range workshops {
			if arcs[c][w] >= 0 {
				order = append(order, w)
			}
		}
		slices.SortStableFunc(order, func(a, b int) int { return rankKey(r[a]) - rankKey(r[b]) })
		next := 0
		for _, w := range order {
			for range g.flow(arcs[c][w]) {
				placedAt[members[next]] = w
				next++
			}
		}
		for _, i := range members[next:] {
			placedAt[i] = -1
		}
	}

	a := Assignment{Of: make(map[string]string, len(people))}
	a.Workshops = make([]WorkshopResult, W)
	for w, ws := range workshops {
		a.Workshops[w] = WorkshopResult{ID: ws.ID, Capacity: ws.Capacity}
	}
	q := AssignQuality{Participants: len(people), ByRank: make([]int, maxRanks)}
	var unmet []string
	for i, p := range people {
		if len(p.Preferences) > 0 {
			q.Ranked++
			a.Workshops[wIndex[p.Preferences[0]]].FirstChoices++
		}
		placed := placedAt[i]
		if placed < 0 {
			a.Unplaced = append(a.Unplaced, p.ID)
			continue
		}
		q.Placed++
		wr := &a.Workshops[placed]
		wr.Participants = append(wr.Participants, p.ID)
		wr.ByParty[p.Party]++
		a.Of[p.ID] = wr.ID
		if repeat(i, placed) > 0 {
			q.Repeats++
		}
		switch r := rankOf[i][placed]; {
		case r >= 0:
			q.Met++
			q.ByRank[r]++
		case len(p.Preferences) > 0:
			unmet = append(unmet, p.ID)
		}
	}

	// The bound: each workshop serves at most min(places, those ranking it).
	ranking := make([]int, W)
	for i := range people {
		for w, r := range rankOf[i] {
			if r >= 0 {
				ranking[w]++
			}
		}
	}
	for w, ws := range workshops {
		q.MetBound += min(ws.Capacity, ranking[w])
	}
	q.MetBound = min(q.MetBound, q.Ranked)
	q.MixDeviation, q.MeanMixDeviation = mixDeviation(a.Workshops, byParty)
	a.Quality = q

	seats := 0
	for _, ws := range workshops {
		seats += ws.Capacity
	}
	if len(a.Unplaced) > 0 {
		a.Shortfalls = append(a.Shortfalls, Shortfall{Kind: SeatsShort, Need: len(people), Have: seats, Count: len(a.Unplaced), Participants: a.Unplaced})
	}
	for _, wr := range a.Workshops {
		if wr.FirstChoices > wr.Capacity {
			a.Shortfalls = append(a.Shortfalls, Shortfall{Kind: Oversubscribed, Workshop: wr.ID, Need: wr.FirstChoices, Have: wr.Capacity})
		}
	}
	if len(unmet) > 0 {
		a.Shortfalls = append(a.Shortfalls, Shortfall{Kind: ChoicesFull, Count: len(unmet), Participants: unmet})
	}
	return a, nil
}

// rankKey orders ranks with "not ranked" (-1) last.
func rankKey(r int) int {
	if r < 0 {
		return math.MaxInt32
	}
	return r
}

// mixQuantum scales the mix's marginal costs to integers: fine enough that
// rounding rarely decides, small enough that N² of them stay far below
// int64's range.
const mixQuantum = 1000

// mixMarginal is the cost of the k-th participant of a party that has
// partyCount of total at the event in a workshop of capacity places: the
// step of k²·total/(partyCount·places), which grows with k (convex).
func mixMarginal(k, total, partyCount, places int) int64 {
	return int64(math.Round(float64(mixQuantum) * float64(2*k-1) * float64(total) / (float64(partyCount) * float64(places))))
}

// mixDeviation is the figures AssignQuality describes.
func mixDeviation(ws []WorkshopResult, byParty [parties]int) (worst, mean float64) {
	total := 0
	for _, c := range byParty {
		total += c
	}
	used := 0
	for _, w := range ws {
		n := len(w.Participants)
		if n == 0 {
			continue
		}
		used++
		largest := 0.0
		for p := range parties {
			d := math.Abs(float64(w.ByParty[p])/float64(n)-float64(byParty[p])/float64(total)) * 100
			largest = max(largest, d)
		}
		worst = max(worst, largest)
		mean += largest
	}
	if used > 0 {
		mean /= float64(used)
	}
	return worst, mean
}
