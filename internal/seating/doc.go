// Package seating solves the two optimisation problems of a conference
// day (issue 13, "Workshops and tables"): which workshop each participant
// goes to, and who sits at which table. It is pure: no database, no HTTP,
// no other samverkan package; the event domain maps its registrations to
// Participant (FromRegistrations) and stores the answers.
//
// # Workshops
//
// Participants rank workshops; workshops have places. Assign finds an exact
// optimum: as many placed as there are places, those who ranked something
// ahead of those who ranked nothing, as many as possible in a workshop they
// ranked, then the best ranks, and only then each workshop's sector mix
// close to the event's. It is a minimum-cost flow — participant →
// (workshop, party) → workshop → sink — solved by successive shortest
// paths with potentials (flow.go). The mix cost is convex and separable,
// Σ n_wp²/(N_p·c_w), carried by one unit arc per extra person of a party,
// each dearer than the last; its minimum for given workshop sizes is the
// event's proportions. Costs are lexicographic pairs (preferences, mix),
// so the mix can never buy a worse preference figure: the answer is the
// preference optimum, and among preference optima one with a good mix.
//
// Why a flow and not a library: no maintained Go module solves sparse
// assignment with capacities (the Hungarian modules on the proxy are dense
// O(n³) and unmaintained; gonum has a dense simplex, optimize/convex/lp,
// but no network flow; newer flow modules are v0, without users, and
// take one int64 cost where the lexicographic pair is needed). The tests compare Assign with exhaustive search on
// thousands of small cases and with scipy's linear_sum_assignment on
// conference-sized ones.
//
// Complexity: participants of one party with the same ranking are
// interchangeable and travel as one class, so with R classes, W workshops
// and C places the network has R+4W+1 nodes and about R·(W+1)+3C arcs,
// whatever the head count. Each participant is one augmentation, a
// Dijkstra that stops at the sink: O(N·E·log V) at worst, far less in
// practice: about 11 ms of CPU for 1,000 people and 7 workshops, 0.5 s
// for 10,000 (BENCHMARKS.md).
//
// A day with several workshop blocks (a morning's and an afternoon's)
// has one round per block: AssignBlocks runs Assign once per block, in
// the day's order, each on the preferences for its own workshops, with
// the themes a participant already has as a level between the ranks and
// the mix, so nobody gets the same theme twice unless their ranking or
// the places leave no other way. Each round is exact given the ones
// before it (TestAssignBlocksMatchesBruteForce).
//
// # Tables
//
// Seat places participants at tables (optionally each workshop at its own
// tables) so that as many tables as possible have all three parties —
// the most any plan can reach is min(tables with three seats, each party's
// count), and Seat reaches it —, then as few colleagues as possible share a
// table, then the remaining tables get as many parties as they can, and
// people and parties spread evenly. For a fixed choice of the tables that
// must be complete this is again one minimum-cost flow (organisation →
// table, first person free and each further one a collision; the first
// person of a party at a table earns a bonus), so seats, complete tables
// and collisions are exact wherever every organisation has one party; a
// hill-climb then removes collisions between colleagues of different
// parties, which the flow cannot see. The seed orders tables and
// organisations before the flow, which picks among equally good plans:
// the same seed, the same plan.
//
// Every plan comes with Shortfalls (what could not be satisfied, and why in
// figures: "12 tables cannot have a business/other participant: only 88
// business/other participants for 100 tables") and SeatQuality, which
// reports tables missing a party against the least possible and collisions
// against a lower bound. Move and Swap change a plan by hand, refuse what
// does not fit, and report the violations the change brought.
//
// Complexity: with n people, T tables and G organisations of two or more,
// one flow has about G·T + 4T·(K+1) arcs for tables of K seats and n
// augmentations; its searches grow faster than n·T, so groups above 100
// tables are seated in blocks of 100 (a first flow into blocks, then one
// per block). CPU time: 1,000 people at 100 tables about 110 ms, 3,000
// at 300 about 0.6 s, 10,000 at 1,000 about 5 s.
package seating
