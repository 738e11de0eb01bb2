package event

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
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
		out, err = db.Collect(ctx, tx, `SELECT `+regColumns+` FROM registrations WHERE event_id = ? ORDER BY position LIMIT ?`,
			[]any{eventID, MaxExport}, scanRegistration)
		if err != nil {
			return apperr.Wrap(err, "registrations")
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
// whole list whatever page of it they look at: the caterer's dietary
// counts, the fees owed, the waiting list in order.
type Summary struct {
	Dietary []DietCount    `json:"dietary"` // the most asked for first
	Fees    []Registration `json:"fees"`    // who owes a fee, in order of arrival
	FeesKr  int            `json:"fees_kr"` // their sum
	Waiting []Registration `json:"waiting"` // first in line first
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
	sum := Summary{Dietary: []DietCount{}, Fees: []Registration{}, Waiting: []Registration{}}
	at := map[string]int{}
	for _, r := range regs {
		if r.Status == Confirmed {
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
	sort.SliceStable(sum.Dietary, func(i, j int) bool { return sum.Dietary[i].Count > sum.Dietary[j].Count })
	sort.SliceStable(sum.Waiting, func(i, j int) bool { return sum.Waiting[i].Position < sum.Waiting[j].Position })
	return sum
}

// FindSummary is the summary of an event for its organisers and staff;
// the read (names and fees) is audited.
func (s *Service) FindSummary(ctx context.Context, who actor.Actor, eventID string) (Summary, error) {
	if !who.SignedIn() {
		return Summary{}, apperr.ErrUnauthorized()
	}
	var regs []Registration
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := loadEditable(ctx, tx, who, eventID); err != nil {
			return err
		}
		var err error
		regs, err = db.Collect(ctx, tx, `SELECT `+regColumns+` FROM registrations WHERE event_id = ? ORDER BY position LIMIT ?`,
			[]any{eventID, MaxExport}, scanRegistration)
		if err != nil {
			return apperr.Wrap(err, "registrations")
		}
		return audit.Record(ctx, tx, s.Now().UTC(), who, "registration.summary", "event", eventID, map[string]string{"count": strconv.Itoa(len(regs))})
	})
	if err != nil {
		return Summary{}, err
	}
	return Summarise(regs), nil
}
