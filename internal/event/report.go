package event

// The summary report of an event (issue 13, "Group-work harvest and
// reports"): who came, by sector and by kind of organisation, which
// organisations were represented, the programme, and the obstacles and
// opportunities of the group work per theme — the shape of the seven
// conferences' own report (seed 004: "På konferensen i Sundsvall deltog ca
// 75 personer, ca 35 representerade idéburna organisation och lika många,
// ca 35, representerade offentlig sektor …").
//
// Organisers see their report at any time; the public sees it once the
// organisers have published it ("publish the summary report a week
// later"). The report holds no personal data: counts, organisation names,
// anonymous harvest notes, and the programme's speakers, who are public
// persons. Names typed into the registration form may be anything, a
// person's own name among them, so the public report lists only
// organisations of the registry and counts the others.
//
// The counts must outlive the registrations: the participants' data is
// erased some time after the event. SnapshotCountsTx writes the counts
// and the organisations' names to tables of their own; publishing takes
// the snapshot and erasure calls it before the rows go. A report reads
// the snapshot when there is one, the live registrations otherwise.

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/org"
)

// reportedStatuses are the registrations a report counts as participants.
// Cancelled and waitlisted people did not take part. Walk-ins and a
// check-in flag, when registrations get them, are added here (and in
// liveCounts' WHERE), and the snapshot needs no change.
var reportedStatuses = []string{Confirmed}

// Dimensions of the snapshot's counts.
const (
	BySector   = "sector"
	ByCategory = "category"
	// ErasedOrganisations counts (value "") the names typed in the
	// registration form that erasure removed from the snapshot: they may
	// be a person's own name. The report counts them as the others.
	ErasedOrganisations = "erased_organisations"
)

// MaxSummaryChars bounds an organiser's summary per language.
const MaxSummaryChars = 20000

// Count is one value's count; Key "" is "not stated".
type Count struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// ReportNote is a harvest note as the report shows it: anonymous, with
// how many duplicates were merged into it.
type ReportNote struct {
	Body       string   `json:"body"`
	Principles []string `json:"principles"`
	Merged     int      `json:"merged"`
}

// Groups is how many groups raised the note: itself and its duplicates.
func (n ReportNote) Groups() int { return n.Merged + 1 }

// ThemeNotes are one theme's obstacles and opportunities; Theme "" is the
// notes without a theme. The counts include merged duplicates: three
// tables that wrote the same obstacle weigh three.
type ThemeNotes struct {
	Theme            string       `json:"theme"`
	Obstacles        []ReportNote `json:"obstacles"`
	Opportunities    []ReportNote `json:"opportunities"`
	ObstacleCount    int          `json:"obstacle_count"`
	OpportunityCount int          `json:"opportunity_count"`
}

// Report is an event's summary report.
type Report struct {
	Event       Event             `json:"-"`
	EventID     string            `json:"event_id"`
	Titles      map[string]string `json:"titles"`
	StartsAt    time.Time         `json:"starts_at"`
	EndsAt      time.Time         `json:"ends_at"`
	Published   bool              `json:"published"`
	PublishedAt *time.Time        `json:"published_at,omitempty"`
	Summaries   map[string]string `json:"summaries"` // Markdown, per language
	// FromSnapshot: the counts are the snapshot's, not the live
	// registrations'.
	FromSnapshot  bool     `json:"from_snapshot"`
	Participants  int      `json:"participants"`
	Sectors       []Count  `json:"sectors"`    // every sector, in org.Sectors' order, then "" when any
	Categories    []Count  `json:"categories"` // the categories present, in org.Categories' order, then ""
	Organisations []string `json:"organisations"`
	// OtherOrganisations counts the names typed in the registration form
	// that the public report does not show (organisers see them in
	// Organisations).
	OtherOrganisations int          `json:"other_organisations"`
	Sessions           []Session    `json:"sessions"`
	Themes             []ThemeNotes `json:"themes"`
	// Organisers only: the registrations not counted.
	Waitlisted *int `json:"waitlisted,omitempty"`
	Cancelled  *int `json:"cancelled,omitempty"`
	// Full: the organisers' view (unpublished, the typed names, the
	// registrations not counted).
	Full bool `json:"full"`
}

// Summary returns the summary for a reader of lang, Swedish, then English
// (texts.Pick's rule), and the language it is in.
func (r Report) Summary(lang string) (string, string) {
	for _, l := range []string{lang, "sv", "en"} {
		if s := r.Summaries[l]; s != "" {
			return s, l
		}
	}
	return "", ""
}

// ReportFields is the organisers' change of a report: Summaries replaces
// the languages it names (an empty text removes one); Published publishes
// (true) or withdraws (false) the report.
type ReportFields struct {
	Summaries map[string]string `json:"summaries,omitempty"`
	Published *bool             `json:"published,omitempty"`
}

func (f ReportFields) clean() (map[string]string, error) {
	out := map[string]string{}
	for lang, s := range f.Summaries {
		if err := input.TextLanguage("summaries", lang); err != nil {
			return nil, err
		}
		v, err := input.Text("summary_"+lang, s, MaxSummaryChars, false)
		if err != nil {
			return nil, err
		}
		out[lang] = v
	}
	return out, nil
}

// reportState is the event_reports row.
type reportState struct {
	exists      bool
	publishedAt *time.Time
	snapshotAt  *time.Time
}

func loadReportState(ctx context.Context, q db.Querier, eventID string) (reportState, error) {
	var st reportState
	var pub, snap sql.NullTime
	err := q.QueryRow(ctx, `SELECT published_at, snapshot_at FROM event_reports WHERE event_id = ?`, eventID).Scan(&pub, &snap)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, apperr.Wrap(err, "report")
	}
	st.exists, st.publishedAt, st.snapshotAt = true, timePtr(pub), timePtr(snap)
	return st, nil
}

// counts are a report's numbers, live or from the snapshot.
type counts struct {
	sectors, categories map[string]int
	orgs                []orgName
	erasedOrgs          int // typed names erasure removed
}

type orgName struct {
	name       string
	registered bool
}

// liveCounts counts the participants' registrations in three queries.
func liveCounts(ctx context.Context, q db.Querier, eventID string) (counts, error) {
	c := counts{sectors: map[string]int{}, categories: map[string]int{}}
	in, args := db.In(reportedStatuses)
	args = append([]any{eventID}, args...)
	byOrg := map[string]int{}
	seen := map[string]bool{}
	var typed []string
	err := db.Each(ctx, q, `SELECT sector, organisation_id, organisation_name, COUNT(*) FROM registrations
		WHERE event_id = ? AND status IN (`+in+`) GROUP BY sector, organisation_id, organisation_name`, args, func(row db.Scanner) error {
		var sector, name string
		var id sql.NullString
		var n int
		if err := row.Scan(&sector, &id, &name, &n); err != nil {
			return err
		}
		c.sectors[sector] += n
		if id.Valid {
			byOrg[id.String] += n
		} else {
			c.categories[""] += n
			if name = strings.TrimSpace(name); name != "" && !seen[org.SortKey(name)] {
				seen[org.SortKey(name)] = true
				typed = append(typed, name)
			}
		}
		return nil
	})
	if err != nil {
		return c, apperr.Wrap(err, "report counts")
	}
	ids := make([]string, 0, len(byOrg))
	for id := range byOrg {
		ids = append(ids, id)
	}
	named, err := org.NamedTx(ctx, q, ids)
	if err != nil {
		return c, err
	}
	for id, n := range byOrg {
		o, ok := named[id]
		c.categories[o.Category] += n // a removed organisation: not stated
		if ok {
			seen[org.SortKey(o.Name)] = true
			c.orgs = append(c.orgs, orgName{o.Name, true})
		}
	}
	for _, name := range typed {
		// A typed name that is also a registry organisation's is that one.
		if !registeredName(c.orgs, name) {
			c.orgs = append(c.orgs, orgName{name, false})
		}
	}
	return c, nil
}

func registeredName(orgs []orgName, name string) bool {
	key := org.SortKey(name)
	for _, o := range orgs {
		if o.registered && org.SortKey(o.name) == key {
			return true
		}
	}
	return false
}

func snapshotCounts(ctx context.Context, q db.Querier, eventID string) (counts, error) {
	c := counts{sectors: map[string]int{}, categories: map[string]int{}}
	err := db.Each(ctx, q, `SELECT dimension, value, n FROM event_participant_counts WHERE event_id = ?`, []any{eventID}, func(row db.Scanner) error {
		var dim, v string
		var n int
		if err := row.Scan(&dim, &v, &n); err != nil {
			return err
		}
		switch dim {
		case BySector:
			c.sectors[v] = n
		case ByCategory:
			c.categories[v] = n
		case ErasedOrganisations:
			c.erasedOrgs = n
		}
		return nil
	})
	if err != nil {
		return c, apperr.Wrap(err, "report snapshot")
	}
	err = db.Each(ctx, q, `SELECT name, registered FROM event_report_organisations WHERE event_id = ?`, []any{eventID}, func(row db.Scanner) error {
		var o orgName
		if err := row.Scan(&o.name, &o.registered); err != nil {
			return err
		}
		c.orgs = append(c.orgs, o)
		return nil
	})
	return c, apperr.Wrap(err, "report snapshot")
}

// SnapshotCountsTx writes the event's participant counts and the
// organisations represented to the report's snapshot, in the caller's
// transaction; the report reads them from then on. Erasure of the
// participants' data calls it before it removes the rows. A snapshot is
// never replaced by the count of an event whose registrations are
// already gone: calling it again after erasure keeps the numbers.
func SnapshotCountsTx(ctx context.Context, tx *db.Tx, eventID string, now time.Time) error {
	st, err := loadReportState(ctx, tx, eventID)
	if err != nil {
		return err
	}
	var rows int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM registrations WHERE event_id = ?`, eventID).Scan(&rows); err != nil {
		return apperr.Wrap(err, "snapshot")
	}
	if rows == 0 && st.snapshotAt != nil {
		return nil
	}
	c, err := liveCounts(ctx, tx, eventID)
	if err != nil {
		return err
	}
	return writeSnapshot(ctx, tx, eventID, c, now)
}

func writeSnapshot(ctx context.Context, tx *db.Tx, eventID string, c counts, now time.Time) error {
	for _, t := range []string{"event_participant_counts", "event_report_organisations"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE event_id = ?`, eventID); err != nil {
			return apperr.Wrap(err, "clear %s", t)
		}
	}
	for _, d := range []struct {
		dim string
		m   map[string]int
	}{{BySector, c.sectors}, {ByCategory, c.categories}} {
		for v, n := range d.m {
			if _, err := tx.Exec(ctx, `INSERT INTO event_participant_counts (event_id, dimension, value, n) VALUES (?, ?, ?, ?)`, eventID, d.dim, v, n); err != nil {
				return apperr.Wrap(err, "snapshot count")
			}
		}
	}
	for _, o := range c.orgs {
		if _, err := tx.Exec(ctx, `INSERT INTO event_report_organisations (event_id, name, registered) VALUES (?, ?, ?)
			ON CONFLICT (event_id, name) DO NOTHING`, eventID, o.name, o.registered); err != nil {
			return apperr.Wrap(err, "snapshot organisation")
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO event_reports (event_id, snapshot_at, created_at, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (event_id) DO UPDATE SET snapshot_at = excluded.snapshot_at, updated_at = excluded.updated_at`, eventID, now, now, now)
	return apperr.Wrap(err, "snapshot")
}

// PaperCounts are the numbers of an event held before it was registered
// here, as its paper report gives them (seed 004: "ca 35 representerade
// idéburna organisation …").
type PaperCounts struct {
	Sectors       map[string]int
	Organisations []string
}

// RecordPaperCounts sets the snapshot of an event without registrations
// from its paper report, for its organisers; an event with registrations
// is counted from them.
func (s *Service) RecordPaperCounts(ctx context.Context, who actor.Actor, eventID string, p PaperCounts) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := editable(ctx, tx, who, eventID); err != nil {
			return err
		}
		var rows int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM registrations WHERE event_id = ?`, eventID).Scan(&rows); err != nil {
			return apperr.Wrap(err, "paper counts")
		}
		if rows > 0 {
			return apperr.New(apperr.Conflict, "", "error.report_has_registrations")
		}
		c := counts{sectors: map[string]int{}, categories: map[string]int{}}
		for k, n := range p.Sectors {
			if err := input.Choice("sectors", k, org.Sectors, false); err != nil {
				return err
			}
			if err := input.Range("sectors", &n, 0, MaxCapacity); err != nil {
				return err
			}
			c.sectors[k] = n
		}
		for _, name := range p.Organisations {
			name, err := input.Line("organisations", name, 200, true)
			if err != nil {
				return err
			}
			c.orgs = append(c.orgs, orgName{name, true})
		}
		now := s.Now().UTC()
		if err := writeSnapshot(ctx, tx, eventID, c, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, who, "event.report_counts", "event", eventID, nil)
	})
}

// ReportPublished says whether the event's summary report is out, for the
// event page's link to it.
func (s *Service) ReportPublished(ctx context.Context, eventID string) (bool, error) {
	st, err := loadReportState(ctx, s.DB, eventID)
	return st.publishedAt != nil, err
}

// Report returns the event's summary report for who: its organisers (and
// staff) always, everyone else once it is published.
func (s *Service) Report(ctx context.Context, who actor.Actor, eventID string) (Report, error) {
	e, err := loadOne(ctx, s.DB, eventID)
	if err != nil {
		return Report{}, err
	}
	return s.report(ctx, s.DB, who, e)
}

func (s *Service) report(ctx context.Context, q db.Querier, who actor.Actor, e Event) (Report, error) {
	st, err := loadReportState(ctx, q, e.ID)
	if err != nil {
		return Report{}, err
	}
	r := Report{Event: e, EventID: e.ID, Titles: map[string]string{}, StartsAt: e.StartsAt, EndsAt: e.EndsAt,
		Published: st.publishedAt != nil, PublishedAt: st.publishedAt, Summaries: map[string]string{}, Full: e.CanEdit(who)}
	if !r.Full && (!r.Published || e.Status == Draft) {
		return Report{}, apperr.ErrNotFound()
	}
	for l, t := range e.Texts {
		r.Titles[l] = t.Title
	}
	err = db.Each(ctx, q, `SELECT lang, summary FROM event_report_texts WHERE event_id = ?`, []any{e.ID}, func(row db.Scanner) error {
		var l, t string
		if err := row.Scan(&l, &t); err != nil {
			return err
		}
		r.Summaries[l] = t
		return nil
	})
	if err != nil {
		return Report{}, apperr.Wrap(err, "report texts")
	}
	var c counts
	if r.FromSnapshot = st.snapshotAt != nil; r.FromSnapshot {
		c, err = snapshotCounts(ctx, q, e.ID)
	} else {
		c, err = liveCounts(ctx, q, e.ID)
	}
	if err != nil {
		return Report{}, err
	}
	r.fill(c)
	if r.Full && !r.FromSnapshot {
		var wait, gone int
		if err := q.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), 0)
			FROM registrations WHERE event_id = ?`, Waitlisted, Withdrawn, e.ID).Scan(&wait, &gone); err != nil {
			return Report{}, apperr.Wrap(err, "report statuses")
		}
		r.Waitlisted, r.Cancelled = &wait, &gone
	}
	if r.Sessions, err = loadProgramme(ctx, q, e.ID); err != nil {
		return Report{}, err
	}
	if r.Sessions == nil {
		r.Sessions = []Session{}
	}
	notes, err := findNotes(ctx, q, e.ID, "", NoteFilter{})
	if err != nil {
		return Report{}, err
	}
	r.Themes = themesOf(notes)
	return r, nil
}

// fill sets the report's counts in their fixed orders.
func (r *Report) fill(c counts) {
	r.Sectors = ordered(c.sectors, org.Sectors, true)
	r.Categories = ordered(c.categories, org.Categories, false)
	for _, n := range r.Sectors {
		r.Participants += n.N
	}
	r.Organisations = []string{}
	for _, o := range c.orgs {
		if o.registered || r.Full {
			r.Organisations = append(r.Organisations, o.name)
		} else {
			r.OtherOrganisations++
		}
	}
	r.OtherOrganisations += c.erasedOrgs
	sort.SliceStable(r.Organisations, func(i, j int) bool { return org.SortKey(r.Organisations[i]) < org.SortKey(r.Organisations[j]) })
}

// ordered lists m's counts in the order of keys, then "not stated" and any
// value no longer in keys (a sector since removed) as "" when non-zero;
// all keeps the keys with no count, as a chart's rows.
func ordered(m map[string]int, keys []string, all bool) []Count {
	out := []Count{}
	known := map[string]bool{}
	for _, k := range keys {
		known[k] = true
		if all || m[k] > 0 {
			out = append(out, Count{k, m[k]})
		}
	}
	other := 0
	for k, n := range m {
		if !known[k] {
			other += n
		}
	}
	if other > 0 {
		out = append(out, Count{"", other})
	}
	return out
}

// themesOf groups the visible notes by theme, in the catalogue's order of
// themes, the notes without a theme last.
func themesOf(notes []Note) []ThemeNotes {
	byTheme := map[string]*ThemeNotes{}
	for _, n := range notes {
		t := byTheme[n.Theme]
		if t == nil {
			t = &ThemeNotes{Theme: n.Theme, Obstacles: []ReportNote{}, Opportunities: []ReportNote{}}
			byTheme[n.Theme] = t
		}
		rn := ReportNote{Body: n.Body, Principles: n.Principles, Merged: n.Merged}
		if n.Kind == Obstacle {
			t.Obstacles = append(t.Obstacles, rn)
			t.ObstacleCount += 1 + n.Merged
		} else {
			t.Opportunities = append(t.Opportunities, rn)
			t.OpportunityCount += 1 + n.Merged
		}
	}
	out := []ThemeNotes{}
	for _, th := range append(append([]string{}, catalog.Themes...), "") {
		if t := byTheme[th]; t != nil {
			out = append(out, *t)
		}
	}
	return out
}

// UpdateReport changes the summaries and publishes or withdraws the
// report, for the event's organisers. A report is published once the
// event is over, and publishing takes the snapshot of its counts.
func (s *Service) UpdateReport(ctx context.Context, who actor.Actor, eventID string, f ReportFields) (Report, error) {
	sums, err := f.clean()
	if err != nil {
		return Report{}, err
	}
	now := s.Now().UTC()
	var out Report
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		e, err := editable(ctx, tx, who, eventID)
		if err != nil {
			return err
		}
		st, err := loadReportState(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO event_reports (event_id, created_at, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (event_id) DO UPDATE SET updated_at = excluded.updated_at`, eventID, now, now); err != nil {
			return apperr.Wrap(err, "report")
		}
		changes := map[string]string{}
		langs := make([]string, 0, len(sums))
		for l, text := range sums {
			langs = append(langs, l)
			if text == "" {
				_, err = tx.Exec(ctx, `DELETE FROM event_report_texts WHERE event_id = ? AND lang = ?`, eventID, l)
			} else {
				_, err = tx.Exec(ctx, `INSERT INTO event_report_texts (event_id, lang, summary) VALUES (?, ?, ?)
					ON CONFLICT (event_id, lang) DO UPDATE SET summary = excluded.summary`, eventID, l, text)
			}
			if err != nil {
				return apperr.Wrap(err, "report text")
			}
		}
		if len(langs) > 0 {
			sort.Strings(langs)
			changes["summaries"] = strings.Join(langs, ",")
		}
		if f.Published != nil && *f.Published != (st.publishedAt != nil) {
			var at any
			if *f.Published {
				if e.Status == Draft || now.Before(e.EndsAt) {
					return apperr.Invalidf("published", "error.report_too_early")
				}
				if err := SnapshotCountsTx(ctx, tx, eventID, now); err != nil {
					return err
				}
				at = now
			}
			if _, err := tx.Exec(ctx, `UPDATE event_reports SET published_at = ? WHERE event_id = ?`, at, eventID); err != nil {
				return apperr.Wrap(err, "publish report")
			}
			changes["published"] = map[bool]string{true: "true", false: "false"}[*f.Published]
		}
		if err := audit.Record(ctx, tx, now, who, "event.report_update", "event", eventID, changes); err != nil {
			return err
		}
		out, err = s.report(ctx, tx, who, e)
		return err
	})
	return out, err
}

// SeriesReport is the report of a series: its events side by side.
type SeriesReport struct {
	SeriesID string `json:"series_id"`
	Title    string `json:"title"`
	// Events are the series' events whose report who may see, in time
	// order.
	Events        []Report `json:"events"`
	Participants  int      `json:"participants"`
	Organisations int      `json:"organisations"` // distinct names across the events shown
	// Themes count each theme's notes per event, aligned with Events.
	Themes []SeriesTheme `json:"themes"`
}

// SeriesTheme is one theme's notes per event of a series.
type SeriesTheme struct {
	Theme         string `json:"theme"`
	Obstacles     []int  `json:"obstacles"`
	Opportunities []int  `json:"opportunities"`
}

// SeriesReport returns the report of a series for who: the events whose
// report who may see (published ones; organisers also their own). A
// series with none is not found.
func (s *Service) SeriesReport(ctx context.Context, who actor.Actor, seriesID string) (SeriesReport, error) {
	out := SeriesReport{SeriesID: seriesID, Events: []Report{}, Themes: []SeriesTheme{}}
	err := s.DB.QueryRow(ctx, `SELECT title FROM event_series WHERE id = ?`, seriesID).Scan(&out.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return out, apperr.ErrNotFound()
	}
	if err != nil {
		return out, apperr.Wrap(err, "series")
	}
	events, err := load(ctx, s.DB, `e.series_id = ?`, []any{seriesID}, `ORDER BY e.starts_at, e.id`)
	if err != nil {
		return out, err
	}
	names := map[string]bool{}
	for _, e := range events {
		r, err := s.report(ctx, s.DB, who, *e)
		if err != nil {
			if apperr.As(err).Code == apperr.NotFound {
				continue
			}
			return out, err
		}
		out.Events = append(out.Events, r)
		out.Participants += r.Participants
		for _, n := range r.Organisations {
			names[org.SortKey(n)] = true
		}
	}
	if len(out.Events) == 0 {
		return out, apperr.ErrNotFound()
	}
	out.Organisations = len(names)
	idx := map[string]int{}
	for _, th := range append(append([]string{}, catalog.Themes...), "") {
		for j, r := range out.Events {
			for _, t := range r.Themes {
				if t.Theme != th {
					continue
				}
				i, ok := idx[th]
				if !ok {
					i = len(out.Themes)
					idx[th] = i
					out.Themes = append(out.Themes, SeriesTheme{Theme: th, Obstacles: make([]int, len(out.Events)), Opportunities: make([]int, len(out.Events))})
				}
				out.Themes[i].Obstacles[j] = t.ObstacleCount
				out.Themes[i].Opportunities[j] = t.OpportunityCount
			}
		}
	}
	return out, nil
}
