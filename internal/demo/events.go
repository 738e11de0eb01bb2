package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
)

// loadEvents adds the events domain to the demo: the series of regional
// conferences on the national agreement (seed 004), its seven days as past
// events (series.go), and one upcoming dialogue day with their rules
// (binding registration, a named substitute, a transfer, 400 kr after the
// cancellation deadline, travel money for round trips over 10 mil).
func loadEvents(ctx context.Context, svc *app.Services, ids map[string]string) error {
	ev := svc.Events
	sys := actor.System("demo")
	series, err := ev.CreateSeries(ctx, sys, SeriesTitle)
	if err != nil {
		return err
	}
	if err := loadSeries(ctx, svc, series, ids); err != nil {
		return err
	}
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, event.Stockholm) }
	days := []struct {
		org, sv, en, muni string
		start             time.Time
		series            bool
		upcoming          bool
	}{
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
			// Sundsvall's travel rule: volunteers in civil society, carpooling assumed.
			f.TravelSectors, f.TravelCarpool = &[]string{"civil_society"}, &yes
			f.Questions = &upcomingQuestions
			for lang, p := range upcomingPrivacy {
				t := f.Texts[lang]
				t.Privacy = p
				f.Texts[lang] = t
			}
		}
		created, err := ev.CreateEvent(ctx, sys, f)
		if err != nil {
			return fmt.Errorf("event %s: %w", d.sv, err)
		}
		if d.upcoming {
			// Synthetic participants from the three parties, so the
			// organiser's list and the waiting list can be tried.
			theme := created.Questions[0].ID
			for i, p := range []struct{ name, org, sector, lang, theme string }{
				{"Amina Yusuf", "Röda Korset Kalmarkretsen", "civil_society", "so", "arbete"},
				{"Erik Lund", "Ronneby kommun", "public", "sv", "boende"},
				{"Sara Haddad", "Folksam", "business", "ar", "utbildning"},
			} {
				in := event.RegistrationInput{Name: p.name, Email: fmt.Sprintf("deltagare%d@example.org", i+1), OrganisationName: p.org,
					Sector: p.sector, Lang: p.lang, Dietary: "", AcceptPrivacy: true, Answers: event.Answers{theme: {p.theme}}}
				_, token, err := ev.Register(ctx, created.ID, in, "demo")
				if err != nil {
					return fmt.Errorf("demo registration: %w", err)
				}
				// A volunteer from Kalmar asks for travel money (about 180 km
				// there and back), so the organisers' decision can be tried.
				if i == 0 {
					if _, err := ev.RequestTravel(ctx, token, "demo", event.TravelInput{DistanceKm: 180, From: "Kalmar", Carpool: true,
						Note: "Samåker med två frivilliga från kretsen."}); err != nil {
						return fmt.Errorf("demo travel request: %w", err)
					}
				}
			}
		}
	}
	return nil
}

func ptr(s string) *string { return &s }

// upcomingQuestions are the upcoming dialogue day's own questions: the
// theme for the group work (the workshops of seed 004), what a participant
// needs, and a free text.
var upcomingQuestions = []event.Question{
	{Kind: event.SingleChoice, Required: true, Texts: map[string]string{"sv": "Vilket tema vill du helst arbeta med i grupparbetet?",
		"en": "Which theme would you most like to work on in the group work?", "ar": "ما الموضوع الذي تفضّل العمل عليه في العمل الجماعي؟"},
		Options: []event.Option{
			{Value: "arbete", Texts: map[string]string{"sv": "Arbete", "en": "Work", "ar": "العمل"}},
			{Value: "boende", Texts: map[string]string{"sv": "Boende", "en": "Housing", "ar": "السكن"}},
			{Value: "utbildning", Texts: map[string]string{"sv": "Utbildning", "en": "Education", "ar": "التعليم"}},
			{Value: "halsa", Texts: map[string]string{"sv": "Hälsa", "en": "Health", "ar": "الصحة"}},
		}},
	{Kind: event.MultipleChoice, Texts: map[string]string{"sv": "Behöver du något av detta under dagen?", "en": "Do you need any of these during the day?",
		"ar": "هل تحتاج إلى أيٍّ مما يلي خلال اليوم؟"},
		Options: []event.Option{
			{Value: "tolk", Texts: map[string]string{"sv": "Tolk", "en": "Interpreter", "ar": "مترجم فوري"}},
			{Value: "horslinga", Texts: map[string]string{"sv": "Hörslinga", "en": "Hearing loop", "ar": "حلقة سمعية"}},
			{Value: "barnpassning", Texts: map[string]string{"sv": "Barnpassning", "en": "Childcare", "ar": "رعاية الأطفال"}},
		}},
	{Kind: event.TextQuestion, MaxLength: 500, Texts: map[string]string{"sv": "Vad vill du att dagen ska ge dig?", "en": "What would you like the day to give you?",
		"ar": "ماذا تريد أن يقدّم لك هذا اليوم؟"}},
}

// upcomingPrivacy is the upcoming day's privacy text.
var upcomingPrivacy = map[string]string{
	"sv": "Länsstyrelsen i Blekinge län använder dina uppgifter för att planera dagen (lokal, mat, grupper) och för att kontakta dig om den. Bara arrangörerna ser dem. Uppgifterna raderas tre månader efter dagen; kvar blir bara antalet deltagare per sektor.",
	"en": "The County Administrative Board of Blekinge uses your data to plan the day (room, food, groups) and to contact you about it. Only the organisers see it. It is erased three months after the day; only the number of participants per sector remains.",
	"ar": "تستخدم الهيئة الإدارية لمقاطعة بليكينغه بياناتك لتخطيط اليوم (القاعة والطعام والمجموعات) وللتواصل معك بشأنه. لا يراها إلا المنظمون. تُحذف البيانات بعد ثلاثة أشهر من اليوم؛ ولا يبقى إلا عدد المشاركين في كل قطاع.",
}
