// Package hsds publishes the catalogue as Open Referral HSDS 3.0 (Human
// Services Data Specification): services are activities, organizations the
// registry, locations the venues, and the themes and target groups two
// taxonomies. HSDS wants UUIDs; samverkan's 128-bit IDs are written as
// UUIDs of the same bits (db.UUID), so every id maps back without a table.
package hsds

import (
	"crypto/sha1"
	"fmt"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/org"
)

// Version is the HSDS version served.
const Version = "3.0"

// Page is HSDS's paging envelope.
type Page struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
	Contents   any  `json:"contents"`
}

// NewPage wraps one page of contents.
func NewPage(contents any, size, total, page, perPage int) Page {
	pages := (total + perPage - 1) / perPage
	if pages == 0 {
		pages = 1
	}
	return Page{TotalItems: total, TotalPages: pages, PageNumber: page, Size: size,
		FirstPage: page == 1, LastPage: page >= pages, Empty: total == 0, Contents: contents}
}

func uuid(id string) string {
	u, _ := db.UUID(id)
	return u
}

// nameUUID is a stable UUID for things that have no ID of their own
// (taxonomies, their terms), in the RFC 4122 name-based form.
func nameUUID(name string) string {
	h := sha1.Sum([]byte("samverkan:" + name))
	h[6] = (h[6] & 0x0f) | 0x50
	h[8] = (h[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// Service is an HSDS service (list form: one-to-one fields).
type Service struct {
	ID              string     `json:"id"`
	OrganizationID  string     `json:"organization_id"`
	Name            string     `json:"name"`
	AlternateName   string     `json:"alternate_name,omitempty"`
	Description     string     `json:"description,omitempty"`
	URL             string     `json:"url"`
	Status          string     `json:"status"`
	FeesDescription string     `json:"fees_description"`
	MinimumAge      *int       `json:"minimum_age,omitempty"`
	MaximumAge      *int       `json:"maximum_age,omitempty"`
	LastModified    string     `json:"last_modified"`
	Schedules       []Schedule `json:"schedules,omitempty"`
	Languages       []string   `json:"-"`
}

// Schedule is an HSDS schedule: the activity's recurrence as the parts of
// its RFC 5545 rule, BYDAY naming every weekday it meets on ("TU,TH").
// Times are Stockholm local time (the description says so): HSDS's
// timezone is a fixed UTC offset, which daylight saving makes wrong for
// half the year.
type Schedule struct {
	ID          string `json:"id"`
	ServiceID   string `json:"service_id"`
	ValidFrom   string `json:"valid_from"`
	ValidTo     string `json:"valid_to,omitempty"`
	DTStart     string `json:"dtstart"`
	Until       string `json:"until,omitempty"`
	Count       int    `json:"count,omitempty"`
	Wkst        string `json:"wkst,omitempty"`
	Freq        string `json:"freq,omitempty"`
	Interval    int    `json:"interval,omitempty"`
	ByDay       string `json:"byday,omitempty"`
	OpensAt     string `json:"opens_at"`
	ClosesAt    string `json:"closes_at"`
	Description string `json:"description"`
}

// scheduleOf maps an activity's schedule.
func scheduleOf(a catalog.Activity) Schedule {
	s := a.Schedule
	out := Schedule{ID: nameUUID("schedule:" + a.ID), ServiceID: uuid(a.ID), ValidFrom: s.StartsOn, ValidTo: s.EndsOn,
		DTStart: s.FirstDay(), Until: s.EndsOn, OpensAt: s.StartTime, ClosesAt: s.EndTime, ByDay: s.ByDay(),
		Description: "Europe/Stockholm local time; " + s.Describe()}
	switch s.Recurrence {
	case catalog.Once:
		out.Count = 1
	case catalog.Weekly, catalog.Biweekly:
		out.Freq, out.Wkst, out.Interval = "WEEKLY", "MO", 1
		if s.Recurrence == catalog.Biweekly {
			out.Interval = 2
		}
	case catalog.Monthly:
		out.Freq, out.Interval = "MONTHLY", 1
	}
	return out
}

// FromActivity maps an activity. The name is the Swedish title, the
// alternate name the English one.
func FromActivity(base string, a catalog.Activity) Service {
	sv := a.Texts["sv"]
	s := Service{ID: uuid(a.ID), OrganizationID: uuid(a.OrganisationID), Name: sv.Title, AlternateName: a.Texts["en"].Title,
		Description: strings.TrimSpace(sv.Summary + "\n\n" + sv.Description), URL: strings.TrimRight(base, "/") + "/activities/" + a.ID,
		Status: "active", LastModified: a.UpdatedAt.UTC().Format(time.RFC3339), MinimumAge: a.AgeMin, MaximumAge: a.AgeMax,
		Schedules: []Schedule{scheduleOf(a)}}
	if a.Status != catalog.Published {
		s.Status = "inactive"
	}
	if a.Stale {
		s.Status = "temporarily closed"
	}
	if a.Free() {
		s.FeesDescription = "Gratis / free"
	} else {
		s.FeesDescription = fmt.Sprintf("%d kr", a.CostKr)
	}
	return s
}

// Organization is an HSDS organization (list form).
type Organization struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Email       string `json:"email,omitempty"`
	Website     string `json:"website,omitempty"`
	TaxID       string `json:"tax_id,omitempty"`
	URI         string `json:"uri"`
}

// FromOrganisation maps a registry entry; the description is Swedish, else
// English, else empty (HSDS requires the field).
func FromOrganisation(base string, o org.Organisation) Organization {
	desc := o.Descriptions["sv"]
	if desc == "" {
		desc = o.Descriptions["en"]
	}
	return Organization{ID: uuid(o.ID), Name: o.Name, Description: desc, Email: o.Email, Website: o.Website, TaxID: o.OrgNumber,
		URI: strings.TrimRight(base, "/") + "/organisations/" + o.ID}
}

// Location is an HSDS location (physical place).
type Location struct {
	ID             string   `json:"id"`
	LocationType   string   `json:"location_type"`
	OrganizationID string   `json:"organization_id,omitempty"`
	Name           string   `json:"name"`
	Description    string   `json:"description,omitempty"`
	Latitude       *float64 `json:"latitude,omitempty"`
	Longitude      *float64 `json:"longitude,omitempty"`
	URL            string   `json:"url"`
}

// FromVenue maps a venue.
func FromVenue(base string, v catalog.Venue) Location {
	l := Location{ID: uuid(v.ID), LocationType: "physical", Name: v.Name, Description: v.Descriptions["sv"],
		Latitude: v.Lat, Longitude: v.Lon, URL: strings.TrimRight(base, "/") + "/venues/" + v.ID}
	if v.OrganisationID != "" {
		l.OrganizationID = uuid(v.OrganisationID)
	}
	return l
}

// ServiceAtLocation links a service to where it is delivered; it shares the
// service's id, since an activity has at most one venue.
type ServiceAtLocation struct {
	ID         string    `json:"id"`
	ServiceID  string    `json:"service_id"`
	LocationID string    `json:"location_id"`
	Location   *Location `json:"location,omitempty"`
}

// Taxonomy is an HSDS taxonomy.
type Taxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Version     string `json:"version"`
}

// TaxonomyTerm is an HSDS taxonomy term.
type TaxonomyTerm struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
	TaxonomyID  string `json:"taxonomy_id"`
	Language    string `json:"language"`
	// Kind and Value say which catalogue filter the term is.
	Kind  string `json:"-"`
	Value string `json:"-"`
}

// Taxonomies are the catalogue's two vocabularies.
func Taxonomies() []Taxonomy {
	return []Taxonomy{
		{ID: nameUUID("taxonomy:theme"), Name: "samverkan themes", Description: "Themes of integration work: health, housing, education, language, work …", Version: "1"},
		{ID: nameUUID("taxonomy:target"), Name: "samverkan target groups", Description: "Who an activity is for: everyone, newcomers, asylum seekers, women, parents, children, youth, seniors …", Version: "1"},
	}
}

// Terms lists every term, named in the printer's language by name(key).
func Terms(name func(key string, args ...any) string, lang string) []TaxonomyTerm {
	tx := Taxonomies()
	var out []TaxonomyTerm
	for _, t := range catalog.Themes {
		out = append(out, TaxonomyTerm{ID: nameUUID("theme:" + t), Code: t, Name: name("theme." + t), Description: name("theme." + t),
			TaxonomyID: tx[0].ID, Language: lang, Kind: "theme", Value: t})
	}
	for _, t := range catalog.TargetGroups {
		out = append(out, TaxonomyTerm{ID: nameUUID("target:" + t), Code: t, Name: name("target." + t), Description: name("target." + t),
			TaxonomyID: tx[1].ID, Language: lang, Kind: "target", Value: t})
	}
	return out
}
