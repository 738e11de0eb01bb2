package web

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/request"
	"github.com/samverkan/samverkan/internal/texts"
)

type orgChoice struct{ ID, Name string }

// easyTextLanguages are the texts a form takes where the record has a
// lättläst version: the interface's languages and, last, texts.EasySwedish
// (activities' texts, organisations' descriptions).
var easyTextLanguages = append(append([]string{}, formLanguages...), texts.EasySwedish)

// activityForm is the form's state, kept as typed when it is refused.
type activityForm struct {
	ID             string
	A              catalog.Activity
	AgeMin, AgeMax string
	Cost           string
	Cancelled      string
	OtherLanguages string
	Orgs           []orgChoice
	Venues         []catalog.Venue
	Counties       []municipality.County
}

// TextLanguages lists the texts the form offers: the interface's languages
// and, last, lättläst (texts.EasySwedish).
func (activityForm) TextLanguages() []string   { return easyTextLanguages }
func (activityForm) SpokenLanguages() []string { return i18n.Spoken }
func (activityForm) Themes() []string          { return catalog.Themes }
func (activityForm) TargetGroups() []string    { return catalog.TargetGroups }
func (activityForm) Access() []string          { return catalog.Access }
func (activityForm) Statuses() []string        { return catalog.Statuses }
func (activityForm) Recurrences() []string {
	return []string{catalog.Once, catalog.Weekly, catalog.Biweekly, catalog.Monthly}
}
func (activityForm) InCounty(c string) []municipality.Municipality { return municipality.InCounty(c) }

// Has reports whether list holds v, for checkboxes.
func (activityForm) Has(list []string, v string) bool { return input.Contains(list, v) }

// Weekdays are the form's weekday checkboxes, Monday first.
func (activityForm) Weekdays() []int { return []int{1, 2, 3, 4, 5, 6, 0} }

// HasDay reports whether the activity meets on day d.
func (f activityForm) HasDay(d int) bool { return slices.Contains(f.A.Schedule.Weekdays, d) }

// Text returns the form's text in a language.
func (f activityForm) Text(lang string) catalog.Text { return f.A.Texts[lang] }

func (h *Handler) activityFormData(r *http.Request, f *activityForm) error {
	who := request.Actor(r.Context())
	f.Counties = municipality.Counties()
	for id := range who.Memberships {
		o, err := h.Orgs.FindOrganisationByID(r.Context(), id)
		if err == nil {
			f.Orgs = append(f.Orgs, orgChoice{o.ID, o.Name})
		}
	}
	if who.IsStaff() && f.A.OrganisationID != "" && !input.Contains(orgIDs(f.Orgs), f.A.OrganisationID) {
		if o, err := h.Orgs.FindOrganisationByID(r.Context(), f.A.OrganisationID); err == nil {
			f.Orgs = append(f.Orgs, orgChoice{o.ID, o.Name})
		}
	}
	sort.Slice(f.Orgs, func(i, j int) bool { return f.Orgs[i].Name < f.Orgs[j].Name })
	vs, err := h.Activities.FindVenues(r.Context(), request.Actor(r.Context()), catalog.VenueFilter{})
	if err != nil {
		return err
	}
	f.Venues = vs
	return nil
}

func orgIDs(cs []orgChoice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func parseActivityForm(r *http.Request) (activityForm, error) {
	if err := r.ParseForm(); err != nil {
		return activityForm{}, apperr.New(apperr.TooLarge, "", "error.too_large")
	}
	g := r.PostForm.Get
	f := activityForm{AgeMin: g("age_min"), AgeMax: g("age_max"), Cost: g("cost_kr"), Cancelled: g("cancelled"), OtherLanguages: g("other_languages")}
	a := catalog.Activity{OrganisationID: g("organisation_id"), VenueID: g("venue_id"), OnlineURL: g("online_url"), Municipality: g("municipality"),
		Status: g("status"), Signup: g("signup"), Contact: g("contact"), Accessibility: r.PostForm["accessibility"], Themes: r.PostForm["themes"],
		TargetGroups: r.PostForm["target_groups"], Texts: map[string]catalog.Text{},
		Schedule: catalog.Schedule{Recurrence: g("recurrence"), StartsOn: g("starts_on"), EndsOn: g("ends_on"), StartTime: g("start_time"), EndTime: g("end_time")}}
	a.Languages = append(append([]string{}, r.PostForm["languages"]...), strings.FieldsFunc(f.OtherLanguages, func(r rune) bool { return r == ',' || r == ' ' })...)
	for _, l := range easyTextLanguages {
		a.Texts[l] = catalog.Text{Title: g("title_" + l), Summary: g("summary_" + l), Description: g("description_" + l)}
	}
	a.Schedule.Cancelled = strings.Fields(strings.ReplaceAll(f.Cancelled, ",", " "))
	// The weekday checkboxes; none ticked means the start date's weekday.
	for _, v := range r.PostForm["weekdays"] {
		d, err := strconv.Atoi(v)
		if err != nil || d < 0 || d > 6 || len(a.Schedule.Weekdays) >= 7 {
			f.A = a
			return f, apperr.Invalidf("weekdays", "error.choice")
		}
		a.Schedule.Weekdays = append(a.Schedule.Weekdays, d)
	}
	f.A = a
	num := func(field, s string) (*int, error) {
		if strings.TrimSpace(s) == "" {
			return nil, nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return nil, apperr.Invalidf(field, "error.range")
		}
		return &n, nil
	}
	var err error
	if f.A.AgeMin, err = num("age_min", f.AgeMin); err != nil {
		return f, err
	}
	if f.A.AgeMax, err = num("age_max", f.AgeMax); err != nil {
		return f, err
	}
	cost, err := num("cost_kr", f.Cost)
	if err != nil {
		return f, err
	}
	if cost != nil {
		f.A.CostKr = *cost
	}
	return f, nil
}

func (h *Handler) newActivity(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireSignIn(r); err != nil {
		return err
	}
	f := activityForm{A: catalog.Activity{Status: catalog.Published, Languages: []string{"sv"}, Texts: map[string]catalog.Text{},
		OrganisationID: r.URL.Query().Get("organisation"), Schedule: catalog.Schedule{Recurrence: catalog.Weekly}}}
	if err := h.activityFormData(r, &f); err != nil {
		return err
	}
	p := h.page(r, "actform.new_title")
	p.Data = f
	h.render(w, r, http.StatusOK, "activity_form", p)
	return nil
}

func (h *Handler) editActivity(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	a, err := h.Activities.FindActivityByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !who.CanEditOrg(a.OrganisationID) {
		return apperr.ErrForbidden()
	}
	f := activityForm{ID: a.ID, A: a, Cancelled: strings.Join(a.Schedule.Cancelled, " ")}
	if a.AgeMin != nil {
		f.AgeMin = strconv.Itoa(*a.AgeMin)
	}
	if a.AgeMax != nil {
		f.AgeMax = strconv.Itoa(*a.AgeMax)
	}
	if a.CostKr > 0 {
		f.Cost = strconv.Itoa(a.CostKr)
	}
	var other []string
	for _, l := range a.Languages {
		if !input.Contains(i18n.Spoken, l) {
			other = append(other, l)
		}
	}
	f.OtherLanguages = strings.Join(other, ", ")
	if err := h.activityFormData(r, &f); err != nil {
		return err
	}
	p := h.page(r, "actform.edit_title")
	p.Data = f
	h.render(w, r, http.StatusOK, "activity_form", p)
	return nil
}

func (h *Handler) saveActivityForm(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	f, err := parseActivityForm(r)
	f.ID = r.PathValue("id")
	f.A.ID = f.ID
	if err == nil {
		// The form posts every field but the co-organisers, which it does
		// not show: those stay as they are.
		fields := catalog.FieldsOf(f.A)
		fields.CoOrganisers = nil
		var saved catalog.Activity
		if f.ID == "" {
			saved, err = h.Activities.CreateActivity(r.Context(), who, fields)
		} else {
			saved, err = h.Activities.UpdateActivity(r.Context(), who, f.ID, fields)
		}
		if err == nil {
			return redirect(w, r, "/activities/"+saved.ID+"?done=saved")
		}
	}
	title := "actform.new_title"
	if f.ID != "" {
		title = "actform.edit_title"
	}
	p := h.page(r, title)
	if derr := h.activityFormData(r, &f); derr != nil {
		return derr
	}
	p.Data = f
	return h.formError(w, r, "activity_form", p, err)
}

// confirmArchive asks before an activity is archived.
func (h *Handler) confirmArchive(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	a, err := h.Activities.FindActivityByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !who.CanEditOrg(a.OrganisationID) {
		return apperr.ErrForbidden()
	}
	p := h.page(r, "actform.archive_title")
	text, _ := a.In(p.Lang.Code)
	p.Data = confirmAction{Text: p.P.T("actform.archive_text", "title", text.Title), Action: "/activities/" + a.ID + "/archive",
		Button: p.P.T("actform.archive"), Back: "/activities/" + a.ID}
	h.render(w, r, http.StatusOK, "confirm_action", p)
	return nil
}

func (h *Handler) archiveActivityForm(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	if _, err := h.Activities.ArchiveActivity(r.Context(), who, r.PathValue("id")); err != nil {
		return err
	}
	return redirect(w, r, "/activities/"+r.PathValue("id")+"?done=archived")
}
