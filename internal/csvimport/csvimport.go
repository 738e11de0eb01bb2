// Package csvimport brings a municipality's existing spreadsheets of
// organisations, venues and activities into samverkan. Every run is a dry run
// unless applied: it says, row by row, what would be created, updated, left
// unchanged or rejected, naming the row and column of every error. Rows match
// existing records by a natural key, so importing the same file twice changes
// nothing the second time. Writes go through the domain services, so the
// usual rules, permissions and audit log apply.
package csvimport

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
)

// Kinds of file.
const (
	Organisations = "organisations"
	Venues        = "venues"
	Activities    = "activities"
)

// Outcome of one row.
const (
	Create    = "create"
	Update    = "update"
	Unchanged = "unchanged"
	Reject    = "reject"
)

// CellError names where a row is wrong; Key and Args make the message.
type CellError struct {
	Row    int    `json:"row"`
	Column string `json:"column"`
	Key    string `json:"-"`
	Args   []any  `json:"-"`
	// Message is filled in the reader's language by the caller.
	Message string `json:"message"`
}

// RowResult is what happens (or would happen) to one row.
type RowResult struct {
	Row    int         `json:"row"`
	Name   string      `json:"name"`
	Action string      `json:"action"`
	Errors []CellError `json:"errors,omitempty"`
}

// Plan is the outcome of a file.
type Plan struct {
	Kind      string      `json:"kind"`
	Applied   bool        `json:"applied"`
	Rows      []RowResult `json:"rows"`
	Created   int         `json:"created"`
	Updated   int         `json:"updated"`
	Unchanged int         `json:"unchanged"`
	Rejected  int         `json:"rejected"`
}

// Translate fills every error's message in the reader's language.
func (p *Plan) Translate(t func(key string, args ...any) string) {
	for i := range p.Rows {
		for j, ce := range p.Rows[i].Errors {
			p.Rows[i].Errors[j].Message = t(ce.Key, ce.Args...)
		}
	}
}

// Importer holds the services rows are written through.
type Importer struct {
	Orgs    *org.Service
	Catalog *catalog.Service
	// Messages names the values of lists (themes, sectors, …) in every
	// language, so "Språk" reads as the theme language; nil: codes only.
	Messages *i18n.Catalog
	names    names
}

// MaxRows caps one file.
const MaxRows = 5000

type record map[string]string

// read parses a CSV file with a header row. Semicolons are accepted as the
// separator too: that is what Swedish spreadsheet programs write.
func read(kind string, r io.Reader) ([]string, []record, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4096)
	first, _, _ := strings.Cut(string(head), "\n")
	cr := csv.NewReader(br)
	if strings.Count(first, ";") > strings.Count(first, ",") {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, nil, apperr.Invalidf("file", "error.csv_empty")
	}
	known := map[string]bool{}
	for _, c := range Columns[kind] {
		known[c] = true
	}
	for i, h := range header {
		// A template marks its required columns (RequiredMark).
		header[i] = strings.TrimSpace(strings.TrimSuffix(strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))), RequiredMark))
		if !known[header[i]] {
			return nil, nil, apperr.Invalidf("file", "error.csv_column", "column", h, "row", 1)
		}
	}
	var out []record
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, apperr.Invalidf("file", "error.csv_syntax", "row", len(out)+2)
		}
		if len(out) >= MaxRows {
			return nil, nil, apperr.Invalidf("file", "error.too_many", "max", MaxRows)
		}
		m := record{}
		for i, v := range rec {
			if i < len(header) {
				m[header[i]] = strings.TrimSpace(v)
			}
		}
		out = append(out, m)
	}
	return header, out, nil
}

func list(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '|' })
}

// municipalityCode accepts a code ("0884") or a name ("Vimmerby").
func municipalityCode(s string) string {
	if _, ok := municipality.ByCode(s); ok {
		return s
	}
	for _, m := range municipality.All() {
		if strings.EqualFold(m.Name, s) {
			return m.Code
		}
	}
	return s
}

// fieldColumn maps the domain's field names to the file's columns where
// they differ.
var fieldColumn = map[string]string{"organisation_id": "organisation", "venue_id": "venue"}

// check gathers every error of one row, at most one per column: the first
// said is the one to fix (an unknown organisation is not also "required").
type check struct {
	row  int
	errs []CellError
}

// add records err's errors (every one apperr.Join put together) at their
// fields' columns, or at column when they name no field.
func (c *check) add(column string, err error) {
	for _, ae := range apperr.All(err) {
		col := column
		if ae.Field != "" {
			col = ae.Field
			if fc, ok := fieldColumn[col]; ok {
				col = fc
			}
		}
		if c.has(col) {
			continue
		}
		c.errs = append(c.errs, CellError{Row: c.row, Column: col, Key: ae.Key, Args: ae.Args})
	}
}

func (c *check) has(column string) bool {
	for _, e := range c.errs {
		if e.Column == column {
			return true
		}
	}
	return false
}

// invalid records a value the file got wrong.
func (c *check) invalid(column, key string, args ...any) {
	c.add(column, apperr.Invalidf(column, key, args...))
}

// choice reads a one-value list column, recording a value outside the list
// with the list's codes.
func (im *Importer) checkChoice(c *check, rec record, column string) string {
	code, ok := im.choice(column, rec[column])
	if !ok {
		c.invalid(column, "import.error_choice", "value", rec[column], "allowed", allowed(column))
	}
	return code
}

// checkChoices reads a many-valued list column likewise.
func (im *Importer) checkChoices(c *check, rec record, column string) []string {
	codes, bad := im.choices(column, rec[column])
	if len(bad) > 0 {
		c.invalid(column, "import.error_choice", "value", strings.Join(bad, ", "), "allowed", allowed(column))
	}
	return codes
}

// checkMunicipality reads a municipality column: a code or a name.
func checkMunicipality(c *check, rec record, column string) string {
	code := municipalityCode(rec[column])
	if _, ok := municipality.ByCode(code); !ok && code != "" {
		c.invalid(column, "import.error_municipality", "value", rec[column])
	}
	return code
}

// texts reads field_LANG columns in every written language.
func texts(rec record, field string) map[string]string {
	out := map[string]string{}
	for _, l := range i18n.Written() {
		if v := rec[field+"_"+l]; v != "" {
			out[l] = v
		}
	}
	return out
}

// result ends a row: rejected when anything was wrong.
func (c *check) result(res *RowResult) bool {
	if len(c.errs) == 0 {
		return true
	}
	res.Action, res.Errors = Reject, c.errs
	return false
}

// Run reads a file of the kind and, when apply is set, writes the rows that
// are valid. Rejected rows are never written.
func (im *Importer) Run(ctx context.Context, who actor.Actor, kind string, r io.Reader, apply bool) (Plan, error) {
	if !who.IsStaff() {
		return Plan{}, apperr.ErrForbidden()
	}
	if _, ok := Columns[kind]; !ok {
		return Plan{}, apperr.Invalidf("kind", "error.choice")
	}
	header, recs, err := read(kind, r)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{Kind: kind, Applied: apply}
	var run func(ctx context.Context, who actor.Actor, recs []record, apply bool) ([]RowResult, error)
	switch kind {
	case Organisations:
		run = im.organisations
	case Venues:
		run = im.venues
	default:
		run = im.activities
	}
	if p.Rows, err = run(ctx, who, recs, apply); err != nil {
		return Plan{}, err
	}
	// A row's errors in the order of the file's columns, as the user reads
	// the row; errors of no column (a refused write) last.
	pos := map[string]int{}
	for i, h := range header {
		pos[h] = i + 1
	}
	at := func(col string) int {
		if n, ok := pos[col]; ok {
			return n
		}
		return len(header) + 1
	}
	for _, row := range p.Rows {
		sort.SliceStable(row.Errors, func(i, j int) bool { return at(row.Errors[i].Column) < at(row.Errors[j].Column) })
		switch row.Action {
		case Create:
			p.Created++
		case Update:
			p.Updated++
		case Unchanged:
			p.Unchanged++
		case Reject:
			p.Rejected++
		}
	}
	return p, nil
}

func ptr(s string) *string { return &s }

func orgKey(name, muni string) string { return org.SortKey(name) + "|" + muni }

func (im *Importer) organisations(ctx context.Context, who actor.Actor, recs []record, apply bool) ([]RowResult, error) {
	existing, err := im.Orgs.FindAllOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	byNumber, byName := map[string]org.Organisation{}, map[string]org.Organisation{}
	for _, o := range existing {
		if o.OrgNumber != "" {
			byNumber[o.OrgNumber] = o
		}
		byName[orgKey(o.Name, o.MunicipalityCode)] = o
	}
	var out []RowResult
	for i, rec := range recs {
		row := i + 2
		res := RowResult{Row: row, Name: rec["name"]}
		c := &check{row: row}
		langs := languages(rec["languages"])
		sector, category := im.checkChoice(c, rec, "sector"), im.checkChoice(c, rec, "category")
		f := org.Fields{Name: ptr(rec["name"]), OrgNumber: ptr(rec["org_number"]), Sector: ptr(sector), Category: ptr(category),
			Municipality: ptr(checkMunicipality(c, rec, "municipality")), Address: ptr(rec["address"]), Website: ptr(rec["website"]),
			Email: ptr(rec["email"]), Phone: ptr(rec["phone"]), Languages: &langs, Descriptions: texts(rec, "description"), ConfirmDuplicate: true}
		o, err := org.Validate(f)
		c.add("", err)
		if !c.result(&res) {
			out = append(out, res)
			continue
		}
		old, found := byNumber[o.OrgNumber]
		if o.OrgNumber == "" || !found {
			old, found = byName[orgKey(o.Name, o.MunicipalityCode)]
		}
		switch {
		case !found:
			res.Action = Create
		case sameOrg(old, o):
			res.Action = Unchanged
		default:
			res.Action = Update
		}
		if apply && res.Action != Unchanged {
			var saved org.Organisation
			if res.Action == Create {
				saved, err = im.Orgs.CreateOrganisation(ctx, who, f)
			} else {
				saved, err = im.Orgs.UpdateOrganisation(ctx, who, old.ID, f)
			}
			if err != nil {
				c.add("", err)
				c.result(&res)
			} else {
				byName[orgKey(saved.Name, saved.MunicipalityCode)] = saved
				if saved.OrgNumber != "" {
					byNumber[saved.OrgNumber] = saved
				}
			}
		}
		out = append(out, res)
	}
	return out, nil
}

func sameOrg(a, b org.Organisation) bool {
	sa, sb := append([]string{}, a.Languages...), append([]string{}, b.Languages...)
	sort.Strings(sa)
	sort.Strings(sb)
	return a.Name == b.Name && a.OrgNumber == b.OrgNumber && a.Sector == b.Sector && a.Category == b.Category &&
		a.MunicipalityCode == b.MunicipalityCode && a.Address == b.Address && a.Website == b.Website && a.Email == b.Email &&
		a.Phone == b.Phone && strings.Join(sa, ",") == strings.Join(sb, ",") && sameTexts(a.Descriptions, b.Descriptions)
}

// sameTexts compares texts by language, an empty one as absent.
func sameTexts(a, b map[string]string) bool {
	for _, l := range i18n.Written() {
		if a[l] != b[l] {
			return false
		}
	}
	return true
}

func venueKey(name, muni string) string { return strings.ToLower(strings.TrimSpace(name)) + "|" + muni }

func (im *Importer) orgByName(ctx context.Context) (map[string]org.Organisation, error) {
	all, err := im.Orgs.FindAllOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	m := map[string]org.Organisation{}
	for _, o := range all {
		m[org.SortKey(o.Name)] = o
	}
	return m, nil
}

func parseFloat(s string) (*float64, error) {
	if s == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil {
		return nil, err
	}
	return &f, nil
}

func (im *Importer) venues(ctx context.Context, who actor.Actor, recs []record, apply bool) ([]RowResult, error) {
	orgs, err := im.orgByName(ctx)
	if err != nil {
		return nil, err
	}
	existing, err := im.Catalog.FindVenues(ctx, who, catalog.VenueFilter{})
	if err != nil {
		return nil, err
	}
	byKey := map[string]catalog.Venue{}
	for _, v := range existing {
		full, err := im.Catalog.FindVenueByID(ctx, who, v.ID)
		if err != nil {
			return nil, err
		}
		byKey[venueKey(v.Name, v.Municipality)] = full
	}
	var out []RowResult
	for i, rec := range recs {
		row := i + 2
		res := RowResult{Row: row, Name: rec["name"]}
		c := &check{row: row}
		v := catalog.Venue{Name: rec["name"], Address: rec["address"], Municipality: checkMunicipality(c, rec, "municipality"), OpeningHours: rec["opening_hours"],
			Accessibility: im.checkChoices(c, rec, "accessibility"), Descriptions: texts(rec, "description")}
		switch fold(rec["meeting_place"]) {
		case "", "0", "nej", "no", "false":
		case "1", "ja", "yes", "true":
			v.MeetingPlace = true
		default:
			c.invalid("meeting_place", "import.error_bool", "value", rec["meeting_place"])
		}
		if n := rec["organisation"]; n != "" {
			if o, ok := orgs[org.SortKey(n)]; ok {
				v.OrganisationID = o.ID
			} else {
				c.invalid("organisation", "error.csv_unknown", "value", n)
			}
		}
		if v.Lat, err = parseFloat(rec["lat"]); err != nil {
			c.invalid("lat", "error.coordinates")
		}
		if v.Lon, err = parseFloat(rec["lon"]); err != nil {
			c.invalid("lon", "error.coordinates")
		}
		if c.has("lat") || c.has("lon") {
			// Checked already; the domain would only say it again.
			v.Lat, v.Lon = nil, nil
		}
		var verr error
		if v, verr = catalog.ValidateVenue(catalog.VenueFieldsOf(v)); verr != nil {
			c.add("", verr)
		}
		if !c.result(&res) {
			out = append(out, res)
			continue
		}
		old, found := byKey[venueKey(v.Name, v.Municipality)]
		switch {
		case !found:
			res.Action = Create
		case sameVenue(old, v):
			res.Action = Unchanged
		default:
			res.Action = Update
			v.ID = old.ID
		}
		if apply && res.Action != Unchanged {
			var saved catalog.Venue
			if v.ID == "" {
				saved, err = im.Catalog.CreateVenue(ctx, who, catalog.VenueFieldsOf(v))
			} else {
				saved, err = im.Catalog.UpdateVenue(ctx, who, v.ID, catalog.VenueFieldsOf(v))
			}
			if err != nil {
				c.add("", err)
				c.result(&res)
			} else {
				byKey[venueKey(saved.Name, saved.Municipality)] = saved
			}
		}
		out = append(out, res)
	}
	return out, nil
}

func fptr(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', 6, 64)
}

func sameVenue(a, b catalog.Venue) bool {
	return a.Name == b.Name && a.Address == b.Address && a.Municipality == b.Municipality && a.OrganisationID == b.OrganisationID &&
		fptr(a.Lat) == fptr(b.Lat) && fptr(a.Lon) == fptr(b.Lon) && a.OpeningHours == b.OpeningHours && a.MeetingPlace == b.MeetingPlace &&
		strings.Join(a.Accessibility, ",") == strings.Join(b.Accessibility, ",") && sameTexts(a.Descriptions, b.Descriptions)
}

func (im *Importer) activities(ctx context.Context, who actor.Actor, recs []record, apply bool) ([]RowResult, error) {
	orgs, err := im.orgByName(ctx)
	if err != nil {
		return nil, err
	}
	venues, err := im.Catalog.FindVenues(ctx, who, catalog.VenueFilter{})
	if err != nil {
		return nil, err
	}
	venueByName := map[string]catalog.Venue{}
	for _, v := range venues {
		venueByName[strings.ToLower(v.Name)] = v
	}
	keys, err := im.Catalog.FindActivityKeys(ctx)
	if err != nil {
		return nil, err
	}
	byKey := map[string]string{}
	actKey := func(orgID, title, venue, online string) string {
		return orgID + "|" + title + "|" + venue + "|" + online
	}
	for _, k := range keys {
		byKey[actKey(k.OrganisationID, k.Title, k.VenueID, k.OnlineURL)] = k.ID
	}
	var out []RowResult
	for i, rec := range recs {
		row := i + 2
		res := RowResult{Row: row, Name: rec["title_sv"]}
		c := &check{row: row}
		a := catalog.Activity{Texts: map[string]catalog.Text{}, OnlineURL: rec["online_url"], Municipality: checkMunicipality(c, rec, "municipality"),
			Status: im.checkChoice(c, rec, "status"), Languages: languages(rec["languages"]),
			Themes: im.checkChoices(c, rec, "themes"), TargetGroups: im.checkChoices(c, rec, "target_groups"),
			Schedule: catalog.Schedule{Recurrence: im.checkChoice(c, rec, "recurrence"), StartsOn: rec["starts_on"], EndsOn: rec["ends_on"],
				StartTime: rec["start_time"], EndTime: rec["end_time"], Cancelled: list(rec["cancelled"]), Weekdays: weekdays(im.checkChoices(c, rec, "weekdays"))}}
		if c.has("recurrence") {
			a.Schedule.Recurrence = catalog.Weekly // named already; the rest of the schedule is still checked
		}
		for _, l := range i18n.Written() {
			t := catalog.Text{Title: rec["title_"+l], Summary: rec["summary_"+l], Description: rec["description_"+l]}
			switch {
			case t.Title != "":
				a.Texts[l] = t
			case t.Summary != "" || t.Description != "":
				// A summary without a title would be dropped without a word.
				c.invalid("title_"+l, "import.error_title")
			}
		}
		if n := rec["organisation"]; n == "" {
			c.invalid("organisation", "error.required")
		} else if o, ok := orgs[org.SortKey(n)]; ok {
			a.OrganisationID = o.ID
		} else {
			c.invalid("organisation", "error.csv_unknown", "value", n)
		}
		if n := rec["venue"]; n != "" {
			if v, ok := venueByName[strings.ToLower(n)]; ok {
				a.VenueID, a.Municipality = v.ID, v.Municipality
			} else {
				c.invalid("venue", "error.csv_unknown", "value", n)
			}
		}
		for _, col := range []string{"age_min", "age_max"} {
			if s := rec[col]; s != "" {
				n, err := strconv.Atoi(s)
				if err != nil {
					c.invalid(col, "import.error_number", "value", s)
					continue
				}
				if col == "age_min" {
					a.AgeMin = &n
				} else {
					a.AgeMax = &n
				}
			}
		}
		if s := rec["cost_kr"]; s != "" {
			if n, ok := cost(s); ok {
				a.CostKr = n
			} else {
				c.invalid("cost_kr", "import.error_cost", "value", s)
			}
		}
		var verr error
		if a, verr = catalog.ValidateActivity(catalog.FieldsOf(a)); verr != nil {
			c.add("", verr)
		}
		if !c.result(&res) {
			out = append(out, res)
			continue
		}
		id, found := byKey[actKey(a.OrganisationID, a.Texts["sv"].Title, a.VenueID, a.OnlineURL)]
		res.Action = Create
		if found {
			old, err := im.Catalog.FindActivityByID(ctx, id)
			if err != nil {
				return nil, err
			}
			res.Action = Update
			if sameActivity(old, a) {
				res.Action = Unchanged
			}
			a.ID = id
		}
		if apply && res.Action != Unchanged {
			var saved catalog.Activity
			if a.ID == "" {
				saved, err = im.Catalog.CreateActivity(ctx, who, catalog.FieldsOf(a))
			} else {
				saved, err = im.Catalog.UpdateActivity(ctx, who, a.ID, catalog.FieldsOf(a))
			}
			if err != nil {
				c.add("", err)
				c.result(&res)
			} else {
				byKey[actKey(saved.OrganisationID, saved.Texts["sv"].Title, saved.VenueID, saved.OnlineURL)] = saved.ID
			}
		}
		out = append(out, res)
	}
	return out, nil
}

func sameActivity(a, b catalog.Activity) bool {
	sorted := func(s []string) string {
		c := append([]string{}, s...)
		sort.Strings(c)
		return strings.Join(c, ",")
	}
	same := a.OrganisationID == b.OrganisationID && a.VenueID == b.VenueID && a.OnlineURL == b.OnlineURL && a.Municipality == b.Municipality &&
		a.Status == b.Status && a.CostKr == b.CostKr && fmt.Sprint(deref(a.AgeMin)) == fmt.Sprint(deref(b.AgeMin)) &&
		fmt.Sprint(deref(a.AgeMax)) == fmt.Sprint(deref(b.AgeMax)) && sorted(a.Languages) == sorted(b.Languages) &&
		sorted(a.Themes) == sorted(b.Themes) && sorted(a.TargetGroups) == sorted(b.TargetGroups) &&
		a.Schedule.Recurrence == b.Schedule.Recurrence && a.Schedule.StartsOn == b.Schedule.StartsOn && a.Schedule.EndsOn == b.Schedule.EndsOn &&
		a.Schedule.StartTime == b.Schedule.StartTime && a.Schedule.EndTime == b.Schedule.EndTime && sorted(a.Schedule.Cancelled) == sorted(b.Schedule.Cancelled) &&
		sameDays(a.Schedule, b.Schedule) &&
		len(a.Texts) == len(b.Texts)
	for l, t := range a.Texts {
		same = same && b.Texts[l] == t
	}
	return same
}

// weekdays turns the weekdays column's codes into the schedule's days.
func weekdays(codes []string) []int {
	var out []int
	for _, c := range codes {
		if n, err := strconv.Atoi(c); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// sameDays compares two schedules' weekdays, an empty list being the start
// date's weekday, in any order.
func sameDays(a, b catalog.Schedule) bool {
	da, db := append([]int{}, a.Days()...), append([]int{}, b.Days()...)
	sort.Ints(da)
	sort.Ints(db)
	return fmt.Sprint(da) == fmt.Sprint(db)
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
