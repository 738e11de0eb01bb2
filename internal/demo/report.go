package demo

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/event"
)

// demoReport is a past conference's summary report as seed 004 gives it:
// the participants per sector, some organisations it names, and the focus
// of the day in the report's own words.
type demoReport struct {
	sectors       map[string]int
	organisations []string
	sv, en        string
}

// reports are the published reports of the demo's past conferences.
// Sundsvall's numbers are the seed's ("ca 75 personer, ca 35 … idéburna
// organisation och lika många, ca 35, … offentlig sektor … och ca 5 …
// näringsliv eller övriga aktörer"; the last as "other", since the seed
// does not split them). For Ronneby the seed gives "omkring 180 deltagare",
// the majority from the municipalities, civil society "näst störst": the
// split below is an estimate in that order.
var reports = map[string]demoReport{
	"Regional konferens i Sundsvall": {
		sectors:       map[string]int{"civil_society": 35, "public": 35, "other": 5},
		organisations: []string{"Länsstyrelsen Västernorrland", "Arbetsförmedlingen", "Migrationsverket", "Röda Korset", "Svenska kyrkan", "Caritas", "Sundsvalls kommun"},
		sv:            "I Sundsvall betonades **flyktingmottagning**, önskan om ökad inflyttning och etableringsreformen i praktiken.\n\nFlera deltagare tyckte att Arbetsförmedlingen lokalt borde ta initiativet att bjuda in övriga parter.",
		en:            "Sundsvall stressed **the reception of refugees**, the wish for more people to move to the region, and the establishment reform in practice.\n\nSeveral participants thought the local employment office should take the initiative to invite the other parties.",
	},
	"Regional konferens i Ronneby": {
		sectors:       map[string]int{"public": 100, "civil_society": 65, "other": 15},
		organisations: []string{"Länsstyrelsen i Blekinge län", "Länsstyrelsen i Kalmar län", "Länsbygderådet i Blekinge", "Länsbygderådet i Kalmar län", "SIOS", "Arbetsförmedlingen", "Ronneby kommun"},
		sv:            "Konferensen i Ronneby var den hittills största, med omkring 180 deltagare. Fokus låg på nyanländas möjlighet till praktik, arbete och delaktighet.\n\nEn uttalad önskan kom fram om att gå *från ord till handling*.",
		en:            "The Ronneby conference was the largest so far, with about 180 participants. It focused on newcomers' chances of work placements, work and participation.\n\nA clear wish came up to go *from words to action*.",
	},
}

// loadReports records the past conferences' counts from their paper
// report (the demo has no participants for them) and publishes their
// reports, so the event and series reports can be seen without signing in.
func loadReports(ctx context.Context, ev *event.Service) error {
	sys := actor.System("demo")
	page, err := ev.FindEvents(ctx, event.Filter{Limit: event.MaxLimit})
	if err != nil {
		return err
	}
	found := 0
	for _, e := range page.Items {
		r, ok := reports[e.Texts["sv"].Title]
		if !ok {
			continue
		}
		found++
		if err := ev.RecordPaperCounts(ctx, sys, e.ID, event.PaperCounts{Sectors: r.sectors, Organisations: r.organisations}); err != nil {
			return fmt.Errorf("demo report %s: %w", e.ID, err)
		}
		yes := true
		if _, err := ev.UpdateReport(ctx, sys, e.ID, event.ReportFields{Published: &yes, Summaries: map[string]string{"sv": r.sv, "en": r.en}}); err != nil {
			return fmt.Errorf("demo report %s: %w", e.ID, err)
		}
	}
	if found != len(reports) {
		return fmt.Errorf("demo reports: %d of %d conferences found", found, len(reports))
	}
	return nil
}
