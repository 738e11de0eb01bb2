package catalog

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
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
			o := org.Organisation{ID: orgIDs[i], Name: name, Sector: "civil_society", Category: "association", MunicipalityCode: m.Code,
				CreatedAt: now, UpdatedAt: now}
			if err := org.InsertGeneratedTx(ctx, tx, o); err != nil {
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
	for done := 0; done < n; done += batch {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			for i := done; i < done+batch && i < n; i++ {
				mi := r.IntN(len(ms))
				k := kinds[r.IntN(len(kinds))]
				a := Activity{ID: db.NewID(), OrganisationID: orgIDs[mi], VenueID: venueIDs[mi], Municipality: ms[mi].Code, Status: Published,
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
				a.Languages, _ = input.Languages("languages", a.Languages) // the draws may repeat
				a.LastConfirmedAt, a.CreatedAt, a.UpdatedAt = now, now, now
				a.OrganisationName, a.VenueName = "Föreningen "+ms[mi].Name, "Mötesplats "+ms[mi].Name
				if err := insertActivity(ctx, tx, a); err != nil {
					return err
				}
				if err := index(ctx, tx, a); err != nil {
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
