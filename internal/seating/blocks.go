package seating

import "strings"

// Block is one workshop block of a day (a morning's or an afternoon's
// parallel workshops): everyone goes to one workshop of each block.
type Block struct {
	ID        string
	Workshops []Workshop
}

// AssignBlocks assigns participants once per block, blocks in the order
// given (the day's order). A participant's Preferences may name workshops
// of every block: each block reads the ones of its own workshops, in the
// order given, so one ranking over the day is a ranking per block. Each
// block is one Assign, an exact optimum of its levels given the blocks
// before it; from the second block on, the themes a participant already
// has are their Had, so a theme is repeated only when the preference
// levels leave no other choice (Assign's level 4½). The blocks are solved
// one after the other, not jointly: a joint optimum over blocks would
// trade one block's preferences against another's, which no organiser
// asked for.
func AssignBlocks(people []Participant, blocks []Block, opts AssignOptions) ([]Assignment, error) {
	if _, err := checkParticipants(people); err != nil {
		return nil, err
	}
	blockOf := map[string]int{}
	themeOf := map[string]string{}
	for b, bl := range blocks {
		if strings.TrimSpace(bl.ID) == "" {
			return nil, invalid("block %d has no ID", b)
		}
		for _, w := range bl.Workshops {
			if _, dup := blockOf[w.ID]; dup {
				return nil, invalid("workshop %q listed twice", w.ID)
			}
			blockOf[w.ID] = b
			themeOf[w.ID] = w.Theme
		}
	}
	for _, p := range people {
		for _, id := range p.Preferences {
			if _, ok := blockOf[id]; !ok {
				return nil, invalid("participant %q ranks unknown workshop %q", p.ID, id)
			}
		}
	}
	had := make([][]string, len(people))
	out := make([]Assignment, len(blocks))
	for b, bl := range blocks {
		in := make([]Participant, len(people))
		for i, p := range people {
			p.Preferences = nil
			for _, id := range people[i].Preferences {
				if blockOf[id] == b {
					p.Preferences = append(p.Preferences, id)
				}
			}
			p.Had = had[i]
			in[i] = p
		}
		a, err := Assign(in, bl.Workshops, opts)
		if err != nil {
			return nil, err
		}
		for i, p := range people {
			if w, ok := a.Of[p.ID]; ok && themeOf[w] != "" {
				had[i] = append(had[i], themeOf[w])
			}
		}
		out[b] = a
	}
	return out, nil
}
