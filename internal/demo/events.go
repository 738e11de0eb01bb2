package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
)

// loadEvents adds the first step of the events domain to the demo: the
// series of regional conferences on the national agreement (seed 004) with
// its Ronneby and Sundsvall days as past events, and one upcoming dialogue
// day with their rules (binding registration, a named substitute, a
// transfer, 400 kr after the cancellation deadline, travel money for round
// trips over 10 mil).
func loadEvents(ctx context.Context, ev *event.Service, ids map[string]string) error {
	sys := actor.System("demo")
	series, err := ev.CreateSeries(ctx, sys, "Regionala konferenser om överenskommelsen inom integrationsområdet 2011–2013")
	if err != nil {
		return err
	}
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, event.Stockholm) }
	days := []struct {
		org, sv, en, muni string
		start             time.Time
		series            bool
		upcoming          bool
	}{
		{"Länsstyrelsen Västernorrland", "Regional konferens i Sundsvall", "Regional conference in Sundsvall", "2281", at(2012, 11, 14, 9), true, false},
		{"Länsstyrelsen i Blekinge län", "Regional konferens i Ronneby", "Regional conference in Ronneby", "1081", at(2013, 10, 17, 9), true, false},
		{"Länsstyrelsen i Blekinge län", "Dialogdag om nyanländas väg till arbete", "Dialogue day on newcomers' way to work", "1081", at(2027, 3, 18, 9), false, true},
	}
	for _, d := range days {
		orgID, ok := ids[d.org]
		if !ok {
			return fmt.Errorf("event %s: no organisation %q", d.sv, d.org)
		}
		end := d.start.Add(7 * time.Hour)
		status, url, muni := event.Finished, "https://meet.example.org/konferens", d.muni
		binding, yes := true, true
		fee, price := 400, 0
		f := event.Fields{Organisers: &[]string{orgID}, OnlineURL: &url, Municipality: &muni, StartsAt: &d.start, EndsAt: &end,
			Status: &status, Capacity: input.Of(120), PriceKr: &price, Binding: &binding, SubstituteAllowed: &yes, TransferAllowed: &yes,
			LateFeeKr: &fee, TravelMinKm: input.Of(100), CommissionedBy: ptr("Styrgruppen för överenskommelsen"), Contact: ptr("konferens@example.org"),
			Texts: map[string]event.Text{
				"sv": {Title: d.sv, Summary: "Civilsamhälle, offentlig sektor och näringsliv samtalar om hinder och möjligheter.", Included: "Kaffe och lunch"},
				"en": {Title: d.en, Summary: "Civil society, the public sector and business talk about obstacles and opportunities.", Included: "Coffee and lunch"},
				"ar": {Title: "يوم حوار: " + d.en}}}
		if d.series {
			f.SeriesID = &series
		}
		if d.upcoming {
			status = event.Published
			deadline := d.start.AddDate(0, 0, -12)
			f.CancelDeadline = input.Of(deadline)
			f.RegistrationClosesAt = input.Of(d.start.AddDate(0, 0, -7))
			f.TravelDeadline = input.Of(d.start.AddDate(0, 0, -7))
		}
		created, err := ev.CreateEvent(ctx, sys, f)
		if err != nil {
			return fmt.Errorf("event %s: %w", d.sv, err)
		}
		if d.upcoming {
			// Synthetic participants from the three parties, so the
			// organiser's list and the waiting list can be tried.
			for i, p := range []struct{ name, org, sector, lang string }{
				{"Amina Yusuf", "Röda Korset Kalmarkretsen", "civil_society", "so"},
				{"Erik Lund", "Ronneby kommun", "public", "sv"},
				{"Sara Haddad", "Folksam", "business", "ar"},
			} {
				in := event.RegistrationInput{Name: p.name, Email: fmt.Sprintf("deltagare%d@example.org", i+1), OrganisationName: p.org,
					Sector: p.sector, Lang: p.lang, Dietary: "", AcceptPrivacy: true}
				if _, _, err := ev.Register(ctx, created.ID, in, "demo"); err != nil {
					return fmt.Errorf("demo registration: %w", err)
				}
			}
		}
	}
	return nil
}

func ptr(s string) *string { return &s }
