package event

import (
	"context"
	"strconv"

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
