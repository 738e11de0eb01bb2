// Package event runs dialogue days and conferences: the event with its
// organisers, venue, times, texts per language and rules (binding
// registration, substitutes, transfers, the cancellation deadline and its
// fee, travel money), and series of events (the seven regional conferences
// of 2011–2013, docs/SOURCES.md), and the participants' registrations:
// custom questions, the manage link (edit, cancel, substitute, transfer,
// travel money) and walk-ins. Programme, workshops, seating and the harvest
// follow in the next steps of issue 13.
//
// Tables: event_series, events, event_organisers, event_texts, registrations,
// event_harvests, harvest_notes, harvest_note_principles, event_sessions,
// event_session_texts, event_session_speakers, event_workshops,
// event_workshop_texts, event_workshop_inspirers, workshop_preferences,
// event_questions, registration_answers, registration_holders,
// travel_requests, event_reports, event_report_texts,
// event_participant_counts, event_report_organisations, event_erasures,
// workshop_assignments, event_tables, table_seats.
//
// Files: event.go (types, the input and its rules), store.go (rows),
// write.go (use cases), find.go (listing), registration.go (register,
// cancel, the waiting list), batch.go (registrations arriving together
// written in one transaction), question.go (custom questions and answers),
// manage.go (what a participant does with the manage link, walk-ins),
// travel.go (travel reimbursement), programme*.go (sessions, workshops,
// preferences), harvest.go (group work's obstacles and opportunities),
// reminder.go (reminder mails, sent once), report.go (the summary report
// of an event and of a series, its snapshot of counts), seating.go
// (workshop assignment, one round per workshop block, and tables, moves
// by hand).
package event

import (
	"net/url"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/ical"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/texts"
)

// Status of an event: a draft is seen by its organisers only; published is
// public and open for registration in its window; cancelled and finished
// stay visible for their history.
const (
	Draft     = "draft"
	Published = "published"
	Cancelled = "cancelled"
	Finished  = "finished"
)

// Statuses lists the statuses in the order forms offer them.
var Statuses = []string{Draft, Published, Cancelled, Finished}

// Stockholm is the zone of every event's times.
var Stockholm = ical.Zone

// Service is the events' store and rules. Mail, Messages and BaseURL send
// the participants' mails (confirmation, waiting list, promotion) in their
// language with their private link.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Mail     *mail.Mailer
	Messages *i18n.Catalog
	BaseURL  string

	regs regQueue // registrations waiting for their batch (batch.go)
}

// Text is an event's wording in one language.
type Text struct {
	Title       string `json:"title"`
	Summary     string `json:"summary,omitempty"`
	Description string `json:"description,omitempty"`
	Audience    string `json:"audience,omitempty"` // who it is for
	Included    string `json:"included,omitempty"` // coffee, lunch …
	// Privacy is what the organisers do with the participants' data; the
	// form asks the participant to accept it.
	Privacy string `json:"privacy,omitempty"`
}

func (t Text) present() bool { return t.Title != "" }

// Rules are an event's registration rules, each shown on the public page in
// plain words (seed 004: Sundsvall, Ronneby).
type Rules struct {
	Binding           bool       `json:"binding"`
	SubstituteAllowed bool       `json:"substitute_allowed"`
	TransferAllowed   bool       `json:"transfer_allowed"`
	CancelDeadline    *time.Time `json:"cancel_deadline,omitempty"`
	LateFeeKr         int        `json:"late_fee_kr"`
	TravelMinKm       *int       `json:"travel_min_km,omitempty"` // travel money for round trips of at least this
	TravelDeadline    *time.Time `json:"travel_deadline,omitempty"`
	// TravelSectors are who may ask for travel money (Sundsvall: volunteers
	// in civil society); empty is everyone.
	TravelSectors []string `json:"travel_sectors"`
	TravelCarpool bool     `json:"travel_carpool"` // "Vi utgår från att samåkning sker."
}

// Travel reports whether the event pays travel money at all.
func (r Rules) Travel() bool { return r.TravelMinKm != nil }

// TravelEligible reports whether a participant of sector may ask for
// travel money.
func (r Rules) TravelEligible(sector string) bool {
	return r.Travel() && (len(r.TravelSectors) == 0 || input.Contains(r.TravelSectors, sector))
}

// Event is one dialogue day or conference.
type Event struct {
	ID                   string          `json:"id"`
	SeriesID             string          `json:"series_id,omitempty"`
	Organisers           []string        `json:"organisers"`
	OrganiserNames       []string        `json:"organiser_names"`
	VenueID              string          `json:"venue_id,omitempty"`
	VenueName            string          `json:"venue_name,omitempty"`
	OnlineURL            string          `json:"online_url,omitempty"`
	Municipality         string          `json:"municipality"`
	MunicipalityName     string          `json:"municipality_name"`
	StartsAt             time.Time       `json:"starts_at"`
	EndsAt               time.Time       `json:"ends_at"`
	Status               string          `json:"status"`
	Capacity             *int            `json:"capacity,omitempty"`
	RegistrationOpensAt  *time.Time      `json:"registration_opens_at,omitempty"`
	RegistrationClosesAt *time.Time      `json:"registration_closes_at,omitempty"`
	PriceKr              int             `json:"price_kr"`
	Rules                Rules           `json:"rules"`
	CommissionedBy       string          `json:"commissioned_by,omitempty"`
	Contact              string          `json:"contact,omitempty"`
	Texts                map[string]Text `json:"texts"`
	Questions            []Question      `json:"questions"`
	CreatedAt            time.Time       `json:"created_at"`
	UpdatedAt            time.Time       `json:"updated_at"`
}

// In returns the text for a reader of lang (texts.Pick) and whether it is
// in that language.
func (e Event) In(lang string) (Text, bool) {
	t, l := texts.Pick(e.Texts, lang, Text.present)
	return t, l == lang
}

// CanEdit reports whether who may change the event: a member of one of
// its organisers, or staff.
func (e Event) CanEdit(who actor.Actor) bool {
	if who.IsStaff() {
		return true
	}
	for _, o := range e.Organisers {
		if who.CanEditOrg(o) {
			return true
		}
	}
	return false
}

// Visible reports whether who may see the event: drafts only its editors.
func (e Event) Visible(who actor.Actor) bool { return e.Status != Draft || e.CanEdit(who) }

// Fields is the input for creating or changing an event, filled alike by
// the API's JSON decoder and the form parser; a nil field is left as it is,
// a Nullable one can be cleared with null, Texts replaces the languages it
// names (a language without a title is removed).
type Fields struct {
	SeriesID             *string                   `json:"series_id,omitempty"`
	Organisers           *[]string                 `json:"organisers,omitempty"`
	VenueID              *string                   `json:"venue_id,omitempty"`
	OnlineURL            *string                   `json:"online_url,omitempty"`
	Municipality         *string                   `json:"municipality,omitempty"`
	StartsAt             *time.Time                `json:"starts_at,omitempty"`
	EndsAt               *time.Time                `json:"ends_at,omitempty"`
	Status               *string                   `json:"status,omitempty"`
	Capacity             input.Nullable[int]       `json:"capacity"`
	RegistrationOpensAt  input.Nullable[time.Time] `json:"registration_opens_at"`
	RegistrationClosesAt input.Nullable[time.Time] `json:"registration_closes_at"`
	PriceKr              *int                      `json:"price_kr,omitempty"`
	Binding              *bool                     `json:"binding,omitempty"`
	SubstituteAllowed    *bool                     `json:"substitute_allowed,omitempty"`
	TransferAllowed      *bool                     `json:"transfer_allowed,omitempty"`
	CancelDeadline       input.Nullable[time.Time] `json:"cancel_deadline"`
	LateFeeKr            *int                      `json:"late_fee_kr,omitempty"`
	TravelMinKm          input.Nullable[int]       `json:"travel_min_km"`
	TravelDeadline       input.Nullable[time.Time] `json:"travel_deadline"`
	TravelSectors        *[]string                 `json:"travel_sectors,omitempty"`
	TravelCarpool        *bool                     `json:"travel_carpool,omitempty"`
	Questions            *[]Question               `json:"questions,omitempty"`
	CommissionedBy       *string                   `json:"commissioned_by,omitempty"`
	Contact              *string                   `json:"contact,omitempty"`
	Texts                map[string]Text           `json:"texts,omitempty"`
}

// Bounds of an event's input.
const (
	MaxCapacity = 100000
	MaxPriceKr  = 100000
	maxDays     = 14 // a conference lasts days, not weeks
)

// apply checks the fields and applies them to e; nothing is written before
// every check has passed. References (organisers, venue, series) are
// checked by the write, in its transaction.
func (f Fields) apply(e *Event) error {
	str := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	str(&e.SeriesID, f.SeriesID)
	str(&e.VenueID, f.VenueID)
	str(&e.Municipality, f.Municipality)
	str(&e.Status, f.Status)
	if e.Status == "" {
		e.Status = Draft
	}
	if f.StartsAt != nil {
		e.StartsAt = f.StartsAt.In(Stockholm)
	}
	if f.EndsAt != nil {
		e.EndsAt = f.EndsAt.In(Stockholm)
	}
	f.Capacity.Apply(&e.Capacity)
	f.RegistrationOpensAt.Apply(&e.RegistrationOpensAt)
	f.RegistrationClosesAt.Apply(&e.RegistrationClosesAt)
	f.CancelDeadline.Apply(&e.Rules.CancelDeadline)
	f.TravelMinKm.Apply(&e.Rules.TravelMinKm)
	f.TravelDeadline.Apply(&e.Rules.TravelDeadline)
	for _, b := range []struct{ dst, src *bool }{{&e.Rules.Binding, f.Binding}, {&e.Rules.SubstituteAllowed, f.SubstituteAllowed}, {&e.Rules.TransferAllowed, f.TransferAllowed}, {&e.Rules.TravelCarpool, f.TravelCarpool}} {
		if b.src != nil {
			*b.dst = *b.src
		}
	}
	if f.PriceKr != nil {
		e.PriceKr = *f.PriceKr
	}
	if f.LateFeeKr != nil {
		e.Rules.LateFeeKr = *f.LateFeeKr
	}
	err := input.First(
		input.Choice("status", e.Status, Statuses, true),
		input.SetChoices(&e.Organisers, "organisers", f.Organisers, nil),
		input.SetChoices(&e.Rules.TravelSectors, "travel_sectors", f.TravelSectors, org.Sectors),
		f.applyQuestions(e),
		f.applyTexts(e),
		input.Range("capacity", e.Capacity, 1, MaxCapacity),
		input.Range("price_kr", &e.PriceKr, 0, MaxPriceKr),
		input.Range("late_fee_kr", &e.Rules.LateFeeKr, 0, MaxPriceKr),
		input.Range("travel_min_km", e.Rules.TravelMinKm, 0, 2000),
		input.SetLine(&e.OnlineURL, "online_url", f.OnlineURL, 500, false),
		input.SetLine(&e.CommissionedBy, "commissioned_by", f.CommissionedBy, 300, false),
		input.SetLine(&e.Contact, "contact", f.Contact, 300, false),
	)
	if err != nil {
		return err
	}
	switch {
	case len(e.Organisers) == 0:
		return apperr.Invalidf("organisers", "error.required")
	case e.StartsAt.IsZero():
		return apperr.Invalidf("starts_at", "error.required")
	case e.EndsAt.IsZero():
		return apperr.Invalidf("ends_at", "error.required")
	case !e.EndsAt.After(e.StartsAt):
		return apperr.Invalidf("ends_at", "error.end_before_start")
	case e.EndsAt.Sub(e.StartsAt) > maxDays*24*time.Hour:
		return apperr.Invalidf("ends_at", "error.range")
	case e.StartsAt.Year() < 2000 || e.StartsAt.Year() > 2100:
		return apperr.Invalidf("starts_at", "error.range")
	case e.OnlineURL != "" && !strings.HasPrefix(e.OnlineURL, "https://") && !strings.HasPrefix(e.OnlineURL, "http://"):
		return apperr.Invalidf("online_url", "error.url")
	case e.VenueID == "" && e.OnlineURL == "":
		return apperr.Invalidf("venue_id", "error.venue_or_online")
	case e.RegistrationOpensAt != nil && e.RegistrationClosesAt != nil && !e.RegistrationClosesAt.After(*e.RegistrationOpensAt):
		return apperr.Invalidf("registration_closes_at", "error.end_before_start")
	case e.RegistrationClosesAt != nil && e.RegistrationClosesAt.After(e.EndsAt):
		return apperr.Invalidf("registration_closes_at", "error.range")
	case e.Rules.CancelDeadline != nil && e.Rules.CancelDeadline.After(e.StartsAt):
		return apperr.Invalidf("cancel_deadline", "error.range")
	}
	if e.VenueID == "" {
		if _, ok := municipality.ByCode(e.Municipality); !ok {
			return apperr.Invalidf("municipality", "error.choice")
		}
	}
	return nil
}

func (f Fields) applyTexts(e *Event) error {
	if e.Texts == nil {
		e.Texts = map[string]Text{}
	}
	for lang, t := range f.Texts {
		if err := input.TextLanguage("texts", lang); err != nil {
			return err
		}
		err := input.First(
			input.SetLine(&t.Title, "title_"+lang, &t.Title, 200, false),
			input.SetLine(&t.Summary, "summary_"+lang, &t.Summary, 500, false),
			input.SetText(&t.Description, "description_"+lang, &t.Description, 10000),
			input.SetLine(&t.Audience, "audience_"+lang, &t.Audience, 300, false),
			input.SetLine(&t.Included, "included_"+lang, &t.Included, 300, false),
			input.SetText(&t.Privacy, "privacy_"+lang, &t.Privacy, 5000),
		)
		if err != nil {
			return err
		}
		if t.Title == "" {
			delete(e.Texts, lang)
		} else {
			e.Texts[lang] = t
		}
	}
	if !e.Texts["sv"].present() {
		return apperr.Invalidf("title_sv", "error.required")
	}
	return nil
}

// Filter selects events for a listing.
type Filter struct {
	Upcoming       bool // ending now or later
	Past           bool // ended before now
	SeriesID       string
	OrganisationID string
	Municipality   string
	Limit          int
	Cursor         string // from a previous page's NextCursor
}

// Page is one page of a listing.
type Page struct {
	Items      []Event `json:"items"`
	NextCursor string  `json:"next_cursor,omitempty"`
}

// Listing bounds.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// ParseFilter reads a listing's filters from a query string (page and
// API alike), refusing unknown parameters and bad values by name.
func ParseFilter(q url.Values) (Filter, error) {
	f := Filter{SeriesID: q.Get("series"), OrganisationID: q.Get("organisation"), Municipality: q.Get("municipality"), Cursor: q.Get("cursor"), Limit: DefaultLimit}
	if err := input.KnownParams(q, "series", "organisation", "municipality", "cursor", "limit", "upcoming", "past"); err != nil {
		return f, err
	}
	for name, set := range map[string]*bool{"upcoming": &f.Upcoming, "past": &f.Past} {
		switch q.Get(name) {
		case "", "false", "0":
		case "true", "1":
			*set = true
		default:
			return f, apperr.Invalidf(name, "error.bool")
		}
	}
	if f.Upcoming && f.Past {
		return f, apperr.Invalidf("past", "error.choice")
	}
	var err error
	if f.Limit, err = input.Limit(q, DefaultLimit, MaxLimit); err != nil {
		return f, err
	}
	if f.Municipality != "" {
		if _, ok := municipality.ByCode(f.Municipality); !ok {
			return f, apperr.Invalidf("municipality", "error.choice")
		}
	}
	return f, nil
}
