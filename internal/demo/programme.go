package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
)

// item is one programme item of the demo: clock times on the event's day,
// the Swedish and English titles, the speakers as the programme names
// them, and a workshop block's workshops.
type item struct {
	kind, from, to, sv, en, desc string
	speakers                     []event.Person
	moderator                    *event.Person
	workshops                    []demoWorkshop
}

type demoWorkshop struct {
	theme, sv, en, ar, room string
	capacity                int
	inspirers               []event.Person
}

func person(name, role, organisation string) event.Person {
	return event.Person{Name: name, Role: role, Organisation: organisation}
}

// programmes are the demo events' programmes by their Swedish title: the
// seven conferences of seed 004 (Stockholm, Göteborg, Boden, Malmö and
// Köping in programme_series.go). Ronneby 2013 is the programme printed in
// seed 004's appendix, times, speakers and roles as published; its
// moderator led the day. Sundsvall's programme in seed 004 gives times
// only for registration and the opening: the other items are placed in
// the printed order within the day, its speakers are the invitation's
// "Medverkande", and its group work ran as two parallel workshops with
// good examples first (seed 004). The upcoming dialogue day is synthetic
// (fictitious names) and has workshops by theme, as Malmö and Göteborg had.
var programmes = map[string][]item{
	"Regional konferens i Sundsvall": {
		{kind: event.KindRegistration, from: "09:00", to: "10:00", sv: "Registrering och fikabuffé", en: "Registration and coffee buffet"},
		{kind: event.KindWelcome, from: "10:00", to: "10:15", sv: "Dialogdagen öppnas", en: "The dialogue day opens"},
		{kind: event.KindTalk, from: "10:15", to: "11:15", sv: "Överenskommelsen inriktning integration. Parternas utgångspunkt och åtaganden", en: "The agreement on integration: the parties' starting points and commitments",
			speakers: []event.Person{person("Amelie von Zweigbergk", "statssekreterare", ""), person("Maria Nilsson", "", "Regeringskansliet"),
				person("Göran Ferm", "", "Arbetsförmedlingen"), person("Roy Melchert", "", "SKL")}},
		{kind: event.KindTalk, from: "11:15", to: "11:45", sv: "Goda exempel på samverkan mellan den offentliga och den idéburna sektorn", en: "Good examples of cooperation between the public and the non-profit sector",
			desc: "Länsstyrelsen berättar om arbetet med den regionala överenskommelsen."},
		{kind: event.KindTalk, from: "11:45", to: "12:00", sv: "Kulturella inslag med koppling till dialogdagen", en: "Cultural contributions linked to the day"},
		{kind: event.KindLunch, from: "12:00", to: "13:00", sv: "Lunch", en: "Lunch"},
		{kind: event.KindTalk, from: "13:00", to: "13:30", sv: "Miniseminarium", en: "Mini seminar"},
		{kind: event.KindWorkshopBlock, from: "13:30", to: "14:45", sv: "Workshop kring hur vi kan utveckla integrationsarbetet regionalt / lokalt", en: "Workshop: developing integration work regionally and locally",
			workshops: []demoWorkshop{
				{theme: "democracy", sv: "Regionalt: vad innebär överenskommelsen för oss i Västernorrland?", en: "Regionally: what does the agreement mean for Västernorrland?", ar: "إقليمياً: ماذا يعني الاتفاق لنا في فيسترنورلاند؟", room: "Sal A", capacity: 40},
				{theme: "work", sv: "Lokalt: hur går vi från ord till handling?", en: "Locally: from words to action", ar: "محلياً: من الأقوال إلى الأفعال", room: "Sal B", capacity: 40},
			}},
		{kind: event.KindPanel, from: "14:45", to: "15:30", sv: "Dialog och reflektioner från dagen", en: "Dialogue and reflections on the day"},
		{kind: event.KindClosing, from: "15:30", to: "16:00", sv: "Avslutning", en: "Closing"},
	},
	"Regional konferens i Ronneby":   ronneby2013(),
	"Regional konferens i Stockholm": stockholm2011(),
	"Regional konferens i Göteborg":  goteborg2011(),
	"Regional konferens i Boden":     boden2011(),
	"Regional konferens i Malmö":     malmo2012(),
	"Regional konferens i Köping":    koping2012(),
	"Dialogdag om nyanländas väg till arbete": {
		{kind: event.KindRegistration, from: "09:00", to: "09:30", sv: "Kaffe och registrering", en: "Coffee and registration"},
		{kind: event.KindWelcome, from: "09:30", to: "09:45", sv: "Välkommen", en: "Welcome", moderator: &event.Person{Name: "Karin Exempelsson", Organisation: "Länsstyrelsen i Blekinge län"}},
		{kind: event.KindTalk, from: "09:45", to: "10:30", sv: "Etableringslotsar och praktikplatser – något för föreningarna?", en: "Establishment pilots and internships – something for associations?",
			speakers: []event.Person{person("Lina Berg", "handläggare, avd. Integration och Etablering", "Arbetsförmedlingen")}},
		{kind: event.KindBreak, from: "10:30", to: "10:45", sv: "Paus", en: "Break"},
		{kind: event.KindWorkshopBlock, from: "10:45", to: "12:00", sv: "Workshoppar per tema", en: "Workshops by theme",
			desc: "Välj workshop när du anmäler dig; arrangörerna fördelar platserna.",
			workshops: []demoWorkshop{
				{theme: "work", sv: "Arbete och praktik", en: "Work and internships", ar: "العمل والتدريب", room: "Stora salen", capacity: 30,
					inspirers: []event.Person{person("Omar Exempel", "etableringslots", "Ronneby företagarförening")}},
				{theme: "language", sv: "Språk – svenska på jobbet och i föreningen", en: "Language – Swedish at work and in the association", ar: "اللغة – السويدية في العمل والجمعية", room: "Sal 2", capacity: 20,
					inspirers: []event.Person{person("Eva Exempel", "samordnare språkcafé", "Studieförbund i Blekinge")}},
				{theme: "housing", sv: "Boende", en: "Housing", ar: "السكن", room: "Sal 3", capacity: 20},
				{theme: "meeting_places", sv: "Mötesplatser och mentorer", en: "Meeting places and mentors", ar: "أماكن اللقاء والمرشدون", room: "Biblioteket", capacity: 25,
					inspirers: []event.Person{person("Sam Exempel", "verksamhetsledare", "Röda Korset Kalmarkretsen")}},
			}},
		{kind: event.KindLunch, from: "12:00", to: "13:00", sv: "Lunch", en: "Lunch"},
		{kind: event.KindPanel, from: "13:00", to: "14:30", sv: "Från ord till handling – panelsamtal utifrån workshopparna", en: "From words to action – panel on the workshops",
			moderator: &event.Person{Name: "Karin Exempelsson", Organisation: "Länsstyrelsen i Blekinge län"}},
		{kind: event.KindBreak, from: "14:30", to: "15:00", sv: "Kaffe", en: "Coffee"},
		{kind: event.KindClosing, from: "15:00", to: "15:30", sv: "Avslutning", en: "Closing"},
		{kind: event.KindMingle, from: "15:30", to: "16:00", sv: "Mingel", en: "Mingle"},
	},
}

func ronneby2013() []item {
	fischer := &event.Person{Name: "Inga-Lena Fischer", Role: "journalist och f.d. ledarskribent", Organisation: "Blekinge läns tidning"}
	return []item{
		{kind: event.KindRegistration, from: "09:00", to: "09:30", sv: "Kaffe och registrering", en: "Coffee and registration"},
		{kind: event.KindWelcome, from: "09:30", to: "09:45", sv: "Välkommen", en: "Welcome", moderator: fischer,
			speakers: []event.Person{person("Bengt Grönblad", "ordförande", "Länsbygderådet Blekinge"), person("Bo Lönnqvist", "ordförande", "Länsbygderådet Kalmar"),
				person("Berit Andnor Bylund", "landshövding", "Blekinge län"), person("Stefan Carlsson", "landshövding", "Kalmar län")}},
		{kind: event.KindPanel, from: "09:45", to: "10:45", sv: "Intentionen med Överenskommelsen", en: "The intention of the agreement",
			desc: "De tre parter som tecknat Överenskommelsen berättar om sina utgångspunkter och syfte.",
			speakers: []event.Person{person("Maria Hansson", "Enheten för integration och urban utveckling", "Arbetsmarknadsdepartementet"),
				person("Birgitta Hällegårdh", "ordförande i styrgruppen för Överenskommelsen", "SKL"), person("Julio Fuentes", "verksamhetssekreterare", "SIOS")}},
		{kind: event.KindBreak, from: "10:45", to: "11:00", sv: "Paus", en: "Break"},
		{kind: event.KindTalk, from: "11:00", to: "12:00", sv: "Etableringslotsar och praktikplatser – Något för föreningarna?", en: "Establishment pilots and internships – something for associations?",
			speakers: []event.Person{person("Marina Hultkvist", "avd. Integration och Etablering", "Arbetsförmedlingen")}},
		{kind: event.KindLunch, from: "12:00", to: "13:00", sv: "Lunch", en: "Lunch"},
		{kind: event.KindTalk, from: "13:00", to: "13:30", sv: "Integration i Blekinge och Kalmar län", en: "Integration in Blekinge and Kalmar counties",
			speakers: []event.Person{person("Berit Andnor Bylund", "landshövding", "Blekinge"), person("Stefan Carlsson", "landshövding", "Kalmar")}},
		{kind: event.KindTalk, from: "13:30", to: "14:00", sv: "Nätverk – Aktivitet – Delaktighet", en: "Network – Activity – Participation",
			speakers: []event.Person{person("Henrik Nilsson", "projektledare", "Nätverk Social Ekonomi Skåne")}},
		{kind: event.KindTalk, from: "14:00", to: "14:30", sv: "Mentor till Mentor", en: "Mentor to Mentor",
			speakers: []event.Person{person("Miriam Dey", "verksamhetsledare", "Röda korset Kalmarkretsen")}},
		{kind: event.KindBreak, from: "14:30", to: "15:00", sv: "Kaffe", en: "Coffee"},
		{kind: event.KindTalk, from: "15:00", to: "15:20", sv: "Bordtennisskola och idrottslyft för alla", en: "Table tennis school and sport for all",
			speakers: []event.Person{person("Lyckeby BTK", "", "")}},
		{kind: event.KindTalk, from: "15:20", to: "15:40", sv: "Barn i Väntan / Barn i Start", en: "Children waiting / Children starting",
			speakers: []event.Person{person("Xhevat Latifi", "", "Karlshamns kommun"), person("Shima Bagheri", "", "Länsstyrelsen Blekinge")}},
		{kind: event.KindPanel, from: "15:40", to: "16:00", sv: "Hur går vi vidare från ord till handling?", en: "How do we go from words to action?",
			desc: "Paneldebatt och samtal.", moderator: fischer},
		{kind: event.KindClosing, from: "16:00", to: "16:15", sv: "Avslutning", en: "Closing"},
		{kind: event.KindMingle, from: "16:15", to: "17:00", sv: "Mingel för de som vill fortsätta diskussionen", en: "Mingle for those who want to continue the discussion"},
	}
}

// loadProgrammes adds the programmes to the demo's events and gives the
// upcoming day's registrations synthetic workshop rankings (each
// participant's first choice a different workshop, so the assignment has
// something to balance).
func loadProgrammes(ctx context.Context, ev *event.Service) error {
	sys := actor.System("demo")
	page, err := ev.FindEvents(ctx, event.Filter{Limit: event.MaxLimit})
	if err != nil {
		return err
	}
	for _, e := range page.Items {
		items, ok := programmes[e.Texts["sv"].Title]
		if !ok {
			continue
		}
		var workshops []string
		for _, it := range items {
			f, err := it.fields(e)
			if err != nil {
				return err
			}
			s, err := ev.CreateSession(ctx, sys, e.ID, f)
			if err != nil {
				return fmt.Errorf("demo programme %s, %s: %w", e.Texts["sv"].Title, it.sv, err)
			}
			for _, w := range it.workshops {
				texts := map[string]event.ItemText{"sv": {Title: w.sv}, "en": {Title: w.en}}
				if w.ar != "" {
					texts["ar"] = event.ItemText{Title: w.ar}
				}
				theme, room, inspirers := w.theme, w.room, w.inspirers
				wf := event.WorkshopFields{SessionID: &s.ID, Theme: &theme, Room: &room, Texts: texts, Inspirers: &inspirers}
				if w.capacity > 0 {
					wf.Capacity = input.Of(w.capacity)
				}
				made, err := ev.CreateWorkshop(ctx, sys, e.ID, wf)
				if err != nil {
					return fmt.Errorf("demo workshop %s: %w", w.sv, err)
				}
				workshops = append(workshops, made.ID)
			}
		}
		if e.Status != event.Published || len(workshops) == 0 {
			continue
		}
		regs, _, err := ev.FindRegistrations(ctx, sys, e.ID, event.RegistrationFilter{})
		if err != nil {
			return err
		}
		for i, r := range regs {
			var in event.PreferencesInput
			for rank := 1; rank <= 3 && rank <= len(workshops); rank++ {
				in.Preferences = append(in.Preferences, event.PreferenceInput{WorkshopID: workshops[(i+rank-1)%len(workshops)], Rank: rank})
			}
			if _, err := ev.SetPreferencesFor(ctx, sys, e.ID, r.ID, in); err != nil {
				return fmt.Errorf("demo preferences: %w", err)
			}
		}
		// A first seating plan, tables of six (issue 13), for the
		// organisers' seating page and the table cards.
		if _, err := ev.RunAssignment(ctx, sys, e.ID, event.SeatingRun{Tables: max(1, (len(regs)+5)/6), SeatsPerTable: 6, Seed: 1}); err != nil {
			return fmt.Errorf("demo seating: %w", err)
		}
	}
	return nil
}

// fields places the item on the event's first day.
func (it item) fields(e event.Event) (event.SessionFields, error) {
	day := e.StartsAt.In(event.Stockholm).Format("2006-01-02")
	clock := func(hm string) (*time.Time, error) {
		t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hm, event.Stockholm)
		return &t, err
	}
	from, err := clock(it.from)
	if err != nil {
		return event.SessionFields{}, err
	}
	to, err := clock(it.to)
	if err != nil {
		return event.SessionFields{}, err
	}
	kind, speakers := it.kind, it.speakers
	texts := map[string]event.ItemText{"sv": {Title: it.sv, Description: it.desc}, "en": {Title: it.en}}
	f := event.SessionFields{Kind: &kind, StartsAt: from, EndsAt: to, Texts: texts, Speakers: &speakers}
	if it.moderator != nil {
		f.Moderator = input.Of(*it.moderator)
	}
	return f, nil
}
