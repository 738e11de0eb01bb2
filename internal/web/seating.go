package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/qr"
)

// seatingRoutes: the organisers' workshop assignment and table plan (run,
// read, move a person by hand — plain forms, no script) and the printable
// table cards.
func (h *Handler) seatingRoutes(mux *http.ServeMux) {
	mux.Handle("GET /events/{id}/seating", h.fn(h.showSeating))
	mux.Handle("POST /events/{id}/seating", h.fn(h.runSeating))
	mux.Handle("POST /events/{id}/seating/moves", h.fn(h.moveSeat))
	mux.Handle("GET /events/{id}/tables/print", h.fn(h.printTables))
}

// seatingView is what the seating page and the table cards show.
type seatingView struct {
	Event event.Event
	Title string
	Plan  event.SeatingPlan
	Run   event.SeatingRun
	Ran   bool
	Cards []tableCard
}

// tableCard is one printed card: the table, who sits there and, when the
// organiser gave the harvest link's token, a QR code to the harvest form
// with the table as the group.
type tableCard struct {
	Number   int
	Workshop string
	Names    []string
	QR       template.HTML
	Link     string
}

func (h *Handler) seatingPage(r *http.Request, who actor.Actor) (Page, seatingView, error) {
	p := h.page(r, "seating.title")
	e, err := h.Events.FindEventByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return p, seatingView{}, err
	}
	plan, err := h.Events.Seating(r.Context(), who, e.ID)
	if err != nil {
		return p, seatingView{}, err
	}
	plan.InLanguage(p.Lang.Code)
	v := seatingView{Event: e, Title: eventTitle(p, e), Plan: plan, Run: event.SeatingRun{Tables: len(plan.Tables), SeatsPerTable: 8, Block: plan.TablesBlock}}
	if len(plan.Tables) > 0 {
		v.Run.SeatsPerTable = plan.Tables[0].Seats
		v.Run.ByWorkshop = plan.TablesBlock != ""
	} else {
		v.Run.Tables = 10
	}
	p.Title = p.P.T("seating.title") + ": " + v.Title
	return p, v, nil
}

func (h *Handler) showSeating(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	p, v, err := h.seatingPage(r, who)
	if err != nil {
		return err
	}
	p.Data = v
	h.render(w, r, http.StatusOK, "seating", p)
	return nil
}

// formInt reads a whole number from a form; a missing or malformed one is
// -1, which every bound refuses with the field's name.
func formInt(r *http.Request, name string) int {
	n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(name)))
	if err != nil {
		return -1
	}
	return n
}

func (h *Handler) runSeating(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	run := event.SeatingRun{Tables: formInt(r, "tables"), SeatsPerTable: formInt(r, "seats_per_table"), ByWorkshop: r.PostFormValue("by_workshop") == "true",
		Block: strings.TrimSpace(r.PostFormValue("block"))}
	seed, serr := strconv.ParseUint(strings.TrimSpace(r.PostFormValue("seed")), 10, 64)
	run.Seed = seed
	var plan event.SeatingPlan
	if serr != nil {
		err = apperr.Invalidf("seed", "error.range")
	} else {
		plan, err = h.Events.RunAssignment(r.Context(), who, r.PathValue("id"), run)
	}
	p, v, lerr := h.seatingPage(r, who)
	if lerr != nil {
		return lerr
	}
	v.Run = run
	if err != nil {
		p.Data = v
		return h.formError(w, r, "seating", p, err)
	}
	// The run's own shortfalls (why in figures) are shown on this answer.
	plan.InLanguage(p.Lang.Code)
	v.Plan, v.Ran = plan, true
	p.Data = v
	h.render(w, r, http.StatusOK, "seating", p)
	return nil
}

func (h *Handler) moveSeat(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	reg := r.PostFormValue("registration_id")
	if _, err := h.Events.MoveSeat(r.Context(), who, r.PathValue("id"), reg, formInt(r, "table")); err != nil {
		p, v, lerr := h.seatingPage(r, who)
		if lerr != nil {
			return lerr
		}
		p.Data = v
		return h.formError(w, r, "seating", p, err)
	}
	return redirect(w, r, "/events/"+r.PathValue("id")+"/seating#p-"+url.QueryEscape(reg))
}

// printTables prints one card per table. The harvest link is shown once,
// when it is made, and only its hash is kept: an organiser who wants a QR
// code on each card passes the link's token as ?harvest=<token>; it is
// only put into the page, never stored or checked here.
func (h *Handler) printTables(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	p, v, err := h.seatingPage(r, who)
	if err != nil {
		return err
	}
	token := strings.TrimSpace(r.URL.Query().Get("harvest"))
	if len(token) > 100 || strings.ContainsAny(token, "/?#% ") {
		return apperr.Invalidf("harvest", "error.range")
	}
	for _, t := range v.Plan.Tables {
		c := tableCard{Number: t.Number, Workshop: t.WorkshopTitle}
		for _, person := range t.People {
			c.Names = append(c.Names, person.Name)
		}
		if token != "" {
			group := p.P.T("seating.group", "number", t.Number)
			c.Link = h.BaseURL + "/harvest/" + token + "?group=" + url.QueryEscape(group)
			code, err := qr.Encode(c.Link)
			if err != nil {
				return apperr.Wrap(err, "table card QR")
			}
			c.QR = code.HTML(p.P.T("seating.qr_label", "number", t.Number))
		}
		v.Cards = append(v.Cards, c)
	}
	p.Data = v
	h.render(w, r, http.StatusOK, "seating_print", p)
	return nil
}
