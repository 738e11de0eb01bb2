package catalog_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/org"
)

// now is a fixed Tuesday, 2026-12-01 09:00 in Stockholm.
var now = time.Date(2026, 12, 1, 9, 0, 0, 0, catalog.Stockholm)

type fixture struct {
	svc      *catalog.Service
	sys      actor.Actor
	orgID    string
	otherOrg string
	venue    catalog.Venue
}

func setup(t testing.TB, d *db.DB) fixture {
	t.Helper()
	ctx := context.Background()
	orgs := &org.Service{DB: d, Now: db.Now, OnRename: catalog.ReindexOrganisationTx}
	mk := func(name, muni string) string {
		sector, cat := "civil_society", "association"
		o, err := orgs.CreateOrganisation(ctx, actor.System("t"), org.Fields{Name: &name, Sector: &sector, Category: &cat, Municipality: &muni})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	f := fixture{svc: &catalog.Service{DB: d, Now: func() time.Time { return now }}, sys: actor.System("t")}
	f.orgID, f.otherOrg = mk("Vimmerby IF", "0884"), mk("Vimmerby bibliotek", "0884")
	lat, lon := 57.665, 15.855
	v, err := f.svc.CreateVenue(ctx, f.sys, catalog.VenueFieldsOf(catalog.Venue{Name: "Mötesplats Bullerbyn", Municipality: "0884", Lat: &lat, Lon: &lon, MeetingPlace: true,
		Accessibility: []string{"step_free"}, Descriptions: map[string]string{"sv": "Mötesplats i Vimmerby"}}))
	if err != nil {
		t.Fatal(err)
	}
	f.venue = v
	return f
}

func activity(f fixture, title string, s catalog.Schedule) catalog.Activity {
	return catalog.Activity{OrganisationID: f.orgID, VenueID: f.venue.ID, Texts: map[string]catalog.Text{"sv": {Title: title}},
		Languages: []string{"sv", "ar"}, Themes: []string{"language"}, TargetGroups: []string{"newcomers"}, Schedule: s}
}

func weekly(day, clock string) catalog.Schedule {
	return catalog.Schedule{Recurrence: catalog.Weekly, StartsOn: day, StartTime: clock, EndTime: "20:00"}
}

func TestSearchIsSwedishAware(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		for _, a := range []catalog.Activity{
			activity(f, "Läxhjälp för högstadiet", weekly("2026-11-30", "16:00")),
			activity(f, "Språkcafé på tisdagar", weekly("2026-12-01", "18:00")),
			activity(f, "Laxfiske i Stångån", weekly("2026-12-05", "10:00")),
		} {
			if _, err := f.svc.CreateActivity(ctx, f.sys, catalog.FieldsOf(a)); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			q    string
			want []string
		}{
			{"läxhjälp", []string{"Läxhjälp för högstadiet"}},
			{"läx", []string{"Läxhjälp för högstadiet"}},
			{"lax", []string{"Laxfiske i Stångån"}},
			{"språkcafe", []string{"Språkcafé på tisdagar"}},
			{"SPRÅKCAFÉ", []string{"Språkcafé på tisdagar"}},
			{"sprakcafe", nil},
			{"bullerbyn", []string{"Läxhjälp för högstadiet", "Språkcafé på tisdagar", "Laxfiske i Stångån"}}, // the venue's name
			{`"språk":* -()`, []string{"Språkcafé på tisdagar"}},                                              // FTS and tsquery syntax is not passed through
		}
		// Words together with the filters that are also index facets.
		for _, tt := range []struct {
			f    catalog.Filter
			want int
		}{
			{catalog.Filter{Query: "språkcafe", Language: "ar", County: "08"}, 1},
			{catalog.Filter{Query: "språkcafe", Language: "ar", Municipality: "0884", Theme: "language", TargetGroup: "newcomers"}, 1},
			{catalog.Filter{Query: "språkcafe", Language: "so"}, 0},
			{catalog.Filter{Query: "språkcafe", County: "12"}, 0},
			{catalog.Filter{Query: "språkcafe", Theme: "sport"}, 0},
			{catalog.Filter{Query: "språkcafe", TargetGroup: "seniors"}, 0},
		} {
			res, err := f.svc.FindActivities(ctx, tt.f)
			if err != nil || res.Total != tt.want {
				t.Errorf("%+v: %d hits, %v; want %d", tt.f, res.Total, err, tt.want)
			}
		}
		for _, tt := range tests {
			res, err := f.svc.FindActivities(ctx, catalog.Filter{Query: tt.q})
			if err != nil {
				t.Fatalf("%q: %v", tt.q, err)
			}
			if res.Total != len(tt.want) {
				t.Errorf("%q: %d hits, want %v", tt.q, res.Total, tt.want)
				continue
			}
			got := map[string]bool{}
			for _, h := range res.Items {
				got[h.Texts["sv"].Title] = true
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("%q: missing %q", tt.q, w)
				}
			}
		}
	})
}

func TestSearchFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		ended := weekly("2026-01-06", "18:00")
		ended.EndsOn = "2026-06-30"
		paid := activity(f, "Simskola", weekly("2026-12-03", "10:00"))
		paid.CostKr = 200
		paid.Languages = []string{"sv"}
		online := activity(f, "Digital läxhjälp", weekly("2026-12-02", "19:00"))
		online.VenueID, online.OnlineURL, online.Municipality = "", "https://meet.example.org/laxhjalp", "1282"
		online.TargetGroups = []string{"youth"}
		monthly := activity(f, "Föräldraträff", catalog.Schedule{Recurrence: catalog.Monthly, StartsOn: "2026-12-15", StartTime: "17:30", EndTime: "19:00"})
		for _, a := range []catalog.Activity{activity(f, "Språkcafé", weekly("2026-12-01", "18:00")), activity(f, "Gammalt", ended), paid, online, monthly} {
			if _, err := f.svc.CreateActivity(ctx, f.sys, catalog.FieldsOf(a)); err != nil {
				t.Fatal(err)
			}
		}
		tue, thu := 2, 4
		tests := []struct {
			name   string
			filter catalog.Filter
			want   int
		}{
			{"all published", catalog.Filter{}, 5},
			{"free only", catalog.Filter{FreeOnly: true}, 4},
			{"Arabic", catalog.Filter{Language: "ar"}, 4},
			{"Tuesdays", catalog.Filter{Weekday: &tue}, 3},
			{"Thursday mornings", catalog.Filter{Weekday: &thu, TimeOfDay: "morning"}, 1},
			{"evenings", catalog.Filter{TimeOfDay: "evening"}, 4},
			{"this week", catalog.Filter{ThisWeek: true}, 3}, // språkcafé, simskola, digital; not the ended one, not the 15th
			{"in Landskrona", catalog.Filter{Municipality: "1282"}, 1},
			{"in Kalmar county", catalog.Filter{County: "08"}, 4},
			{"youth", catalog.Filter{TargetGroup: "youth"}, 1},
			{"near Vimmerby", catalog.Filter{Near: &catalog.Point{Lat: 57.66, Lon: 15.86}, RadiusKm: 5}, 4},
			{"near Malmö", catalog.Filter{Near: &catalog.Point{Lat: 55.6, Lon: 13.0}, RadiusKm: 20}, 0},
			{"at the venue", catalog.Filter{VenueID: f.venue.ID}, 4},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res, err := f.svc.FindActivities(ctx, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != tt.want {
					var titles []string
					for _, h := range res.Items {
						titles = append(titles, h.Texts["sv"].Title)
					}
					t.Errorf("%d hits %v, want %d", res.Total, titles, tt.want)
				}
			})
		}
		// A place by name is a point: Vimmerby's inner point is within 5 km
		// of the venue; a place and a point together, or a place nobody
		// knows, are refused naming the field.
		for _, tt := range []struct {
			query string
			want  int
			field string
		}{
			{"place=vimmerby+kommun&radius_km=5", 4, ""},
			{"place=Malm%C3%B6&radius_km=20", 0, ""},
			{"place=Lyckeby", 0, "place"},
			{"place=Vimmerby&lat=57.6&lon=15.8", 0, "place"},
			{"place=Vimmerby&radius_km=0", 0, "radius_km"},
		} {
			q, _ := url.ParseQuery(tt.query)
			pf, err := catalog.ParseFilter(q)
			if tt.field != "" {
				if ae := apperr.As(err); err == nil || ae.Field != tt.field {
					t.Errorf("%s: %v, want invalid %s", tt.query, err, tt.field)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.query, err)
			}
			res, err := f.svc.FindActivities(ctx, pf)
			if err != nil || res.Total != tt.want {
				t.Errorf("%s: %d hits, %v; want %d", tt.query, res.Total, err, tt.want)
			}
		}
		// Sorted by next occurrence: today's language café first.
		res, _ := f.svc.FindActivities(ctx, catalog.Filter{Sort: "next"})
		if res.Items[0].Texts["sv"].Title != "Språkcafé" || res.Items[0].Next == nil {
			t.Errorf("first by next occurrence: %+v", res.Items[0].Texts)
		}
		for _, bad := range []catalog.Filter{{Theme: "cooking"}, {TimeOfDay: "night"}, {Sort: "distance"}, {Municipality: "0000"}, {Limit: 101}} {
			if _, err := f.svc.FindActivities(ctx, bad); apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("%+v: %v, want invalid", bad, err)
			}
		}
	})
}

func TestActivityRulesAndFreshness(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		editor := actor.Actor{UserID: "u1", Role: actor.RoleMember, Memberships: map[string]string{f.otherOrg: actor.Editor}}
		a := activity(f, "Läsprojekt för nyanlända", weekly("2026-12-02", "15:00"))
		a.CoOrganisers = []string{f.otherOrg}
		if _, err := f.svc.CreateActivity(ctx, editor, catalog.FieldsOf(a)); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("editor of a co-organiser creates for the owner: %v, want forbidden", err)
		}
		saved, err := f.svc.CreateActivity(ctx, f.sys, catalog.FieldsOf(a))
		if err != nil {
			t.Fatal(err)
		}
		if len(saved.CoOrganiserNames) != 1 || saved.CoOrganiserNames[0] != "Vimmerby bibliotek" || saved.Municipality != "0884" {
			t.Errorf("saved: %+v", saved)
		}
		res, _ := f.svc.FindActivities(ctx, catalog.Filter{OrganisationID: f.otherOrg})
		if res.Total != 1 {
			t.Errorf("co-organiser's activities: %d", res.Total)
		}
		bad := []struct {
			name  string
			edit  func(*catalog.Activity)
			field string
		}{
			{"no Swedish title", func(a *catalog.Activity) { a.Texts = map[string]catalog.Text{"en": {Title: "Reading"}} }, "title_sv"},
			{"neither venue nor online", func(a *catalog.Activity) { a.VenueID = "" }, "venue_id"},
			{"negative cost", func(a *catalog.Activity) { a.CostKr = -5 }, "cost_kr"},
			{"age range reversed", func(a *catalog.Activity) { min, max := 12, 6; a.AgeMin, a.AgeMax = &min, &max }, "age_max"},
			{"unknown theme", func(a *catalog.Activity) { a.Themes = []string{"cooking"} }, "themes"},
			{"unknown status", func(a *catalog.Activity) { a.Status = "hidden" }, "status"},
			{"bad schedule", func(a *catalog.Activity) { a.Schedule.EndTime = "14:00" }, "end_time"},
		}
		for _, tt := range bad {
			b := activity(f, "X", weekly("2026-12-02", "15:00"))
			tt.edit(&b)
			if _, err := f.svc.CreateActivity(ctx, f.sys, catalog.FieldsOf(b)); apperr.As(err).Field != tt.field {
				t.Errorf("%s: %v, want field %s", tt.name, err, tt.field)
			}
		}
		// Nine months without confirmation makes it stale; confirming fixes it.
		f.svc.Now = func() time.Time { return now.Add(catalog.StaleAfter + time.Hour) }
		got, _ := f.svc.FindActivityByID(ctx, saved.ID)
		if !got.Stale {
			t.Error("not stale after nine months")
		}
		if err := f.svc.ConfirmActivity(ctx, f.sys, saved.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ = f.svc.FindActivityByID(ctx, saved.ID); got.Stale {
			t.Error("still stale after confirming")
		}
		// Drafts are not in the public search.
		draft := activity(f, "Utkast", weekly("2026-12-02", "15:00"))
		draft.Status = catalog.Draft
		if _, err := f.svc.CreateActivity(ctx, f.sys, catalog.FieldsOf(draft)); err != nil {
			t.Fatal(err)
		}
		if res, _ := f.svc.FindActivities(ctx, catalog.Filter{Query: "utkast"}); res.Total != 0 {
			t.Error("a draft is searchable")
		}
	})
}

// TestUpdatesUpdate proves that saving an activity or a venue changes its
// row in place: a row elsewhere that references it with ON DELETE CASCADE
// (as registrations, matches and actions will) survives every kind of edit.
func TestUpdatesUpdate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		a, err := f.svc.CreateActivity(ctx, f.sys, catalog.FieldsOf(activity(f, "Läxhjälp", weekly("2026-12-02", "15:00"))))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `CREATE TABLE test_refs (activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
			venue_id TEXT NOT NULL REFERENCES venues(id) ON DELETE CASCADE)`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `INSERT INTO test_refs (activity_id, venue_id) VALUES (?, ?)`, a.ID, f.venue.ID); err != nil {
			t.Fatal(err)
		}
		title, status, cost := "Läxhjälp på tisdagar", catalog.Draft, 20
		themes := []string{"education"}
		sched := weekly("2026-12-08", "16:00")
		edits := []catalog.ActivityFields{
			{Texts: map[string]catalog.Text{"sv": {Title: title}, "en": {Title: "Homework help"}}},
			{Status: &status, CostKr: &cost, Themes: &themes},
			{Schedule: &sched, CoOrganisers: &[]string{f.otherOrg}},
			{AgeMin: input.Of(6), AgeMax: input.Of(12)},
			{AgeMin: input.Clear[int](), AgeMax: input.Clear[int]()},
		}
		for i, e := range edits {
			if _, err := f.svc.UpdateActivity(ctx, f.sys, a.ID, e); err != nil {
				t.Fatalf("edit %d: %v", i, err)
			}
		}
		name := "Bullerbyn"
		if _, err := f.svc.UpdateVenue(ctx, f.sys, f.venue.ID, catalog.VenueFields{Name: &name}); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM test_refs`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("references after edits: %d, %v; want 1 (an edit deleted the row)", n, err)
		}
		got, err := f.svc.FindActivityByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Texts["sv"].Title != title || got.Texts["en"].Title != "Homework help" || got.Status != catalog.Draft || got.CostKr != 20 ||
			got.AgeMin != nil || got.AgeMax != nil || len(got.CoOrganisers) != 1 || got.Schedule.StartsOn != "2026-12-08" ||
			!got.CreatedAt.Equal(a.CreatedAt) || got.VenueName != "Bullerbyn" || len(got.Languages) != 2 {
			t.Errorf("after edits: %+v", got)
		}
		// A field left out keeps its value; a language given without a title is removed.
		if _, err := f.svc.UpdateActivity(ctx, f.sys, a.ID, catalog.ActivityFields{Texts: map[string]catalog.Text{"en": {}}}); err != nil {
			t.Fatal(err)
		}
		got, _ = f.svc.FindActivityByID(ctx, a.ID)
		if _, ok := got.Texts["en"]; ok || got.CostKr != 20 {
			t.Errorf("partial edit: %+v", got)
		}
		// The renamed venue's name is in the index at once.
		f.svc.Now = func() time.Time { return now }
		published := catalog.Published
		if _, err := f.svc.UpdateActivity(ctx, f.sys, a.ID, catalog.ActivityFields{Status: &published}); err != nil {
			t.Fatal(err)
		}
		if res, _ := f.svc.FindActivities(ctx, catalog.Filter{Query: "bullerbyn"}); res.Total != 1 {
			t.Errorf("search for the venue's new name: %d hits, want 1", res.Total)
		}
	})
}
