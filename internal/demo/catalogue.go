package demo

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/texts"
)

type seedVenue struct {
	key, org, name, address, muni string
	lat, lon                      float64
	meeting                       bool
	access                        []string
	sv, en                        string
}

type seedActivity struct {
	org, co, venue, online, muni string
	sv, en, ar                   [2]string // title, summary
	easy                         [2]string // lättläst title, summary (texts.EasySwedish), if any
	langs, themes, targets       []string
	recurrence, start, from, to  string
	weekdays                     []int // 0 = Sunday; none: the start date's
	cost                         int
	ageMin, ageMax               int
	source                       string
}

// The Vimmerby meeting places (seed 001) and venues for the activities the
// seeds name. Coordinates are approximate town positions, not addresses.
var venues = []seedVenue{
	{"bullerbyn", "Vimmerby kommun", "Mötesplats Bullerbyn", "", "0884", 57.667, 15.853, true, []string{"step_free"},
		"En av kommunens fyra mötesplatser, driven av socialnämnden.", "One of the municipality's four meeting places, run by the social services board."},
	{"ceos", "Vimmerby kommun", "Mötesplats CEOS", "", "0884", 57.663, 15.861, true, []string{"step_free", "hearing_loop"},
		"Mötesplats i Vimmerby för möten mellan människor.", "Meeting place in Vimmerby where people meet."},
	{"fabriken", "Vimmerby kommun", "Mötesplats FABRIKEN", "", "0884", 57.669, 15.845, true, nil,
		"Mötesplats i Vimmerby med flera verksamheter.", "Meeting place in Vimmerby with several activities."},
	{"storebro", "Vimmerby kommun", "Mötesplats Storebro", "", "0884", 57.581, 15.842, true, nil,
		"Mötesplats under uppbyggnad i Storebro.", "Meeting place being built up in Storebro."},
	{"sunnadal", "Lyckeby BTK", "Sunnadalskolan", "", "1080", 56.183, 15.618, false, []string{"step_free"},
		"Skola i Karlskrona där Lyckeby BTK tränar bordtennis.", "School in Karlskrona where Lyckeby BTK trains table tennis."},
	{"kalmar", "Röda Korset Kalmarkretsen", "Röda Korsets lokal i Kalmar", "", "0880", 56.663, 16.357, false, []string{"step_free"},
		"Kretsens lokal, där Mentor till Mentor träffas.", "The branch's premises, where Mentor till Mentor meets."},
	{"karlshamn", "Karlshamns kommun", "Familjecentralen Karlshamn", "", "1082", 56.171, 14.863, true, []string{"step_free", "accessible_toilet"},
		"Mötesplats för familjer med barn, med och utan asyl.", "Meeting place for families with children, with and without asylum."},
	{"landskrona", "Landskrona stad", "Landskrona stadsbibliotek", "", "1282", 55.870, 12.830, true, []string{"step_free", "hearing_loop", "accessible_toilet"},
		"Bibliotek och mötesplats i HELA Landskrona.", "Library and meeting place in HELA Landskrona."},
	{"boras", "Borås stad", "Mötesplats Borås centrum", "", "1490", 57.721, 12.940, true, []string{"step_free"},
		"Kommunens mötesplats för föreningar och nyanlända.", "The municipality's meeting place for associations and newcomers."},
	{"malmo", "ABF Malmö", "ABF-huset Malmö", "", "1280", 55.604, 13.003, false, []string{"step_free", "hearing_loop"},
		"Studieförbundets lokaler i Malmö.", "The study association's premises in Malmö."},
}

var activities = []seedActivity{
	{org: "Vimmerby IF", co: "Vimmerby kommun", venue: "ceos", sv: [2]string{"Läsprojekt för nyanlända", "Biblioteket och VIF läser tillsammans med nyanlända barn och unga."},
		en: [2]string{"Reading project for newcomers", "The library and VIF read with newcomer children and young people."}, ar: [2]string{"مشروع القراءة للقادمين الجدد", "المكتبة ونادي VIF يقرؤون مع الأطفال والشباب القادمين الجدد."},
		langs: []string{"sv", "ar", "fa", "prs"}, themes: []string{"language", "education", "children_youth"}, targets: []string{"newcomers", "children", "youth"},
		recurrence: "weekly", start: "2026-09-02", from: "15:30", to: "17:00", ageMin: 7, ageMax: 18, source: "seed 001"},
	{org: "Vimmerby IF", venue: "bullerbyn", sv: [2]string{"Inkluderande träning med Vimmerby IF", "Fotboll och lek för alla, oavsett bakgrund."},
		en: [2]string{"Inclusive training with Vimmerby IF", "Football and games for everyone, whatever their background."}, ar: [2]string{"تدريب شامل مع نادي فيمربي", "كرة القدم واللعب للجميع."},
		langs: []string{"sv", "ar", "prs", "ti"}, themes: []string{"sport", "meeting_places"}, targets: []string{"everyone", "youth", "unaccompanied_minors"},
		recurrence: "weekly", start: "2026-09-03", from: "18:00", to: "19:30", source: "seed 001"},
	// Seed 004: "bordtennisträning på skolan två dagar i veckan" — one
	// activity on Tuesdays and Thursdays, not one copy per day.
	{org: "Lyckeby BTK", venue: "sunnadal", sv: [2]string{"Bordtennis på Sunnadalskolan", "Träning två dagar i veckan med en tränare som också är förebild."},
		en: [2]string{"Table tennis at Sunnadalskolan", "Training two days a week with a coach who is also a role model."}, ar: [2]string{"تنس الطاولة في مدرسة سونادال", "تدريب يومين في الأسبوع مع مدرب قدوة."},
		langs: []string{"sv", "ar", "so"}, themes: []string{"sport", "children_youth"}, targets: []string{"youth", "children"},
		recurrence: "weekly", start: "2026-09-01", weekdays: []int{2, 4}, from: "15:00", to: "16:30", ageMin: 10, ageMax: 16, source: "seed 004"},
	{org: "Röda Korset Kalmarkretsen", venue: "kalmar", sv: [2]string{"Mentor till Mentor", "Frivilliga och nyanlända möts som medmänniskor, en gång i månaden."},
		en: [2]string{"Mentor to Mentor", "Volunteers and newcomers meet as fellow humans, once a month."}, ar: [2]string{"من مرشد إلى مرشد", "يلتقي المتطوعون والقادمون الجدد مرة في الشهر."},
		langs: []string{"sv", "ar", "ti", "so"}, themes: []string{"meeting_places", "work"}, targets: []string{"newcomers"},
		recurrence: "monthly", start: "2026-09-08", from: "18:00", to: "20:00", source: "seed 004"},
	{org: "Karlshamns kommun", venue: "karlshamn", sv: [2]string{"Barn i väntan / Barn i start", "Mötesplats och stöd för barn med och utan asyl och deras föräldrar."},
		en: [2]string{"Children waiting / Children starting", "Meeting place and support for children with and without asylum, and their parents."}, ar: [2]string{"أطفال في الانتظار / أطفال في البداية", "مكان لقاء ودعم للأطفال وأهاليهم."},
		langs: []string{"sv", "ar", "so", "ti"}, themes: []string{"children_youth", "health"}, targets: []string{"children", "parents", "asylum_seekers"},
		recurrence: "weekly", start: "2026-09-02", from: "13:00", to: "15:00", source: "seed 004"},
	{org: "Landskrona stad", venue: "landskrona", sv: [2]string{"Språkcafé på biblioteket", "Prata svenska över en kopp kaffe. Alla nivåer är välkomna."},
		easy: [2]string{"Språkcafé på biblioteket", "Här kan du prata svenska. Du behöver inte kunna mycket svenska. Det är gratis."},
		en:   [2]string{"Language café at the library", "Speak Swedish over a cup of coffee. All levels welcome."}, ar: [2]string{"مقهى اللغة في المكتبة", "تحدث السويدية مع فنجان قهوة. جميع المستويات مرحب بها."},
		langs: []string{"sv", "ar", "so", "uk"}, themes: []string{"language", "meeting_places"}, targets: []string{"everyone", "newcomers"},
		recurrence: "weekly", start: "2026-09-01", from: "17:30", to: "19:00", source: "seed 003"},
	{org: "Landskrona stad", venue: "landskrona", sv: [2]string{"Läxhjälp på arabiska och somaliska", "Frivilliga hjälper med skolarbetet på flera språk."},
		en: [2]string{"Homework help in Arabic and Somali", "Volunteers help with school work in several languages."}, ar: [2]string{"مساعدة في الواجبات باللغتين العربية والصومالية", "متطوعون يساعدون في الواجبات المدرسية."},
		langs: []string{"sv", "ar", "so"}, themes: []string{"education", "children_youth"}, targets: []string{"children", "youth", "newcomers"},
		recurrence: "weekly", start: "2026-09-03", from: "16:00", to: "18:00", ageMin: 7, ageMax: 19, source: "seed 003"},
	{org: "Borås stad", co: "Röda Korset", venue: "boras", sv: [2]string{"Språkcafé i Borås", "Samtal på svenska varannan vecka, tillsammans med frivilliga."},
		en: [2]string{"Language café in Borås", "Conversation in Swedish every other week, with volunteers."}, ar: [2]string{"مقهى اللغة في بوروس", "محادثة بالسويدية كل أسبوعين."},
		langs: []string{"sv", "ar", "ti", "fa"}, themes: []string{"language"}, targets: []string{"everyone"},
		recurrence: "biweekly", start: "2026-09-07", from: "18:00", to: "19:30", source: "seed 000"},
	{org: "ABF Malmö", co: "Yalla Trappan", venue: "malmo", sv: [2]string{"Svenska för föräldralediga", "Studiecirkel i svenska med barnpassning."},
		en: [2]string{"Swedish for parents on leave", "Swedish study circle with childcare."}, ar: [2]string{"السويدية للآباء في إجازة", "حلقة دراسية باللغة السويدية مع رعاية الأطفال."},
		langs: []string{"sv", "ar", "so", "fa"}, themes: []string{"language", "education"}, targets: []string{"parents", "women"},
		recurrence: "weekly", start: "2026-09-01", from: "10:00", to: "12:00", cost: 50, source: "seed 004"},
	{org: "SIOS Syd", online: "https://meet.example.org/sios-syd", muni: "1280", sv: [2]string{"Digitalt föreningsforum", "Föreningar träffas online om överenskommelsen inom integrationsområdet."},
		en: [2]string{"Digital association forum", "Associations meet online about the agreement on integration."}, ar: [2]string{"منتدى الجمعيات الرقمي", "تلتقي الجمعيات عبر الإنترنت."},
		langs: []string{"sv", "ar", "bs", "en"}, themes: []string{"democracy"}, targets: []string{"everyone"},
		recurrence: "monthly", start: "2026-09-15", from: "19:00", to: "20:30", source: "seed 004"},
}

// loadCatalogue adds the demo venues and activities, owned by the demo
// organisations named in them.
func loadCatalogue(ctx context.Context, cat *catalog.Service, ids map[string]string) (int, error) {
	sys := actor.System("demo")
	venueIDs := map[string]string{}
	for _, v := range venues {
		lat, lon := v.lat, v.lon
		saved, err := cat.CreateVenue(ctx, sys, catalog.VenueFieldsOf(catalog.Venue{OrganisationID: ids[v.org], Name: v.name, Address: v.address, Municipality: v.muni,
			Lat: &lat, Lon: &lon, MeetingPlace: v.meeting, Accessibility: v.access, Descriptions: map[string]string{"sv": v.sv, "en": v.en}}))
		if err != nil {
			return 0, fmt.Errorf("venue %s: %w", v.name, err)
		}
		venueIDs[v.key] = saved.ID
	}
	for _, a := range activities {
		orgID, ok := ids[a.org]
		if !ok {
			return 0, fmt.Errorf("activity %s: no organisation %q", a.sv[0], a.org)
		}
		act := catalog.Activity{OrganisationID: orgID, VenueID: venueIDs[a.venue], OnlineURL: a.online, Municipality: a.muni, Status: catalog.Published,
			CostKr: a.cost, Languages: a.langs, Themes: a.themes, TargetGroups: a.targets, Contact: "info@example.org",
			Texts: map[string]catalog.Text{"sv": {Title: a.sv[0], Summary: a.sv[1]}, "en": {Title: a.en[0], Summary: a.en[1]}, "ar": {Title: a.ar[0], Summary: a.ar[1]}},
			Schedule: catalog.Schedule{Recurrence: a.recurrence, StartsOn: a.start, StartTime: a.from, EndTime: a.to, Weekdays: a.weekdays,
				Cancelled: []string{"2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"}}}
		if a.easy[0] != "" {
			act.Texts[texts.EasySwedish] = catalog.Text{Title: a.easy[0], Summary: a.easy[1]}
		}
		if a.co != "" {
			act.CoOrganisers = []string{ids[a.co]}
		}
		if a.ageMin > 0 || a.ageMax > 0 {
			min, max := a.ageMin, a.ageMax
			act.AgeMin, act.AgeMax = &min, &max
		}
		if _, err := cat.CreateActivity(ctx, sys, catalog.FieldsOf(act)); err != nil {
			return 0, fmt.Errorf("activity %s: %w", a.sv[0], err)
		}
	}
	return len(activities), nil
}
