package catalog

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
)

// Generate writes a synthetic catalogue for benchmarks: organisations and
// venues in all 290 municipalities and n activities with texts in two or
// three languages, tags, schedules and search rows. It bypasses the audited
// save path (a benchmark data set is not anybody's change) but writes the
// same rows SaveActivity writes. Deterministic for a seed.
func Generate(ctx context.Context, d *db.DB, n int, seed uint64, now time.Time) error {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	ms := municipality.All()
	kinds := []struct{ sv, en, ar, theme string }{
		{"Språkcafé", "Language café", "مقهى اللغة", "language"},
		{"Läxhjälp", "Homework help", "مساعدة في الواجبات", "education"},
		{"Fotbollsträning", "Football training", "تدريب كرة القدم", "sport"},
		{"Stickcafé", "Knitting café", "مقهى الحياكة", "leisure_culture"},
		{"Föräldraträff", "Parents' meeting", "لقاء الآباء", "children_youth"},
		{"Jobbcoachning", "Job coaching", "تدريب على العمل", "work"},
		{"Hälsoinformation", "Health information", "معلومات صحية", "health"},
		{"Bostadsrådgivning", "Housing advice", "استشارات السكن", "housing"},
		{"Läsecirkel", "Reading circle", "حلقة القراءة", "language"},
		{"Samhällsorientering", "Civic orientation", "التوجيه المجتمعي", "democracy"},
	}
	langs := []string{"ar", "so", "ti", "fa", "prs", "uk", "en", "ku", "tr", "bs"}
	recs := []string{Weekly, Weekly, Weekly, Biweekly, Monthly, Once}
	orgIDs := make([]string, len(ms))
	venueIDs := make([]string, len(ms))
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for i, m := range ms {
			orgIDs[i], venueIDs[i] = db.NewID(), db.NewID()
			name := "Föreningen " + m.Name
			if _, err := tx.Exec(ctx, `INSERT INTO organisations (id, name, sort_name, sector, category, municipality_code, created_at, updated_at, verified)
				VALUES (?, ?, ?, 'civil_society', 'association', ?, ?, ?, ?)`, orgIDs[i], name, org.SortKey(name), m.Code, now, now, false); err != nil {
				return err
			}
			lat, lon := 55.5+r.Float64()*13, 11.5+r.Float64()*12
			vname := "Mötesplats " + m.Name
			if _, err := tx.Exec(ctx, `INSERT INTO venues (id, organisation_id, name, sort_name, municipality_code, lat, lon, is_meeting_place, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, venueIDs[i], orgIDs[i], vname, strings.ToLower(vname), m.Code, lat, lon, true, now, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("generate places: %w", err)
	}
	const batch = 2000
	svc := &Service{}
	for done := 0; done < n; done += batch {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := done; i < done+batch && i < n; i++ {
				mi := r.IntN(len(ms))
				k := kinds[r.IntN(len(kinds))]
				a := Activity{ID: db.NewID(), OrganisationID: orgIDs[mi], VenueID: venueIDs[mi], Municipality: ms[mi].Code, Status: "published",
					Texts: map[string]Text{
						"sv": {Title: fmt.Sprintf("%s i %s %d", k.sv, ms[mi].Name, i), Summary: "Välkommen till " + strings.ToLower(k.sv) + " för alla."},
						"en": {Title: fmt.Sprintf("%s in %s %d", k.en, ms[mi].Name, i)},
						"ar": {Title: k.ar}},
					Languages: []string{"sv", langs[r.IntN(len(langs))], langs[r.IntN(len(langs))]},
					Themes:    []string{k.theme}, TargetGroups: []string{TargetGroups[r.IntN(len(TargetGroups))]}}
				if r.IntN(4) == 0 {
					a.CostKr = 20 * (1 + r.IntN(10))
				}
				start := now.AddDate(0, 0, -r.IntN(200)+30)
				a.Schedule = Schedule{Recurrence: recs[r.IntN(len(recs))], StartsOn: start.Format("2006-01-02"),
					StartTime: fmt.Sprintf("%02d:%02d", 9+r.IntN(11), 30*r.IntN(2)), EndTime: "21:00"}
				if r.IntN(3) == 0 {
					a.Schedule.EndsOn = start.AddDate(0, 6, 0).Format("2006-01-02")
				}
				if _, err := tx.Exec(ctx, `INSERT INTO activities (id, organisation_id, venue_id, online_url, municipality_code, status, cost_kr, signup, contact,
					accessibility, recurrence, starts_on, ends_on, start_time, end_time, weekday, rrule, last_confirmed_at, created_at, updated_at)
					VALUES (?, ?, ?, '', ?, ?, ?, '', '', '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					a.ID, a.OrganisationID, a.VenueID, a.Municipality, a.Status, a.CostKr, a.Schedule.Recurrence, a.Schedule.StartsOn, a.Schedule.EndsOn,
					a.Schedule.StartTime, a.Schedule.EndTime, a.Schedule.Weekday(), a.Schedule.RRule(), now, now, now); err != nil {
					return err
				}
				for lang, t := range a.Texts {
					if _, err := tx.Exec(ctx, `INSERT INTO activity_texts (activity_id, lang, title, summary, description) VALUES (?, ?, ?, ?, '')`, a.ID, lang, t.Title, t.Summary); err != nil {
						return err
					}
				}
				seen := map[string]bool{}
				for kind, vals := range map[string][]string{"theme": a.Themes, "target": a.TargetGroups, "lang": a.Languages} {
					for _, v := range vals {
						if seen[kind+v] {
							continue
						}
						seen[kind+v] = true
						if _, err := tx.Exec(ctx, `INSERT INTO activity_tags (activity_id, kind, value) VALUES (?, ?, ?)`, a.ID, kind, v); err != nil {
							return err
						}
					}
				}
				if err := svc.index(ctx, tx, a.ID, searchBody(a, []string{"Föreningen " + ms[mi].Name}, "Mötesplats "+ms[mi].Name)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("generate activities: %w", err)
		}
	}
	return d.Analyze(ctx)
}
