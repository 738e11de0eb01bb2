package seating

import (
	"math/rand/v2"
	"testing"
)

// TestFlowKeepsReducedCostsNonNegative checks the solver's certificate on
// random networks with negative arcs, several sources and lexicographic
// costs: after every send, each residual arc's reduced cost is ≥ 0, which
// means the residual graph has no negative cycle, so the flow is the
// cheapest of its value — the property both problems rest on.
func TestFlowKeepsReducedCostsNonNegative(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for c := range 300 {
		nodes := 3 + r.IntN(15)
		g := newNetwork(nodes)
		sink := nodes - 1
		// Arcs only from lower to higher nodes: acyclic at the start, as in
		// both problems, so negative costs cannot form a negative cycle.
		for range r.IntN(4 * nodes) {
			u := r.IntN(nodes - 1)
			v := u + 1 + r.IntN(nodes-1-u)
			g.addArc(u, v, 1+r.IntN(3), cost{int64(r.IntN(11) - 3), int64(r.IntN(7) - 2)})
		}
		for range 4 {
			s := r.IntN(sink)
			g.send(s, sink, 1+r.IntN(3))
			for i, a := range g.arcs {
				if a.cap == 0 {
					continue
				}
				u := g.arcs[i^1].to
				if rc := a.cost.add(g.pot[u]).sub(g.pot[a.to]); rc.less(cost{}) {
					t.Fatalf("case %d: arc %d→%d has reduced cost %+v", c, u, a.to, rc)
				}
			}
		}
	}
}

func TestFlowSendsWhatCanReach(t *testing.T) {
	g := newNetwork(3)
	a := g.addArc(0, 1, 2, cost{hard: 1})
	g.addArc(1, 2, 1, cost{})
	if got := g.send(0, 2, 5); got != 1 {
		t.Errorf("sent %d through a bottleneck of 1", got)
	}
	if g.flow(a) != 1 {
		t.Errorf("flow %d on the first arc", g.flow(a))
	}
}
