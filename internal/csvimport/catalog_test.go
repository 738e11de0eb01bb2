package csvimport_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/csvimport"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// The organisations venues and activities refer to, by name.
const ownersFile = "name,sector,category,municipality\n" +
	"Läxhjälpsföreningen,civil_society,association,1282\n" +
	"Bibliotekets vänner,civil_society,association,1282\n"

const venueHeader = "name,municipality,organisation,address,lat,lon,meeting_place,opening_hours,accessibility,description_sv\n"

const venueFile = venueHeader +
	"Stadsbiblioteket,Landskrona,läxhjälpsföreningen,Storgatan 1,\"55,870\",12.83,ja,mån–fre 10–19,step_free hearing_loop,Bibliotek vid torget\n" +
	"Folkets hus,1282,,Folkets väg 2,,,nej,,,\n" +
	",1282,,,,,,,,\n" +
	"Okänd ägare,1282,Ingen sådan förening,,,,,,,\n" +
	"Okänd kommun,Atlantis,,,,,,,,\n" +
	"Fel latitud,1282,,,norr,12.8,,,,\n" +
	"Fel longitud,1282,,,55.8,öst,,,,\n" +
	"Bara latitud,1282,,,55.87,,,,,\n" +
	"Utanför Sverige,1282,,,40.0,12.8,,,,\n" +
	"Fel mötesplats,1282,,,,,kanske,,,\n" +
	"Fel tillgänglighet,1282,,,,,,,hiss,\n"

var venueFileWant = []outcome{
	{2, csvimport.Create, "", ""},
	{3, csvimport.Create, "", ""},
	{4, csvimport.Reject, "name", "error.required"},
	{5, csvimport.Reject, "organisation", "error.csv_unknown"},
	{6, csvimport.Reject, "municipality", "import.error_municipality"},
	{7, csvimport.Reject, "lat", "error.coordinates"},
	{8, csvimport.Reject, "lon", "error.coordinates"},
	{9, csvimport.Reject, "lat", "error.coordinates"},
	{10, csvimport.Reject, "lat", "error.coordinates"},
	{11, csvimport.Reject, "meeting_place", "import.error_bool"},
	{12, csvimport.Reject, "accessibility", "import.error_choice"},
}

const actHeader = "organisation,title_sv,title_ar,recurrence,starts_on,start_time,end_time,venue,online_url,municipality,cost_kr,age_min,age_max,languages,themes,cancelled\n"

const actFile = actHeader +
	"Läxhjälpsföreningen,Läxhjälp,مساعدة في الواجبات,weekly,2026-12-01,16:00,18:00,stadsbiblioteket,,,0,,,sv ar so,education,2026-12-22\n" +
	"Bibliotekets vänner,Digitalt språkcafé,,weekly,2026-12-02,18:00,19:00,,https://meet.example.org/cafe,Landskrona,,,,sv,language,\n" +
	"Okänd förening,Schack,,weekly,2026-12-03,18:00,20:00,Stadsbiblioteket,,,,,,sv,,\n" +
	"Läxhjälpsföreningen,Schack,,weekly,2026-12-03,18:00,20:00,Okänt hus,,,,,,sv,,\n" +
	"Läxhjälpsföreningen,,,weekly,2026-12-03,18:00,20:00,Stadsbiblioteket,,,,,,sv,,\n" +
	"Läxhjälpsföreningen,Sent,,weekly,2026-12-03,18:00,17:00,Stadsbiblioteket,,,,,,sv,,\n" +
	"Läxhjälpsföreningen,Fel datum,,weekly,2026-13-01,18:00,20:00,Stadsbiblioteket,,,,,,sv,,\n" +
	"Läxhjälpsföreningen,Varje dag,,daily,2026-12-03,18:00,20:00,Stadsbiblioteket,,,,,,sv,,\n" +
	"Läxhjälpsföreningen,Kostnad,,weekly,2026-12-03,18:00,20:00,Stadsbiblioteket,,,tio kronor,,,sv,,\n" +
	"Läxhjälpsföreningen,Ålder,,weekly,2026-12-03,18:00,20:00,Stadsbiblioteket,,,0,tio,,sv,,\n" +
	"Läxhjälpsföreningen,Ålder bakvänd,,weekly,2026-12-03,18:00,20:00,Stadsbiblioteket,,,0,12,6,sv,,\n" +
	"Läxhjälpsföreningen,Okänt tema,,weekly,2026-12-03,18:00,20:00,Stadsbiblioteket,,,0,,,sv,cooking,\n" +
	"Läxhjälpsföreningen,Fel länk,,weekly,2026-12-03,18:00,20:00,,meet.example.org,1282,0,,,sv,,\n"

var actFileWant = []outcome{
	{2, csvimport.Create, "", ""},
	{3, csvimport.Create, "", ""},
	{4, csvimport.Reject, "organisation", "error.csv_unknown"},
	{5, csvimport.Reject, "venue", "error.csv_unknown"},
	{6, csvimport.Reject, "title_sv", "error.required"},
	{7, csvimport.Reject, "end_time", "error.end_before_start"},
	{8, csvimport.Reject, "starts_on", "error.date"},
	{9, csvimport.Reject, "recurrence", "import.error_choice"},
	{10, csvimport.Reject, "cost_kr", "import.error_cost"},
	{11, csvimport.Reject, "age_min", "import.error_number"},
	{12, csvimport.Reject, "age_max", "error.range"},
	{13, csvimport.Reject, "themes", "import.error_choice"},
	{14, csvimport.Reject, "online_url", "error.url"},
}

func checkRows(t *testing.T, p csvimport.Plan, want []outcome) {
	t.Helper()
	got := outcomes(p)
	for i, w := range want {
		t.Run(fmt.Sprintf("row %d", w.Row), func(t *testing.T) {
			if i >= len(got) || got[i] != w {
				var g any = "missing"
				if i < len(got) {
					g = got[i]
				}
				t.Errorf("got %+v, want %+v", g, w)
			}
		})
	}
	if len(got) != len(want) {
		t.Errorf("%d rows, want %d", len(got), len(want))
	}
}

func (e *env) venues() []catalog.Venue {
	e.t.Helper()
	vs, err := e.svc.Catalog.FindVenues(context.Background(), actor.System("test"), catalog.VenueFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return vs
}

func (e *env) activities() []catalog.ActivityKey {
	e.t.Helper()
	keys, err := e.svc.Catalog.FindActivityKeys(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return keys
}

func TestVenues(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.run(csvimport.Organisations, ownersFile, true)
		t.Run("dry run", func(t *testing.T) {
			log := e.auditLength()
			p := e.run(csvimport.Venues, venueFile, false)
			checkRows(t, p, venueFileWant)
			if n := len(e.venues()); n != 0 || e.auditLength() != log {
				t.Errorf("the dry run wrote %d venues, %d audit entries", n, e.auditLength()-log)
			}
		})
		t.Run("apply", func(t *testing.T) {
			p := e.run(csvimport.Venues, venueFile, true)
			if c := counts(p); c != [4]int{2, 0, 0, 9} {
				t.Errorf("created, updated, unchanged, rejected = %v, want [2 0 0 9]", c)
			}
			if n := len(e.venues()); n != 2 {
				t.Errorf("%d venues, want 2", n)
			}
		})
		t.Run("the same file again", func(t *testing.T) {
			log := e.auditLength()
			p := e.run(csvimport.Venues, venueFile, true)
			if c := counts(p); c != [4]int{0, 0, 2, 9} {
				t.Errorf("created, updated, unchanged, rejected = %v, want [0 0 2 9]", c)
			}
			if got := e.auditLength(); got != log {
				t.Errorf("re-import added %d audit entries, want 0", got-log)
			}
		})
		t.Run("a changed opening time is an update", func(t *testing.T) {
			changed := venueHeader + "Stadsbiblioteket,Landskrona,Läxhjälpsföreningen,Storgatan 1,55.87,12.83,ja,mån–tor 10–19,step_free hearing_loop,Bibliotek vid torget\n"
			p := e.run(csvimport.Venues, changed, true)
			if c := counts(p); c != [4]int{0, 1, 0, 0} {
				t.Errorf("created, updated, unchanged, rejected = %v, want [0 1 0 0]", c)
			}
			var v catalog.Venue
			for _, x := range e.venues() {
				if x.Name == "Stadsbiblioteket" {
					v, _ = e.svc.Catalog.FindVenueByID(context.Background(), actor.System("test"), x.ID)
				}
			}
			if v.OpeningHours != "mån–tor 10–19" || v.OrganisationID != e.org("Läxhjälpsföreningen").ID || !v.MeetingPlace ||
				v.Lat == nil || *v.Lat != 55.87 || fmt.Sprint(v.Accessibility) != "[step_free hearing_loop]" {
				t.Errorf("venue = %+v", v)
			}
		})
	})
}

func TestActivities(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.run(csvimport.Organisations, ownersFile, true)
		e.run(csvimport.Venues, venueFile, true)
		t.Run("dry run", func(t *testing.T) {
			log := e.auditLength()
			p := e.run(csvimport.Activities, actFile, false)
			checkRows(t, p, actFileWant)
			if n := len(e.activities()); n != 0 || e.auditLength() != log {
				t.Errorf("the dry run wrote %d activities, %d audit entries", n, e.auditLength()-log)
			}
		})
		t.Run("apply", func(t *testing.T) {
			p := e.run(csvimport.Activities, actFile, true)
			if c := counts(p); c != [4]int{2, 0, 0, 11} {
				t.Errorf("created, updated, unchanged, rejected = %v, want [2 0 0 11]", c)
			}
			if n := len(e.activities()); n != 2 {
				t.Errorf("%d activities, want 2", n)
			}
		})
		t.Run("the same file again", func(t *testing.T) {
			log := e.auditLength()
			p := e.run(csvimport.Activities, actFile, true)
			if c := counts(p); c != [4]int{0, 0, 2, 11} {
				t.Errorf("created, updated, unchanged, rejected = %v, want [0 0 2 11]", c)
			}
			if got := e.auditLength(); got != log {
				t.Errorf("re-import added %d audit entries, want 0", got-log)
			}
		})
		changes := []struct {
			name, row string
			check     func(a catalog.Activity) bool
		}{
			{"end time", "Läxhjälpsföreningen,Läxhjälp,مساعدة في الواجبات,weekly,2026-12-01,16:00,18:30,Stadsbiblioteket,,,0,,,sv ar so,education,2026-12-22",
				func(a catalog.Activity) bool { return a.Schedule.EndTime == "18:30" }},
			{"cost", "Läxhjälpsföreningen,Läxhjälp,مساعدة في الواجبات,weekly,2026-12-01,16:00,18:30,Stadsbiblioteket,,,50,,,sv ar so,education,2026-12-22",
				func(a catalog.Activity) bool { return a.CostKr == 50 }},
			{"Arabic title", "Läxhjälpsföreningen,Läxhjälp,واجبات,weekly,2026-12-01,16:00,18:30,Stadsbiblioteket,,,50,,,sv ar so,education,2026-12-22",
				func(a catalog.Activity) bool { return a.Texts["ar"].Title == "واجبات" }},
			{"Arabic title removed", "Läxhjälpsföreningen,Läxhjälp,,weekly,2026-12-01,16:00,18:30,Stadsbiblioteket,,,50,,,sv ar so,education,2026-12-22",
				func(a catalog.Activity) bool { _, ok := a.Texts["ar"]; return !ok }},
			{"cancelled dates", "Läxhjälpsföreningen,Läxhjälp,,weekly,2026-12-01,16:00,18:30,Stadsbiblioteket,,,50,,,sv ar so,education,2026-12-29 2026-12-22",
				func(a catalog.Activity) bool { return fmt.Sprint(a.Schedule.Cancelled) == "[2026-12-22 2026-12-29]" }},
			{"age range", "Läxhjälpsföreningen,Läxhjälp,,weekly,2026-12-01,16:00,18:30,Stadsbiblioteket,,,50,12,16,sv ar so,education,2026-12-22 2026-12-29",
				func(a catalog.Activity) bool {
					return a.AgeMin != nil && *a.AgeMin == 12 && a.AgeMax != nil && *a.AgeMax == 16
				}},
		}
		for _, ch := range changes {
			t.Run("changed "+ch.name, func(t *testing.T) {
				file := actHeader + ch.row + "\n"
				before := len(e.activities())
				if p := e.run(csvimport.Activities, file, false); counts(p) != [4]int{0, 1, 0, 0} {
					t.Fatalf("dry run: %v, want one update; rows %+v", counts(p), outcomes(p))
				}
				log := e.auditLength()
				if p := e.run(csvimport.Activities, file, true); counts(p) != [4]int{0, 1, 0, 0} || p.Rows[0].Action != csvimport.Update {
					t.Fatalf("apply: %v, want one update", counts(p))
				}
				if e.auditLength() == log {
					t.Error("the update wrote no audit entry")
				}
				keys := e.activities()
				if len(keys) != before {
					t.Errorf("%d activities after an update, want %d", len(keys), before)
				}
				var a catalog.Activity
				for _, k := range keys {
					if k.Title == "Läxhjälp" {
						a, _ = e.svc.Catalog.FindActivityByID(context.Background(), k.ID)
					}
				}
				if !ch.check(a) {
					t.Errorf("activity after the update = %+v", a)
				}
				if p := e.run(csvimport.Activities, file, false); counts(p) != [4]int{0, 0, 1, 0} {
					t.Errorf("the changed file again: %v, want unchanged", counts(p))
				}
			})
		}
		t.Run("a changed title is a new activity", func(t *testing.T) {
			file := actHeader + "Läxhjälpsföreningen,Läxhjälp för vuxna,,weekly,2026-12-01,16:00,18:30,Stadsbiblioteket,,,50,12,16,sv ar so,education,\n"
			if p := e.run(csvimport.Activities, file, false); counts(p) != [4]int{1, 0, 0, 0} {
				t.Errorf("%v, want one create: title, organisation and venue are the key", counts(p))
			}
		})
		t.Run("the activity takes the venue's municipality", func(t *testing.T) {
			for _, k := range e.activities() {
				a, err := e.svc.Catalog.FindActivityByID(context.Background(), k.ID)
				if err != nil {
					t.Fatal(err)
				}
				if a.Municipality != "1282" {
					t.Errorf("%s: municipality %q, want 1282", k.Title, a.Municipality)
				}
			}
		})
	})
}
