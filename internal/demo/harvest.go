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

// harvests are the group work of the seven past conferences in the demo,
// in the reports' own words. The 2011 report lists the obstacles and
// opportunities of its four conferences together ("Hinder som framkommit
// på konferenserna", "Möjligheter som framkommit på konferenserna"): each
// is put at the conference whose focus it matches (SKL's roots in the
// municipalities and the status of "Svenska 2" in Stockholm, the rural
// developers and the need for labour in Boden …), a choice of the demo,
// not the seed's. Malmö's and Köping's lists are the 2012 report's
// ("Exempel på hinder", "Exempel på möjligheter"), Malmö's by its seven
// workshops. The Ronneby report has no list: its notes sum up the
// obstacles and opportunities its text names. Göteborg's groups are its
// five themes; Stockholm, Boden and Sundsvall worked at tables.
var harvests = map[string][]demoNote{
	"Regional konferens i Stockholm": {
		{event.Obstacle, "Brist på förankring av SKL i kommunerna", "", []string{"dialogue"}, "Bord 1"},
		{event.Obstacle, "Bemötande, fördomar", "anti_discrimination", []string{"diversity"}, "Bord 2"},
		{event.Obstacle, "Arbetsrättens utformning", "work", nil, "Bord 3"},
		{event.Opportunity, "Afrikanske Kvinnliga Entreprenörer – nätverk som finns", "work", []string{"diversity"}, "Bord 4"},
		{event.Opportunity, "Byt namn på ”Svenska 2” för att höja statusen", "language", nil, "Bord 1"},
		{event.Opportunity, "Tester och statistik om diskriminering", "anti_discrimination", []string{"quality", "openness"}, "Bord 2"},
		{event.Opportunity, "Kvinnoorganisationer", "", []string{"diversity"}, "Bord 3"},
	},
	"Regional konferens i Göteborg": {
		{event.Obstacle, "Att ingen bryr sig eller lyssnar", "", []string{"dialogue"}, "Hälsa"},
		{event.Obstacle, "Brist på uttalat stöd från det offentliga", "", []string{"openness"}, "Bostäder"},
		{event.Opportunity, "Att organisationerna ser varandra", "", []string{"dialogue"}, "Arbete"},
		{event.Opportunity, "Kommunal policy för hur föreningar får informera på skolor", "education", []string{"openness"}, "Utbildning"},
		{event.Opportunity, "Vi-veckor på skolor", "children_youth", nil, "Utbildning"},
		{event.Opportunity, "Globaliseringen = större förståelse för andra kulturer", "", []string{"diversity"}, "Språk"},
		{event.Opportunity, "Pilotprojekt och goda exempel", "", []string{"quality"}, "Hälsa"},
	},
	"Regional konferens i Boden": {
		{event.Obstacle, "Kortsiktigheten – behövs mer än en mandatperiod", "", []string{"long_term"}, "Bord 1"},
		{event.Obstacle, "Brist på resurser", "", []string{"long_term"}, "Bord 2"},
		{event.Opportunity, "De kommunala landsbygdsutvecklarna", "", nil, "Bord 3"},
		{event.Opportunity, "Invandrat kunskap = industriell expansion", "work", []string{"diversity"}, "Bord 4"},
		{event.Opportunity, "Villkora bidrag till organisationer, för att få bidrag måste man arbeta med integration.", "", []string{"independence"}, "Bord 1"},
		{event.Opportunity, "Eldsjälar finns", "", nil, "Bord 2"},
		{event.Opportunity, "Volontärer finns", "", nil, "Bord 3"},
	},
	"Regional konferens i Sundsvall": {
		{event.Obstacle, "Nödvändigheten av att förhålla sig till den offentliga sektorns struktur", "", []string{"independence"}, "Bord 1"},
		{event.Obstacle, "Brist på utvärdering, studier, forskning – mått och resultat", "", []string{"quality"}, "Bord 2"},
		{event.Opportunity, "Engagemang finns", "", []string{"dialogue"}, "Bord 3"},
		{event.Opportunity, "Mötesplatser – kan erbjuda t ex nyanlända av de idéburna organisationerna", "meeting_places", []string{"independence"}, "Bord 4"},
		{event.Opportunity, "Studieförbunden", "education", nil, "Bord 1"},
		{event.Opportunity, "Flerspråkigheten, att den kompetens som finns tas tillvara", "language", []string{"diversity"}, "Bord 2"},
	},
	"Regional konferens i Malmö": {
		{event.Obstacle, "En del människor har språkliga brister te x är mer eller mindre analfabeter.", "language", nil, "Språk"},
		{event.Obstacle, "Arbets- och bostadsbrist med fleråriga köer och segregation.", "housing", nil, "Boende"},
		{event.Obstacle, "En låg standard på boenden är ett av tecknen på bristande infrastruktur.", "housing", nil, "Boende"},
		{event.Obstacle, "Social misär.", "health", nil, "Hälsa"},
		{event.Obstacle, "Brist på tillit, tid, kunskap och ömsesidig dialog.", "", []string{"dialogue"}, "Mötesplatser"},
		{event.Obstacle, "Brist på delaktighet och inflytande.", "democracy", nil, "Mötesplatser"},
		{event.Obstacle, "Processer och metoder kan vara ineffektiva och det finns brist på flexibilitet t ex individuell anpassning i mottagningsstrukturen.", "", []string{"quality"}, "Arbete"},
		{event.Obstacle, "En felaktig eller bristande verklighetsuppfattning kan få dåliga konsekvenser för beslut.", "", []string{"quality"}, "Utbildning"},
		{event.Obstacle, "En falsk bild av gemensamhet (homogenisering) som skapas utifrån ålder, etnicitet, kön etc.", "anti_discrimination", []string{"diversity"}, "Antidiskriminering"},
		{event.Obstacle, "Det bedrivs ett kortsiktigt arbete som i vissa fall endast löser akuta situationer.", "", []string{"long_term"}, "Hälsa"},
		{event.Obstacle, "Det kan finnas ett motstånd mot att integreras med ”de andra”.", "anti_discrimination", []string{"diversity"}, "Antidiskriminering"},
		{event.Obstacle, "Strukturell diskriminering och andra strukturella hinder.", "anti_discrimination", nil, "Antidiskriminering"},
		{event.Obstacle, "Det saknas samspel inom den offentliga sektorn.", "", []string{"dialogue"}, "Arbete"},
		{event.Obstacle, "Otydlighet hos aktörerna med mycket prat och lite verkstad.", "", []string{"openness"}, "Mötesplatser"},
		{event.Obstacle, "Att olika aktörer kör i parallella spår utan att samverka.", "", []string{"dialogue"}, "Utbildning"},
		{event.Obstacle, "Det kan råda konkurrensförhållande mellan kommuner och föreningar. Villkoren är inte lika för alla.", "", []string{"independence"}, "Mötesplatser"},
		{event.Obstacle, "Målen inom den offentliga sektorn stämmer emellanåt inte överens med de idéburna organisationernas mål. Därmed kan det uppstå konflikt mellan de två olika sektorernas interna mål.", "", []string{"independence"}, "Arbete"},
		{event.Obstacle, "Praktikplatser för t ex sfi-studeranden inom den ideella sektorn är ibland välgörenhet. Det är bättre med tydliga program t ex mentorsprogram.", "work", []string{"quality"}, "Arbete"},
		{event.Obstacle, "Den mediala vinklingen innehåller ofta negativa stereotyper.", "anti_discrimination", nil, "Antidiskriminering"},
		{event.Opportunity, "Det är viktigt med kontinuerlig dialog för att underbygga värdefulla satsningar.", "", []string{"dialogue", "long_term"}, "Mötesplatser"},
		{event.Opportunity, "Större ekonomiska möjligheter för föreningar att genomföra t ex upphandling.", "", []string{"independence"}, "Arbete"},
		{event.Opportunity, "”Community Centers” kan fungera som plattform både för den idéburna sektorn och den offentliga sektorn och kan utföra uppdrag åt det offentliga.", "meeting_places", nil, "Mötesplatser"},
		{event.Opportunity, "Idéburna organisationer är en motor som dessutom kan bidra inom områden där de inte varit så involverade tidigare t ex inom hälso- och sjukvården.", "health", nil, "Hälsa"},
		{event.Opportunity, "Öppna upp för den idéburna sektorns kompetens inom formellt, informellt, officiellt och hållbart lärande.", "education", nil, "Utbildning"},
		{event.Opportunity, "Det krävs en helhetssyn på individens situation.", "health", nil, "Hälsa"},
		{event.Opportunity, "Att hålla fokus på individen och tillämpa ett personligt förhållningssätt.", "", []string{"quality"}, "Arbete"},
		{event.Opportunity, "Se och ta tillvara på kraften och talangen hos individerna, ha en lokal förankring och satsa på lokala överenskommelser istället för att som så ofta, fokusera på bristerna.", "", []string{"diversity"}, "Arbete"},
		{event.Opportunity, "Se att modersmål och flerspråkighet är en tillgång istället för ett hinder både för individen och samhället.", "language", []string{"diversity"}, "Språk"},
		{event.Opportunity, "Arbetsplatsförlagd tid med anpassade arbetsuppgifter utifrån personers faktiska bakgrund och kompetens i samarbete med sfi-anordnarna.", "work", nil, "Arbete"},
		{event.Opportunity, "Integrationen främjas genom att människor blir hörda, sedda och får tillfälle att träffas.", "meeting_places", []string{"dialogue"}, "Mötesplatser"},
		{event.Opportunity, "Neutrala mötesplatser där vi möts för diskussion och utbyte utan att fokusera på titel, position o. dyl. utan att skapa ”vi och de andra” genom att gruppera utifrån etnicitet.", "meeting_places", []string{"diversity"}, "Mötesplatser"},
		{event.Opportunity, "Ta till vara de lokaler, idéer, kunskaper, tankar och engagemang som finns, både i etablerade föreningar och i nya konstellationer.", "meeting_places", nil, "Mötesplatser"},
		{event.Opportunity, "Trösklar in i olika verksamheter och organisationer behöver sänkas.", "", []string{"openness"}, "Boende"},
		{event.Opportunity, "De inblandade behöver arbeta för att skapa större respekt och tillit till varandra.", "", []string{"dialogue"}, "Antidiskriminering"},
		{event.Opportunity, "Ett strategiskt arbete stärker långsiktighet och kvalitet.", "", []string{"long_term", "quality"}, "Utbildning"},
		{event.Opportunity, "Ett långsiktigt arbete har större förutsättningar att bli framgångsrikt.", "", []string{"long_term"}, "Boende"},
		{event.Opportunity, "Det behövs ett långsiktigt perspektiv även i budgetsättning och fördelning av resurser.", "", []string{"long_term"}, "Hälsa"},
		{event.Opportunity, "Kvalitetssäkring av verksamheter genom utvärdering och forskning och att använda evidensbaserade metoder.", "", []string{"quality"}, "Utbildning"},
		{event.Opportunity, "Utbildning i mänskliga rättigheter, antirasism och antidiskriminering behövs. Ökade kunskaper i olika ämnen behövs hos relevanta aktörer.", "anti_discrimination", nil, "Antidiskriminering"},
		{event.Opportunity, "Att likabehandlingsplaner i utbildningsväsendet upprätthålls kontinuerligt.", "education", nil, "Utbildning"},
		{event.Opportunity, "En seriös samverkan mellan olika aktörer.", "", []string{"dialogue"}, "Arbete"},
		{event.Opportunity, "Otraditionella partnerskap kan göra skillnad i större utsträckning.", "", []string{"diversity"}, "Arbete"},
		{event.Opportunity, "Ett utvecklat samarbete mellan näringslivet, offentliga sektorn t ex inom utbildningssektorn och den ideella sektorn.", "education", []string{"dialogue"}, "Utbildning"},
		{event.Opportunity, "Många myndigheter, förvaltningar och organisationer måste våga släppa kontrollen och det byråkratiska tänkandet kring uppdraget, för att kunna ha sektorsövergripande samarbete och undvika långbänkar.", "", []string{"independence"}, "Boende"},
		{event.Opportunity, "Ideell sektor har närmare kontakt med enskilda och är bättre på anpassade lösningar medan myndigheter ofta löser ett problem i taget.", "", []string{"quality"}, "Hälsa"},
		{event.Opportunity, "Den offentliga sektorns stöd för att säkra fortlevnaden av lyckade projekt såsom t ex sociala företag.", "work", []string{"long_term"}, "Arbete"},
		{event.Opportunity, "Politiska beslut skapar segregation, men har också förmåga att häva segregation.", "housing", nil, "Boende"},
		{event.Opportunity, "Bättre folkhälsa är ett instrument i integrationsarbetet.", "health", nil, "Hälsa"},
		{event.Opportunity, "Att arbeta förebyggande inom alla delar av samhället.", "health", nil, "Hälsa"},
		{event.Opportunity, "Det vore önskvärt att kunna påverka medias bilder att bli mer nyanserade och att lyfta positiva exempel. Strukturell diskriminering behöver synliggöras även i media.", "anti_discrimination", []string{"openness"}, "Antidiskriminering"},
	},
	"Regional konferens i Köping": {
		{event.Obstacle, "Föreningarna kan inte utveckla arbetet enbart ideellt.", "", []string{"long_term"}, "Grupp 1"},
		{event.Obstacle, "Aktivism kräver tjänstledighet.", "", nil, "Grupp 2"},
		{event.Obstacle, "Avsaknad av resurser och ett starkt kansli hos föreningarna.", "", []string{"independence"}, "Grupp 3"},
		{event.Obstacle, "Ekonomiska medel räcker inte. Det behövs stöd på annat sätt.", "", []string{"long_term"}, "Grupp 4"},
		{event.Obstacle, "Oklarheter om fördelning av ekonomin. Ibland får organisationer budgeten beviljad väldigt sent.", "", []string{"openness", "long_term"}, "Grupp 1"},
		{event.Obstacle, "Olika förutsättningar och villkor för olika organisationer.", "", []string{"independence"}, "Grupp 2"},
		{event.Obstacle, "Fast det finns bred kompetens inom föreningarna så utnyttjas inte dessa resurser.", "", []string{"quality"}, "Grupp 3"},
		{event.Obstacle, "Utbildning i skolor efterfrågas inte.", "education", nil, "Grupp 4"},
		{event.Obstacle, "Ungdomars deltagande saknas.", "children_youth", nil, "Grupp 1"},
		{event.Obstacle, "Avsaknad av körkort.", "work", nil, "Grupp 2"},
		{event.Obstacle, "Segregation och diskriminering på bostadsmarknaden och arbetsmarknaden.", "anti_discrimination", nil, "Grupp 3"},
		{event.Obstacle, "Byråkrati.", "", nil, "Grupp 4"},
		{event.Obstacle, "Bristande intresse.", "", []string{"dialogue"}, "Grupp 1"},
		{event.Obstacle, "Bristande utbildning om mänskliga rättigheter och samhällskunskap.", "democracy", nil, "Grupp 2"},
		{event.Obstacle, "Myter om asylsökande.", "anti_discrimination", nil, "Grupp 3"},
		{event.Obstacle, "Fördomar.", "anti_discrimination", []string{"diversity"}, "Grupp 4"},
		{event.Obstacle, "Negativa stereotyper.", "anti_discrimination", []string{"diversity"}, "Grupp 1"},
		{event.Opportunity, "Läxstöd till barn och ungdomar och även ett flerspråkigt stöd.", "children_youth", []string{"diversity"}, "Grupp 2"},
		{event.Opportunity, "Det behövs mötesplatser som ger möjlighet till att prata svenska.", "language", nil, "Grupp 3"},
		{event.Opportunity, "Ökade resurser till lokala föreningar och satsningar på frivilliga verksamheter.", "", []string{"long_term"}, "Grupp 4"},
		{event.Opportunity, "Föreningsrepresentanter borde få tjänstledigt med lön för deltagande i integrationsmöten.", "", []string{"dialogue"}, "Grupp 1"},
		{event.Opportunity, "Uppmuntra befintliga medlemmar till större engagemang.", "", nil, "Grupp 2"},
		{event.Opportunity, "Resursstarka medlemmar innebär kompetens i organisationen.", "", []string{"quality"}, "Grupp 3"},
		{event.Opportunity, "Stort engagemang innebär mycket resurser.", "", nil, "Grupp 4"},
		{event.Opportunity, "Samla alla frivilligorganisationer och skapa arbetsgrupper där man kan diskutera möjligheter och hinder.", "", []string{"dialogue"}, "Grupp 1"},
		{event.Opportunity, "Skapa nätverk och samarbeten mellan olika föreningar, organisationer och partier.", "", []string{"dialogue"}, "Grupp 2"},
		{event.Opportunity, "Föreningar besitter språkkunskaper som kan utnyttjas bättre.", "language", []string{"diversity"}, "Grupp 3"},
		{event.Opportunity, "Att gemensamt motverka främlingsfientlighet och diskriminering", "anti_discrimination", nil, "Grupp 4"},
		{event.Opportunity, "Bjuda in ungdomar och höra deras perspektiv.", "children_youth", []string{"dialogue"}, "Grupp 1"},
		{event.Opportunity, "Motverka ensamhet och utsatthet hos ensamkommande barn och ungdomar.", "children_youth", nil, "Grupp 2"},
		{event.Opportunity, "Fler kommuner måste arbeta med minoriteter, eftersom de fått ekonomiskt stöd för detta.", "", []string{"diversity"}, "Grupp 3"},
		{event.Opportunity, "Myndigheter bör ta tillvara på de kunskaper som finns inom frivilligverksamhet.", "", []string{"quality"}, "Grupp 4"},
		{event.Opportunity, "Mer information och utbildning om mänskliga rättigheter.", "democracy", nil, "Grupp 1"},
		{event.Opportunity, "Fortbildning för myndighetspersoner.", "education", nil, "Grupp 2"},
		{event.Opportunity, "Sociala företag genererar samhällsnytta.", "work", nil, "Grupp 3"},
		{event.Opportunity, "Etableringslotsar på olika språk.", "work", []string{"diversity"}, "Grupp 4"},
		{event.Opportunity, "Arbetscoacher.", "work", nil, "Grupp 1"},
		{event.Opportunity, "Pool av frivilliga handledare för körkortsutbildning.", "work", nil, "Grupp 2"},
		{event.Opportunity, "Stödja asylsökande, men inte skriva inlagor då detta kan leda till juridiska felaktigheter.", "", []string{"quality"}, "Grupp 3"},
		{event.Opportunity, "Stödja analfabeter.", "language", nil, "Grupp 4"},
		{event.Opportunity, "Förbättrad modersmålsundervisning.", "language", nil, "Grupp 1"},
		{event.Opportunity, "En ökad tillgång till arbetsmarknaden.", "work", nil, "Grupp 2"},
		{event.Opportunity, "Uppmärksamma kommunerna på problemen.", "", []string{"dialogue"}, "Grupp 3"},
		{event.Opportunity, "Föreningar kan bjuda in kommunpolitiker till samtal för att få till stånd lokala avtal.", "", []string{"dialogue"}, "Grupp 4"},
		{event.Opportunity, "Skapa långsiktighet.", "", []string{"long_term"}, "Grupp 1"},
		{event.Opportunity, "Fler konferenser.", "", []string{"dialogue"}, "Grupp 2"},
		{event.Opportunity, "Föra dialog på regional nivå.", "", []string{"dialogue"}, "Grupp 3"},
		{event.Opportunity, "Initiativtagarna till Överenskommelsen kan fungera som rådgivare för arbetet med denna.", "", nil, "Grupp 4"},
		{event.Opportunity, "Utbildningskampanjer för att få med fler små organisationer.", "education", []string{"diversity"}, "Grupp 1"},
	},
	"Regional konferens i Ronneby": {
		{event.Obstacle, "Fördomar och bristande resurser är barriärer som behöver övervinnas.", "anti_discrimination", nil, "Bord 1"},
		{event.Obstacle, "Verksamhet som initieras av organisationer kan komma att kollidera eller tas över av kommunala verksamheter.", "", []string{"independence"}, "Bord 2"},
		{event.Obstacle, "Föräldralediga har inte rätt till etableringslots, så färre kvinnor än män har en.", "work", []string{"diversity"}, "Bord 3"},
		{event.Obstacle, "Migrationsverket informerar för sent om vissa etableringar.", "", []string{"openness"}, "Bord 4"},
		{event.Obstacle, "Skolan har börjat ha bordtennis själv: konkurrens i stället för samverkan med föreningen.", "sport", []string{"dialogue"}, "Bord 1"},
		{event.Opportunity, "Idéburna organisationer kan agera etableringslotsar lokalt.", "work", nil, "Bord 2"},
		{event.Opportunity, "Ett mer flexibelt och okonventionellt regelverk – tänka utanför boxen för nya samverkansformer som kan finansieras.", "", []string{"independence"}, "Bord 3"},
		{event.Opportunity, "Individer, föreningar eller företag kan vara faddrar, med tolksupport i ett trepartssamtal.", "language", nil, "Bord 4"},
		{event.Opportunity, "I SFI kan föreningslivet informera om det civila samhället och föreningsvärlden.", "language", []string{"dialogue"}, "Bord 1"},
		{event.Opportunity, "Mentor till mentor: frivilliga och nyanlända möts och delar erfarenheter.", "meeting_places", []string{"diversity"}, "Bord 2"},
		{event.Opportunity, "Integrationsrådet i Blekinge, där även de idéburna organisationerna är välkomna.", "", []string{"dialogue"}, "Bord 3"},
		{event.Opportunity, "Länsstyrelsens medel för integrationsprojekt, t ex flyktingguider och familjekontakt.", "", []string{"long_term"}, "Bord 4"},
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
