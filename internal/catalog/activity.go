package catalog

import (
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/texts"
)

// Text is an activity's wording in one language.
type Text struct {
	Title       string `json:"title"`
	Summary     string `json:"summary,omitempty"`
	Description string `json:"description,omitempty"`
}

func (t Text) present() bool { return t.Title != "" }

// Activity is something an organisation offers.
type Activity struct {
	ID               string   `json:"id"`
	OrganisationID   string   `json:"organisation_id"`
	OrganisationName string   `json:"organisation_name"`
	CoOrganisers     []string `json:"co_organisers"`      // organisation IDs
	CoOrganiserNames []string `json:"co_organiser_names"` // filled on read
	VenueID          string   `json:"venue_id,omitempty"`
	VenueName        string   `json:"venue_name,omitempty"`
	VenueLat         *float64 `json:"-"` // for maps; the venue's own record has them
	VenueLon         *float64 `json:"-"`
	OnlineURL        string   `json:"online_url,omitempty"`
	Municipality     string   `json:"municipality"`
	MunicipalityName string   `json:"municipality_name"`
	Status           string   `json:"status"`
	// Review is "" for an activity that may be shown, or org.AwaitingReview
	// / org.Rejected: an organisation registered from the public form has
	// its activities wait for a coordinator with it.
	Review          string          `json:"review,omitempty"`
	CostKr          int             `json:"cost_kr"`
	Signup          string          `json:"signup,omitempty"`
	Contact         string          `json:"contact,omitempty"`
	AgeMin          *int            `json:"age_min,omitempty"`
	AgeMax          *int            `json:"age_max,omitempty"`
	Accessibility   []string        `json:"accessibility"`
	Themes          []string        `json:"themes"`
	TargetGroups    []string        `json:"target_groups"`
	Languages       []string        `json:"languages"`
	Texts           map[string]Text `json:"texts"`
	Schedule        Schedule        `json:"schedule"`
	Next            *Occurrence     `json:"next,omitempty"`
	LastConfirmedAt time.Time       `json:"last_confirmed_at"`
	Stale           bool            `json:"stale"`
	CreatedAt       time.Time       `json:"created_at"`
	UpdatedAt       time.Time       `json:"updated_at"`
}

// Free reports whether the activity costs nothing.
func (a Activity) Free() bool { return a.CostKr == 0 }

// In returns the text in lang, or the fallback text (texts.Pick) and false
// when the activity has none in that language: a page is never empty.
func (a Activity) In(lang string) (Text, bool) {
	t, l := a.InLang(lang)
	return t, l == lang
}

// InLang is In saying which language the text is in, so that a page can
// mark a fallback with its lang and dir.
func (a Activity) InLang(lang string) (Text, string) {
	return texts.Pick(a.Texts, lang, Text.present)
}

// InEasy is InLang for a reader who chose lättläst (texts.PickEasy): on a
// Swedish page the easy-Swedish text first, reported as Swedish.
func (a Activity) InEasy(lang string, easy bool) (Text, string) {
	return texts.PickEasy(a.Texts, lang, easy, Text.present)
}

// HasEasy reports whether the activity has a lättläst text.
func (a Activity) HasEasy() bool { return texts.HasEasy(a.Texts, Text.present) }

// Visible reports whether who may see the activity: published and archived
// ones are public (an archived one's page and feed say it is over, so
// those who saved the link learn it), drafts and those waiting for review
// only their organisation and staff see.
func (a Activity) Visible(who actor.Actor) bool {
	return (a.Status == Published || a.Status == Archived) && a.Review == "" || who.CanEditOrg(a.OrganisationID)
}

// ActivityFields is the input for creating or changing an activity, filled
// alike by the API's JSON decoder and the web form's parser. A nil field is
// left as it is (PATCH semantics); Texts replaces the languages it names (a
// language given without a title is removed); AgeMin and AgeMax can also be
// cleared with an explicit null.
type ActivityFields struct {
	OrganisationID *string             `json:"organisation_id,omitempty"`
	CoOrganisers   *[]string           `json:"co_organisers,omitempty"`
	VenueID        *string             `json:"venue_id,omitempty"`
	OnlineURL      *string             `json:"online_url,omitempty"`
	Municipality   *string             `json:"municipality,omitempty"`
	Status         *string             `json:"status,omitempty"`
	CostKr         *int                `json:"cost_kr,omitempty"`
	Signup         *string             `json:"signup,omitempty"`
	Contact        *string             `json:"contact,omitempty"`
	AgeMin         input.Nullable[int] `json:"age_min"`
	AgeMax         input.Nullable[int] `json:"age_max"`
	Accessibility  *[]string           `json:"accessibility,omitempty"`
	Themes         *[]string           `json:"themes,omitempty"`
	TargetGroups   *[]string           `json:"target_groups,omitempty"`
	Languages      *[]string           `json:"languages,omitempty"`
	Texts          map[string]Text     `json:"texts,omitempty"`
	Schedule       *Schedule           `json:"schedule,omitempty"`
}

// apply checks the fields and applies them to a. Every check runs before
// anything is written, so bad input changes nothing. References to
// organisations and venues are checked by the write, in its transaction.
func (f ActivityFields) apply(a *Activity) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&a.OrganisationID, f.OrganisationID)
	set(&a.VenueID, f.VenueID)
	set(&a.Municipality, f.Municipality)
	set(&a.Status, f.Status)
	if a.Status == "" {
		a.Status = Published
	}
	if f.CostKr != nil {
		a.CostKr = *f.CostKr
	}
	f.AgeMin.Apply(&a.AgeMin)
	f.AgeMax.Apply(&a.AgeMax)
	if f.Schedule != nil {
		a.Schedule = *f.Schedule
	}
	errs := []error{
		input.Choice("status", a.Status, Statuses, true),
		input.SetChoices(&a.CoOrganisers, "co_organisers", f.CoOrganisers, nil),
		f.applyTexts(a),
		input.Range("cost_kr", &a.CostKr, 0, 100000),
		input.Range("age_min", a.AgeMin, 0, 120),
		input.Range("age_max", a.AgeMax, 0, 120),
		input.SetChoices(&a.Themes, "themes", f.Themes, Themes),
		input.SetChoices(&a.TargetGroups, "target_groups", f.TargetGroups, TargetGroups),
		input.SetChoices(&a.Accessibility, "accessibility", f.Accessibility, Access),
		input.SetLanguages(&a.Languages, "languages", f.Languages),
		input.SetLine(&a.Signup, "signup", f.Signup, 500, false),
		input.SetLine(&a.Contact, "contact", f.Contact, 300, false),
		input.SetLine(&a.OnlineURL, "online_url", f.OnlineURL, 500, false),
	}
	urlOK := errs[len(errs)-1] == nil
	if a.AgeMin != nil && a.AgeMax != nil && *a.AgeMax < *a.AgeMin {
		errs = append(errs, apperr.Invalidf("age_max", "error.range"))
	}
	if urlOK && a.OnlineURL != "" && !strings.HasPrefix(a.OnlineURL, "https://") && !strings.HasPrefix(a.OnlineURL, "http://") {
		errs = append(errs, apperr.Invalidf("online_url", "error.url"))
	}
	if a.OrganisationID == "" {
		errs = append(errs, apperr.Invalidf("organisation_id", "error.required"))
	}
	switch {
	case a.VenueID == "" && a.OnlineURL == "" && urlOK:
		errs = append(errs, apperr.Invalidf("venue_id", "error.venue_or_online"))
	case a.VenueID == "":
		if _, ok := municipality.ByCode(a.Municipality); !ok {
			errs = append(errs, apperr.Invalidf("municipality", "error.choice"))
		}
	}
	// Every error, not the first: the import's dry run lists them all.
	return input.Every(append(errs, a.Schedule.validate())...)
}

// applyTexts replaces the languages the fields name; Swedish must remain.
func (f ActivityFields) applyTexts(a *Activity) error {
	if a.Texts == nil {
		a.Texts = map[string]Text{}
	}
	for lang, t := range f.Texts {
		if err := input.TextLanguageOrEasy("texts", lang); err != nil {
			return err
		}
		var err error
		if t.Title, err = input.Line("title_"+lang, t.Title, 200, false); err != nil {
			return err
		}
		if t.Summary, err = input.Line("summary_"+lang, t.Summary, 500, false); err != nil {
			return err
		}
		if t.Description, err = input.Text("description_"+lang, t.Description, 5000, false); err != nil {
			return err
		}
		if t.Title == "" {
			delete(a.Texts, lang)
		} else {
			a.Texts[lang] = t
		}
	}
	if !a.Texts["sv"].present() {
		return apperr.Invalidf("title_sv", "error.required")
	}
	return nil
}

// newActivity is an empty activity with every list non-nil.
func newActivity() Activity {
	return Activity{Texts: map[string]Text{}, Themes: []string{}, TargetGroups: []string{}, Languages: []string{},
		Accessibility: []string{}, CoOrganisers: []string{}, CoOrganiserNames: []string{}, Status: Published}
}

// FieldsOf returns fields that set every input field to a's values: for a
// form that posts the whole activity, the CSV import and the demo data.
// Languages missing from a.Texts are given without a title, so they are
// removed on update.
func FieldsOf(a Activity) ActivityFields {
	f := ActivityFields{OrganisationID: &a.OrganisationID, CoOrganisers: &a.CoOrganisers, VenueID: &a.VenueID, OnlineURL: &a.OnlineURL,
		Municipality: &a.Municipality, Status: &a.Status, CostKr: &a.CostKr, Signup: &a.Signup, Contact: &a.Contact,
		AgeMin: input.Nullable[int]{Set: true, Value: a.AgeMin}, AgeMax: input.Nullable[int]{Set: true, Value: a.AgeMax},
		Accessibility: &a.Accessibility, Themes: &a.Themes, TargetGroups: &a.TargetGroups, Languages: &a.Languages,
		Texts: map[string]Text{}, Schedule: &a.Schedule}
	for _, l := range i18n.Written() {
		f.Texts[l] = a.Texts[l]
	}
	for l, t := range a.Texts {
		f.Texts[l] = t
	}
	return f
}
