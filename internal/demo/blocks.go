package demo

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
)

// The upcoming dialogue day (2027-03-18) has two workshop blocks, so the
// assignment's rounds per block show in the demo: the morning's by theme
// (programme.go) and this one after lunch, where the panel then starts an
// hour later. Kept apart from the other programmes so that each can be
// changed alone.
const upcomingDay = "Dialogdag om nyanländas väg till arbete"

var afternoonBlock = item{kind: event.KindWorkshopBlock, from: "13:00", to: "14:00",
	sv: "Eftermiddagens workshoppar – från idé till handling", en: "Afternoon workshops – from idea to action",
	desc: "Ett andra pass: välj även här; ingen får samma tema två gånger om det går att undvika.",
	workshops: []demoWorkshop{
		{theme: "work", sv: "Mentorskap på arbetsplatsen", en: "Mentoring at the workplace", ar: "الإرشاد في مكان العمل", room: "Stora salen", capacity: 30},
		{theme: "education", sv: "Validering och studier", en: "Validation and studies", ar: "التحقق من المؤهلات والدراسة", room: "Sal 2", capacity: 25},
		{theme: "health", sv: "Hälsa och arbetsliv", en: "Health and working life", ar: "الصحة والحياة العملية", room: "Sal 3", capacity: 20},
		{theme: "democracy", sv: "Föreningen som väg in i samhället", en: "The association as a way into society", ar: "الجمعية طريقاً إلى المجتمع", room: "Biblioteket", capacity: 25},
	}}

// loadAfternoonBlock adds the afternoon block to the upcoming day, ranks
// two workshops of each block for every registration (first choices
// rotating, so the rounds have something to balance) and runs the plan
// again, tables of six as loadProgrammes did.
func loadAfternoonBlock(ctx context.Context, ev *event.Service) error {
	sys := actor.System("demo")
	page, err := ev.FindEvents(ctx, event.Filter{Limit: event.MaxLimit})
	if err != nil {
		return err
	}
	for _, e := range page.Items {
		if e.Texts["sv"].Title != upcomingDay || e.Status != event.Published {
			continue
		}
		prog, err := ev.FindProgramme(ctx, sys, e.ID)
		if err != nil {
			return err
		}
		var morning []string
		for _, s := range prog.Sessions {
			for _, w := range s.Workshops {
				morning = append(morning, w.ID)
			}
			// The panel on the workshops follows the afternoon block.
			if s.Kind == event.KindPanel && s.StartsAt.In(event.Stockholm).Format("15:04") == afternoonBlock.from {
				at, err := item{from: afternoonBlock.to, to: s.EndsAt.In(event.Stockholm).Format("15:04")}.fields(e)
				if err != nil {
					return err
				}
				if _, err := ev.UpdateSession(ctx, sys, e.ID, s.ID, event.SessionFields{StartsAt: at.StartsAt}); err != nil {
					return fmt.Errorf("demo panel: %w", err)
				}
			}
		}
		f, err := afternoonBlock.fields(e)
		if err != nil {
			return err
		}
		s, err := ev.CreateSession(ctx, sys, e.ID, f)
		if err != nil {
			return fmt.Errorf("demo afternoon block: %w", err)
		}
		var afternoon []string
		for _, w := range afternoonBlock.workshops {
			theme, room := w.theme, w.room
			inspirers := []event.Person{}
			made, err := ev.CreateWorkshop(ctx, sys, e.ID, event.WorkshopFields{SessionID: &s.ID, Theme: &theme, Room: &room, Capacity: input.Of(w.capacity),
				Texts: map[string]event.ItemText{"sv": {Title: w.sv}, "en": {Title: w.en}, "ar": {Title: w.ar}}, Inspirers: &inspirers})
			if err != nil {
				return fmt.Errorf("demo workshop %s: %w", w.sv, err)
			}
			afternoon = append(afternoon, made.ID)
		}
		regs, _, err := ev.FindRegistrations(ctx, sys, e.ID, event.RegistrationFilter{})
		if err != nil {
			return err
		}
		for i, r := range regs {
			in := event.PreferencesInput{}
			for _, block := range [][]string{morning, afternoon} {
				for k := range min(2, len(block)) {
					in.Preferences = append(in.Preferences, event.PreferenceInput{WorkshopID: block[(i+k)%len(block)], Rank: len(in.Preferences) + 1})
				}
			}
			if _, err := ev.SetPreferencesFor(ctx, sys, e.ID, r.ID, in); err != nil {
				return fmt.Errorf("demo preferences: %w", err)
			}
		}
		if _, err := ev.RunAssignment(ctx, sys, e.ID, event.SeatingRun{Tables: max(1, (len(regs)+5)/6), SeatsPerTable: 6, Seed: 1}); err != nil {
			return fmt.Errorf("demo seating: %w", err)
		}
	}
	return nil
}
