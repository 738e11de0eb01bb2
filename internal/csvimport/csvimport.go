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

// Columns lists each kind's columns; the first ones are required.
var Columns = map[string][]string{
	Organisations: {"name", "sector", "category", "municipality", "org_number", "address", "website", "email", "phone", "languages", "description_sv", "description_en"},
	Venues:        {"name", "municipality", "organisation", "address", "lat", "lon", "meeting_place", "opening_hours", "accessibility", "description_sv", "description_en"},
	Activities: {"organisation", "title_sv", "recurrence", "starts_on", "start_time", "end_time", "venue", "online_url", "municipality", "ends_on",
		"summary_sv", "description_sv", "title_en", "title_ar", "title_so", "title_ti", "title_fa", "title_prs", "title_uk",
		"languages", "themes", "target_groups", "cost_kr", "age_min", "age_max", "cancelled", "status"},
}

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
}

// MaxRows caps one file.
const MaxRows = 5000

type record map[string]string

// read parses a CSV file with a header row. Semicolons are accepted as the
// separator too: that is what Swedish spreadsheet programs write.
func read(kind string, r io.Reader) ([]record, error) {
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
		return nil, apperr.Invalidf("file", "error.csv_empty")
	}
	known := map[string]bool{}
	for _, c := range Columns[kind] {
		known[c] = true
	}
	for i, h := range header {
		header[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !known[header[i]] {
			return nil, apperr.Invalidf("file", "error.csv_column", "column", h, "row", 1)
		}
	}
	var out []record
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, apperr.Invalidf("file", "error.csv_syntax", "row", len(out)+2)
		}
		if len(out) >= MaxRows {
			return nil, apperr.Invalidf("file", "error.too_many", "max", MaxRows)
		}
		m := record{}
		for i, v := range rec {
			if i < len(header) {
				m[header[i]] = strings.TrimSpace(v)
			}
		}
		out = append(out, m)
	}
	return out, nil
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

func cellError(row int, column string, err error) CellError {
	ae := apperr.As(err)
	if ae.Field != "" {
		column = ae.Field
	}
	return CellError{Row: row, Column: column, Key: ae.Key, Args: ae.Args}
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
	recs, err := read(kind, r)
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
	for _, row := range p.Rows {
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
		langs := list(rec["languages"])
		desc := map[string]string{}
		for _, l := range []string{"sv", "en"} {
			if v := rec["description_"+l]; v != "" {
				desc[l] = v
			}
		}
		f := org.Fields{Name: ptr(rec["name"]), OrgNumber: ptr(rec["org_number"]), Sector: ptr(rec["sector"]), Category: ptr(rec["category"]),
			Municipality: ptr(municipalityCode(rec["municipality"])), Address: ptr(rec["address"]), Website: ptr(rec["website"]),
			Email: ptr(rec["email"]), Phone: ptr(rec["phone"]), Languages: &langs, Descriptions: desc, ConfirmDuplicate: true}
		res := RowResult{Row: row, Name: rec["name"]}
		o, err := org.Validate(f)
		if err != nil {
			res.Action, res.Errors = Reject, []CellError{cellError(row, "", err)}
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
				res.Action, res.Errors = Reject, []CellError{cellError(row, "", err)}
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
		a.Phone == b.Phone && strings.Join(sa, ",") == strings.Join(sb, ",") &&
		a.Descriptions["sv"] == b.Descriptions["sv"] && a.Descriptions["en"] == b.Descriptions["en"]
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
	existing, err := im.Catalog.FindVenues(ctx, catalog.VenueFilter{})
	if err != nil {
		return nil, err
	}
	byKey := map[string]catalog.Venue{}
	for _, v := range existing {
		full, err := im.Catalog.FindVenueByID(ctx, v.ID)
		if err != nil {
			return nil, err
		}
		byKey[venueKey(v.Name, v.Municipality)] = full
	}
	var out []RowResult
	for i, rec := range recs {
		row := i + 2
		res := RowResult{Row: row, Name: rec["name"]}
		reject := func(column string, err error) {
			res.Action, res.Errors = Reject, []CellError{cellError(row, column, err)}
		}
		v := catalog.Venue{Name: rec["name"], Address: rec["address"], Municipality: municipalityCode(rec["municipality"]), OpeningHours: rec["opening_hours"],
			Accessibility: list(rec["accessibility"]), Descriptions: map[string]string{}}
		switch strings.ToLower(rec["meeting_place"]) {
		case "", "0", "nej", "no", "false":
		case "1", "ja", "yes", "true":
			v.MeetingPlace = true
		default:
			reject("meeting_place", apperr.Invalidf("meeting_place", "error.bool"))
		}
		for _, l := range []string{"sv", "en"} {
			if d := rec["description_"+l]; d != "" {
				v.Descriptions[l] = d
			}
		}
		if n := rec["organisation"]; n != "" && res.Action == "" {
			o, ok := orgs[org.SortKey(n)]
			if !ok {
				reject("organisation", apperr.Invalidf("organisation", "error.csv_unknown", "value", n))
			}
			v.OrganisationID = o.ID
		}
		if res.Action == "" {
			if v.Lat, err = parseFloat(rec["lat"]); err != nil {
				reject("lat", apperr.Invalidf("lat", "error.coordinates"))
			} else if v.Lon, err = parseFloat(rec["lon"]); err != nil {
				reject("lon", apperr.Invalidf("lon", "error.coordinates"))
			}
		}
		if res.Action == "" {
			if v, err = catalog.ValidateVenue(catalog.VenueFieldsOf(v)); err != nil {
				reject("", err)
			}
		}
		if res.Action == Reject {
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
				reject("", err)
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
		strings.Join(a.Accessibility, ",") == strings.Join(b.Accessibility, ",") &&
		a.Descriptions["sv"] == b.Descriptions["sv"] && a.Descriptions["en"] == b.Descriptions["en"]
}

func (im *Importer) activities(ctx context.Context, who actor.Actor, recs []record, apply bool) ([]RowResult, error) {
	orgs, err := im.orgByName(ctx)
	if err != nil {
		return nil, err
	}
	venues, err := im.Catalog.FindVenues(ctx, catalog.VenueFilter{})
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
		reject := func(column string, err error) {
			if res.Action != Reject {
				res.Action, res.Errors = Reject, []CellError{cellError(row, column, err)}
			}
		}
		a := catalog.Activity{Texts: map[string]catalog.Text{}, OnlineURL: rec["online_url"], Municipality: municipalityCode(rec["municipality"]),
			Status: rec["status"], Languages: list(rec["languages"]), Themes: list(rec["themes"]), TargetGroups: list(rec["target_groups"]),
			Schedule: catalog.Schedule{Recurrence: rec["recurrence"], StartsOn: rec["starts_on"], EndsOn: rec["ends_on"],
				StartTime: rec["start_time"], EndTime: rec["end_time"], Cancelled: list(rec["cancelled"])}}
		for _, l := range i18n.Written() {
			if t := rec["title_"+l]; t != "" {
				a.Texts[l] = catalog.Text{Title: t, Summary: rec["summary_"+l], Description: rec["description_"+l]}
			}
		}
		if o, ok := orgs[org.SortKey(rec["organisation"])]; ok {
			a.OrganisationID = o.ID
		} else {
			reject("organisation", apperr.Invalidf("organisation", "error.csv_unknown", "value", rec["organisation"]))
		}
		if n := rec["venue"]; n != "" {
			if v, ok := venueByName[strings.ToLower(n)]; ok {
				a.VenueID, a.Municipality = v.ID, v.Municipality
			} else {
				reject("venue", apperr.Invalidf("venue", "error.csv_unknown", "value", n))
			}
		}
		for col, dst := range map[string]**int{"age_min": &a.AgeMin, "age_max": &a.AgeMax} {
			if s := rec[col]; s != "" {
				n, err := strconv.Atoi(s)
				if err != nil {
					reject(col, apperr.Invalidf(col, "error.range"))
				}
				*dst = &n
			}
		}
		if s := rec["cost_kr"]; s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				reject("cost_kr", apperr.Invalidf("cost_kr", "error.range"))
			}
			a.CostKr = n
		}
		if res.Action == "" {
			if a, err = catalog.ValidateActivity(catalog.FieldsOf(a)); err != nil {
				reject("", err)
			}
		}
		if res.Action == Reject {
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
				reject("", err)
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
		len(a.Texts) == len(b.Texts)
	for l, t := range a.Texts {
		same = same && b.Texts[l] == t
	}
	return same
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
