package csvimport_test

import (
	"context"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/csvimport"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/org"
)

// FuzzImportCSV feeds arbitrary files to the importer and applies them:
// it never panics, never fails inside (a bad file is the user's error,
// named by row and column), every rejected row names where it is wrong,
// and exactly the rows it reports as created are written.
func FuzzImportCSV(f *testing.F) {
	seeds := []struct{ kind, body string }{
		{csvimport.Organisations, "name,sector,category,municipality\nRöda Korset Vimmerby,civil_society,humanitarian_organisation,0884\n"},
		{csvimport.Organisations, "name;sector;category;municipality;org_number\nABF;civil_society;study_association;Malmö;802004-2736\n"},
		{csvimport.Organisations, "name,sector,category,municipality\n\"=HYPERLINK(\"\"x\"\")\",public,municipality,0884\n"},
		{csvimport.Organisations, "\ufeffname,sector\n\"unterminated,x\n"},
		{csvimport.Organisations, "name,sector,category,municipality\na\rb,civil_society,association,0884\n"},
		{csvimport.Venues, "name,municipality,lat,lon,meeting_place\nBullerbyn,0884,57.66,15.85,ja\nX,0884,1e400,15,kanske\n"},
		{csvimport.Activities, "organisation,title_sv,recurrence,starts_on,start_time,end_time,venue\nVimmerby IF,Fotboll,weekly,2026-09-03,18:00,19:30,Bullerbyn\n"},
		{csvimport.Activities, "organisation,title_sv,recurrence,starts_on,start_time,end_time,online_url,municipality,cost_kr,age_min\nVimmerby IF,Forum,varje vecka,0001-01-01,25:00,19:30,ftp://x,0884,gratis,-1\n"},
		// Several errors in one row, names of values, prices in words, a
		// template's marked header, texts in other languages.
		{csvimport.Activities, "organisation*;title_sv*;recurrence*;starts_on*;start_time*;end_time*;venue;cost_kr;themes;target_groups;status\nOkänd;;ibland;2026-13-01;25:00;;Okänt hus;tio kr;Språk, matlagning;Barn|x;publicerad\n"},
		{csvimport.Activities, "organisation,title_sv,summary_ar,title_uk,description_prs,recurrence,starts_on,start_time,end_time,online_url,municipality,cost_kr\nVimmerby IF,Fika,ملخص,Кава,,Varannan vecka,2026-09-03,18:00,19:30,https://x.example,Vimmerby,50:-\n"},
		{csvimport.Organisations, "\ufeffname*;sector*;category*;municipality*;description_so\n;Civilsamhälle;kyrka;Atlantis;Qoraal\n"},
		{csvimport.Venues, "name,municipality,lat,lon,meeting_place,accessibility,description_ti\nX,Atlantis,norr,öst,kanske,Hörslinga|hiss,ጽሑፍ\n"},
	}
	for _, s := range seeds {
		f.Add(s.kind, s.body)
	}
	d := dbtest.Open(f, db.SQLite)
	svc := app.New(d, app.Config{})
	ctx := context.Background()
	sys := actor.System("fuzz")
	name, sector, cat, muni := "Vimmerby IF", "civil_society", "sports_club", "0884"
	if _, err := svc.Orgs.CreateOrganisation(ctx, sys, org.Fields{Name: &name, Sector: &sector, Category: &cat, Municipality: &muni}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, kind, body string) {
		switch kind {
		case csvimport.Organisations, csvimport.Venues, csvimport.Activities:
		default:
			return
		}
		before, err := svc.Orgs.FindOrganisations(ctx, org.Filter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := svc.Importer.Run(ctx, sys, kind, strings.NewReader(body), true)
		if err != nil {
			if ae := apperr.As(err); ae.Code != apperr.Invalid {
				t.Fatalf("Run(%s, %q): %v", kind, body, err)
			}
			return
		}
		for _, row := range plan.Rows {
			if row.Action == csvimport.Reject {
				if len(row.Errors) == 0 || row.Errors[0].Row < 2 {
					t.Fatalf("rejected row without a place: %+v", row)
				}
				if row.Errors[0].Key == "error.internal" {
					t.Fatalf("internal error on row %d of %q", row.Row, body)
				}
			}
		}
		after, err := svc.Orgs.FindOrganisations(ctx, org.Filter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if kind == csvimport.Organisations && after.Total != before.Total+plan.Created {
			t.Fatalf("%d organisations before, %d created, %d after", before.Total, plan.Created, after.Total)
		}
		if kind != csvimport.Organisations && after.Total != before.Total {
			t.Fatalf("a %s file changed the registry", kind)
		}
	})
}
