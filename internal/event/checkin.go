package event

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/org"
)

// MaxExport bounds one export of a participant list: far above the largest
// event (a few hundred seats and a waiting list), low enough that a sheet
// is built in memory without care.
const MaxExport = 5000

// ExportRegistrations is every registration of an event, in order of
// arrival, with answers and travel requests, for its organisers and staff:
// the participant list to take away as a file. The read is audited as an
// export, apart from the list page's reads, since a file leaves the system.
func (s *Service) ExportRegistrations(ctx context.Context, who actor.Actor, eventID string) (Event, []Registration, error) {
	if !who.SignedIn() {
		return Event{}, nil, apperr.ErrUnauthorized()
	}
	var e Event
	var out []Registration
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if e, err = loadEditable(ctx, tx, who, eventID); err != nil {
			return err
		}
		if out, err = eventRegistrationsTx(ctx, tx, eventID); err != nil {
			return err
		}
		if err := fillRegistrations(ctx, tx, out); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.Now().UTC(), who, "registration.export", "event", eventID, map[string]string{"count": strconv.Itoa(len(out))})
	})
	if out == nil {
		out = []Registration{}
	}
	return e, out, err
}

// eventRegistrationsTx reads every registration of an event in order of
// arrival, at most MaxExport: what the export and the summary both start from.
func eventRegistrationsTx(ctx context.Context, tx *db.Tx, eventID string) ([]Registration, error) {
	regs, err := db.Collect(ctx, tx, `SELECT `+regColumns+` FROM registrations WHERE event_id = ? ORDER BY position LIMIT ?`,
		[]any{eventID, MaxExport}, scanRegistration)
	return regs, apperr.Wrap(err, "registrations")
}

// AnswerText is a registration's answer to a question as text in lang: the
// options' labels joined by ", ", or the text typed.
func AnswerText(q Question, a Answers, lang string) string {
	vals := a[q.ID]
	s := ""
	for i, v := range vals {
		for _, o := range q.Options {
			if o.Value == v {
				v = o.Label(lang)
				break
			}
		}
		if i > 0 {
			s += ", "
		}
		s += v
	}
	return s
}

// Summary is what the organisers need before and on the day, from the
// whole list whatever page of it they look at: who comes, by sector and
// by kind of organisation; the caterer's dietary counts, the fees owed,
// the travel requests to decide, the waiting list in order.
type Summary struct {
	// Sectors and Categories count the seated, in org.Sectors' and
	// org.Categories' order, then "" (not stated, or not in the
	// registry). Only FindSummary fills Categories and Travel: they need
	// the registry and the travel requests.
	Sectors    []Count        `json:"sectors"`
	Categories []Count        `json:"categories"`
	Dietary    []DietCount    `json:"dietary"` // the most asked for first
	Fees       []Registration `json:"fees"`    // who owes a fee, in order of arrival
	FeesKr     int            `json:"fees_kr"` // their sum
	Travel     []Registration `json:"travel"`  // who asked for travel money, in order of arrival, with the request
	Waiting    []Registration `json:"waiting"` // first in line first
	// Confirmed counts the seated, walk-ins among them; Attended those
	// checked in; NoShow the seated not checked in.
	Confirmed int `json:"confirmed"`
	Attended  int `json:"attended"`
	NoShow    int `json:"no_show"`
}

// DietCount is one dietary need and how many with a seat gave it.
type DietCount struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// dietKey is a dietary text as the caterer counts it: "Vegan", "vegan "
// and "VEGAN" are one need.
func dietKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// Summarise builds the summary from an event's registrations. The
// dietary counts are of the seated only (confirmed, walk-ins among them):
// the waiting and the cancelled do not eat. A need is shown as first typed.
func Summarise(regs []Registration) Summary {
	sum := Summary{Categories: []Count{}, Dietary: []DietCount{}, Fees: []Registration{}, Travel: []Registration{}, Waiting: []Registration{}}
	at := map[string]int{}
	sectors := map[string]int{}
	for _, r := range regs {
		if r.Status == Confirmed {
			sum.Confirmed++
			sectors[r.Sector]++
			if r.AttendedAt != nil {
				sum.Attended++
			}
			if k := dietKey(r.Dietary); k != "" {
				i, ok := at[k]
				if !ok {
					i = len(sum.Dietary)
					at[k] = i
					sum.Dietary = append(sum.Dietary, DietCount{Text: strings.Join(strings.Fields(r.Dietary), " ")})
				}
				sum.Dietary[i].Count++
			}
		}
		if r.FeeOwedKr > 0 {
			sum.Fees = append(sum.Fees, r)
			sum.FeesKr += r.FeeOwedKr
		}
		if r.Status == Waitlisted {
			sum.Waiting = append(sum.Waiting, r)
		}
	}
	sum.NoShow = sum.Confirmed - sum.Attended
	sum.Sectors = ordered(sectors, org.Sectors, false)
	sort.SliceStable(sum.Dietary, func(i, j int) bool { return sum.Dietary[i].Count > sum.Dietary[j].Count })
	sort.SliceStable(sum.Waiting, func(i, j int) bool { return sum.Waiting[i].Position < sum.Waiting[j].Position })
	return sum
}

// FindSummary is the summary of an event for its organisers and staff,
// with the seated counted by their organisation's category and the
// travel requests; the read (names and fees) is audited.
func (s *Service) FindSummary(ctx context.Context, who actor.Actor, eventID string) (Summary, error) {
	if !who.SignedIn() {
		return Summary{}, apperr.ErrUnauthorized()
	}
	var regs []Registration
	var sum Summary
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadEditable(ctx, tx, who, eventID); err != nil {
			return err
		}
		var err error
		if regs, err = eventRegistrationsTx(ctx, tx, eventID); err != nil {
			return err
		}
		if sum, err = summariseTx(ctx, tx, regs); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.Now().UTC(), who, "registration.summary", "event", eventID, map[string]string{"count": strconv.Itoa(len(regs))})
	})
	if err != nil {
		return Summary{}, err
	}
	return sum, nil
}

// summariseTx is Summarise with what it cannot know from the rows alone:
// the categories of the seated's registry organisations (a typed name, or
// a removed organisation, is not stated) and the travel requests.
func summariseTx(ctx context.Context, q db.Querier, regs []Registration) (Summary, error) {
	ids := make([]string, len(regs))
	var orgIDs []string
	for i, r := range regs {
		ids[i] = r.ID
		if r.Status == Confirmed && r.OrganisationID != "" {
			orgIDs = append(orgIDs, r.OrganisationID)
		}
	}
	travel, err := loadTravel(ctx, q, ids)
	if err != nil {
		return Summary{}, err
	}
	named, err := org.NamedTx(ctx, q, orgIDs)
	if err != nil {
		return Summary{}, err
	}
	for i := range regs {
		regs[i].Travel = travel[regs[i].ID]
	}
	sum := Summarise(regs)
	categories := map[string]int{}
	for _, r := range regs {
		if r.Status == Confirmed {
			categories[named[r.OrganisationID].Category]++
		}
		if r.Travel != nil {
			sum.Travel = append(sum.Travel, r)
		}
	}
	sum.Categories = ordered(categories, org.Categories, false)
	return sum, nil
}

// MaxCheckInQuery bounds the door's search box.
const MaxCheckInQuery = 100

// CheckInFilter is the door's search: part of a name or organisation, or
// one registration (the badge's QR code).
type CheckInFilter struct {
	Query          string
	RegistrationID string
}

// FindCheckIn is the seated of an event matching the search, by name,
// for the organisers and staff at the door; the read is audited. Matching
// is done here, not in SQL, so case and the engines' LIKE rules do not
// differ between SQLite and PostgreSQL; an event's list is small.
func (s *Service) FindCheckIn(ctx context.Context, who actor.Actor, eventID string, f CheckInFilter) ([]Registration, Summary, error) {
	if !who.SignedIn() {
		return nil, Summary{}, apperr.ErrUnauthorized()
	}
	var err error
	if f.Query, err = input.Line("q", f.Query, MaxCheckInQuery, false); err != nil {
		return nil, Summary{}, err
	}
	all, err := s.seated(ctx, who, eventID, "registration.checkin_list", map[string]string{"q": f.Query})
	if err != nil {
		return nil, Summary{}, err
	}
	q := strings.ToLower(strings.Join(strings.Fields(f.Query), " "))
	out := []Registration{}
	for _, r := range all {
		switch {
		case f.RegistrationID != "":
			if r.ID != f.RegistrationID {
				continue
			}
		case q != "":
			if !strings.Contains(strings.ToLower(r.Name), q) && !strings.Contains(strings.ToLower(r.OrganisationName), q) {
				continue
			}
		}
		out = append(out, r)
	}
	return out, Summarise(all), nil
}

// FindBadges is the seated of an event, by name, to print their name
// badges. The read is audited as its own kind: names printed on paper
// leave the system as an export does, and the audit log tells them apart
// from a look at the door.
func (s *Service) FindBadges(ctx context.Context, who actor.Actor, eventID string) ([]Registration, error) {
	all, err := s.seated(ctx, who, eventID, "registration.badges", nil)
	if err != nil {
		return nil, err
	}
	if all == nil {
		all = []Registration{}
	}
	return all, nil
}

// seated reads an event's seated by name for its organisers and staff,
// audited as action with details, count added.
func (s *Service) seated(ctx context.Context, who actor.Actor, eventID, action string, details map[string]string) ([]Registration, error) {
	if !who.SignedIn() {
		return nil, apperr.ErrUnauthorized()
	}
	var all []Registration
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadEditable(ctx, tx, who, eventID); err != nil {
			return err
		}
		var err error
		all, err = db.Collect(ctx, tx, `SELECT `+regColumns+` FROM registrations WHERE event_id = ? AND status = ? ORDER BY name, position LIMIT ?`,
			[]any{eventID, Confirmed, MaxExport}, scanRegistration)
		if err != nil {
			return apperr.Wrap(err, "registrations")
		}
		if details == nil {
			details = map[string]string{}
		}
		details["count"] = strconv.Itoa(len(all))
		return audit.Record(ctx, tx, s.Now().UTC(), who, action, "event", eventID, details)
	})
	return all, err
}

// CheckIn marks a seated participant as arrived, or with undo takes it
// back. It is idempotent: a second check-in (two staff at the door, a
// double tap) keeps the first time and writes no second audit entry.
func (s *Service) CheckIn(ctx context.Context, who actor.Actor, eventID, regID string, undo bool) (Registration, error) {
	if !who.SignedIn() {
		return Registration{}, apperr.ErrUnauthorized()
	}
	now := s.Now().UTC()
	var r Registration
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadEditable(ctx, tx, who, eventID); err != nil {
			return err
		}
		var at any = now
		cond, action := "attended_at IS NULL", "registration.checkin"
		if undo {
			at, cond, action = nil, "attended_at IS NOT NULL", "registration.checkin_undo"
		}
		n, err := tx.Exec(ctx, `UPDATE registrations SET attended_at = ?, updated_at = ? WHERE id = ? AND event_id = ? AND status = ? AND `+cond,
			at, now, regID, eventID, Confirmed)
		if err != nil {
			return apperr.Wrap(err, "check-in")
		}
		r, err = scanRegistration(tx.QueryRow(ctx, `SELECT `+regColumns+` FROM registrations WHERE id = ? AND event_id = ?`, regID, eventID))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound()
		}
		if err != nil {
			return apperr.Wrap(err, "registration")
		}
		if r.Status != Confirmed {
			return apperr.New(apperr.Conflict, "", "error.checkin_not_seated")
		}
		if rows, _ := n.RowsAffected(); rows == 0 {
			return nil
		}
		return audit.Record(ctx, tx, now, who, action, "registration", regID, map[string]string{"event": eventID})
	})
	return r, err
}
