package web

import (
	"net/http"
	"net/url"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/request"
)

// harvestRoutes are the group work's pages: the organisers' page where
// notes are entered, edited, hidden and merged; the participants' form
// behind the link on the table cards; the live wall for the projector.
func (h *Handler) harvestRoutes(mux *http.ServeMux) {
	mux.Handle("GET /events/{id}/harvest", h.fn(h.harvestAdmin))
	mux.Handle("POST /events/{id}/harvest/notes", h.fn(h.harvestAdd))
	mux.Handle("POST /events/{id}/harvest/notes/{note}", h.fn(h.harvestUpdate))
	mux.Handle("POST /events/{id}/harvest/notes/{note}/merge", h.fn(h.harvestMerge))
	mux.Handle("POST /events/{id}/harvest/open", h.fn(h.harvestOpen))
	mux.Handle("POST /events/{id}/harvest/close", h.fn(h.harvestClose))
	mux.Handle("GET /events/{id}/wall", h.fn(h.wallForOrganisers))
	mux.Handle("GET /harvest/{token}", h.fn(h.harvestForm))
	mux.Handle("POST /harvest/{token}", h.fn(h.harvestSubmit))
	mux.Handle("GET /harvest/{token}/wall", h.fn(h.wallByLink))
}

// harvestView is what the harvest pages show.
type harvestView struct {
	Event    event.Event
	Title    string
	Notes    []event.Note
	Open     bool
	Link     string // the participants' link, right after it was made
	Token    string // the participants' pages: the link's token
	Form     noteForm
	WallURL  string
	AdminURL string
}

// noteForm is the add-a-note form's values, kept when it is refused.
type noteForm struct {
	Kind, Body, Theme, Group string
	Principles               map[string]bool
}

func (harvestView) Kinds() []string      { return event.NoteKinds }
func (harvestView) Themes() []string     { return catalog.Themes }
func (harvestView) Principles() []string { return event.Principles }

// ByKind returns the notes of one kind, for the two columns.
func (v harvestView) ByKind(kind string) []event.Note {
	var out []event.Note
	for _, n := range v.Notes {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// MergeTargets are the notes a note may be merged into: the others of its
// kind that are not themselves duplicates.
func (v harvestView) MergeTargets(n event.Note) []event.Note {
	var out []event.Note
	for _, o := range v.Notes {
		if o.ID != n.ID && o.Kind == n.Kind && o.MergedInto == "" {
			out = append(out, o)
		}
	}
	return out
}

func noteFields(r *http.Request) (event.NoteFields, noteForm) {
	_ = r.ParseForm()
	form := noteForm{Kind: r.PostFormValue("kind"), Body: r.PostFormValue("body"), Theme: r.PostFormValue("theme"),
		Group: r.PostFormValue("group"), Principles: map[string]bool{}}
	ps := r.PostForm["principles"]
	for _, p := range ps {
		form.Principles[p] = true
	}
	f := event.NoteFields{Kind: &form.Kind, Body: &form.Body, Theme: &form.Theme, Group: &form.Group, Principles: &ps}
	return f, form
}

// eventTitle is the event's title in the page's language.
func eventTitle(p Page, e event.Event) string {
	t, _ := e.In(p.Lang.Code)
	return t.Title
}

// harvestPage loads what the organisers' page shows.
func (h *Handler) harvestPage(r *http.Request, who actor.Actor) (Page, harvestView, error) {
	p := h.page(r, "harvestorg.title")
	e, err := h.Events.FindEventByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return p, harvestView{}, err
	}
	notes, err := h.Events.FindNotesAs(r.Context(), who, e.ID, event.NoteFilter{All: true})
	if err != nil {
		return p, harvestView{}, err
	}
	open, err := h.Events.HarvestOpen(r.Context(), e.ID)
	if err != nil {
		return p, harvestView{}, err
	}
	v := harvestView{Event: e, Title: eventTitle(p, e), Notes: notes, Open: open, WallURL: "/events/" + e.ID + "/wall",
		Form: noteForm{Kind: event.Obstacle, Principles: map[string]bool{}}}
	p.Title = p.P.T("harvestorg.title") + ": " + v.Title
	return p, v, nil
}

func (h *Handler) harvestAdmin(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	p, v, err := h.harvestPage(r, who)
	if err != nil {
		return err
	}
	p.Data = v
	h.render(w, r, http.StatusOK, "harvest_admin", p)
	return nil
}

func (h *Handler) harvestAdd(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	f, form := noteFields(r)
	if _, err := h.Events.AddNote(r.Context(), who, r.PathValue("id"), f); err != nil {
		p, v, lerr := h.harvestPage(r, who)
		if lerr != nil {
			return lerr
		}
		v.Form = form
		p.Data = v
		return h.formError(w, r, "harvest_admin", p, err)
	}
	return redirect(w, r, "/events/"+r.PathValue("id")+"/harvest?done=note_added#add")
}

func (h *Handler) harvestUpdate(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	f, _ := noteFields(r)
	hidden := r.PostFormValue("hidden") == "true"
	f.Hidden = &hidden
	if r.PostFormValue("only") == "hidden" {
		// The hide/show button changes nothing else.
		f = event.NoteFields{Hidden: &hidden}
	}
	if _, err := h.Events.UpdateNote(r.Context(), who, r.PathValue("id"), r.PathValue("note"), f); err != nil {
		return h.harvestRefused(w, r, who, err)
	}
	return redirect(w, r, "/events/"+r.PathValue("id")+"/harvest?done=note_saved#note-"+r.PathValue("note"))
}

func (h *Handler) harvestMerge(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	if _, err := h.Events.MergeNotes(r.Context(), who, r.PathValue("id"), r.PathValue("note"), r.PostFormValue("into")); err != nil {
		return h.harvestRefused(w, r, who, err)
	}
	return redirect(w, r, "/events/"+r.PathValue("id")+"/harvest?done=note_saved#note-"+r.PathValue("note"))
}

// harvestRefused shows the organisers' page with the refusal at the top.
func (h *Handler) harvestRefused(w http.ResponseWriter, r *http.Request, who actor.Actor, err error) error {
	p, v, lerr := h.harvestPage(r, who)
	if lerr != nil {
		return lerr
	}
	p.Data = v
	ae := apperr.As(err)
	if ae.Code != apperr.Invalid {
		return err
	}
	p.Errors = map[string]string{"_form": p.P.T(ae.Key, ae.Args...)}
	h.render(w, r, apperr.Status(ae.Code), "harvest_admin", p)
	return nil
}

func (h *Handler) harvestOpen(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	token, err := h.Events.OpenHarvest(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return err
	}
	// The link is shown once, on this answer: only its hash is kept.
	p, v, err := h.harvestPage(r, who)
	if err != nil {
		return err
	}
	v.Link = h.BaseURL + "/harvest/" + token
	p.Data = v
	h.render(w, r, http.StatusOK, "harvest_admin", p)
	return nil
}

func (h *Handler) harvestClose(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	if err := h.Events.CloseHarvest(r.Context(), who, r.PathValue("id")); err != nil {
		return err
	}
	return redirect(w, r, "/events/"+r.PathValue("id")+"/harvest?done=harvest_closed")
}

// harvestForm is the participants' page behind the table card's link;
// ?group= (on each card) fills in the table.
func (h *Handler) harvestForm(w http.ResponseWriter, r *http.Request) error {
	p, v, err := h.harvestPublic(r)
	if err != nil {
		return err
	}
	v.Form.Group = r.URL.Query().Get("group")
	p.Data = v
	h.render(w, r, http.StatusOK, "harvest", p)
	return nil
}

func (h *Handler) harvestPublic(r *http.Request) (Page, harvestView, error) {
	p := h.page(r, "harvest.title")
	token := r.PathValue("token")
	e, open, err := h.Events.EventByHarvestLink(r.Context(), token)
	if err != nil {
		return p, harvestView{}, err
	}
	v := harvestView{Event: e, Title: eventTitle(p, e), Open: open, Token: token, WallURL: "/harvest/" + url.PathEscape(token) + "/wall",
		Form: noteForm{Kind: event.Obstacle, Principles: map[string]bool{}}}
	p.Title = p.P.T("harvest.title") + ": " + v.Title
	return p, v, nil
}

func (h *Handler) harvestSubmit(w http.ResponseWriter, r *http.Request) error {
	f, form := noteFields(r)
	_, err := h.Events.AddNoteByLink(r.Context(), r.PathValue("token"), f, request.Actor(r.Context()).IP)
	if err != nil {
		p, v, lerr := h.harvestPublic(r)
		if lerr != nil {
			return lerr
		}
		v.Form = form
		p.Data = v
		return h.formError(w, r, "harvest", p, err)
	}
	// The next note keeps the table and the kind; the text starts empty.
	q := url.Values{"group": {form.Group}, "done": {"note_added"}}
	return redirect(w, r, "/harvest/"+url.PathEscape(r.PathValue("token"))+"?"+q.Encode())
}

func (h *Handler) wallForOrganisers(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	p, v, err := h.harvestPage(r, who)
	if err != nil {
		return err
	}
	if v.Notes, err = h.Events.FindNotes(r.Context(), v.Event.ID, event.NoteFilter{}); err != nil {
		return err
	}
	v.AdminURL = "/events/" + v.Event.ID + "/harvest"
	return h.renderWall(w, r, p, v)
}

func (h *Handler) wallByLink(w http.ResponseWriter, r *http.Request) error {
	p, v, err := h.harvestPublic(r)
	if err != nil {
		return err
	}
	if v.Notes, err = h.Events.FindNotes(r.Context(), v.Event.ID, event.NoteFilter{}); err != nil {
		return err
	}
	return h.renderWall(w, r, p, v)
}

func (h *Handler) renderWall(w http.ResponseWriter, r *http.Request, p Page, v harvestView) error {
	p.Title = p.P.T("harvest.wall_title") + ": " + v.Title
	p.Data = v
	h.render(w, r, http.StatusOK, "wall", p)
	return nil
}
