package demo

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/event"
)

// demoNote is one obstacle or opportunity as the conference report lists
// it (seed 004: "Hinder som framkommit på konferenserna", "Möjligheter som
// framkommit på konferenserna"), with the theme and principles it touches.
type demoNote struct {
	kind, body, theme string
	principles        []string
	group             string
}

// harvests are the group work of the past conferences in the demo.
var harvests = map[string][]demoNote{
	"Regional konferens i Sundsvall": {
		{event.Obstacle, "Nödvändigheten av att förhålla sig till den offentliga sektorns struktur", "", []string{"independence"}, "Bord 1"},
		{event.Obstacle, "Brist på resurser", "", []string{"long_term"}, "Bord 2"},
		{event.Obstacle, "Bemötande, fördomar", "anti_discrimination", []string{"diversity"}, "Bord 3"},
		{event.Obstacle, "Brist på utvärdering, studier, forskning – mått och resultat", "", []string{"quality"}, "Bord 4"},
		{event.Obstacle, "Kortsiktigheten – behövs mer än en mandatperiod", "", []string{"long_term"}, "Bord 1"},
		{event.Opportunity, "Engagemang finns", "", []string{"dialogue"}, "Bord 2"},
		{event.Opportunity, "Eldsjälar finns", "", nil, "Bord 3"},
		{event.Opportunity, "Volontärer finns", "", nil, "Bord 4"},
		{event.Opportunity, "Mötesplatser – kan erbjuda t ex nyanlända av de idéburna organisationerna", "meeting_places", []string{"independence"}, "Bord 1"},
		{event.Opportunity, "Studieförbunden", "education", nil, "Bord 2"},
		{event.Opportunity, "Flerspråkigheten, att den kompetens som finns tas tillvara", "language", []string{"diversity"}, "Bord 3"},
	},
	"Regional konferens i Ronneby": {
		{event.Obstacle, "Brist på förankring av SKL i kommunerna", "", []string{"dialogue"}, "Bord 1"},
		{event.Obstacle, "Att ingen bryr sig eller lyssnar", "", []string{"dialogue"}, "Bord 2"},
		{event.Obstacle, "Arbetsrättens utformning", "work", nil, "Bord 3"},
		{event.Obstacle, "Brist på uttalat stöd från det offentliga", "", []string{"openness"}, "Bord 4"},
		{event.Opportunity, "Globaliseringen = större förståelse för andra kulturer", "", []string{"diversity"}, "Bord 1"},
		{event.Opportunity, "Kvinnoorganisationer", "", nil, "Bord 2"},
		{event.Opportunity, "Tester och statistik om diskriminering", "anti_discrimination", []string{"quality", "openness"}, "Bord 3"},
		{event.Opportunity, "Pilotprojekt och goda exempel", "", []string{"quality"}, "Bord 4"},
		{event.Opportunity, "Vi-veckor på skolor", "children_youth", nil, "Bord 1"},
		{event.Opportunity, "Att organisationerna ser varandra", "", []string{"dialogue"}, "Bord 2"},
	},
}

// loadHarvest adds the conferences' obstacles and opportunities to the
// past events, so the wall and the report have the report's own words.
func loadHarvest(ctx context.Context, ev *event.Service) error {
	sys := actor.System("demo")
	page, err := ev.FindEvents(ctx, event.Filter{Limit: event.MaxLimit})
	if err != nil {
		return err
	}
	found := 0
	for _, e := range page.Items {
		notes, ok := harvests[e.Texts["sv"].Title]
		if !ok {
			continue
		}
		found++
		for _, n := range notes {
			kind, body, theme, group, principles := n.kind, n.body, n.theme, n.group, n.principles
			if principles == nil {
				principles = []string{}
			}
			if _, err := ev.AddNote(ctx, sys, e.ID, event.NoteFields{Kind: &kind, Body: &body, Theme: &theme, Group: &group, Principles: &principles}); err != nil {
				return fmt.Errorf("demo note %q: %w", body, err)
			}
		}
	}
	if found != len(harvests) {
		return fmt.Errorf("demo harvest: %d of %d conferences found", found, len(harvests))
	}
	return nil
}
