package web

import (
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/qr"
	"github.com/samverkan/samverkan/internal/request"
	"github.com/samverkan/samverkan/internal/tabular"
)

// onTheDayRoutes: the organisers' participant list as a file to take
// away (CSV, XLSX); the check-in at the door, a page for a phone.
func (h *Handler) onTheDayRoutes(mux *http.ServeMux) {
	mux.Handle("GET /events/{id}/registrations.csv", h.fn(h.registrationsCSV))
	mux.Handle("GET /events/{id}/registrations.xlsx", h.fn(h.registrationsXLSX))
	mux.Handle("GET /events/{id}/checkin", h.fn(h.checkInPage))
	mux.Handle("POST /events/{id}/checkin/{sub}", h.fn(h.checkIn))
	mux.Handle("GET /events/{id}/badges", h.fn(h.badges))
}

// BadgesPerSheet is how many name badges one A4 sheet holds: two columns
// of four, each about 90 × 66 mm, the size of a common badge holder.
const BadgesPerSheet = 8

// badge is one printed name badge; its QR code opens that person's
// check-in entry, for the staff at the door to scan.
type badge struct {
	Name, Organisation string
	// Workshops is the person's workshop in each block, in the day's
	// order (empty where none is assigned).
	Workshops []string
	QR        template.HTML
}

type badgesView struct {
	E      event.Event
	Text   event.Text
	Sheets [][]badge
}

func (h *Handler) badges(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	items, err := h.Events.FindBadges(r.Context(), who, id)
	if err != nil {
		return err
	}
	e, err := h.Events.FindEventByID(r.Context(), id)
	if err != nil {
		return err
	}
	as, err := h.Events.FindAssignments(r.Context(), who, id)
	if err != nil {
		return err
	}
	p := h.page(r, "organiser.badges_title")
	v := badgesView{E: e}
	v.Text, _ = e.In(p.Lang.Code)
	base := strings.TrimRight(h.BaseURL, "/")
	for i, g := range items {
		code, err := qr.Encode(base + "/events/" + id + "/checkin?r=" + url.QueryEscape(g.ID))
		if err != nil {
			return err
		}
		if i%BadgesPerSheet == 0 {
			v.Sheets = append(v.Sheets, nil)
		}
		v.Sheets[len(v.Sheets)-1] = append(v.Sheets[len(v.Sheets)-1],
			badge{Name: g.Name, Organisation: g.OrganisationName, Workshops: as.Titles(g.ID, p.Lang.Code), QR: code.HTML(p.P.T("organiser.badges_qr", "name", g.Name))})
	}
	p.Data = v
	h.render(w, r, http.StatusOK, "organiser_badges", p)
	return nil
}

// checkInView is the door's page: the search, the seated who match, the
// count so far.
type checkInView struct {
	E     event.Event
	Text  event.Text
	Query string
	Items []event.Registration
	Sum   event.Summary
	Back  string // this page with the same search, where a check-in returns
}

func (h *Handler) checkInPage(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := event.CheckInFilter{Query: q.Get("q"), RegistrationID: q.Get("r")}
	items, sum, err := h.Events.FindCheckIn(r.Context(), who, r.PathValue("id"), f)
	if err != nil {
		return err
	}
	e, err := h.Events.FindEventByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := h.page(r, "organiser.checkin_title")
	v := checkInView{E: e, Query: f.Query, Items: items, Sum: sum, Back: checkInBack(e.ID, f)}
	v.Text, _ = e.In(p.Lang.Code)
	p.Data = v
	h.render(w, r, http.StatusOK, "organiser_checkin", p)
	return nil
}

func checkInBack(id string, f event.CheckInFilter) string {
	v := url.Values{}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.RegistrationID != "" {
		v.Set("r", f.RegistrationID)
	}
	if len(v) == 0 {
		return "/events/" + id + "/checkin"
	}
	return "/events/" + id + "/checkin?" + v.Encode()
}

// checkIn is the button's POST: check in, or with undo=1 take it back,
// then the same search again (no JavaScript needed).
func (h *Handler) checkIn(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	id, sub := r.PathValue("id"), r.PathValue("sub")
	if _, err := h.Events.CheckIn(r.Context(), who, id, sub, r.PostFormValue("undo") == "1"); err != nil {
		return err
	}
	f := event.CheckInFilter{Query: r.PostFormValue("q"), RegistrationID: r.PostFormValue("r")}
	if len(f.Query) > event.MaxCheckInQuery {
		f.Query = ""
	}
	if len(f.RegistrationID) > 64 {
		f.RegistrationID = ""
	}
	return redirect(w, r, checkInBack(id, f)+"#r-"+url.PathEscape(sub))
}

// registrationTable is the participant list as a sheet, headed in the
// reader's language; the questions' answers follow the standard columns.
func (h *Handler) registrationTable(r *http.Request) (event.Event, tabular.Table, error) {
	who, err := requireSignIn(r)
	if err != nil {
		return event.Event{}, tabular.Table{}, err
	}
	e, regs, err := h.Events.ExportRegistrations(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return e, tabular.Table{}, err
	}
	as, err := h.Events.FindAssignments(r.Context(), who, e.ID)
	if err != nil {
		return e, tabular.Table{}, err
	}
	pr := request.Printer(r.Context())
	return e, participantSheet(pr, e, regs, as), nil
}

// participantSheet is the export: the standard columns, the workshop of
// each block (titled by the block), then the questions' answers.
func participantSheet(pr *i18n.Printer, e event.Event, regs []event.Registration, as event.Assignments) tabular.Table {
	t := tabular.Table{Name: pr.T("organiser.sheet")}
	for _, k := range []string{"name", "organisation", "sector", "email", "phone", "dietary", "status", "position", "fee", "travel"} {
		t.Header = append(t.Header, pr.T("organiser.col_"+k))
	}
	for _, b := range as.Blocks {
		t.Header = append(t.Header, pr.T("organiser.col_workshop", "block", b.In(pr.Lang.Code).Title))
	}
	for _, q := range e.Questions {
		t.Header = append(t.Header, q.Label(pr.Lang.Code))
	}
	for _, g := range regs {
		var sector, travel, position any
		if g.Sector != "" {
			sector = pr.T("sector." + g.Sector)
		}
		if g.Travel != nil {
			travel = pr.T("reg.travel_status_" + g.Travel.Status)
		}
		if g.Status == event.Waitlisted {
			position = waitPosition(regs, g)
		}
		row := []any{g.Name, g.OrganisationName, sector, g.Email, g.Phone, g.Dietary, pr.T("organiser.status_" + g.Status), position, g.FeeOwedKr, travel}
		for _, w := range as.Titles(g.ID, pr.Lang.Code) {
			row = append(row, w)
		}
		for _, q := range e.Questions {
			row = append(row, event.AnswerText(q, g.Answers, pr.Lang.Code))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// waitPosition is a waiting registration's place in the queue, 1 first:
// positions count every registration, the queue only the waiting ones.
func waitPosition(regs []event.Registration, g event.Registration) int {
	n := 0
	for _, o := range regs {
		if o.Status == event.Waitlisted && o.Position <= g.Position {
			n++
		}
	}
	return n
}

func (h *Handler) registrationsXLSX(w http.ResponseWriter, r *http.Request) error {
	e, t, err := h.registrationTable(r)
	if err != nil {
		return err
	}
	return send(w, xlsxType, "participants-"+e.ID+".xlsx", func(b io.Writer) error { return tabular.WriteXLSX(b, t) })
}

func (h *Handler) registrationsCSV(w http.ResponseWriter, r *http.Request) error {
	e, t, err := h.registrationTable(r)
	if err != nil {
		return err
	}
	return send(w, "text/csv; charset=utf-8", "participants-"+e.ID+".csv", func(b io.Writer) error {
		return tabular.WriteCSVWith(b, t, tabular.CSVOptions{BOM: true})
	})
}
