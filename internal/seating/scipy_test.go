package seating

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// scipyAssign solves the assignment with an independent exact solver,
// scipy.optimize.linear_sum_assignment, each workshop expanded into one
// column per place and one more "left out" column per participant. The
// costs weight the levels of Assign's doc comment lexicographically (the
// totals stay below 2⁵³, so float64 is exact). It returns the workshop
// index per participant, -1 for left out.
func scipyAssign(t *testing.T, people []Participant, ws []Workshop) []int {
	t.Helper()
	// Debian's python3-scipy installs for /usr/bin/python3, which need not
	// be the python3 first on PATH.
	if testing.Short() {
		t.Skip("scipy check skipped in -short")
	}
	python := ""
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import scipy.optimize").Run() == nil {
			python = p
			break
		}
	}
	if python == "" {
		t.Skip("no python3 with scipy (apt-get install python3-scipy)")
	}
	n := int64(len(people))
	maxRanks := int64(1)
	for _, p := range people {
		maxRanks = max(maxRanks, int64(len(p.Preferences)))
	}
	unmet := n*(maxRanks-1) + 1
	unplaced := unmet * (n + 1)
	costs := make([][]int64, len(people))
	for i, p := range people {
		row := make([]int64, len(ws)+1)
		for w := range ws {
			switch r := slices.Index(p.Preferences, ws[w].ID); {
			case r >= 0:
				row[w] = int64(r)
			case len(p.Preferences) > 0:
				row[w] = unmet
			}
		}
		row[len(ws)] = unplaced
		if len(p.Preferences) > 0 {
			row[len(ws)] *= 2
		}
		costs[i] = row
	}
	caps := []int{}
	for _, w := range ws {
		caps = append(caps, w.Capacity)
	}
	caps = append(caps, len(people))
	in, _ := json.Marshal(map[string]any{"cost": costs, "cap": caps})
	const script = `
import json, sys
import numpy as np
from scipy.optimize import linear_sum_assignment
d = json.load(sys.stdin)
cost = np.array(d["cost"], dtype=float)
cap = d["cap"]
cols = np.repeat(np.arange(len(cap)), cap)
rows, picked = linear_sum_assignment(cost[:, cols])
out = [0] * len(rows)
for r, c in zip(rows, picked):
    out[r] = int(cols[c])
print(" ".join(map(str, out)))
`
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("scipy: %v\n%s", err, stderr.String())
	}
	var choice []int
	for _, f := range strings.Fields(string(out)) {
		w, _ := strconv.Atoi(f)
		if w == len(ws) {
			w = -1
		}
		choice = append(choice, w)
	}
	if len(choice) != len(people) {
		t.Fatalf("scipy answered %d rows for %d participants", len(choice), len(people))
	}
	return choice
}

// TestAssignMatchesScipy checks the optimum against scipy on the
// benchmark's conference and on tighter versions of it (places short,
// popular workshops small), where every level of the objective is in play.
// It skips where python3 with scipy is missing: scipy is a check, not a
// dependency.
func TestAssignMatchesScipy(t *testing.T) {
	for _, tc := range []struct {
		name   string
		seed   uint64
		n      int
		places []int
	}{
		{"benchmark conference", 1, 1000, nil},
		{"places short", 2, 1000, []int{100, 100, 120, 130, 140, 150, 160}},
		{"popular workshops small", 3, 600, []int{15, 15, 20, 20, 200, 200, 200}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			people, ws := conference(tc.seed, tc.n)
			for w := range tc.places {
				ws[w].Capacity = tc.places[w]
			}
			a, err := Assign(people, ws, AssignOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := evaluate(people, ws, choiceOf(a, people, ws))
			want := evaluate(people, ws, scipyAssign(t, people, ws))
			if !got.hardEqual(want) {
				t.Errorf("got %+v, scipy %+v", got, want)
			}
			t.Logf("placed %d, met %d of %d ranked (bound %d), by rank %v; scipy: unplaced %d, unmet %d, rank sum %d",
				a.Quality.Placed, a.Quality.Met, a.Quality.Ranked, a.Quality.MetBound, a.Quality.ByRank, want.unplaced, want.unmet, want.rankSum)
		})
	}
}
