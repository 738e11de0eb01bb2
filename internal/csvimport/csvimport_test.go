package csvimport_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/csvimport"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/org"
)

// env is one test's services on a fresh database, and a staff actor to
// import with.
type env struct {
	t   *testing.T
	svc *app.Services
	sys actor.Actor
}

func newEnv(t *testing.T, d *db.DB) *env {
	return &env{t: t, svc: app.New(d, app.Config{BaseURL: "https://samverkan.test"}), sys: actor.System("test")}
}

func (e *env) run(kind, file string, apply bool) csvimport.Plan {
	e.t.Helper()
	p, err := e.svc.Importer.Run(context.Background(), e.sys, kind, strings.NewReader(file), apply)
	if err != nil {
		e.t.Fatalf("import %s: %v", kind, err)
	}
	return p
}

func (e *env) organisations() []org.Organisation {
	e.t.Helper()
	all, err := e.svc.Orgs.FindAllOrganisations(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return all
}

func (e *env) org(name string) org.Organisation {
	e.t.Helper()
	for _, o := range e.organisations() {
		if o.Name == name {
			return o
		}
	}
	e.t.Fatalf("no organisation %q", name)
	return org.Organisation{}
}

// auditLength counts the audit log: a write without an entry cannot commit,
// so an unchanged length means nothing was written.
func (e *env) auditLength() int {
	e.t.Helper()
	entries, err := e.svc.Audit.List(context.Background(), e.sys, audit.Filter{Limit: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	return len(entries)
}

// outcome is a row's result reduced to what a test compares: the action,
// and the column and message key of its error, if any.
type outcome struct {
	Row    int
	Action string
	Column string
	Key    string
}

func outcomes(p csvimport.Plan) []outcome {
	var out []outcome
	for _, r := range p.Rows {
		o := outcome{Row: r.Row, Action: r.Action}
		if len(r.Errors) > 0 {
			if r.Errors[0].Row != r.Row {
				o.Row = -r.Errors[0].Row // shows up as a mismatch
			}
			o.Column, o.Key = r.Errors[0].Column, r.Errors[0].Key
		}
		out = append(out, o)
	}
	return out
}

func counts(p csvimport.Plan) [4]int { return [4]int{p.Created, p.Updated, p.Unchanged, p.Rejected} }

const orgHeader = "name,sector,category,municipality,org_number,email,website,languages,description_sv\n"

// orgFile has one valid row and one wrong in each checked column.
const orgFile = orgHeader +
	"Läxhjälpsföreningen,civil_society,association,1282,802000-1577,info@laxhjalp.example,laxhjalp.example,sv ar so,Läxhjälp för alla\n" +
	",civil_society,association,1282,,,,sv,\n" +
	"Utan sektor,,association,1282,,,,sv,\n" +
	"Okänd sektor,church,association,1282,,,,sv,\n" +
	"Okänd kategori,civil_society,club,1282,,,,sv,\n" +
	"Atlantisföreningen,civil_society,association,Atlantis,,,,sv,\n" +
	"Fel kontrollsiffra,civil_society,association,1282,802000-1578,,,sv,\n" +
	"Fel format,civil_society,association,1282,80200-157,,,sv,\n" +
	"Fel e-post,civil_society,association,1282,,info(at)example.org,,sv,\n" +
	"Fel webbplats,civil_society,association,1282,,,ftp://example.org,sv,\n" +
	"Fel språk,civil_society,association,1282,,,,sv klingon!,\n" +
	"Bibliotekets vänner,civil_society,association,Landskrona,,,,sv,\n"

var orgFileWant = []outcome{
	{2, csvimport.Create, "", ""},
	{3, csvimport.Reject, "name", "error.required"},
	{4, csvimport.Reject, "sector", "error.required"},
	{5, csvimport.Reject, "sector", "import.error_choice"},
	{6, csvimport.Reject, "category", "import.error_choice"},
	{7, csvimport.Reject, "municipality", "import.error_municipality"},
	{8, csvimport.Reject, "org_number", "error.org_number_check"},
	{9, csvimport.Reject, "org_number", "error.org_number_format"},
	{10, csvimport.Reject, "email", "error.email"},
	{11, csvimport.Reject, "website", "error.url"},
	{12, csvimport.Reject, "languages", "error.language"},
	{13, csvimport.Create, "", ""},
}

func TestOrganisationsDryRun(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		before, log := len(e.organisations()), e.auditLength()
		p := e.run(csvimport.Organisations, orgFile, false)
		got := outcomes(p)
		for i, want := range orgFileWant {
			t.Run(fmt.Sprintf("row %d", want.Row), func(t *testing.T) {
				if i >= len(got) || got[i] != want {
					var g any = "missing"
					if i < len(got) {
						g = got[i]
					}
					t.Errorf("got %+v, want %+v", g, want)
				}
			})
		}
		if len(got) != len(orgFileWant) {
			t.Errorf("%d rows, want %d", len(got), len(orgFileWant))
		}
		if c := counts(p); c != [4]int{2, 0, 0, 10} || p.Applied || p.Kind != csvimport.Organisations {
			t.Errorf("plan: created, updated, unchanged, rejected = %v, applied %v; want [2 0 0 10], a dry run", c, p.Applied)
		}
		if p.Rows[0].Name != "Läxhjälpsföreningen" {
			t.Errorf("row name = %q, want the name column", p.Rows[0].Name)
		}
		if after := len(e.organisations()); after != before {
			t.Errorf("organisations: %d before the dry run, %d after", before, after)
		}
		if got := e.auditLength(); got != log {
			t.Errorf("audit log: %d entries before the dry run, %d after", log, got)
		}
	})
}

func TestOrganisationsApplyAndReimport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		steps := []struct {
			name     string
			file     string
			apply    bool
			want     [4]int // created, updated, unchanged, rejected
			wantOrgs int
			// wantLog is how many audit entries the step adds: -1 is "some".
			wantLog int
		}{
			{"apply creates the valid rows", orgFile, true, [4]int{2, 0, 0, 10}, 2, -1},
			{"the same file again is unchanged", orgFile, true, [4]int{0, 0, 2, 10}, 2, 0},
			{"a dry run of it too", orgFile, false, [4]int{0, 0, 2, 10}, 2, 0},
			{"the same rows reordered, other case in the header", "NAME,Sector,category,municipality,org_number,email,website,languages,description_sv\n" +
				"Bibliotekets vänner,civil_society,association,1282,,,,sv,\n" +
				"Läxhjälpsföreningen,civil_society,association,1282,802000-1577,info@laxhjalp.example,https://laxhjalp.example,so sv ar,Läxhjälp för alla\n",
				true, [4]int{0, 0, 2, 0}, 2, 0},
			{"a changed phone is an update", "name,municipality,sector,category,org_number,phone\n" +
				"Läxhjälpsföreningen,1282,civil_society,association,802000-1577,0418-47 00 00\n", false, [4]int{0, 1, 0, 0}, 2, 0},
			{"applied", "name,municipality,sector,category,org_number,email,website,languages,description_sv,phone\n" +
				"Läxhjälpsföreningen,1282,civil_society,association,802000-1577,info@laxhjalp.example,laxhjalp.example,sv ar so,Läxhjälp för alla,0418-47 00 00\n",
				true, [4]int{0, 1, 0, 0}, 2, 1},
			{"matched by org number across a rename", "name,municipality,sector,category,org_number,email,website,languages,description_sv,phone\n" +
				"Läxhjälpsföreningen i Landskrona,1282,civil_society,association,8020001577,info@laxhjalp.example,laxhjalp.example,sv ar so,Läxhjälp för alla,0418-47 00 00\n",
				true, [4]int{0, 1, 0, 0}, 2, 1},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				log := e.auditLength()
				p := e.run(csvimport.Organisations, st.file, st.apply)
				if got := counts(p); got != st.want {
					t.Errorf("created, updated, unchanged, rejected = %v, want %v; rows %+v", got, st.want, outcomes(p))
				}
				if got := len(e.organisations()); got != st.wantOrgs {
					t.Errorf("%d organisations, want %d", got, st.wantOrgs)
				}
				added := e.auditLength() - log
				if st.wantLog >= 0 && added != st.wantLog || st.wantLog < 0 && added == 0 {
					t.Errorf("audit entries added = %d, want %d (-1: some)", added, st.wantLog)
				}
			})
		}
		o := e.org("Läxhjälpsföreningen i Landskrona")
		if o.Phone != "0418-47 00 00" || o.OrgNumber != "802000-1577" || o.Website != "https://laxhjalp.example" || o.Descriptions["sv"] != "Läxhjälp för alla" {
			t.Errorf("organisation = %+v, want the imported values", o)
		}
		if got := slices.Sorted(slices.Values(o.Languages)); !slices.Equal(got, []string{"ar", "so", "sv"}) {
			t.Errorf("languages = %v, want [ar so sv]", got)
		}
	})
}

func TestSpreadsheetFormats(t *testing.T) {
	semicolons, err := os.ReadFile("testdata/foreningar-semikolon.csv")
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		tests := []struct {
			name string
			file string
			want map[string]string // organisation name → municipality code
		}{
			{"commas and codes", "name,sector,category,municipality\nABF Borås,civil_society,study_association,1490\n",
				map[string]string{"ABF Borås": "1490"}},
			{"semicolons and names", "name;sector;category;municipality\nABF Borås;civil_society;study_association;Borås\n",
				map[string]string{"ABF Borås": "1490"}},
			{"names in any case", "name,sector,category,municipality\nABF Borås,civil_society,study_association,BORÅS\nABF Vimmerby,civil_society,study_association,vimmerby\n",
				map[string]string{"ABF Borås": "1490", "ABF Vimmerby": "0884"}},
			{"quoted separators", "name;sector;category;municipality\n\"Vänner; av Borås\";civil_society;association;Borås\n",
				map[string]string{"Vänner; av Borås": "1490"}},
			{"a spreadsheet export: BOM, CRLF, capitalised header, quoted semicolon", string(semicolons),
				map[string]string{"Somaliska kvinnoföreningen": "1490", "Studieförbundet Vuxenskolan; Borås": "1490", "Landskrona kommun": "1282"}},
			{"spaces around values", "name, sector, category, municipality\n  ABF Borås , civil_society , study_association , Borås \n",
				map[string]string{"ABF Borås": "1490"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e := newEnv(t, dbtest.Open(t, d.Dialect)) // a fresh database per file
				p := e.run(csvimport.Organisations, tt.file, true)
				if p.Created != len(tt.want) || p.Rejected != 0 {
					t.Fatalf("created %d, rejected %d, want %d and 0; rows %+v", p.Created, p.Rejected, len(tt.want), p.Rows)
				}
				got := map[string]string{}
				for _, o := range e.organisations() {
					got[o.Name] = o.MunicipalityCode
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("organisations = %v, want %v", got, tt.want)
				}
			})
		}
		t.Run("the spreadsheet's values", func(t *testing.T) {
			e := newEnv(t, dbtest.Open(t, d.Dialect))
			e.run(csvimport.Organisations, string(semicolons), true)
			o := e.org("Somaliska kvinnoföreningen")
			if o.OrgNumber != "802478-6520" || o.Category != "womens_organisation" || o.Descriptions["sv"] != "Träffar varje tisdag; fika" ||
				!slices.Equal(slices.Sorted(slices.Values(o.Languages)), []string{"so", "sv"}) {
				t.Errorf("organisation = %+v", o)
			}
			if p := e.run(csvimport.Organisations, string(semicolons), false); p.Unchanged != 3 {
				t.Errorf("re-import: %d unchanged, want 3", p.Unchanged)
			}
		})
	})
}

func TestFileErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		var many strings.Builder
		many.WriteString("name,sector,category,municipality\n")
		for i := range csvimport.MaxRows + 1 {
			fmt.Fprintf(&many, "Förening %d,civil_society,association,1282\n", i)
		}
		tests := []struct {
			name  string
			who   actor.Actor
			kind  string
			file  string
			code  apperr.Code
			field string
			key   string
		}{
			{"member may not import", actor.Actor{UserID: "u", Role: actor.RoleMember}, csvimport.Organisations, orgFile, apperr.Forbidden, "", "error.forbidden"},
			{"anonymous may not import", actor.Anonymous("x"), csvimport.Organisations, orgFile, apperr.Forbidden, "", "error.forbidden"},
			{"unknown kind", e.sys, "members", orgFile, apperr.Invalid, "kind", "error.choice"},
			{"empty file", e.sys, csvimport.Organisations, "", apperr.Invalid, "file", "error.csv_empty"},
			{"unknown column", e.sys, csvimport.Organisations, "name,colour\nX,red\n", apperr.Invalid, "file", "error.csv_column"},
			{"a venue column in an organisations file", e.sys, csvimport.Organisations, "name,lat\nX,57\n", apperr.Invalid, "file", "error.csv_column"},
			{"broken quoting", e.sys, csvimport.Organisations, "name,sector,category,municipality\n\"X,civil_society,association,1282\n", apperr.Invalid, "file", "error.csv_syntax"},
			{"too many rows", e.sys, csvimport.Organisations, many.String(), apperr.Invalid, "file", "error.too_many"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := e.svc.Importer.Run(ctx, tt.who, tt.kind, strings.NewReader(tt.file), true)
				ae := apperr.As(err)
				if err == nil || ae.Code != tt.code || ae.Field != tt.field || ae.Key != tt.key {
					t.Errorf("err = %v, want %s %s (%s)", err, tt.code, tt.key, tt.field)
				}
			})
		}
		t.Run("the unknown column is named", func(t *testing.T) {
			_, err := e.svc.Importer.Run(ctx, e.sys, csvimport.Organisations, strings.NewReader("name,Colour\nX,red\n"), false)
			if args := fmt.Sprint(apperr.As(err).Args); !strings.Contains(args, "Colour") {
				t.Errorf("args = %s, want the column as written", args)
			}
		})
		if n := len(e.organisations()); n != 0 {
			t.Errorf("%d organisations after refused files, want 0", n)
		}
	})
}
