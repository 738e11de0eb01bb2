package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/request"
)

// programmeRoutes: an event's public programme (page, print, calendar
// file), the organisers' programme editor, and a participant's workshop
// ranking behind the private manage link.
func (h *Handler) programmeRoutes(mux *http.ServeMux) {
	mux.Handle("GET /events/{id}/programme", h.fn(h.showProgramme))
	mux.Handle("GET /events/{id}/calendar.ics", h.fn(h.eventFeed))
	mux.Handle("GET /events/{id}/programme/edit", h.fn(h.editProgramme))
	mux.Handle("POST /events/{id}/programme/sessions", h.fn(h.saveSession))
	mux.Handle("POST /events/{id}/programme/sessions/{sid}", h.fn(h.saveSession))
	mux.Handle("POST /events/{id}/programme/sessions/{sid}/delete", h.fn(h.deleteSession))
	mux.Handle("POST /events/{id}/programme/workshops", h.fn(h.saveWorkshop))
	mux.Handle("POST /events/{id}/programme/workshops/{wid}", h.fn(h.saveWorkshop))
	mux.Handle("POST /events/{id}/programme/workshops/{wid}/delete", h.fn(h.deleteWorkshop))
	mux.Handle("GET /registrations/{token}/workshops", h.fn(h.showRanking))
	mux.Handle("POST /registrations/{token}/workshops", h.fn(h.saveRanking))
}

// programmeView is what the programme pages show.
type programmeView struct {
	event.Programme
	Text     event.Text
	TextLang string // the language of Text: the reader's, else Swedish (required)
	Lang     string
	CanEdit  bool
}

func (h *Handler) programmeOf(r *http.Request) (programmeView, error) {
	who := request.Actor(r.Context())
	p, err := h.Events.FindProgramme(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return programmeView{}, err
	}
	lang := request.Printer(r.Context()).Lang.Code
	text, ok := p.Event.In(lang)
	tl := lang
	if !ok {
		tl = "sv"
	}
	return programmeView{Programme: p, Text: text, TextLang: tl, Lang: lang, CanEdit: p.Event.CanEdit(who)}, nil
}

func (h *Handler) showProgramme(w http.ResponseWriter, r *http.Request) error {
	v, err := h.programmeOf(r)
	if err != nil {
		return err
	}
	p := h.page(r, "programme.title")
	p.Title = v.Text.Title + " – " + p.Title
	p.Data = v
	h.render(w, r, http.StatusOK, "programme", p)
	return nil
}

func (h *Handler) eventFeed(w http.ResponseWriter, r *http.Request) error {
	v, err := h.programmeOf(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="event.ics"`)
	_, err = w.Write([]byte(h.Events.Calendar(v.Programme, v.Lang)))
	return err
}

// programmeEditor is the organisers' page: the programme, a session form
// (new, or the one named by ?session=) and a workshop form (new, or
// ?workshop=) when the programme has a workshop block.
type programmeEditor struct {
	programmeView
	Session    event.Session
	Workshop   event.Workshop
	Day, Start string
	End        string
	Blocks     []event.Session
	Kinds      []string
	Themes     []string
	TextLangs  []i18n.Lang
	Speakers   []event.Person
	Moderator  event.Person
	Inspirers  []event.Person
	FormFor    string // "session" or "workshop": the form an error belongs to
}

func (h *Handler) editor(r *http.Request) (programmeEditor, error) {
	if _, err := requireSignIn(r); err != nil {
		return programmeEditor{}, err
	}
	v, err := h.programmeOf(r)
	if err != nil {
		return programmeEditor{}, err
	}
	if !v.CanEdit {
		return programmeEditor{}, apperr.ErrForbidden()
	}
	ed := programmeEditor{programmeView: v, Kinds: event.Kinds, Themes: event.Themes, TextLangs: i18n.Languages,
		Day: v.Event.StartsAt.In(event.Stockholm).Format("2006-01-02")}
	q := r.URL.Query()
	for _, s := range v.Sessions {
		if s.Kind == event.KindWorkshopBlock {
			ed.Blocks = append(ed.Blocks, s)
		}
		if s.ID == q.Get("session") || s.ID == r.PathValue("sid") {
			ed.Session = s
		}
	}
	for _, ws := range v.Workshops() {
		if ws.ID == q.Get("workshop") || ws.ID == r.PathValue("wid") {
			ed.Workshop = ws
		}
	}
	if (q.Get("session") != "" && ed.Session.ID == "") || (q.Get("workshop") != "" && ed.Workshop.ID == "") {
		return ed, apperr.ErrNotFound()
	}
	if ed.Session.ID != "" {
		ed.Day = ed.Session.StartsAt.Format("2006-01-02")
		ed.Start, ed.End = ed.Session.StartsAt.Format("15:04"), ed.Session.EndsAt.Format("15:04")
		if ed.Session.Moderator != nil {
			ed.Moderator = *ed.Session.Moderator
		}
	}
	ed.Speakers = event.PersonRows(ed.Session.Speakers, event.MaxSpeakers)
	ed.Inspirers = event.PersonRows(ed.Workshop.Inspirers, event.MaxInspirers)
	return ed, nil
}

func (h *Handler) editProgramme(w http.ResponseWriter, r *http.Request) error {
	ed, err := h.editor(r)
	if err != nil {
		return err
	}
	h.renderEditor(w, r, http.StatusOK, ed)
	return nil
}

func (h *Handler) renderEditor(w http.ResponseWriter, r *http.Request, status int, ed programmeEditor) {
	p := h.page(r, "progform.title")
	p.Title = ed.Text.Title + " – " + p.Title
	p.Data = ed
	h.render(w, r, status, "programme_edit", p)
}

// editorError shows the editor again with the input kept and the message
// at its field.
func (h *Handler) editorError(w http.ResponseWriter, r *http.Request, ed programmeEditor, err error) error {
	p := h.page(r, "progform.title")
	p.Title = ed.Text.Title + " – " + p.Title
	p.Data = ed
	return h.formError(w, r, "programme_edit", p, err)
}

func (h *Handler) saveSession(w http.ResponseWriter, r *http.Request) error {
	ed, err := h.editor(r)
	if err != nil {
		return err
	}
	who := request.Actor(r.Context())
	id := r.PathValue("sid")
	f, err := event.SessionFieldsOf(r.PostForm, ed.Event)
	// Keep what was typed, whatever the outcome.
	ed.FormFor, ed.Session.ID = "session", id
	ed.Session.Kind, ed.Session.Room = r.PostForm.Get("kind"), r.PostForm.Get("room")
	ed.Session.Texts = map[string]event.ItemText{}
	for l, t := range f.Texts {
		ed.Session.Texts[l] = t
	}
	ed.Day, ed.Start, ed.End = r.PostForm.Get("day"), r.PostForm.Get("start"), r.PostForm.Get("end")
	if f.Speakers != nil {
		ed.Speakers = *f.Speakers
	}
	ed.Moderator = event.Person{Name: r.PostForm.Get("moderator_1_name"), Role: r.PostForm.Get("moderator_1_role"), Organisation: r.PostForm.Get("moderator_1_organisation")}
	if err == nil {
		if id == "" {
			_, err = h.Events.CreateSession(r.Context(), who, ed.Event.ID, f)
		} else {
			_, err = h.Events.UpdateSession(r.Context(), who, ed.Event.ID, id, f)
		}
	}
	if err != nil {
		return h.editorError(w, r, ed, err)
	}
	return redirect(w, r, "/events/"+ed.Event.ID+"/programme/edit?done=programme_saved")
}

func (h *Handler) saveWorkshop(w http.ResponseWriter, r *http.Request) error {
	ed, err := h.editor(r)
	if err != nil {
		return err
	}
	who := request.Actor(r.Context())
	id := r.PathValue("wid")
	f, err := event.WorkshopFieldsOf(r.PostForm)
	ed.FormFor, ed.Workshop.ID = "workshop", id
	ed.Workshop.SessionID, ed.Workshop.Theme, ed.Workshop.Room = r.PostForm.Get("session_id"), r.PostForm.Get("theme"), r.PostForm.Get("room")
	ed.Workshop.Texts = f.Texts
	if f.Inspirers != nil {
		ed.Inspirers = *f.Inspirers
	}
	if err == nil {
		if id == "" {
			_, err = h.Events.CreateWorkshop(r.Context(), who, ed.Event.ID, f)
		} else {
			_, err = h.Events.UpdateWorkshop(r.Context(), who, ed.Event.ID, id, f)
		}
	}
	if err != nil {
		return h.editorError(w, r, ed, err)
	}
	return redirect(w, r, "/events/"+ed.Event.ID+"/programme/edit?done=programme_saved")
}

func (h *Handler) deleteSession(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireSignIn(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := h.Events.DeleteSession(r.Context(), request.Actor(r.Context()), id, r.PathValue("sid")); err != nil {
		return err
	}
	return redirect(w, r, "/events/"+id+"/programme/edit?done=programme_deleted")
}

func (h *Handler) deleteWorkshop(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireSignIn(r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := h.Events.DeleteWorkshop(r.Context(), request.Actor(r.Context()), id, r.PathValue("wid")); err != nil {
		return err
	}
	return redirect(w, r, "/events/"+id+"/programme/edit?done=programme_deleted")
}

// rankingView is the participant's workshop page: one select per rank,
// and with several workshop blocks one group of selects per block, each
// offering that block's workshops.
type rankingView struct {
	event.ParticipantWorkshops
	Text      event.Text
	Lang      string
	Token     string
	Workshops []event.Workshop
	Blocks    []rankBlock
}

// rankBlock is one block's part of the ranking form.
type rankBlock struct {
	Session   event.Session
	Workshops []event.Workshop
	// Fields are the selects in rank order; Chosen the workshop each
	// field's name has.
	Fields []rankField
	Chosen map[string]string
}

// rankField is one select: its name and the choice it is (1 first).
type rankField struct {
	Name string
	N    int
}

func (h *Handler) ranking(r *http.Request) (rankingView, error) {
	token := r.PathValue("token")
	pw, err := h.Events.WorkshopsByToken(r.Context(), token)
	if err != nil {
		return rankingView{}, err
	}
	lang := request.Printer(r.Context()).Lang.Code
	text, _ := pw.Programme.Event.In(lang)
	v := rankingView{ParticipantWorkshops: pw, Text: text, Lang: lang, Token: token, Workshops: pw.Programme.Workshops()}
	for _, s := range pw.Programme.Sessions {
		if len(s.Workshops) > 0 {
			v.Blocks = append(v.Blocks, rankBlock{Session: s, Workshops: s.Workshops, Chosen: map[string]string{}})
		}
	}
	for b := range v.Blocks {
		for n := 1; n <= len(v.Blocks[b].Workshops) && n <= event.MaxRanksPerBlock; n++ {
			name := "rank_" + strconv.Itoa(n)
			if len(v.Blocks) > 1 {
				name = "rank_" + strconv.Itoa(b+1) + "_" + strconv.Itoa(n)
			}
			v.Blocks[b].Fields = append(v.Blocks[b].Fields, rankField{Name: name, N: n})
		}
	}
	// A stored ranking is one list over the day: each block shows its own
	// workshops' choices in that order.
	v.choose(pw.Preferences)
	return v, nil
}

// choose puts a ranking into the blocks' selects, block by block.
func (v *rankingView) choose(prefs []event.Preference) {
	for b := range v.Blocks {
		bl := &v.Blocks[b]
		bl.Chosen = map[string]string{}
		n := 0
		for _, p := range prefs {
			if n < len(bl.Fields) && slices.ContainsFunc(bl.Workshops, func(w event.Workshop) bool { return w.ID == p.WorkshopID }) {
				bl.Chosen[bl.Fields[n].Name] = p.WorkshopID
				n++
			}
		}
	}
}

func (h *Handler) showRanking(w http.ResponseWriter, r *http.Request) error {
	v, err := h.ranking(r)
	if err != nil {
		return err
	}
	p := h.page(r, "programme.rank_title")
	p.Data = v
	// The page's address holds the private token: no referrer leaves it.
	w.Header().Set("Referrer-Policy", "no-referrer")
	h.render(w, r, http.StatusOK, "programme_rank", p)
	return nil
}

func (h *Handler) saveRanking(w http.ResponseWriter, r *http.Request) error {
	v, err := h.ranking(r)
	if err != nil {
		return err
	}
	in := event.PreferencesOf(r.PostForm)
	if _, err := h.Events.SetPreferences(r.Context(), v.Token, in, request.Actor(r.Context()).IP); err != nil {
		// The form as sent, field by field.
		for b := range v.Blocks {
			for _, f := range v.Blocks[b].Fields {
				v.Blocks[b].Chosen[f.Name] = strings.TrimSpace(r.PostFormValue(f.Name))
			}
		}
		p := h.page(r, "programme.rank_title")
		p.Data = v
		w.Header().Set("Referrer-Policy", "no-referrer")
		return h.formError(w, r, "programme_rank", p, err)
	}
	return redirect(w, r, "/registrations/"+v.Token+"/workshops?done=preferences_saved")
}

// ErrOf is the error at field of the form named (session or workshop):
// the two forms on the page share field names.
func (ed programmeEditor) ErrOf(form string, p Page, field string) string {
	if ed.FormFor != form {
		return ""
	}
	return p.Err(field)
}

// formPart is what the editor's shared pieces (texts per language,
// person rows) need: the page, the editor, which form and which list.
type formPart struct {
	P     Page
	Ed    programmeEditor
	Name  string // session or workshop
	Field string // speakers, moderator or inspirers
}

// Part is the piece of form name for the sub-templates.
func (ed programmeEditor) Part(p Page, name, field string) formPart {
	return formPart{P: p, Ed: ed, Name: name, Field: field}
}

// Err is the error at field of this form.
func (f formPart) Err(field string) string { return f.Ed.ErrOf(f.Name, f.P, field) }

// Text is the form's item's text in lang.
func (f formPart) Text(lang string) event.ItemText {
	if f.Name == "session" {
		return f.Ed.Session.Texts[lang]
	}
	return f.Ed.Workshop.Texts[lang]
}

// Rows are the form's person rows, numbered from 1.
func (f formPart) Rows() []personRow { return f.Ed.Rows(f.Field) }

// personRow is one numbered row of a person list in the form.
type personRow struct {
	N int
	event.Person
}

// Part is the row's name, role or organisation.
func (r personRow) Part(part string) string {
	switch part {
	case "role":
		return r.Role
	case "organisation":
		return r.Organisation
	}
	return r.Name
}

// Rows numbers a person list of the form (speakers, moderator, inspirers)
// from 1, as the field names do.
func (ed programmeEditor) Rows(field string) []personRow {
	list := ed.Speakers
	switch field {
	case "moderator":
		list = []event.Person{ed.Moderator}
	case "inspirers":
		list = ed.Inspirers
	}
	out := make([]personRow, len(list))
	for i, p := range list {
		out[i] = personRow{N: i + 1, Person: p}
	}
	return out
}
