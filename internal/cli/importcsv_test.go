package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestImportCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		url := dbtest.URL(t, d.Dialect)
		dir := t.TempDir()
		write := func(name, content string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		// Semicolons, as Swedish spreadsheet programs write them; a municipality by name.
		orgs := write("orgs.csv", "name;sector;category;municipality;org_number;languages;description_sv\n"+
			"Läxhjälpsföreningen;civil_society;association;Landskrona;802000-1577;sv ar so;Läxhjälp för alla\n"+
			"Fel Förening;civil_society;association;Atlantis;;sv;\n"+
			"Bibliotekets vänner;civil_society;association;1282;;sv;\n")
		venues := write("venues.csv", "name,municipality,organisation,lat,lon,meeting_place\n"+
			"Stadsbiblioteket,1282,Läxhjälpsföreningen,\"55,870\",12.83,ja\n")
		acts := write("acts.csv", "organisation,title_sv,title_ar,recurrence,starts_on,start_time,end_time,venue,languages,themes,cost_kr\n"+
			"Läxhjälpsföreningen,Läxhjälp,مساعدة في الواجبات,weekly,2026-12-01,16:00,18:00,Stadsbiblioteket,sv ar so,education,0\n"+
			"Läxhjälpsföreningen,Språkcafé,,weekly,2026-12-02,18:00,17:00,Stadsbiblioteket,sv,language,0\n"+
			"Okänd förening,Schack,,weekly,2026-12-03,18:00,20:00,Stadsbiblioteket,sv,,\n")
		// One row wrong in three columns: every error is printed, each on its own line.
		broken := write("broken.csv", "organisation,title_sv,recurrence,starts_on,start_time,end_time,venue,cost_kr\n"+
			"Läxhjälpsföreningen,Trasig,ibland,2026-12-03,18:00,20:00,Stadsbiblioteket,tio kronor\n"+
			"Läxhjälpsföreningen,Gratis,Varje vecka,2026-12-03,18:00,20:00,Stadsbiblioteket,gratis\n")
		steps := []struct {
			name string
			args []string
			want []string
		}{
			{"dry run writes nothing", []string{"--kind", "organisations", "--file", orgs},
				[]string{"2 would be created, 0 updated, 0 unchanged, 1 rejected", "column municipality", "dry run"}},
			{"apply organisations", []string{"--kind", "organisations", "--file", orgs, "--apply"}, []string{"2 were created"}},
			{"same file again changes nothing", []string{"--kind", "organisations", "--file", orgs, "--apply"}, []string{"0 were created, 0 updated, 2 unchanged, 1 rejected"}},
			{"venues", []string{"--kind", "venues", "--file", venues, "--apply"}, []string{"1 were created"}},
			{"activities: row and column of every error", []string{"--kind", "activities", "--file", acts}, []string{"1 would be created", "Språkcafé  column end_time", "Schack     column organisation"}},
			{"every error of a row, allowed values named, gratis understood", []string{"--kind", "activities", "--file", broken},
				[]string{"1 would be created, 0 updated, 0 unchanged, 1 rejected", "Trasig  column recurrence: “ibland” is not an allowed value. Allowed: once, weekly, biweekly, monthly",
					"\n                     column cost_kr: “tio kronor” is not a price"}},
			{"template", []string{"--kind", "venues", "--template"}, []string{"\ufeffname*;municipality*;organisation;"}},
			{"apply activities", []string{"--kind", "activities", "--file", acts, "--apply"}, []string{"1 were created, 0 updated, 0 unchanged, 2 rejected"}},
			{"activities again: unchanged", []string{"--kind", "activities", "--file", acts, "--apply"}, []string{"0 were created, 0 updated, 1 unchanged"}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				code, out, stderr := run(t, "", nil, append([]string{"import-csv", "--db", url}, st.args...)...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				for _, w := range st.want {
					if !strings.Contains(out, w) {
						t.Errorf("output lacks %q:\n%s", w, out)
					}
				}
			})
		}
		// A change in the file is an update.
		changed := write("orgs2.csv", "name;sector;category;municipality;org_number;languages;description_sv\n"+
			"Läxhjälpsföreningen;civil_society;association;Landskrona;802000-1577;sv ar so ti;Läxhjälp för alla\n")
		if _, out, _ := run(t, "", nil, "import-csv", "--db", url, "--kind", "organisations", "--file", changed); !strings.Contains(out, "0 would be created, 1 updated") {
			t.Errorf("changed row: %s", out)
		}
		if code, _, stderr := run(t, "name,colour\nX,red\n", nil, "import-csv", "--db", url, "--kind", "organisations"); code == 0 || !strings.Contains(stderr, "colour") {
			t.Errorf("unknown column: %d %s", code, stderr)
		}
	})
}
