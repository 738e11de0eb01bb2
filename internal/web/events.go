package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/request"
)

func (h *Handler) eventRoutes(mux *http.ServeMux) {
	mux.Handle("GET /events", h.fn(h.listEvents))
	mux.Handle("GET /events/{id}", h.fn(h.showEvent))
	mux.Handle("POST /events/{id}/register", h.fn(h.registerForm))
	mux.Handle("GET /registrations/{token}", h.fn(h.manageRegistration))
	mux.Handle("POST /registrations/{token}", h.fn(h.editRegistration))
	mux.Handle("POST /registrations/{token}/cancel", h.fn(h.cancelRegistration))
	mux.Handle("POST /registrations/{token}/handover", h.fn(h.handOverRegistration))
	mux.Handle("POST /registrations/{token}/travel", h.fn(h.travelRequest))
	h.organiserRoutes(mux)
}

func (h *Handler) listEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	q.Del("lang")
	past := q.Get("past") == "1"
	q.Del("past")
	if past {
		q.Set("past", "true")
	} else {
		q.Set("upcoming", "true")
	}
	f, err := event.ParseFilter(q)
	if err != nil {
		return err
	}
	page, err := h.Events.FindEvents(r.Context(), f)
	if err != nil {
		return err
	}
	p := h.page(r, "events.title")
	next := ""
	if page.NextCursor != "" {
		n := url.Values{"cursor": {page.NextCursor}}
		if past {
			n.Set("past", "1")
		}
		next = "/events?" + n.Encode()
	}
	if past {
		p.Title = string(p.T("events.past_title"))
	}
	p.Data = struct {
		Items []event.Event
		Next  string
		Past  bool
	}{page.Items, next, past}
	h.render(w, r, http.StatusOK, "events", p)
	return nil
}

// regForm is the registration form's state, kept as typed when refused.
type regForm struct {
	In      event.RegistrationInput
	Orgs    []string // registry names for the picker (a datalist: works without JavaScript)
	Checked map[string]bool
}

// eventView is the public event page with its form.
type eventView struct {
	E       event.Event
	Text    event.Text
	Own     bool // the text is in the page's language
	Seats   event.Seats
	Open    bool
	Form    regForm
	CanEdit bool // the organisers' link to the participant list
	Report  bool // a summary report to link to: published, or the organisers' own
}

// Sectors feeds the sector select.
func (eventView) Sectors() []string { return org.Sectors }

// Chosen reports whether option v of question q is chosen in the form.
func (v eventView) Chosen(q event.Question, val string) bool { return v.Form.Checked[q.ID+"\x00"+val] }

// TextAnswer is the typed answer to a text question.
func (v eventView) TextAnswer(q event.Question) string {
	if a := v.Form.In.Answers[q.ID]; len(a) > 0 {
		return a[0]
	}
	return ""
}

func (h *Handler) eventPage(r *http.Request, id string, form regForm) (Page, eventView, error) {
	e, err := h.Events.FindEventByID(r.Context(), id)
	if err != nil {
		return Page{}, eventView{}, err
	}
	if !e.Visible(request.Actor(r.Context())) {
		return Page{}, eventView{}, apperr.ErrNotFound()
	}
	p := h.page(r, "events.title")
	v := eventView{E: e, Open: e.Open(h.Events.Now()), Form: form, CanEdit: e.CanEdit(request.Actor(r.Context()))}
	v.Text, v.Own = e.In(p.Lang.Code)
	p.Title = v.Text.Title
	if v.Seats, err = h.Events.FindSeats(r.Context(), e); err != nil {
		return p, v, err
	}
	if v.Report, err = h.Events.ReportPublished(r.Context(), e.ID); err != nil {
		return p, v, err
	}
	v.Report = v.Report || v.CanEdit && e.Status == event.Finished
	if v.Open {
		all, err := h.Orgs.FindAllOrganisations(r.Context())
		if err != nil {
			return p, v, err
		}
		for _, o := range all {
			v.Form.Orgs = append(v.Form.Orgs, o.Name)
		}
	}
	if v.Form.In.Lang == "" {
		v.Form.In.Lang = p.Lang.Code
	}
	return p, v, nil
}

func (h *Handler) showEvent(w http.ResponseWriter, r *http.Request) error {
	p, v, err := h.eventPage(r, r.PathValue("id"), regForm{})
	if err != nil {
		return err
	}
	p.Data = v
	h.render(w, r, http.StatusOK, "event", p)
	return nil
}

// answersOf reads the custom questions' answers from a form: the fields
// answer_<question id>, one value for a text or a single choice, several
// for a multiple choice. Only fields that are there count, so a form
// without the questions (the manage page's) leaves the answers alone.
func answersOf(form url.Values) (event.Answers, map[string]bool) {
	a, checked := event.Answers{}, map[string]bool{}
	for k, vs := range form {
		if id, ok := strings.CutPrefix(k, "answer_"); ok {
			a[id] = vs
			for _, v := range vs {
				checked[id+"\x00"+v] = true
			}
		}
	}
	return a, checked
}

func (h *Handler) registerForm(w http.ResponseWriter, r *http.Request) error {
	g := r.PostForm.Get
	in := event.RegistrationInput{Name: g("name"), Email: g("email"), Phone: g("phone"), OrganisationName: g("organisation_name"),
		Sector: g("sector"), Dietary: g("dietary"), Lang: g("lang"), AcceptPrivacy: g("accept_privacy") == "yes"}
	var checked map[string]bool
	in.Answers, checked = answersOf(r.PostForm)
	reg, token, err := h.Events.Register(r.Context(), r.PathValue("id"), in, clientAddr(r))
	if err == nil {
		p := h.page(r, "reg.done_title")
		p.Data = struct {
			R    event.Registration
			Link string
		}{reg, "/registrations/" + token}
		h.render(w, r, http.StatusCreated, "registered", p)
		return nil
	}
	p, v, perr := h.eventPage(r, r.PathValue("id"), regForm{In: in, Checked: checked})
	if perr != nil {
		return perr
	}
	p.Data = v
	return h.formError(w, r, "event", p, err)
}

// manageView is the page behind the manage link.
type manageView struct {
	event.Manage
	Token   string
	Text    event.Text
	Checked map[string]bool
}

// Sectors feeds the sector selects.
func (manageView) Sectors() []string { return org.Sectors }

// Chosen reports whether option val of question q is among the answers.
func (v manageView) Chosen(q event.Question, val string) bool {
	for _, a := range v.Registration.Answers[q.ID] {
		if a == val {
			return true
		}
	}
	return false
}

// TextAnswer is the answer to a text question.
func (v manageView) TextAnswer(q event.Question) string {
	if a := v.Registration.Answers[q.ID]; len(a) > 0 {
		return a[0]
	}
	return ""
}

// HandOverKinds are the hand-overs the rules allow now.
func (v manageView) HandOverKinds() []string {
	var out []string
	if v.CanSubstitute {
		out = append(out, event.Substitute)
	}
	if v.CanTransfer {
		out = append(out, event.Transfer)
	}
	return out
}

func (h *Handler) managePage(r *http.Request, token string) (Page, manageView, error) {
	m, err := h.Events.FindRegistrationByToken(r.Context(), token)
	if err != nil {
		return Page{}, manageView{}, err
	}
	p := h.page(r, "reg.manage_title")
	v := manageView{Manage: m, Token: token}
	v.Text, _ = m.Event.In(p.Lang.Code)
	return p, v, nil
}

func (h *Handler) manageRegistration(w http.ResponseWriter, r *http.Request) error {
	p, v, err := h.managePage(r, r.PathValue("token"))
	if err != nil {
		return err
	}
	p.Data = v
	h.render(w, r, http.StatusOK, "manage", p)
	return nil
}

// manageError shows the manage page again with the refusal at its field.
func (h *Handler) manageError(w http.ResponseWriter, r *http.Request, err error) error {
	p, v, perr := h.managePage(r, r.PathValue("token"))
	if perr != nil {
		return perr
	}
	p.Data = v
	return h.formError(w, r, "manage", p, err)
}

func (h *Handler) editRegistration(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	str := func(k string) *string {
		if _, ok := f[k]; !ok {
			return nil
		}
		v := f.Get(k)
		return &v
	}
	patch := event.RegistrationPatch{Name: str("name"), Phone: str("phone"), OrganisationName: str("organisation_name"), Sector: str("sector"),
		Dietary: str("dietary"), Lang: str("lang")}
	if f.Get("questions") == "yes" {
		patch.Answers, _ = answersOf(f)
	}
	if _, err := h.Events.UpdateRegistration(r.Context(), r.PathValue("token"), clientAddr(r), patch); err != nil {
		return h.manageError(w, r, err)
	}
	return redirect(w, r, "/registrations/"+r.PathValue("token")+"?done=reg_saved")
}

func (h *Handler) cancelRegistration(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Events.CancelRegistration(r.Context(), r.PathValue("token"), clientAddr(r)); err != nil {
		return h.manageError(w, r, err)
	}
	return redirect(w, r, "/registrations/"+r.PathValue("token")+"?done=reg_cancelled")
}

func (h *Handler) handOverRegistration(w http.ResponseWriter, r *http.Request) error {
	g := r.PostForm.Get
	in := event.HandOver{Kind: g("kind"), Name: g("new_name"), Email: g("new_email"), Phone: g("new_phone"), Lang: g("lang")}
	reg, err := h.Events.HandOverRegistration(r.Context(), r.PathValue("token"), clientAddr(r), in)
	if err != nil {
		// The new holder's fields are named apart from the edit form's
		// on the same page.
		if ae := apperr.As(err); ae.Field == "name" || ae.Field == "email" || ae.Field == "phone" {
			c := *ae
			c.Field = "new_" + ae.Field
			err = &c
		}
		return h.manageError(w, r, err)
	}
	// The old link is dead now: say so here instead of redirecting to it.
	p := h.page(r, "reg.handed_over_title")
	p.Data = reg
	h.render(w, r, http.StatusOK, "handed_over", p)
	return nil
}

func (h *Handler) travelRequest(w http.ResponseWriter, r *http.Request) error {
	g := r.PostForm.Get
	km, err := strconv.Atoi(strings.TrimSpace(g("distance_km")))
	if err != nil {
		return h.manageError(w, r, apperr.Invalidf("distance_km", "error.range"))
	}
	in := event.TravelInput{DistanceKm: km, From: g("from"), Carpool: g("carpool") == "yes", Note: g("note")}
	if _, err := h.Events.RequestTravel(r.Context(), r.PathValue("token"), clientAddr(r), in); err != nil {
		return h.manageError(w, r, err)
	}
	return redirect(w, r, "/registrations/"+r.PathValue("token")+"?done=reg_travel")
}

// SectorList names sectors in the page's language, for the travel rule.
func (p Page) SectorList(sectors []string) string {
	out := make([]string, len(sectors))
	for i, s := range sectors {
		out[i] = p.P.T("sector." + s)
	}
	return strings.Join(out, ", ")
}

// formField is one input of a form, for the "field" template.
type formField struct {
	P                       Page
	Name, Label, Value, Typ string
	Max                     string
	Required                bool
}

// Type is the input's type attribute.
func (f formField) Type() string { return f.Typ }

// Field describes a single-line input for the "field" template.
func (p Page) Field(name, label, value, typ, max string, required bool) formField {
	return formField{P: p, Name: name, Label: label, Value: value, Typ: typ, Max: max, Required: required}
}

// chooser tells the "question" template which options are chosen.
type chooser interface {
	Chosen(q event.Question, val string) bool
}

// Question describes a custom question for the "question" template.
func (p Page) Question(q event.Question, text string, c chooser) any {
	return struct {
		P    Page
		Q    event.Question
		Text string
		C    chooser
	}{p, q, text, c}
}

// EventText is an event's text in the page's language (Swedish when missing).
func (p Page) EventText(e event.Event) event.Text {
	t, _ := e.In(p.Lang.Code)
	return t
}

// organiserRoutes are the organisers' pages of an event.
func (h *Handler) organiserRoutes(mux *http.ServeMux) {
	mux.Handle("GET /events/{id}/registrations", h.fn(h.organiserList))
	mux.Handle("GET /events/{id}/registrations/{sub}", h.fn(h.organiserRegistration))
	mux.Handle("POST /events/{id}/walk-ins", h.fn(h.addWalkIn))
	mux.Handle("POST /events/{id}/travel/{sub}", h.fn(h.decideTravel))
}

// organiserView is an event's participant list for its organisers.
type organiserView struct {
	E     event.Event
	Text  event.Text
	Items []event.Registration
	Next  string
	Seats event.Seats
	In    event.WalkIn // the walk-in form, kept as typed when refused
	Sum   event.Summary
}

// Sectors feeds the walk-in form's sector select.
func (organiserView) Sectors() []string { return org.Sectors }

func (h *Handler) organiserPage(r *http.Request, in event.WalkIn) (Page, organiserView, error) {
	who, err := requireSignIn(r)
	if err != nil {
		return Page{}, organiserView{}, err
	}
	q := r.URL.Query()
	items, next, err := h.Events.FindRegistrations(r.Context(), who, r.PathValue("id"), event.RegistrationFilter{Status: q.Get("status"), Limit: event.MaxLimit, Cursor: q.Get("cursor")})
	if err != nil {
		return Page{}, organiserView{}, err
	}
	e, err := h.Events.FindEventByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return Page{}, organiserView{}, err
	}
	p := h.page(r, "evorg.title")
	v := organiserView{E: e, Items: items, In: in}
	v.Text, _ = e.In(p.Lang.Code)
	if next != "" {
		v.Next = "/events/" + e.ID + "/registrations?" + url.Values{"cursor": {next}, "status": {q.Get("status")}}.Encode()
	}
	if v.Seats, err = h.Events.FindSeats(r.Context(), e); err != nil {
		return p, v, err
	}
	if v.Sum, err = h.Events.FindSummary(r.Context(), who, e.ID); err != nil {
		return p, v, err
	}
	return p, v, nil
}

func (h *Handler) organiserList(w http.ResponseWriter, r *http.Request) error {
	p, v, err := h.organiserPage(r, event.WalkIn{})
	if err != nil {
		return err
	}
	p.Data = v
	h.render(w, r, http.StatusOK, "event_registrations", p)
	return nil
}

func (h *Handler) organiserRegistration(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	reg, err := h.Events.FindRegistration(r.Context(), who, r.PathValue("id"), r.PathValue("sub"))
	if err != nil {
		return err
	}
	e, err := h.Events.FindEventByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := h.page(r, "evorg.registration_title")
	p.Title = reg.Name
	p.Data = struct {
		E event.Event
		R event.Registration
	}{e, reg}
	h.render(w, r, http.StatusOK, "event_registration", p)
	return nil
}

func (h *Handler) addWalkIn(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	g := r.PostForm.Get
	in := event.WalkIn{Name: g("name"), Email: g("email"), Phone: g("phone"), OrganisationName: g("organisation_name"), Sector: g("sector"), Dietary: g("dietary")}
	if _, err := h.Events.AddWalkIn(r.Context(), who, r.PathValue("id"), in); err != nil {
		p, v, perr := h.organiserPage(r, in)
		if perr != nil {
			return perr
		}
		p.Data = v
		return h.formError(w, r, "event_registrations", p, err)
	}
	return redirect(w, r, "/events/"+r.PathValue("id")+"/registrations?done=walk_in")
}

func (h *Handler) decideTravel(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	if _, err := h.Events.DecideTravel(r.Context(), who, r.PathValue("id"), r.PathValue("sub"), event.TravelDecision{Status: r.PostForm.Get("status")}); err != nil {
		return err
	}
	return redirect(w, r, "/events/"+r.PathValue("id")+"/registrations?done=travel_decided")
}
