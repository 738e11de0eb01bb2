package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
)

// SeriesTitle is the demo's series of past conferences (seed 004).
const SeriesTitle = "Regionala konferenser om överenskommelsen inom integrationsområdet 2011–2013"

// commissioned is who the conferences were held for: "Konferenserna
// administrerades nationellt av SIOS på uppdrag av styrgruppen för
// uppföljningen av överenskommelsen inom integrationsområdet".
const commissioned = "Styrgruppen för uppföljningen av Överenskommelsen inom integrationsområdet"

// conference is one of the seven regional conferences of seed 004 with
// what the seed gives for it.
type conference struct {
	town, enTitle  string // "Regional konferens i <town>" and its English
	muni           string // municipality code
	venue, address string
	lat, lon       float64 // approximate, for the map
	start, end     time.Time
	organisers     []string // registry names
	commissionedBy string   // "" is commissioned
	contact        string
	published      string // the title it was announced with, in the description
	included       string
	rules          func(f *event.Fields)
	// sectors are the participants per sector as the report gives them;
	// orgs the registry organisations the synthetic participants of a
	// sector come from (none: no organisation stated).
	sectors map[string]int
	orgs    map[string][]string
	sv, en  string // the report's summary
}

// Title is the conference's Swedish title in the demo.
func (c conference) Title() string { return "Regional konferens i " + c.town }

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, event.Stockholm)
}

// conferences are the seven in the order held. Dates, times, venues,
// organisers and rules are the invitations' (seed 004, "Bilagor"); the
// counts per sector are the reports' ("På konferensen i Stockholm deltog
// ca 120 personer, ca 80 representerade idéburna organisationer, ca 30
// offentlig sektor … och ca 10 näringsliv eller övriga aktörer"), the
// last group as "other" since the reports do not split it. Malmö and
// Köping have no figures of their own in the seed ("sammanlagt drygt 200
// personer … varav den övervägande delen var företrädare för idéburna
// organisationer"; "I Malmö fanns betydligt fler från de statliga och
// kommunala sektorerna"; "några näringslivsföreträdare"), nor Ronneby a
// split ("omkring 180 deltagare", municipal officials the majority, civil
// society "näst störst"): those splits are estimates in that order.
var conferences = []conference{
	{town: "Stockholm", enTitle: "Regional conference in Stockholm", muni: "0180",
		venue: "Citykonferensen/Ingenjörshuset", address: "Malmskillnadsgatan 46, Stockholm", lat: 59.336, lon: 18.064,
		// "Fredag 25 november 08.30-15.30" (autumn 2011).
		start: at(2011, 11, 25, 8, 30), end: at(2011, 11, 25, 15, 30),
		organisers: []string{"SIOS – Samarbetsorgan för etniska organisationer i Sverige", "Afrosvenskarnas Riksförbund"},
		contact:    "konferensstockholm@example.org",
		published:  "Den nationella överenskommelsen inom integrationsområdet – Hur kan den användas i integrationsarbetet i Stockholms och Mälardalens regioner?",
		included:   "Företrädare för ideella organisationer har möjlighet till ersättning för förlorad arbetsinkomst.",
		rules:      closes(at(2011, 11, 17, 23, 59)), // "Anmälan senast 17 november"
		sectors:    map[string]int{"civil_society": 80, "public": 30, "other": 10},
		orgs: map[string][]string{
			"civil_society": {"SIOS – Samarbetsorgan för etniska organisationer i Sverige", "Afrosvenskarnas Riksförbund", "Sociala Missionen", "Röda Korset", "Svenska kyrkan",
				"Caritas Sverige", "Irakiska Riksförbundet", "Kurdiska Riksförbundet", "RIFFI – Riksförbundet Internationella Föreningar för Invandrarkvinnor", "Skyddsvärnet"},
			"public": {"Stockholms stad", "Botkyrka kommun", "Arbetsförmedlingen", "Migrationsverket", "Regeringskansliet", "Sveriges Kommuner och Landsting (SKL)", "Länsstyrelsen i Stockholms län"},
		},
		sv: "Konferensen i Stockholm fokuserade på **brister i integrationspolitiken och skolan** samt bemötandefrågor inom sjukvård, skola och arbetsliv.\n\nArrangörerna hade bordsplacering så att varje bord om möjligt hade deltagare från alla tre parter. Det talades om rundabordssamtal med Arbetsförmedlingen.",
		en: "The Stockholm conference focused on **shortcomings in integration policy and in school**, and on how people are treated in health care, school and working life.\n\nThe organisers seated participants so that each table had, where possible, all three parties. Round-table talks with the employment service were discussed.",
	},
	{town: "Göteborg", enTitle: "Regional conference in Gothenburg", muni: "1480",
		venue: "Folkets hus i Hammarkullen", address: "Hammarkullen, Göteborg", lat: 57.781, lon: 12.036,
		// "Kl 9.00–16.00 den 1 december, 2011".
		start: at(2011, 12, 1, 9, 0), end: at(2011, 12, 1, 16, 0),
		organisers: []string{"Nätverket Plattform Göteborg"},
		contact:    "plattform-goteborg@example.org",
		published:  "Regional konferens för uppföljning av överenskommelsen inom integrationsområdet",
		included:   "Dagen är kostnadsfri, lunch och fika ingår.",
		rules:      closes(at(2011, 11, 21, 23, 59)), // "Anmälan senast 21 nov"
		sectors:    map[string]int{"civil_society": 60, "public": 30, "other": 10},
		orgs: map[string][]string{
			"civil_society": {"Nätverket Plattform Göteborg", "Röda Korset", "Caritas Sverige", "Svenska kyrkan", "IOGT-NTO", "SIOS – Samarbetsorgan för etniska organisationer i Sverige", "Föreningsrådet i Borås"},
			"public":        {"Göteborgs stad", "Arbetsförmedlingen", "Migrationsverket", "Regeringskansliet", "Sveriges Kommuner och Landsting (SKL)", "Länsstyrelsen i Västra Götalands län", "Borås stad"},
		},
		sv: "I Göteborg, där konferensen genomfördes i Hammarkullen, hamnade överenskommelsen i ljuset av **livet i förorten**, delaktighet i allmänhet och bostadssegregation.\n\nGrupparbetet delades in i fem teman: hälsa, arbete, språk, utbildning och bostäder. Under dagen användes metoden ”Open Space” med lappar på en vägg, och redan på konferensen bjöds intresserade organisationer in till en nästa träff.",
		en: "In Gothenburg, where the conference was held in Hammarkullen, the agreement was seen in the light of **life in the suburbs**, participation in general and housing segregation.\n\nThe group work had five themes: health, work, language, education and housing. All day an “Open Space” wall collected notes, and a next meeting for interested organisations was called at the conference itself.",
	},
	{town: "Boden", enTitle: "Regional conference in Boden", muni: "2582",
		venue: "Folkets Hus Boden", address: "Färgaregatan 12, Boden", lat: 65.825, lon: 21.689,
		// "Tisdag den 6 december Klockan 9-17 (kaffe serveras från 8.30)" (2011).
		start: at(2011, 12, 6, 9, 0), end: at(2011, 12, 6, 17, 0),
		organisers: []string{"Hela Sverige ska leva Norrbotten"},
		contact:    "nbr-kansli@example.org",
		included:   "Kaffe serveras från 8.30. Möjlighet till reseersättning eller arvode för ideella organisationer.",
		rules:      closes(at(2011, 11, 28, 23, 59)), // "Anmälan senast måndag 28/11"
		sectors:    map[string]int{"civil_society": 40, "public": 25, "other": 5},
		orgs: map[string][]string{
			"civil_society": {"Hela Sverige ska leva Norrbotten", "Röda Korset", "Coompanion", "Svenska kyrkan", "Caritas Sverige", "SIOS – Samarbetsorgan för etniska organisationer i Sverige"},
			"public":        {"Bodens kommun", "Länsstyrelsen i Norrbottens län", "Arbetsförmedlingen", "Migrationsverket", "Regeringskansliet"},
		},
		sv: "I Boden hamnade överenskommelsen i ljuset av **Norrbottens behov av arbetskraft** och insatser för minskad utflyttning. Arbetet mot fördomar och rasism gick som en röd tråd genom dagen.\n\nLänsstyrelsen och Arbetsförmedlingen presenterade den regionala överenskommelsen (RÖK). Flera deltagare talade om politikernas och kommunernas ansvar att bjuda in.",
		en: "In Boden the agreement was seen in the light of **Norrbotten's need for labour** and efforts against people moving away. Work against prejudice and racism ran through the day.\n\nThe county board and the employment service presented the regional agreement. Several participants spoke of the politicians' and municipalities' duty to invite.",
	},
	{town: "Sundsvall", enTitle: "Regional conference in Sundsvall", muni: "2281",
		venue: "Folkets Hus Sundsvall", address: "Esplanaden 29, Sundsvall", lat: 62.391, lon: 17.306,
		// "Torsdag 15 december 2011 klockan 09.00 - 16.00".
		start: at(2011, 12, 15, 9, 0), end: at(2011, 12, 15, 16, 0),
		// The invitation's addresses for registration and questions are Röda Korset's.
		organisers: []string{"Röda Korset"},
		contact:    "konferens-sundsvall@example.org",
		published:  "Tillsammans eller var och en för sig – En dialogdag om bättre samverkan i arbetet med integration",
		included:   "Ingen kostnad. Fika och lunch ingår.",
		// "Sista anmälningsdag: Torsdagen den 10 december" (10 December 2011
		// was a Saturday; the date is kept). "Anmälan är bindande.
		// Ersättare kan utses." Travel money for volunteers in civil
		// society, round trips over 10 mil, asked for by 10 December,
		// carpooling assumed.
		rules: func(f *event.Fields) {
			closes(at(2011, 12, 10, 23, 59))(f)
			yes := true
			f.Binding, f.SubstituteAllowed = &yes, &yes
			f.TravelMinKm, f.TravelDeadline = input.Of(100), input.Of(at(2011, 12, 10, 23, 59))
			f.TravelSectors, f.TravelCarpool = &[]string{"civil_society"}, &yes
		},
		sectors: map[string]int{"civil_society": 35, "public": 35, "other": 5},
		orgs: map[string][]string{
			"civil_society": {"Röda Korset", "Svenska kyrkan", "Caritas Sverige", "SIOS – Samarbetsorgan för etniska organisationer i Sverige"},
			"public":        {"Sundsvalls kommun", "Länsstyrelsen Västernorrland", "Arbetsförmedlingen", "Migrationsverket", "Regeringskansliet", "Sveriges Kommuner och Landsting (SKL)"},
		},
		sv: "I Sundsvall betonades **flyktingmottagning**, önskan om ökad inflyttning och etableringsreformen i praktiken.\n\nGrupparbetet genomfördes som två parallella workshoppar där goda exempel presenterades före diskussionerna. Flera deltagare tyckte att Arbetsförmedlingen lokalt borde ta initiativet att bjuda in övriga parter.",
		en: "Sundsvall stressed **the reception of refugees**, the wish for more people to move to the region, and the establishment reform in practice.\n\nThe group work ran as two parallel workshops with good examples first. Several participants thought the local employment office should take the initiative to invite the other parties.",
	},
	{town: "Malmö", enTitle: "Regional conference in Malmö", muni: "1280",
		venue: "Kockum Fritid", address: "Malmö", lat: 55.596, lon: 12.990,
		// "Konferens 19 November 2012 kl.12-19 Kockum Fritid, Malmö"; the
		// programme runs from 11.30 (registration) to 20.00 ("Konferensslut").
		start: at(2012, 11, 19, 11, 30), end: at(2012, 11, 19, 20, 0),
		organisers:     []string{"ABF Malmö", "Folksam", "Kommunförbundet Skåne", "Länsstyrelsen i Skåne län", "Malmö stad", "Region Skåne", "SIOS Syd", "Social Ekonomi Skåne"},
		commissionedBy: "Överenskommelsen mellan regeringen, idéburna organisationer inom integrationsområdet och SKL, och Överenskommelsen om samverkan mellan Region Skåne och den idéburna sektorn i Skåne",
		contact:        "siossyd@example.org",
		published:      "Integration genom interaktion",
		included:       "Lunch och fika ingår.",
		rules:          func(*event.Fields) {},
		sectors:        map[string]int{"civil_society": 60, "public": 50, "business": 10},
		orgs: map[string][]string{
			"civil_society": {"SIOS Syd", "ABF Malmö", "Social Ekonomi Skåne", "Stadsmissionen", "Röda Korset", "Afrosvenskarnas Forum för Rättvisa", "Somaliska Kultur- & Fritidsföreningen i Svalöv",
				"WinWin Malmö", "Stiftelsen Uppstart Malmö", "IOGT-NTO", "Hyresgästföreningen norra Skåne"},
			"public":   {"Malmö stad", "Region Skåne", "Länsstyrelsen i Skåne län", "Kommunförbundet Skåne", "Landskrona stad", "Skurups kommun", "Arbetsförmedlingen", "Migrationsverket"},
			"business": {"Folksam", "Yalla Trappan", "Unilabs AB", "AB Helsingborgshem", "Företags-MIX i Eslöv"},
		},
		sv: "Konferensen i Malmö, ”Integration genom interaktion”, fokuserade på **integration och diskriminering**. Förmiddagen ägnades åt presentationer av integrationsarbetet och en föreläsning av professor Masoud Kamali.\n\nEftermiddagens dialog-workshoppar arbetade med hälsa, boende, utbildning, antidiskriminering, språk, arbete och mötesplatser; frågorna gick vidare till en panel av regionalpolitiker. Principerna som främst uppmärksammades var kvalitet och långsiktighet, dialog och mångfald.",
		en: "The Malmö conference, “Integration through interaction”, focused on **integration and discrimination**. The morning presented integration work and a lecture by professor Masoud Kamali.\n\nThe afternoon's dialogue workshops took health, housing, education, anti-discrimination, language, work and meeting places; their questions went to a panel of regional politicians. The principles most discussed were quality and the long term, dialogue and diversity.",
	},
	{town: "Köping", enTitle: "Regional conference in Köping", muni: "1983",
		venue: "Opalen i Folkets hus", address: "Karlagatan 2, Köping", lat: 59.512, lon: 15.994,
		// "Måndagen den 10 december kl. 09.00-16.00" (2012); the programme
		// ends "16.00 Avslutning", given a quarter of an hour here.
		start: at(2012, 12, 10, 9, 0), end: at(2012, 12, 10, 16, 15),
		organisers: []string{"Bilda", "Folkets Hus och Parker", "Hela Sverige ska leva", "Hyresgästföreningen", "SIOS Mellansverige", "Svenska kyrkan"},
		contact:    "sios-mellansverige@example.org",
		published:  "Den nationella överenskommelsen inom integrationsområdet – Hur kan den användas i integrationsarbetet i Mellansverige?",
		rules:      func(*event.Fields) {},
		sectors:    map[string]int{"civil_society": 65, "public": 15, "other": 5},
		orgs: map[string][]string{
			"civil_society": {"SIOS Mellansverige", "Bilda", "Folkets Hus och Parker", "Hela Sverige ska leva", "Hyresgästföreningen", "Svenska kyrkan", "Kurdiska Riksförbundet", "Röda Korset"},
			"public":        {"Köpings kommun", "Länsstyrelsen i Västmanlands län", "Arbetsförmedlingen", "Regeringskansliet"},
		},
		sv: "I Köping låg fokus på **organisationernas roll och villkor** inom integrationsprocessen. Professor Filip Wijkström föreläste om ”Omförhandling av samhällskontraktet”.\n\nDen övervägande delen av deltagarna kom från den ideella sektorn, och sex personer uppgav partitillhörighet. Grupperna och plenum talade om möjligheter och hinder för regional samverkan; principerna självständighet och oberoende, kvalitet, dialog och mångfald betonades.",
		en: "Köping focused on **the organisations' role and conditions** in the integration process. Professor Filip Wijkström lectured on “Renegotiating the social contract”.\n\nMost participants came from the non-profit sector, and six gave a party affiliation. Groups and plenary discussed opportunities and obstacles for regional cooperation; independence, quality, dialogue and diversity were stressed.",
	},
	{town: "Ronneby", enTitle: "Regional conference in Ronneby", muni: "1081",
		venue: "Ronneby Brunn, Stora salen", address: "Ronneby Brunn, Ronneby", lat: 56.205, lon: 15.290,
		// "Måndagen den 21 oktober kl. 9:00 – 16:00 i Stora Salen på
		// Ronneby Brunn" (2013); the programme's mingle follows the closing
		// at 16.00, so the day ends at 17.00 here.
		start: at(2013, 10, 21, 9, 0), end: at(2013, 10, 21, 17, 0),
		organisers: []string{"Länsbygderådet i Blekinge", "Länsbygderådet i Kalmar län", "Länsstyrelsen i Blekinge län", "Länsstyrelsen i Kalmar län",
			"SIOS – Samarbetsorgan för etniska organisationer i Sverige"},
		contact:  "konferens-ronneby@example.org",
		included: "Konferensen är kostnadsfri, fika och lunch ingår.",
		// "Anmälan görs senast 6 oktober … Anmälan är bindande men kan
		// överlåtas till kollega. Eventuell avanmälan bör ske innan den 6
		// oktober annars debiteras en avgift på 400 kr."
		rules: func(f *event.Fields) {
			closes(at(2013, 10, 6, 23, 59))(f)
			yes, fee := true, 400
			f.Binding, f.TransferAllowed, f.LateFeeKr = &yes, &yes, &fee
			f.CancelDeadline = input.Of(at(2013, 10, 6, 0, 0))
		},
		sectors: map[string]int{"public": 100, "civil_society": 65, "other": 15},
		orgs: map[string][]string{
			"civil_society": {"Länsbygderådet i Blekinge", "Länsbygderådet i Kalmar län", "SIOS – Samarbetsorgan för etniska organisationer i Sverige", "Röda Korset Kalmarkretsen", "Lyckeby BTK", "Vimmerby IF"},
			"public":        {"Ronneby kommun", "Karlshamns kommun", "Vimmerby kommun", "Länsstyrelsen i Blekinge län", "Länsstyrelsen i Kalmar län", "Arbetsförmedlingen", "Migrationsverket"},
		},
		sv: "Konferensen i Ronneby var den hittills största, med omkring 180 deltagare. Fokus låg på **nyanländas möjlighet till praktik, arbete och delaktighet**; dagen hade sju föreläsningar.\n\nEn uttalad önskan kom fram om att gå *från ord till handling* och om ett mer flexibelt och okonventionellt regelverk som ger större möjlighet att finna lösningar.",
		en: "The Ronneby conference was the largest so far, with about 180 participants. It focused on **newcomers' chances of work placements, work and participation**, with seven talks.\n\nA clear wish came up to go *from words to action*, and for more flexible, unconventional rules that leave more room for solutions.",
	},
}

// closes sets the registration deadline the invitation gives.
func closes(t time.Time) func(f *event.Fields) {
	return func(f *event.Fields) { f.RegistrationClosesAt = input.Of(t) }
}

// loadSeries adds the seven past conferences to the series: each at its
// venue (added to the catalogue, owned by its first organiser), with its
// organisers, rules and texts.
func loadSeries(ctx context.Context, svc *app.Services, series string, ids map[string]string) error {
	sys := actor.System("demo")
	for _, c := range conferences {
		var orgs []string
		for _, name := range c.organisers {
			id, ok := ids[name]
			if !ok {
				return fmt.Errorf("%s: no organisation %q", c.Title(), name)
			}
			orgs = append(orgs, id)
		}
		lat, lon := c.lat, c.lon
		v, err := svc.Catalog.CreateVenue(ctx, sys, catalog.VenueFieldsOf(catalog.Venue{OrganisationID: orgs[0], Name: c.venue, Address: c.address, Municipality: c.muni,
			Lat: &lat, Lon: &lon, Descriptions: map[string]string{"sv": "Här hölls den regionala konferensen i " + c.town + " " + c.start.Format("2006-01-02") + ".",
				"en": "The " + strings.TrimPrefix(c.enTitle, "Regional conference in ") + " regional conference was held here on " + c.start.Format("2006-01-02") + "."}}))
		if err != nil {
			return fmt.Errorf("%s venue: %w", c.Title(), err)
		}
		status, price, by := event.Finished, 0, c.commissionedBy
		if by == "" {
			by = commissioned
		}
		sv := event.Text{Title: c.Title(), Summary: "Civilsamhälle, offentlig sektor och näringsliv samtalar om hur överenskommelsen kan genomföras regionalt och lokalt.",
			Audience: "Föreningsaktiva, politiker, tjänstemän, praktiker, företagare m.fl.", Included: c.included}
		if c.published != "" {
			sv.Description = "Konferensen bjöds in under titeln ”" + c.published + "”."
		}
		f := event.Fields{SeriesID: &series, Organisers: &orgs, VenueID: &v.ID, StartsAt: &c.start, EndsAt: &c.end, Status: &status, PriceKr: &price,
			CommissionedBy: &by, Contact: ptr(c.contact),
			Texts: map[string]event.Text{"sv": sv,
				"en": {Title: c.enTitle, Summary: "Civil society, the public sector and business talk about how the agreement can be carried out regionally and locally."},
				"ar": {Title: "مؤتمر إقليمي: " + c.enTitle}}}
		c.rules(&f)
		if _, err := svc.Events.CreateEvent(ctx, sys, f); err != nil {
			return fmt.Errorf("event %s: %w", c.Title(), err)
		}
	}
	return nil
}

// Synthetic participants' names: fictitious combinations, example.org
// addresses.
var (
	firstNames = []string{"Anna", "Ahmed", "Maria", "Erik", "Fatima", "Lars", "Sara", "Mohammed", "Karin", "Johan", "Leyla", "Per", "Amina", "Nils",
		"Elin", "Hassan", "Eva", "Olof", "Zeynep", "Maja", "Daniel", "Hodan", "Ingrid", "Jonas", "Rana"}
	lastNames = []string{"Andersson", "Hussein", "Lindqvist", "Nilsson", "Karimi", "Berg", "Ali", "Johansson", "Yilmaz", "Ek", "Warsame", "Holm",
		"Persson", "Haddad", "Sandberg", "Omar", "Lund", "Rahimi", "Strand", "Jonsson", "Abdi", "Wallin", "Nguyen"}
)

// participants is a conference's synthetic participant list: per sector
// the report's number, from the sector's organisations in turn.
func (c conference) participants(ids map[string]string) ([]event.PastParticipant, error) {
	var out []event.PastParticipant
	slug := strings.NewReplacer("ö", "o", "ä", "a", "å", "a").Replace(strings.ToLower(c.town))
	for _, sector := range []string{"civil_society", "public", "business", "academia", "other"} {
		orgs := c.orgs[sector]
		for i := 0; i < c.sectors[sector]; i++ {
			n := len(out)
			p := event.PastParticipant{Name: firstNames[n%len(firstNames)] + " " + lastNames[(n*7+n/len(firstNames))%len(lastNames)],
				Email: fmt.Sprintf("deltagare-%s-%03d@example.org", slug, n+1), Sector: sector, Lang: "sv"}
			if len(orgs) > 0 {
				id, ok := ids[orgs[i%len(orgs)]]
				if !ok {
					return nil, fmt.Errorf("%s participants: no organisation %q", c.Title(), orgs[i%len(orgs)])
				}
				p.OrganisationID = id
			}
			out = append(out, p)
		}
	}
	return out, nil
}
