package csvimport_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/csvimport"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/i18n"
)

// errorsOf lists a row's errors as "column key".
func errorsOf(r csvimport.RowResult) []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Column+" "+e.Key)
	}
	return out
}

func TestEveryErrorOfARow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.run(csvimport.Organisations, ownersFile, true)
		e.run(csvimport.Venues, venueFile, true)
		tests := []struct {
			name string
			kind string
			file string
			want []string
			// args: in the arguments of the first error at a list column, as fmt prints them
			args string
		}{
			{"an activity wrong in five columns", csvimport.Activities,
				"organisation,title_sv,recurrence,starts_on,start_time,end_time,venue,cost_kr,themes\n" +
					"Okänd förening,Schack,ibland,2026-13-01,25:00,19:00,Stadsbiblioteket,tio kronor,language\n",
				[]string{"organisation error.csv_unknown", "recurrence import.error_choice", "starts_on error.date", "start_time error.time", "cost_kr import.error_cost"},
				"allowed once, weekly, biweekly, monthly"},
			{"an organisation wrong in four columns", csvimport.Organisations,
				"name,sector,category,municipality,email\n,kyrka,klubb,Atlantis,info(at)example.org\n",
				[]string{"name error.required", "sector import.error_choice", "category import.error_choice", "municipality import.error_municipality", "email error.email"},
				"allowed civil_society, public, business, academia, other"},
			{"a venue wrong in three columns", csvimport.Venues,
				"name,municipality,lat,lon,meeting_place,accessibility\nX,Atlantis,norr,12.8,kanske,hiss step_free\n",
				[]string{"municipality import.error_municipality", "lat error.coordinates", "meeting_place import.error_bool", "accessibility import.error_choice"},
				"allowed step_free, "},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := e.run(tt.kind, tt.file, false)
				if len(p.Rows) != 1 || p.Rows[0].Action != csvimport.Reject {
					t.Fatalf("rows = %+v, want one rejected", p.Rows)
				}
				if got := errorsOf(p.Rows[0]); strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
					t.Errorf("errors = %q\nwant     %q", got, tt.want)
				}
				for _, er := range p.Rows[0].Errors {
					if er.Key == "import.error_choice" {
						if !strings.Contains(fmt.Sprint(er.Args), tt.args) {
							t.Errorf("%s: args %v, want %s", er.Column, er.Args, tt.args)
						}
						break
					}
				}
			})
		}
	})
}

func TestNamesOfValues(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.run(csvimport.Organisations, ownersFile, true)
		e.run(csvimport.Venues, venueFile, true)
		file := "organisation,title_sv,recurrence,starts_on,start_time,end_time,venue,cost_kr,themes,target_groups,status,languages\n" +
			"Läxhjälpsföreningen,Läxhjälp,Varje vecka,2026-12-01,16:00,18:00,Stadsbiblioteket,gratis,\"Språk, Utbildning\",Barn|newcomers,publicerad,\"svenska, arabiska\"\n" +
			"Läxhjälpsföreningen,Schack,every other week,2026-12-01,16:00,18:00,Stadsbiblioteket,0 kr,language work,,,sv so\n" +
			"Läxhjälpsföreningen,Sy,varje månad,2026-12-01,16:00,18:00,Stadsbiblioteket,50 kr,,,draft,Somali\n" +
			"Läxhjälpsföreningen,Fika,once,2026-12-01,16:00,18:00,Stadsbiblioteket,free,,,,\n"
		p := e.run(csvimport.Activities, file, true)
		if p.Created != 4 {
			t.Fatalf("created %d, want 4; rows %+v", p.Created, p.Rows)
		}
		want := map[string]string{
			"Läxhjälp": "weekly 0 [education language] [children newcomers] published [ar sv]",
			"Schack":   "biweekly 0 [language work] [] published [so sv]",
			"Sy":       "monthly 50 [] [] draft [so]",
			"Fika":     "once 0 [] [] published []",
		}
		for _, k := range e.activities() {
			a, err := e.svc.Catalog.FindActivityByID(context.Background(), k.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprintf("%s %d %v %v %s %v", a.Schedule.Recurrence, a.CostKr, a.Themes, a.TargetGroups, a.Status, slices.Sorted(slices.Values(a.Languages)))
			if got != want[k.Title] {
				t.Errorf("%s: %s, want %s", k.Title, got, want[k.Title])
			}
		}
	})
}

func TestTextColumnsInEveryLanguage(t *testing.T) {
	for _, kind := range []string{csvimport.Organisations, csvimport.Venues, csvimport.Activities} {
		have := map[string]bool{}
		for _, c := range csvimport.Columns[kind] {
			have[c] = true
		}
		fields := []string{"description"}
		if kind == csvimport.Activities {
			fields = []string{"title", "summary", "description"}
		}
		for _, l := range i18n.Languages {
			for _, f := range fields {
				if !have[f+"_"+l.Code] {
					t.Errorf("%s: no column %s_%s", kind, f, l.Code)
				}
			}
		}
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.run(csvimport.Organisations, "name,sector,category,municipality,description_sv,description_uk,description_ti\n"+
			"Läxhjälpsföreningen,civil_society,association,1282,Läxhjälp,Допомога з домашніми завданнями,ሓገዝ\n", true)
		o := e.org("Läxhjälpsföreningen")
		if o.Descriptions["uk"] != "Допомога з домашніми завданнями" || o.Descriptions["ti"] != "ሓገዝ" {
			t.Errorf("descriptions = %v", o.Descriptions)
		}
		e.run(csvimport.Venues, venueFile, true)
		p := e.run(csvimport.Activities, "organisation,title_sv,summary_sv,title_so,summary_so,title_fa,summary_en,recurrence,starts_on,start_time,end_time,venue\n"+
			"Läxhjälpsföreningen,Läxhjälp,Varje tisdag,Caawinta casharrada,Talaado kasta,کمک درسی,,weekly,2026-12-01,16:00,18:00,Stadsbiblioteket\n"+
			"Läxhjälpsföreningen,Schack,,,,,Chess on Tuesdays,weekly,2026-12-01,16:00,18:00,Stadsbiblioteket\n", true)
		if p.Created != 1 || len(p.Rows) != 2 || fmt.Sprint(errorsOf(p.Rows[1])) != "[title_en import.error_title]" {
			t.Fatalf("rows = %+v, want one created and a summary without a title refused", p.Rows)
		}
		a, err := e.svc.Catalog.FindActivityByID(context.Background(), e.activities()[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Texts["so"].Title != "Caawinta casharrada" || a.Texts["so"].Summary != "Talaado kasta" || a.Texts["fa"].Title != "کمک درسی" {
			t.Errorf("texts = %+v", a.Texts)
		}
	})
}

func TestTemplate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, kind := range []string{csvimport.Organisations, csvimport.Venues, csvimport.Activities} {
			t.Run(kind, func(t *testing.T) {
				var b bytes.Buffer
				if err := csvimport.WriteTemplate(&b, kind); err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(b.Bytes(), []byte("\ufeff")) {
					t.Error("no byte order mark: Excel would read the file as Windows-1252")
				}
				r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff"))))
				r.Comma = ';'
				rows, err := r.ReadAll()
				if err != nil || len(rows) != 1 {
					t.Fatalf("template = %q (%v), want one header row", b.String(), err)
				}
				for i, h := range rows[0] {
					col := csvimport.Columns[kind][i]
					if marked := strings.HasSuffix(h, csvimport.RequiredMark); marked != csvimport.Required(kind, col) || strings.TrimSuffix(h, csvimport.RequiredMark) != col {
						t.Errorf("header %q for column %s (required %v)", h, col, csvimport.Required(kind, col))
					}
				}
				// The template with nothing filled in imports as an empty file.
				if p := e.run(kind, b.String(), false); len(p.Rows) != 0 {
					t.Errorf("the empty template gave rows %+v", p.Rows)
				}
			})
		}
		t.Run("filled in", func(t *testing.T) {
			var b bytes.Buffer
			if err := csvimport.WriteTemplate(&b, csvimport.Organisations); err != nil {
				t.Fatal(err)
			}
			row := make([]string, len(csvimport.Columns[csvimport.Organisations]))
			copy(row, []string{"Läxhjälpsföreningen", "Civilsamhälle", "Ideell förening", "Landskrona"})
			p := e.run(csvimport.Organisations, b.String()+strings.Join(row, ";")+"\r\n", true)
			if p.Created != 1 {
				t.Fatalf("rows = %+v, want one created", p.Rows)
			}
			if o := e.org("Läxhjälpsföreningen"); o.Sector != "civil_society" || o.Category != "association" || o.MunicipalityCode != "1282" {
				t.Errorf("organisation = %+v", o)
			}
		})
		if err := csvimport.WriteTemplate(&bytes.Buffer{}, "members"); err == nil {
			t.Error("a template of an unknown kind was written")
		}
	})
}

// TestWeekdaysColumn: an activity meeting on several weekdays is one row,
// its days given by number or by name in any language; importing the same
// file again changes nothing, and a file without the days keeps the start
// date's weekday.
func TestWeekdaysColumn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.run(csvimport.Organisations, "name,sector,category,municipality\nLyckeby BTK,civil_society,sports_club,1080\nLäxhjälpsföreningen,civil_society,association,1282\n", true)
		e.run(csvimport.Venues, venueFile, true)
		file := "organisation,title_sv,recurrence,starts_on,start_time,end_time,venue,weekdays\n" +
			"Lyckeby BTK,Bordtennis,weekly,2026-12-01,18:00,20:00,Folkets hus,\"tisdag, Thursday\"\n" +
			"Lyckeby BTK,Pingis för nybörjare,weekly,2026-12-01,17:00,18:00,Folkets hus,2;4\n" +
			"Lyckeby BTK,Fel dag,weekly,2026-12-01,17:00,18:00,Folkets hus,blåmåndag\n"
		p := e.run(csvimport.Activities, file, true)
		if p.Created != 2 || len(p.Rows) != 3 || fmt.Sprint(errorsOf(p.Rows[2])) != "[weekdays import.error_choice]" {
			t.Fatalf("rows = %+v", p.Rows)
		}
		for _, ref := range e.activities() {
			a, err := e.svc.Catalog.FindActivityByID(context.Background(), ref.ID)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(a.Schedule.Days()) != "[2 4]" {
				t.Errorf("days = %v, want Tuesday and Thursday", a.Schedule.Days())
			}
		}
		if again := e.run(csvimport.Activities, file, true); again.Created != 0 || again.Updated != 0 {
			t.Errorf("the same file again: %d created, %d updated", again.Created, again.Updated)
		}
	})
}
