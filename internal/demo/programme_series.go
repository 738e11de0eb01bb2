package demo

import "github.com/samverkan/samverkan/internal/event"

// The programmes of the first six conferences as seed 004's appendices
// print them: times, titles, speakers and their roles as published (the
// speakers are public persons in their public roles, as in Ronneby's
// programme). Where the seed gives no clock time, the comment says which
// times were chosen.

// stockholm2011 is the programme of 25 November 2011 ("Program 08:30 –
// 09:00 Registrering …"). The seed puts "Två myndigheters syn" and the
// panel in one slot, 13:00–14:00: it is split in two halves here.
func stockholm2011() []item {
	ferm, berggren := person("Göran Ferm", "", "Arbetsförmedlingen"), person("Katarina Berggren", "kommunalråd", "Botkyrka kommun")
	melchert, mboro := person("Roy Melchert", "", "Sveriges Kommuner och Landsting"), person("Estanislao Mboro", "", "Afrosvenskarnas Riksförbund")
	return []item{
		{kind: event.KindRegistration, from: "08:30", to: "09:00", sv: "Registrering", en: "Registration"},
		{kind: event.KindWelcome, from: "09:00", to: "09:15", sv: "Välkomstord", en: "Words of welcome",
			speakers: []event.Person{person("Aycan Bozarlan", "vice ordförande", "SIOS"), mboro}},
		{kind: event.KindTalk, from: "09:15", to: "10:15", sv: "Överenskommelsen inom integrationsområdet: Parternas utgångspunkter", en: "The agreement on integration: the parties' starting points",
			speakers: []event.Person{person("Amelie von Zweigbergk", "statssekreterare", "Utbildningsdepartementet"), melchert, person("Pia Redlund", "", "Sociala Missionen")}},
		{kind: event.KindBreak, from: "10:15", to: "10:45", sv: "Kaffepaus", en: "Coffee break"},
		{kind: event.KindTalk, from: "10:45", to: "12:00", sv: "Överenskommelsen inom integrationsområdet – förutsättningar och villkor för dialog", en: "The agreement on integration – conditions for dialogue",
			desc: "Föreläsning om överenskommelser som politiskt instrument, därefter två organisationers syn.",
			speakers: []event.Person{person("Roberto Scaramuzzino", "doktorand", "Malmö Högskola"), person("Julio Fuentes", "verksamhetssekreterare", "SIOS"),
				person("Beatrice Kindembe", "vice ordförande", "Afrosvenskarnas Riksförbund i Stockholm")}},
		{kind: event.KindLunch, from: "12:00", to: "13:00", sv: "Lunch", en: "Lunch"},
		{kind: event.KindTalk, from: "13:00", to: "13:30", sv: "Två myndigheters syn", en: "Two authorities' views", speakers: []event.Person{ferm, berggren}},
		{kind: event.KindPanel, from: "13:30", to: "14:00", sv: "Panelsamtal: Möjligheter till samverkan", en: "Panel: opportunities for cooperation",
			speakers: []event.Person{ferm, berggren, melchert, mboro}, moderator: &event.Person{Name: "Julio Fuentes", Role: "samtalsledare", Organisation: "SIOS"}},
		{kind: event.KindWorkshopBlock, from: "14:00", to: "15:25", sv: "Arbete i grupper och återkoppling: Vad kan varje organisation och myndighet göra inom ramen för Överenskommelsen inom integrationsområdet?",
			en:   "Group work and feedback: what can each organisation and authority do within the agreement?",
			desc: "Deltagarna satt i mindre grupper från början, så att varje bord om möjligt hade deltagare från alla tre parter. Varje deltagare fyllde också i ett eget formulär."},
		{kind: event.KindClosing, from: "15:25", to: "15:30", sv: "Avslutning", en: "Closing"},
	}
}

// goteborg2011 is the programme of 1 December 2011 in Hammarkullen
// ("Moderator för dagen är Lena Blom, processledare"); the afternoon's
// five groups worked by theme (seed 004: "Temana var hälsa, arbete, språk,
// utbildning och bostäder"). The seed gives no rooms; each group's
// capacity is a fifth of the day's hundred.
func goteborg2011() []item {
	blom := &event.Person{Name: "Lena Blom", Role: "processledare"}
	return []item{
		{kind: event.KindRegistration, from: "09:00", to: "09:30", sv: "Registrering och kaffemingel", en: "Registration and coffee"},
		{kind: event.KindWelcome, from: "09:30", to: "10:30", sv: "Inledning", en: "Introduction", moderator: blom,
			speakers: []event.Person{person("Göran Ferm", "", "Arbetsförmedlingen"), person("Marie Ericsson", "", "Regeringskansliet"),
				person("Roy Melchert", "", "SKL"), person("Julio Fuentes", "", "SIOS")}},
		{kind: event.KindBreak, from: "10:30", to: "11:00", sv: "Kaffemingel", en: "Coffee"},
		{kind: event.KindTalk, from: "11:00", to: "11:45", sv: "Behövs frivilligorganisationer i förorten?", en: "Are voluntary organisations needed in the suburbs?",
			desc: "En kritisk reflektion utifrån Röda Korsets arbete med integration i förorterna.", speakers: []event.Person{person("Karim Zendegani", "", "Röda Korset")}},
		{kind: event.KindTalk, from: "11:45", to: "12:00", sv: "Information om eftermiddagens workshop", en: "About the afternoon's workshops"},
		{kind: event.KindLunch, from: "12:00", to: "13:00", sv: "Lunch – Caritas i Hjällbo står för en matupplevelse", en: "Lunch – Caritas in Hjällbo cooks"},
		{kind: event.KindTalk, from: "13:00", to: "13:30", sv: "Jag blev integrerad först när jag hade mitt eget kantarellställe", en: "I was only integrated once I had my own chanterelle spot",
			speakers: []event.Person{person("Kadir Meral", "lärare och stå upp-komiker", "")}},
		{kind: event.KindWorkshopBlock, from: "13:30", to: "14:30", sv: "Workshops utifrån integrationsöverenskommelsens områden", en: "Workshops on the agreement's areas",
			workshops: []demoWorkshop{
				{theme: "health", sv: "Hälsa", en: "Health", ar: "الصحة", capacity: 20},
				{theme: "work", sv: "Arbete", en: "Work", ar: "العمل", capacity: 20},
				{theme: "language", sv: "Språk", en: "Language", ar: "اللغة", capacity: 20},
				{theme: "education", sv: "Utbildning", en: "Education", ar: "التعليم", capacity: 20},
				{theme: "housing", sv: "Bostäder", en: "Housing", ar: "السكن", capacity: 20},
			}},
		{kind: event.KindBreak, from: "14:30", to: "15:00", sv: "Kaffemingel", en: "Coffee"},
		{kind: event.KindClosing, from: "15:00", to: "16:00", sv: "Summering från ord till handling", en: "Summing up: from words to action"},
	}
}

// boden2011 is the day of 6 December 2011 (9–17). The seed has no
// timetable for Boden, only the invitation's "Ur programmet" and
// "Medverkande" and the report's account (the county board and the
// employment service on the regional agreement, Coompanion on its
// network): the items are those, in that order, at times chosen here.
func boden2011() []item {
	return []item{
		{kind: event.KindWelcome, from: "09:00", to: "09:15", sv: "Välkommen", en: "Welcome"},
		{kind: event.KindTalk, from: "09:15", to: "10:30", sv: "Vad innebär överenskommelsen inom integrationsområdet?", en: "What does the agreement on integration mean?",
			speakers: []event.Person{person("Maria Nilsson", "", "Regeringskansliet"), person("Göran Ferm", "avdelningen för Integration och Etablering", "Arbetsförmedlingen"),
				person("Ingela Holmertz", "", "Röda Korset"), person("Julio Fuentes", "", "SIOS – samarbetsorgan för etniska organisationer i Sverige")}},
		{kind: event.KindBreak, from: "10:30", to: "10:45", sv: "Paus", en: "Break"},
		{kind: event.KindTalk, from: "10:45", to: "11:15", sv: "Vilka insatser behövs?", en: "What efforts are needed?",
			speakers: []event.Person{person("Svante Forslund", "", "Uppsala föreningsråd")}},
		{kind: event.KindTalk, from: "11:15", to: "12:00", sv: "Goda exempel: den regionala överenskommelsen i Norrbotten", en: "Good examples: the regional agreement in Norrbotten",
			desc:     "Länsstyrelsen och Arbetsförmedlingen berättar om den regionala överenskommelse (RÖK) de tagit fram och arbetar med.",
			speakers: []event.Person{person("Länsstyrelsen i Norrbottens län", "", ""), person("Arbetsförmedlingen", "", "")}},
		{kind: event.KindLunch, from: "12:00", to: "13:00", sv: "Lunch", en: "Lunch"},
		{kind: event.KindTalk, from: "13:00", to: "13:30", sv: "Ett nätverk inom social ekonomi", en: "A network in the social economy",
			speakers: []event.Person{person("Coompanion", "", "")}},
		{kind: event.KindWorkshopBlock, from: "13:30", to: "15:30", sv: "Hur går vi från ord till handling i Norrbotten?", en: "How do we go from words to action in Norrbotten?",
			desc: "Grupparbete; grupperna redovisar muntligt i plenum och skriftligt till konferensledningen."},
		{kind: event.KindBreak, from: "15:30", to: "15:45", sv: "Kaffe", en: "Coffee"},
		{kind: event.KindPanel, from: "15:45", to: "16:45", sv: "Redovisning och frågor i plenum", en: "Reports and questions in plenary"},
		{kind: event.KindClosing, from: "16:45", to: "17:00", sv: "Avslutning", en: "Closing"},
	}
}

// malmo2012 is "Integration genom interaktion", 19 November 2012 at
// Kockum Fritid, as its programme prints it, with its seven dialogue
// workshops and their "Inspiratörer". The seed gives no rooms; each
// workshop's capacity is a seventh of the day's participants, rounded up.
func malmo2012() []item {
	malmberg := &event.Person{Name: "Irene Malmberg", Organisation: "Malmö stad"}
	return []item{
		{kind: event.KindRegistration, from: "11:30", to: "12:00", sv: "Registrering", en: "Registration"},
		{kind: event.KindLunch, from: "12:00", to: "12:45", sv: "Lunch", en: "Lunch"},
		{kind: event.KindWelcome, from: "12:45", to: "13:00", sv: "Välkommen", en: "Welcome", moderator: malmberg,
			speakers: []event.Person{person("Tahmoures Yassami", "ordförande", "SIOS Syd")}},
		{kind: event.KindTalk, from: "13:00", to: "13:35", sv: "Öppningstal", en: "Opening speeches",
			speakers: []event.Person{person("Margareta Pålsson", "landshövding", "Skåne län"), person("Pontus Lindberg", "regionråd", "Region Skåne"),
				person("Kent Andersson", "kommunfullmäktiges ordförande", "Malmö stad")}},
		{kind: event.KindTalk, from: "13:35", to: "14:05", sv: "Intentioner med den nationella överenskommelsen på integrationsområdet", en: "The intentions of the national agreement on integration",
			speakers: []event.Person{person("Pia Redlund", "ordförande i styrgruppen för överenskommelsens uppföljning", ""), person("Johanna Wistedt", "", "Regeringskansliet"),
				person("Birgitta Hällegårdh", "", "Sveriges Kommuner och Landsting (SKL)"), person("Katarina Carlzén", "", "Länsstyrelsen i Skåne län/Partnerskap Skåne")}},
		{kind: event.KindTalk, from: "14:05", to: "14:40", sv: "Föreläsning: ”Integration och social sammanhållning: Möjligheter och hinder”", en: "Lecture: Integration and social cohesion – opportunities and obstacles",
			speakers: []event.Person{person("Masoud Kamali", "professor", "Mittuniversitetet Östersund")}},
		{kind: event.KindTalk, from: "14:40", to: "14:45", sv: "Kortintroduktion till workshop", en: "Short introduction to the workshops"},
		{kind: event.KindBreak, from: "14:45", to: "15:15", sv: "Fika och utställning", en: "Coffee and exhibition"},
		{kind: event.KindWorkshopBlock, from: "15:15", to: "16:40", sv: "Dialog-workshop", en: "Dialogue workshops",
			desc: "Varje dialog-workshop börjar med några korta impulser. Därefter förs dialoger i mindre grupper om möjligheter och hinder för idéburna organisationers engagemang på integrationsområdet. Frågorna tas upp under panelsamtalet.",
			workshops: []demoWorkshop{
				{theme: "health", sv: "Hälsa", en: "Health", ar: "الصحة", capacity: 18, inspirers: []event.Person{
					person("Jessica Norbeck", "", "Unilabs AB"), person("Zahra Abdi Mohammed", "", "Samhälls- och hälsokommunikatörer i Skåne")}},
				{theme: "language", sv: "Språk", en: "Language", ar: "اللغة", capacity: 18, inspirers: []event.Person{
					person("Mikael Petersson", "", "Folksam"), person("Sebastian Nasser", "", "Folksam"), person("Ann Lundborg", "folkbildning och bibliotek", "Region Skåne")}},
				{theme: "housing", sv: "Boende", en: "Housing", ar: "السكن", capacity: 18, inspirers: []event.Person{
					person("Mikaela Andersson", "", "AB Helsingborgshem"), person("Dragana Curovic", "", "Hyresgästföreningen norra Skåne")}},
				{theme: "work", sv: "Arbete", en: "Work", ar: "العمل", capacity: 18, inspirers: []event.Person{
					person("Luciano Astudillo", "", "Stiftelse Uppstart Malmö"), person("Kristina Warming", "", "Företags-MIX i Eslöv")}},
				{theme: "education", sv: "Utbildning", en: "Education", ar: "التعليم", capacity: 18, inspirers: []event.Person{
					person("Christina Merker-Siesjö", "", "ABF Malmö/Yalla Trappan"), person("Eva-Karin Morin", "", "DATAUTB MORIN AB"), person("Max Fajman", "", "DATAUTB MORIN AB")}},
				{theme: "meeting_places", sv: "Mötesplatser", en: "Meeting places", ar: "أماكن اللقاء", capacity: 18, inspirers: []event.Person{
					person("Hamza Ibrahim", "", "Somaliska Kultur- & Fritidsföreningen i Svalöv"), person("Teresa Sygnarek", "", "SIOS Syd"), person("Helena Kurki", "", "WinWin Malmö")}},
				{theme: "anti_discrimination", sv: "Antidiskriminering", en: "Anti-discrimination", ar: "مكافحة التمييز", capacity: 18, inspirers: []event.Person{
					person("Michael McEachrane", "", "Lunds universitet/Centrum mot rasism"), person("Jallow Momodou", "", "Afrosvenskarnas Forum för Rättvisa")}},
			}},
		{kind: event.KindBreak, from: "16:40", to: "17:00", sv: "Fika och utställning", en: "Coffee and exhibition"},
		{kind: event.KindTalk, from: "17:00", to: "17:45", sv: "Stå-upp-repertoar ”All you need to know about Sweden”", en: "Stand-up: All you need to know about Sweden",
			speakers: []event.Person{person("Lena Frisk", "", ""), person("Eva Westerling", "", ""), person("Peter Friedh", "", "")}},
		{kind: event.KindPanel, from: "17:45", to: "18:45", sv: "Panelsamtal utifrån workshopen", en: "Panel on the workshops", moderator: malmberg,
			speakers: []event.Person{person("Birgitta Södertun", "(KD), Hälsa och Boende", "Region Skåne"), person("Yngve Peterson", "(MP), Mötesplatser", "Region Skåne"),
				person("Vilmer Andersen", "(V), Antidiskriminering", "Region Skåne"), person("Stefan Lundgren", "(M), Språk och Utbildning", "Kommunförbundet Skåne"),
				person("Andreas Schönström", "(S), Arbete", "Malmö stad")}},
		{kind: event.KindClosing, from: "18:45", to: "19:00", sv: "Avslutning", en: "Closing"},
		{kind: event.KindMingle, from: "19:00", to: "20:00", sv: "Mingel", en: "Mingle"},
	}
}

// koping2012 is the programme of 10 December 2012 at Opalen in Folkets
// hus, as printed. Its last line is "16.00 Avslutning" with no end: the
// closing is given a quarter of an hour.
func koping2012() []item {
	bozarslan := &event.Person{Name: "Aycan Bozarslan", Role: "vice ordförande i SIOS och ordförande i Kurdiska Riksförbundet", Organisation: "SIOS"}
	return []item{
		{kind: event.KindRegistration, from: "09:00", to: "09:30", sv: "Registrering och kaffe", en: "Registration and coffee", moderator: bozarslan},
		{kind: event.KindWelcome, from: "09:30", to: "09:45", sv: "Välkommen", en: "Welcome",
			speakers: []event.Person{person("Giacomo Gotti", "ordförande", "SIOS Mellansverige"), person("Andreas Trygg", "kommunalråd", "Köpings kommun")}},
		{kind: event.KindTalk, from: "09:45", to: "10:10", sv: "Länsstyrelsens syn på Överenskommelsen inom integrationsområdet", en: "The county board's view of the agreement",
			speakers: []event.Person{person("Ingemar Skogö", "landshövding", "Västmanlands län")}},
		{kind: event.KindTalk, from: "10:10", to: "10:40", sv: "Överenskommelsen inom integrationsområdet: Parternas utgångspunkter", en: "The agreement on integration: the parties' starting points",
			speakers: []event.Person{person("Pia Redlund", "ordförande i styrgruppen för uppföljningen av Överenskommelsen inom integrationsområdet", ""),
				person("Marie Ericsson", "", "Regeringskansliet"), person("Birgitta Hällegårdh", "", "Sveriges Kommuner och Landsting")}},
		{kind: event.KindBreak, from: "10:40", to: "11:10", sv: "Paus", en: "Break"},
		{kind: event.KindTalk, from: "11:10", to: "12:00", sv: "Omförhandling av samhällskontraktet", en: "Renegotiating the social contract",
			desc: "Föreläsning om det civila samhället och organisationernas roll.", speakers: []event.Person{person("Filip Wijkström", "docent", "Handelshögskolan")}},
		{kind: event.KindLunch, from: "12:00", to: "13:00", sv: "Lunch", en: "Lunch"},
		{kind: event.KindPanel, from: "13:00", to: "14:00", sv: "Konferensens arrangörer ger sin syn på Överenskommelsen inom integrationsområdet", en: "The organisers' views of the agreement",
			desc: "Företrädare för organisationer som arrangerar konferensen och tecknat Överenskommelsen ger sin syn på den utifrån sina perspektiv.",
			speakers: []event.Person{person("Julio Fuentes", "", "SIOS"), person("Michael Williams", "", "Svenska kyrkan"), person("Monica Lindkvist", "", "Hela Sverige ska leva"),
				person("Jan Runfors", "", "Hela Sverige ska leva"), person("Inger Öhrn", "", "Bilda"), person("Torgny Hemming", "", "Folkets Hus och Parker"),
				person("Jan Hellberg", "", "Hyresgästföreningen")}},
		{kind: event.KindWorkshopBlock, from: "14:00", to: "15:25", sv: "Arbete i grupper: möjligheter och hinder för samverkan inom ramen för Överenskommelsen inom integrationsområdet",
			en: "Group work: opportunities and obstacles for cooperation within the agreement", desc: "Kaffe serveras under grupparbetet."},
		{kind: event.KindPanel, from: "15:25", to: "16:00", sv: "Samling och diskussion", en: "Plenary discussion"},
		{kind: event.KindClosing, from: "16:00", to: "16:15", sv: "Avslutning", en: "Closing"},
	}
}
