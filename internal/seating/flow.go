package seating

// This file is the one solver both problems use: a minimum-cost flow by
// successive shortest paths with node potentials (Dijkstra on reduced
// costs). It is small enough to check by eye and exact: every augmentation
// follows a cheapest path in the residual graph, so after each one the flow
// is the cheapest of its value (the invariant of the Busacker–Gowen
// algorithm), whichever source is served first.

import "math"

// cost is a lexicographic pair: hard holds the objectives that must never
// be traded (places, preferences met, tables with every party, colleagues
// apart), soft the ones that only break ties among equally good answers
// (the sector mix, even tables). Comparing the pair, not a weighted sum,
// keeps the soft level from ever buying a worse hard level, however large
// the soft figures grow, and keeps both in int64 without overflow. Integer
// pairs form an ordered group, so Dijkstra and potentials work unchanged.
type cost struct{ hard, soft int64 }

func (a cost) add(b cost) cost  { return cost{a.hard + b.hard, a.soft + b.soft} }
func (a cost) sub(b cost) cost  { return cost{a.hard - b.hard, a.soft - b.soft} }
func (a cost) less(b cost) bool { return a.hard < b.hard || a.hard == b.hard && a.soft < b.soft }

var infinite = cost{math.MaxInt64 / 4, math.MaxInt64 / 4}

// arc is one direction of a residual pair; arcs[i^1] is its reverse.
type arc struct {
	to   int32
	cap  int32
	cost cost
}

// network is a directed graph with capacities and pair costs.
type network struct {
	arcs []arc
	out  [][]int32 // arc indices leaving each node
	pot  []cost    // potentials: reduced costs cost+pot[u]-pot[v] stay >= 0
	// scratch for Dijkstra, kept between calls to avoid allocations
	dist []cost
	via  []int32
	done []bool
	heap costHeap
	// ready is set once the potentials have been computed.
	ready bool
}

func newNetwork(nodes int) *network {
	return &network{out: make([][]int32, nodes)}
}

func (g *network) node() int {
	g.out = append(g.out, nil)
	return len(g.out) - 1
}

// addArc adds u→v with the capacity and cost per unit and returns the arc's
// index, whose flow is flow(index).
func (g *network) addArc(u, v, capacity int, c cost) int {
	i := len(g.arcs)
	g.arcs = append(g.arcs, arc{to: int32(v), cap: int32(capacity), cost: c}, arc{to: int32(u), cap: 0, cost: cost{-c.hard, -c.soft}})
	g.out[u] = append(g.out[u], int32(i))
	g.out[v] = append(g.out[v], int32(i+1))
	return i
}

// flow is what has been sent along arc i (the reverse arc's capacity).
func (g *network) flow(i int) int { return int(g.arcs[i^1].cap) }

// potentials starts the potentials at the shortest distance from a virtual
// node joined to every node at cost 0 (Bellman–Ford with a queue), so arcs
// with negative costs — the seating's bonuses — have non-negative reduced
// costs before the first Dijkstra. The networks here are acyclic at the
// start, so this settles in a few passes.
func (g *network) potentials() {
	n := len(g.out)
	g.pot = make([]cost, n)
	inQueue := make([]bool, n)
	queue := make([]int32, 0, n)
	for v := range n {
		queue = append(queue, int32(v))
		inQueue[v] = true
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		inQueue[u] = false
		for _, ai := range g.out[u] {
			a := &g.arcs[ai]
			if a.cap == 0 {
				continue
			}
			if d := g.pot[u].add(a.cost); d.less(g.pot[a.to]) {
				g.pot[a.to] = d
				if !inQueue[a.to] {
					inQueue[a.to] = true
					queue = append(queue, a.to)
				}
			}
		}
	}
	g.dist = make([]cost, n)
	g.via = make([]int32, n)
	g.done = make([]bool, n)
	g.ready = true
}

// send pushes up to amount units from s to t, each along a cheapest
// residual path, and returns how many it sent (fewer only when t cannot be
// reached any more).
func (g *network) send(s, t, amount int) int {
	if !g.ready {
		g.potentials()
	}
	sent := 0
	for sent < amount {
		if !g.shortest(s, t) {
			break
		}
		// The bottleneck along the path found.
		push := amount - sent
		for v := t; v != s; {
			a := &g.arcs[g.via[v]]
			push = min(push, int(a.cap))
			v = int(g.arcs[g.via[v]^1].to)
		}
		for v := t; v != s; {
			i := g.via[v]
			g.arcs[i].cap -= int32(push)
			g.arcs[i^1].cap += int32(push)
			v = int(g.arcs[i^1].to)
		}
		sent += push
	}
	return sent
}

// shortest runs Dijkstra on reduced costs from s, stopping when t is
// settled, and moves the potentials by min(dist, dist[t]). That update keeps
// every residual reduced cost non-negative (for an arc u→v, min(d[v],D) ≤
// min(d[u],D) + reduced cost) and makes the path just found cost 0, so its
// reverse arcs are valid too. Stopping early is what keeps each step cheap:
// most participants find a free seat a few arcs away.
func (g *network) shortest(s, t int) bool {
	for i := range g.dist {
		g.dist[i] = infinite
		g.done[i] = false
	}
	g.dist[s] = cost{}
	g.heap = g.heap[:0]
	g.heap.push(heapItem{cost{}, int32(s)})
	for len(g.heap) > 0 {
		it := g.heap.pop()
		u := int(it.node)
		if g.done[u] || g.dist[u] != it.d {
			continue
		}
		g.done[u] = true
		if u == t {
			break
		}
		du := g.dist[u]
		pu := g.pot[u]
		for _, ai := range g.out[u] {
			a := &g.arcs[ai]
			if a.cap == 0 || g.done[a.to] {
				continue
			}
			d := du.add(a.cost).add(pu).sub(g.pot[a.to])
			if d.less(g.dist[a.to]) {
				g.dist[a.to] = d
				g.via[a.to] = ai
				g.heap.push(heapItem{d, a.to})
			}
		}
	}
	if !g.done[t] {
		return false
	}
	D := g.dist[t]
	for v := range g.pot {
		if g.done[v] {
			g.pot[v] = g.pot[v].add(g.dist[v])
		} else {
			g.pot[v] = g.pot[v].add(D)
		}
	}
	return true
}

type heapItem struct {
	d    cost
	node int32
}

// costHeap is a binary min-heap of pair costs, written out rather than
// through container/heap to keep interface calls off the hot path.
type costHeap []heapItem

func (h *costHeap) push(it heapItem) {
	*h = append(*h, it)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !a[i].d.less(a[p].d) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (h *costHeap) pop() heapItem {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(a) && a[l].d.less(a[m].d) {
			m = l
		}
		if r < len(a) && a[r].d.less(a[m].d) {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}
