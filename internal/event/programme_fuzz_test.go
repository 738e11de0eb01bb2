package event_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/event"
)

// FuzzProgrammeForm feeds arbitrary form bodies to the programme editor's
// session form and the workshop ranking: parsing never panics, every
// refusal is the user's (never an internal error), and what is stored
// keeps the bounds: titles of at most 200 characters without control
// characters, at most MaxSpeakers speakers, times on the event's day, a
// ranking read in rank order.
func FuzzProgrammeForm(f *testing.F) {
	for _, seed := range []string{
		"kind=talk&start=10:00&end=11:00&title_sv=F%C3%B6redrag&speakers_1_name=Ylva+Johansson&speakers_1_role=integrationsminister",
		"kind=workshop_block&day=2027-10-20&start=13:00&end=14:30&title_sv=Workshoppar&moderator_1_name=Inga-Lena+Fischer",
		"kind=talk&start=23:30&end=24:00&title_sv=x", "kind=lunch&start=12:00&end=11:00&title_sv=Lunch",
		"kind=talk&start=10:00&end=11:00&title_sv=a%0Ab", "kind=talk&start=10:00&end=11:00&title_xx=a&title_sv=b",
		"kind=talk&day=2027-10-21&start=10:00&end=11:00&title_sv=x", "kind=talk&start=10:00&end=11:00&title_sv=x&speakers_24_name=y",
		"rank_1=a&rank_2=a", "rank_1=&rank_3=b", "rank_11=c&rank_0=d", "kind=%FF&start=%00",
	} {
		f.Add(seed)
	}
	d := dbtest.Open(f, db.SQLite)
	fx := setup(f, d)
	ctx := context.Background()
	e, err := fx.svc.Events.CreateEvent(ctx, fx.memberA, fx.dialogueDay)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		in, err := event.SessionFieldsOf(form, e)
		if err == nil {
			var s event.Session
			s, err = fx.svc.Events.CreateSession(ctx, fx.memberA, e.ID, in)
			if err == nil {
				for _, tx := range s.Texts {
					if utf8.RuneCountInString(tx.Title) > 200 || strings.IndexFunc(tx.Title, unicode.IsControl) >= 0 {
						t.Errorf("stored title %q", tx.Title)
					}
				}
				if len(s.Speakers) > event.MaxSpeakers || s.StartsAt.Format("2006-01-02") != "2027-10-20" || !s.EndsAt.After(s.StartsAt) {
					t.Errorf("stored session %+v", s)
				}
				if err := fx.svc.Events.DeleteSession(ctx, fx.memberA, e.ID, s.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err != nil && apperr.CodeOf(err) == apperr.Internal {
			t.Errorf("%q: internal error %v", raw, err)
		}
		// The ranking form reads ranks in order, each once, and never one
		// the rank check could not refuse.
		last := 0
		for _, p := range event.PreferencesOf(form).Preferences {
			if p.Rank <= last || p.Rank > event.MaxPreferences+1 || p.WorkshopID == "" {
				t.Errorf("%q: read %+v after rank %d", raw, p, last)
			}
			last = p.Rank
		}
	})
}
