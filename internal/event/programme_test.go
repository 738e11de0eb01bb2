package event_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
)

func at(h, m int) *time.Time {
	t := time.Date(2027, 10, 20, h, m, 0, 0, event.Stockholm)
	return &t
}

func session(kind, title string, from, to *time.Time, speakers ...event.Person) event.SessionFields {
	return event.SessionFields{Kind: &kind, StartsAt: from, EndsAt: to, Texts: map[string]event.ItemText{"sv": {Title: title}}, Speakers: &speakers}
}

// TestSessionRules: a session's input is checked field by field, nothing
// is written when one fails, and it must lie within the event's day.
func TestSessionRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		e, err := f.svc.Events.CreateEvent(ctx, f.memberA, f.dialogueDay)
		if err != nil {
			t.Fatal(err)
		}
		minister := event.Person{Name: "Ylva Johansson", Role: "integrationsminister"}
		s, err := f.svc.Events.CreateSession(ctx, f.memberA, e.ID, session(event.KindTalk, "Överenskommelsen", at(9, 45), at(10, 45), minister))
		if err != nil {
			t.Fatal(err)
		}
		if s.Speakers[0].String() != "Ylva Johansson, integrationsminister" || s.StartsAt.Location() != event.Stockholm || s.StartsAt.Hour() != 9 {
			t.Errorf("created: %+v", s)
		}
		nextDay := time.Date(2027, 10, 21, 9, 0, 0, 0, event.Stockholm)
		many := make([]event.Person, event.MaxSpeakers+1)
		for i := range many {
			many[i] = event.Person{Name: "Talare"}
		}
		bad := []struct {
			name  string
			edit  func(*event.SessionFields)
			field string
		}{
			{"unknown kind", func(f *event.SessionFields) { f.Kind = ptr("keynote") }, "kind"},
			{"no Swedish title", func(f *event.SessionFields) { f.Texts = map[string]event.ItemText{"en": {Title: "Talk"}} }, "title_sv"},
			{"title too long", func(f *event.SessionFields) {
				f.Texts = map[string]event.ItemText{"sv": {Title: strings.Repeat("x", 201)}}
			}, "title_sv"},
			{"ends before it starts", func(f *event.SessionFields) { f.EndsAt = at(9, 0) }, "ends_at"},
			{"on another day", func(f *event.SessionFields) { f.StartsAt, f.EndsAt = &nextDay, ptr(nextDay.Add(time.Hour)) }, "starts_at"},
			{"runs past midnight", func(f *event.SessionFields) { f.EndsAt = ptr(nextDay) }, "ends_at"},
			{"a line break in the room", func(f *event.SessionFields) { f.Room = ptr("Sal\nB") }, "room"},
			{"too many speakers", func(f *event.SessionFields) { f.Speakers = &many }, "speakers"},
			{"a role without a name", func(f *event.SessionFields) { f.Speakers = &[]event.Person{{Role: "minister"}} }, "speakers_1_name"},
			{"unknown language", func(f *event.SessionFields) { f.Texts["xx"] = event.ItemText{Title: "?"} }, "texts"},
		}
		for _, tt := range bad {
			in := session(event.KindTalk, "Föredrag", at(11, 0), at(12, 0))
			tt.edit(&in)
			_, err := f.svc.Events.CreateSession(ctx, f.memberA, e.ID, in)
			if ae := apperr.As(err); ae.Code != apperr.Invalid || ae.Field != tt.field {
				t.Errorf("%s: %v (field %q), want invalid %q", tt.name, err, ae.Field, tt.field)
			}
		}
		if _, err := f.svc.Events.CreateSession(ctx, f.sys, e.ID, session(event.KindLunch, "Lunch", at(12, 0), at(13, 0))); err != nil {
			t.Errorf("staff adds lunch: %v", err)
		}
		p, _ := f.svc.Events.FindProgramme(ctx, f.memberA, e.ID)
		if len(p.Sessions) != 2 {
			t.Errorf("after the refusals: %d sessions, want 2", len(p.Sessions))
		}
		// An update changes the row in place and keeps the speakers when
		// they are not named.
		up, err := f.svc.Events.UpdateSession(ctx, f.memberA, e.ID, s.ID, event.SessionFields{Room: ptr("Stora salen"), Moderator: input.Of(event.Person{Name: "Inga-Lena Fischer", Role: "journalist"})})
		if err != nil || up.ID != s.ID || up.Room != "Stora salen" || len(up.Speakers) != 1 || up.Moderator.Name != "Inga-Lena Fischer" || !up.CreatedAt.Equal(s.CreatedAt) {
			t.Errorf("update: %+v %v", up, err)
		}
	})
}

// TestPreferenceRules: a participant ranks only the workshops of their
// own event, each once, within the rank bounds; ranks close up; the
// organisers' list leaves out cancelled registrations.
func TestPreferenceRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		open := f.dialogueDay
		open.RegistrationOpensAt = input.Clear[time.Time]()
		e, err := f.svc.Events.CreateEvent(ctx, f.memberA, open)
		if err != nil {
			t.Fatal(err)
		}
		other, err := f.svc.Events.CreateEvent(ctx, f.sys, fields(f.orgB, "Annan dag", time.Date(2027, 11, 3, 9, 0, 0, 0, event.Stockholm)))
		if err != nil {
			t.Fatal(err)
		}
		workshop := func(ev event.Event, day int, title string) string {
			from, to := time.Date(2027, ev.StartsAt.Month(), day, 13, 0, 0, 0, event.Stockholm), time.Date(2027, ev.StartsAt.Month(), day, 14, 30, 0, 0, event.Stockholm)
			b, err := f.svc.Events.CreateSession(ctx, f.sys, ev.ID, session(event.KindWorkshopBlock, "Workshoppar", &from, &to))
			if err != nil {
				t.Fatal(err)
			}
			w, err := f.svc.Events.CreateWorkshop(ctx, f.sys, ev.ID, event.WorkshopFields{SessionID: &b.ID, Theme: ptr("work"), Capacity: input.Of(20),
				Texts: map[string]event.ItemText{"sv": {Title: title}}})
			if err != nil {
				t.Fatal(err)
			}
			return w.ID
		}
		w1, w2, w3 := workshop(e, 20, "Arbete"), workshop(e, 20, "Boende"), workshop(e, 20, "Hälsa")
		foreign := workshop(other, 3, "Någon annans")
		reg := func(email string) (event.Registration, string) {
			r, tok, err := f.svc.Events.Register(ctx, e.ID, event.RegistrationInput{Name: "Deltagare", Email: email, Sector: "public", AcceptPrivacy: true}, "192.0.2.1")
			if err != nil {
				t.Fatal(err)
			}
			return r, tok
		}
		r1, tok := reg("a@example.org")
		pref := func(pairs ...any) event.PreferencesInput {
			in := event.PreferencesInput{}
			for i := 0; i < len(pairs); i += 2 {
				in.Preferences = append(in.Preferences, event.PreferenceInput{WorkshopID: pairs[i].(string), Rank: pairs[i+1].(int)})
			}
			return in
		}
		bad := []struct {
			name  string
			in    event.PreferencesInput
			field string
		}{
			{"same workshop twice", pref(w1, 1, w1, 2), "workshop_id"},
			{"same rank twice", pref(w1, 1, w2, 1), "rank"},
			{"rank zero", pref(w1, 0), "rank"},
			{"rank past the bound", pref(w1, event.MaxPreferences+1), "rank"},
			{"another event's workshop", pref(w1, 1, foreign, 2), "workshop_id"},
			{"no such workshop", pref("nope", 1), "workshop_id"},
			{"an empty workshop", pref("", 1), "workshop_id"},
		}
		for _, tt := range bad {
			_, err := f.svc.Events.SetPreferences(ctx, tok, tt.in, "192.0.2.1")
			if ae := apperr.As(err); ae.Code != apperr.Invalid || ae.Field != tt.field {
				t.Errorf("%s: %v (field %q), want invalid %q", tt.name, err, ae.Field, tt.field)
			}
		}
		if _, err := f.svc.Events.SetPreferences(ctx, "not-a-token", pref(w1, 1), ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("unknown token: %v", err)
		}
		got, err := f.svc.Events.SetPreferences(ctx, tok, pref(w3, 3, w1, 1), "192.0.2.1")
		if err != nil || len(got) != 2 || got[0].WorkshopID != w1 || got[1].WorkshopID != w3 || got[1].Rank != 2 {
			t.Errorf("ranks close up: %+v %v", got, err)
		}
		r2, tok2 := reg("b@example.org")
		if _, err := f.svc.Events.SetPreferences(ctx, tok2, pref(w2, 1), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Events.FindPreferences(ctx, actorB(f), e.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another organisation reads the preferences: %v", err)
		}
		all, err := f.svc.Events.FindPreferences(ctx, f.memberA, e.ID)
		if err != nil || len(all) != 3 || all[0].RegistrationID != r1.ID || all[2].RegistrationID != r2.ID {
			t.Errorf("organisers' list: %+v %v", all, err)
		}
		if _, err := f.svc.Events.CancelRegistration(ctx, tok2, ""); err != nil {
			t.Fatal(err)
		}
		if all, _ := f.svc.Events.FindPreferences(ctx, f.memberA, e.ID); len(all) != 2 {
			t.Errorf("a cancelled registration's choices are listed: %+v", all)
		}
		if _, err := f.svc.Events.SetPreferences(ctx, tok2, pref(w2, 1), ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("a cancelled registration ranks: %v", err)
		}
		// Deleting a workshop takes its preferences along, nothing else.
		if err := f.svc.Events.DeleteWorkshop(ctx, f.memberA, e.ID, w3); err != nil {
			t.Fatal(err)
		}
		if all, _ := f.svc.Events.FindPreferences(ctx, f.memberA, e.ID); len(all) != 1 || all[0].WorkshopID != w1 {
			t.Errorf("after deleting a workshop: %+v", all)
		}
	})
}

func actorB(f fixture) actor.Actor {
	return actor.Actor{UserID: "u-b", Role: actor.RoleMember, Memberships: map[string]string{f.orgB: actor.Editor}}
}
