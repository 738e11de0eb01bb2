package event

// The programme of an event (issue 13, "Programme"): sessions with their
// times, kind, titles per language, speakers and moderator, and the
// parallel workshops of a workshop block with theme, room, inspirers and
// capacity. Seed 004 prints such programmes: Ronneby 2013 names each
// speaker with role and organisation ("Marina Hultkvist, Arbetsförmedlingen,
// avd. Integration och Etablering") and the day's moderator; Sundsvall ran
// its group work as two parallel workshops.
//
// Files: programme.go (types, inputs and their rules), programme_store.go
// (rows), programme_write.go (use cases, preferences).

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/ical"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/texts"
)

// Kinds of session, in the order a programme form offers them.
const (
	KindRegistration  = "registration"
	KindWelcome       = "welcome"
	KindTalk          = "talk"
	KindPanel         = "panel"
	KindWorkshopBlock = "workshop_block"
	KindBreak         = "break"
	KindLunch         = "lunch"
	KindMingle        = "mingle"
	KindClosing       = "closing"
)

// Kinds lists the session kinds.
var Kinds = []string{KindRegistration, KindWelcome, KindTalk, KindPanel, KindWorkshopBlock, KindBreak, KindLunch, KindMingle, KindClosing}

// Themes of workshops are the catalogue's themes (the documents' themes:
// health, housing, education, …), so a workshop and an activity on the same
// subject are found together.
var Themes = catalog.Themes

// Bounds of a programme: a day has tens of items, not thousands.
const (
	MaxSessions      = 60           // per event
	MaxWorkshops     = 40           // per event
	MaxSpeakers      = 20           // per session
	MaxInspirers     = 10           // per workshop
	MaxPreferences   = MaxWorkshops // ranks a participant may give, over every block
	MaxRanksPerBlock = 10           // choices the ranking form offers in one block
	MaxBlocks        = 10           // workshop blocks the ranking form reads
	maxProgrammeText = 5000
)

// Person is a speaker, moderator or inspirer as the programme names them:
// "Ylva Johansson, integrationsminister". They are public persons in a
// published programme, but still persons: every change is audited.
type Person struct {
	Name         string `json:"name"`
	Role         string `json:"role,omitempty"`
	Organisation string `json:"organisation,omitempty"`
}

// String is the person as a programme prints them: name, role,
// organisation, each only when given.
func (p Person) String() string {
	parts := []string{p.Name}
	for _, s := range []string{p.Role, p.Organisation} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// ItemText is a session's or workshop's wording in one language.
type ItemText struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

func (t ItemText) present() bool { return t.Title != "" }

// Session is one item of an event's programme.
type Session struct {
	ID        string              `json:"id"`
	EventID   string              `json:"event_id"`
	Kind      string              `json:"kind"`
	StartsAt  time.Time           `json:"starts_at"`
	EndsAt    time.Time           `json:"ends_at"`
	Room      string              `json:"room,omitempty"`
	Texts     map[string]ItemText `json:"texts"`
	Speakers  []Person            `json:"speakers"`
	Moderator *Person             `json:"moderator,omitempty"`
	Workshops []Workshop          `json:"workshops,omitempty"` // a workshop block's, in the order created
	CreatedAt time.Time           `json:"created_at"`
	UpdatedAt time.Time           `json:"updated_at"`
}

// In returns the session's text for a reader of lang (texts.Pick).
func (s Session) In(lang string) ItemText {
	t, _ := texts.Pick(s.Texts, lang, ItemText.present)
	return t
}

// TextLang is the language In(lang) picks, for the page's lang attribute.
func (s Session) TextLang(lang string) string {
	_, l := texts.Pick(s.Texts, lang, ItemText.present)
	return l
}

// Workshop is one of the parallel workshops of a workshop block.
type Workshop struct {
	ID        string              `json:"id"`
	EventID   string              `json:"event_id"`
	SessionID string              `json:"session_id"`
	Theme     string              `json:"theme,omitempty"`
	Room      string              `json:"room,omitempty"`
	Capacity  *int                `json:"capacity,omitempty"`
	Texts     map[string]ItemText `json:"texts"`
	Inspirers []Person            `json:"inspirers"`
	CreatedAt time.Time           `json:"created_at"`
	UpdatedAt time.Time           `json:"updated_at"`
}

// In returns the workshop's text for a reader of lang (texts.Pick).
func (w Workshop) In(lang string) ItemText {
	t, _ := texts.Pick(w.Texts, lang, ItemText.present)
	return t
}

// TextLang is the language In(lang) picks, for the page's lang attribute.
func (w Workshop) TextLang(lang string) string {
	_, l := texts.Pick(w.Texts, lang, ItemText.present)
	return l
}

// SessionFields is the input for creating or changing a session; nil is
// left as it is, Texts replaces the languages it names (one without a
// title is removed), Speakers replaces the list, Moderator null clears it.
type SessionFields struct {
	Kind      *string                `json:"kind,omitempty"`
	StartsAt  *time.Time             `json:"starts_at,omitempty"`
	EndsAt    *time.Time             `json:"ends_at,omitempty"`
	Room      *string                `json:"room,omitempty"`
	Texts     map[string]ItemText    `json:"texts,omitempty"`
	Speakers  *[]Person              `json:"speakers,omitempty"`
	Moderator input.Nullable[Person] `json:"moderator"`
}

// apply checks the fields against the event and applies them to s;
// nothing is written before every check has passed.
func (f SessionFields) apply(s *Session, e Event) error {
	if f.Kind != nil {
		s.Kind = strings.TrimSpace(*f.Kind)
	}
	if f.StartsAt != nil {
		s.StartsAt = f.StartsAt.In(Stockholm)
	}
	if f.EndsAt != nil {
		s.EndsAt = f.EndsAt.In(Stockholm)
	}
	f.Moderator.Apply(&s.Moderator)
	err := input.First(
		input.Choice("kind", s.Kind, Kinds, true),
		input.SetLine(&s.Room, "room", f.Room, 100, false),
		applyItemTexts(&s.Texts, f.Texts),
		applyPeople(&s.Speakers, "speakers", f.Speakers, MaxSpeakers),
	)
	if err != nil {
		return err
	}
	if s.Moderator != nil {
		m := []Person{*s.Moderator}
		if err := applyPeople(&m, "moderator", &m, 1); err != nil {
			return err
		}
		s.Moderator = &m[0]
	}
	return checkTimes(s.StartsAt, s.EndsAt, e)
}

// checkTimes keeps an item inside the event's day(s) in Stockholm: a
// programme may start with registration before the doors officially open
// and end with mingle after the closing, but not on another day.
func checkTimes(start, end time.Time, e Event) error {
	switch {
	case start.IsZero():
		return apperr.Invalidf("starts_at", "error.required")
	case end.IsZero():
		return apperr.Invalidf("ends_at", "error.required")
	case !end.After(start):
		return apperr.Invalidf("ends_at", "error.end_before_start")
	}
	first := dayStart(e.StartsAt)
	last := dayStart(e.EndsAt).AddDate(0, 0, 1)
	if start.Before(first) || !start.Before(last) {
		return apperr.Invalidf("starts_at", "error.outside_event")
	}
	if end.After(last) {
		return apperr.Invalidf("ends_at", "error.outside_event")
	}
	return nil
}

func dayStart(t time.Time) time.Time {
	t = t.In(Stockholm)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Stockholm)
}

// WorkshopFields is the input for creating or changing a workshop; the
// rules of SessionFields apply. SessionID names its workshop block.
type WorkshopFields struct {
	SessionID *string             `json:"session_id,omitempty"`
	Theme     *string             `json:"theme,omitempty"`
	Room      *string             `json:"room,omitempty"`
	Capacity  input.Nullable[int] `json:"capacity"`
	Texts     map[string]ItemText `json:"texts,omitempty"`
	Inspirers *[]Person           `json:"inspirers,omitempty"`
}

func (f WorkshopFields) apply(w *Workshop) error {
	if f.SessionID != nil {
		w.SessionID = strings.TrimSpace(*f.SessionID)
	}
	if f.Theme != nil {
		w.Theme = strings.TrimSpace(*f.Theme)
	}
	f.Capacity.Apply(&w.Capacity)
	err := input.First(
		input.Choice("theme", w.Theme, Themes, false),
		input.SetLine(&w.Room, "room", f.Room, 100, false),
		input.Range("capacity", w.Capacity, 1, MaxCapacity),
		applyItemTexts(&w.Texts, f.Texts),
		applyPeople(&w.Inspirers, "inspirers", f.Inspirers, MaxInspirers),
	)
	if err == nil && w.SessionID == "" {
		err = apperr.Invalidf("session_id", "error.required")
	}
	return err
}

// applyItemTexts replaces the languages src names; Swedish is required
// (the usual fallback reads it when the reader's language is missing).
func applyItemTexts(dst *map[string]ItemText, src map[string]ItemText) error {
	if *dst == nil {
		*dst = map[string]ItemText{}
	}
	for lang, t := range src {
		if err := input.TextLanguage("texts", lang); err != nil {
			return err
		}
		err := input.First(
			input.SetLine(&t.Title, "title_"+lang, &t.Title, 200, false),
			input.SetText(&t.Description, "description_"+lang, &t.Description, maxProgrammeText),
		)
		if err != nil {
			return err
		}
		if t.Title == "" {
			delete(*dst, lang)
		} else {
			(*dst)[lang] = t
		}
	}
	if !(*dst)["sv"].present() {
		return apperr.Invalidf("title_sv", "error.required")
	}
	return nil
}

// applyPeople replaces a list of persons, each checked by the field
// field_N_part (N from 1, as a form numbers its rows); rows without a name
// are dropped, so a form's empty rows are no error.
func applyPeople(dst *[]Person, field string, src *[]Person, max int) error {
	if src == nil {
		if *dst == nil {
			*dst = []Person{}
		}
		return nil
	}
	out := []Person{}
	for i, p := range *src {
		at := field + "_" + strconv.Itoa(i+1) + "_"
		err := input.First(
			input.SetLine(&p.Name, at+"name", &p.Name, 200, false),
			input.SetLine(&p.Role, at+"role", &p.Role, 200, false),
			input.SetLine(&p.Organisation, at+"organisation", &p.Organisation, 200, false),
		)
		if err != nil {
			return err
		}
		if p.Name == "" {
			if p.Role != "" || p.Organisation != "" {
				return apperr.Invalidf(at+"name", "error.required")
			}
			continue
		}
		out = append(out, p)
	}
	if len(out) > max {
		return apperr.Invalidf(field, "error.too_many", "max", max)
	}
	*dst = out
	return nil
}

// PreferenceInput is a participant's ranked choice of one workshop: rank 1
// is the first choice.
type PreferenceInput struct {
	WorkshopID string `json:"workshop_id"`
	Rank       int    `json:"rank"`
}

// PreferencesInput is the whole ranking; it replaces the previous one.
type PreferencesInput struct {
	Preferences []PreferenceInput `json:"preferences"`
}

// clean checks the ranking on its own (the workshops' event is checked by
// the write) and returns the workshop IDs in rank order. Ranks are kept in
// their order but closed up: a form's "1st and 3rd" with the 2nd left
// empty is a first and a second choice, which is what an assignment reads.
func (in PreferencesInput) clean() ([]string, error) {
	if len(in.Preferences) > MaxPreferences {
		return nil, apperr.Invalidf("preferences", "error.too_many", "max", MaxPreferences)
	}
	prefs := append([]PreferenceInput{}, in.Preferences...)
	seenRank, seenWS := map[int]bool{}, map[string]bool{}
	for _, p := range prefs {
		switch {
		case p.Rank < 1 || p.Rank > MaxPreferences:
			return nil, apperr.Invalidf("rank", "error.range")
		case seenRank[p.Rank]:
			return nil, apperr.Invalidf("rank", "error.duplicate_rank")
		case strings.TrimSpace(p.WorkshopID) == "":
			return nil, apperr.Invalidf("workshop_id", "error.required")
		case seenWS[p.WorkshopID]:
			return nil, apperr.Invalidf("workshop_id", "error.duplicate_workshop")
		}
		seenRank[p.Rank], seenWS[p.WorkshopID] = true, true
	}
	sort.Slice(prefs, func(i, j int) bool { return prefs[i].Rank < prefs[j].Rank })
	ids := make([]string, len(prefs))
	for i, p := range prefs {
		ids[i] = p.WorkshopID
	}
	return ids, nil
}

// Preference is one ranked choice as the assignment reads it.
type Preference struct {
	RegistrationID string `json:"registration_id"`
	WorkshopID     string `json:"workshop_id"`
	Rank           int    `json:"rank"`
}

// Programme is an event's programme: sessions in time order, each
// workshop block with its workshops.
type Programme struct {
	Event    Event     `json:"-"`
	Sessions []Session `json:"sessions"`
}

// Days groups the sessions by day in Stockholm, for a page that shows a
// conference of several days.
func (p Programme) Days() [][]Session {
	var out [][]Session
	for i, s := range p.Sessions {
		if i == 0 || !dayStart(s.StartsAt).Equal(dayStart(p.Sessions[i-1].StartsAt)) {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], s)
	}
	return out
}

// Workshops lists every workshop of the programme in its order.
func (p Programme) Workshops() []Workshop {
	var out []Workshop
	for _, s := range p.Sessions {
		out = append(out, s.Workshops...)
	}
	return out
}

// Form rows: how many person rows a form offers beyond those filled in.
const spareRows = 2

// SessionFieldsOf reads the programme form's session fields: the day
// (YYYY-MM-DD, the event's first day when empty), start and end as HH:MM
// in Stockholm, texts as title_LANG and description_LANG, speakers as
// speaker_N_name/role/organisation, the moderator as moderator_*.
func SessionFieldsOf(form url.Values, e Event) (SessionFields, error) {
	f := SessionFields{Kind: ptrTo(form.Get("kind")), Room: ptrTo(form.Get("room")), Texts: itemTextsOf(form)}
	day := strings.TrimSpace(form.Get("day"))
	if day == "" {
		day = e.StartsAt.In(Stockholm).Format("2006-01-02")
	}
	for _, t := range []struct {
		field, name string
		dst         **time.Time
	}{{"starts_at", "start", &f.StartsAt}, {"ends_at", "end", &f.EndsAt}} {
		v := strings.TrimSpace(form.Get(t.name))
		if v == "" {
			return f, apperr.Invalidf(t.field, "error.required")
		}
		at, err := time.ParseInLocation("2006-01-02 15:04", day+" "+v, Stockholm)
		if err != nil {
			return f, apperr.Invalidf(t.field, "error.time")
		}
		*t.dst = &at
	}
	speakers := peopleOf(form, "speakers", MaxSpeakers)
	f.Speakers = &speakers
	m := Person{Name: form.Get("moderator_1_name"), Role: form.Get("moderator_1_role"), Organisation: form.Get("moderator_1_organisation")}
	if strings.TrimSpace(m.Name+m.Role+m.Organisation) != "" {
		f.Moderator = input.Of(m)
	} else {
		f.Moderator = input.Clear[Person]()
	}
	return f, nil
}

// WorkshopFieldsOf reads the programme form's workshop fields; inspirers
// as inspirers_N_name/role/organisation.
func WorkshopFieldsOf(form url.Values) (WorkshopFields, error) {
	f := WorkshopFields{SessionID: ptrTo(form.Get("session_id")), Theme: ptrTo(form.Get("theme")), Room: ptrTo(form.Get("room")), Texts: itemTextsOf(form)}
	inspirers := peopleOf(form, "inspirers", MaxInspirers)
	f.Inspirers = &inspirers
	f.Capacity = input.Clear[int]()
	if v := strings.TrimSpace(form.Get("capacity")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return f, apperr.Invalidf("capacity", "error.range")
		}
		f.Capacity = input.Of(n)
	}
	return f, nil
}

// PreferencesOf reads the ranking form: rank_1 … rank_N for an event with
// one workshop block, rank_B_N (block B, choice N) for one with several,
// each a workshop ID or empty. The blocks' choices follow each other in
// one ranking, block by block; the assignment reads each block's own
// workshops in that order, so it is a ranking per block.
func PreferencesOf(form url.Values) PreferencesInput {
	in := PreferencesInput{Preferences: []PreferenceInput{}}
	last := 0
	for r := 1; r <= MaxPreferences+1; r++ {
		if id := strings.TrimSpace(form.Get("rank_" + strconv.Itoa(r))); id != "" {
			in.Preferences = append(in.Preferences, PreferenceInput{WorkshopID: id, Rank: r})
			last = r
		}
	}
	for b := 1; b <= MaxBlocks; b++ {
		for n := 1; n <= MaxRanksPerBlock && last <= MaxPreferences; n++ {
			if id := strings.TrimSpace(form.Get("rank_" + strconv.Itoa(b) + "_" + strconv.Itoa(n))); id != "" {
				last++
				in.Preferences = append(in.Preferences, PreferenceInput{WorkshopID: id, Rank: last})
			}
		}
	}
	return in
}

// itemTextsOf reads title_LANG and description_LANG for every text
// language the form sends; a language with neither is left out.
func itemTextsOf(form url.Values) map[string]ItemText {
	out := map[string]ItemText{}
	for k := range form {
		lang, ok := strings.CutPrefix(k, "title_")
		if !ok {
			continue
		}
		out[lang] = ItemText{Title: form.Get(k), Description: form.Get("description_" + lang)}
	}
	return out
}

// peopleOf reads field_N_name/role/organisation for N from 1 up to a
// bound: rows past the list's bound are read too, so the check refuses
// them instead of dropping them unseen.
func peopleOf(form url.Values, field string, max int) []Person {
	var out []Person
	for i := 1; i <= max+spareRows+1; i++ {
		at := field + "_" + strconv.Itoa(i) + "_"
		p := Person{Name: form.Get(at + "name"), Role: form.Get(at + "role"), Organisation: form.Get(at + "organisation")}
		out = append(out, p)
	}
	return out
}

// PersonRows is the list with spare empty rows, as a form shows it.
func PersonRows(ps []Person, max int) []Person {
	out := append([]Person{}, ps...)
	for i := 0; i < spareRows && len(out) < max; i++ {
		out = append(out, Person{})
	}
	return out
}

func ptrTo(s string) *string { return &s }

// Calendar is the event's iCalendar file: the event itself and every
// session as VEVENTs (a workshop block's workshops in its description),
// with the Stockholm VTIMEZONE, in the reader's language.
func (s *Service) Calendar(p Programme, lang string) string {
	baseURL, now, moderator := s.BaseURL, s.Now(), "Moderator"
	if s.Messages != nil {
		moderator = s.Messages.Printer(lang).T("programme.moderator")
	}
	e := p.Event
	text, _ := e.In(lang)
	page := strings.TrimRight(baseURL, "/") + "/events/" + e.ID + "/programme"
	where := e.OnlineURL
	if e.VenueName != "" {
		where = e.VenueName + ", " + e.MunicipalityName
	}
	cal := ical.New(text.Title, "evenemang")
	cal.Add(ical.Event{UID: e.ID + "@samverkan", Summary: text.Title, Start: e.StartsAt, End: e.EndsAt, Stamp: now, Modified: e.UpdatedAt,
		Description: strings.TrimSpace(strings.Join(e.OrganiserNames, ", ") + "\n\n" + text.Summary), Location: where, URL: page,
		Cancelled: e.Status == Cancelled})
	for _, ses := range p.Sessions {
		t := ses.In(lang)
		var lines []string
		if t.Description != "" {
			lines = append(lines, t.Description)
		}
		for _, sp := range ses.Speakers {
			lines = append(lines, sp.String())
		}
		if ses.Moderator != nil {
			lines = append(lines, moderator+": "+ses.Moderator.String())
		}
		for _, w := range ses.Workshops {
			line := "– " + w.In(lang).Title
			if w.Room != "" {
				line += " (" + w.Room + ")"
			}
			lines = append(lines, line)
		}
		loc := where
		if ses.Room != "" {
			loc = ses.Room + ", " + where
		}
		cal.Add(ical.Event{UID: ses.ID + "@samverkan", Summary: t.Title + " – " + text.Title, Start: ses.StartsAt, End: ses.EndsAt, Stamp: now,
			Modified: ses.UpdatedAt, Description: strings.Join(lines, "\n"), Location: loc, URL: page, Cancelled: e.Status == Cancelled})
	}
	return cal.String()
}
