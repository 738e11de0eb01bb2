package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/request"
)

type venueForm struct {
	ID       string
	V        catalog.Venue
	Lat, Lon string
	Orgs     []orgChoice
	Counties []municipality.County
	TileURL  string
}

func (venueForm) Access() []string                              { return catalog.Access }
func (venueForm) Has(list []string, v string) bool              { return input.Contains(list, v) }
func (venueForm) InCounty(c string) []municipality.Municipality { return municipality.InCounty(c) }
func (venueForm) TextLanguages() []string                       { return formLanguages }

func (h *Handler) venueFormData(r *http.Request, f *venueForm) {
	who := request.Actor(r.Context())
	f.Counties, f.TileURL = municipality.Counties(), h.TileURL
	for id := range who.Memberships {
		if o, err := h.Orgs.FindOrganisationByID(r.Context(), id); err == nil {
			f.Orgs = append(f.Orgs, orgChoice{o.ID, o.Name})
		}
	}
}

func (h *Handler) newVenue(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireSignIn(r); err != nil {
		return err
	}
	f := venueForm{V: catalog.Venue{Descriptions: map[string]string{}, OrganisationID: r.URL.Query().Get("organisation")}}
	h.venueFormData(r, &f)
	p := h.page(r, "venueform.new_title")
	p.Data = f
	h.render(w, r, http.StatusOK, "venue_form", p)
	return nil
}

func (h *Handler) editVenue(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	v, err := h.Activities.FindVenueByID(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !v.CanEdit(who) {
		// Said before anyone types: the venue is another organisation's.
		p := h.page(r, "venueform.not_yours_title")
		n := notice{Text: p.P.T("venueform.not_yours_text", "venue", v.Name), Link: "/venues/" + v.ID, LinkText: p.P.T("venueform.back")}
		if v.OrganisationID != "" {
			if names, err := h.Orgs.FindOrganisationByID(r.Context(), v.OrganisationID); err == nil {
				n.Text = p.P.T("venueform.not_yours_org", "venue", v.Name, "org", names.Name)
			}
		}
		p.Data = n
		h.render(w, r, http.StatusForbidden, "notice", p)
		return nil
	}
	f := venueForm{ID: v.ID, V: v}
	if v.Lat != nil {
		f.Lat, f.Lon = strconv.FormatFloat(*v.Lat, 'f', 6, 64), strconv.FormatFloat(*v.Lon, 'f', 6, 64)
	}
	h.venueFormData(r, &f)
	p := h.page(r, "venueform.edit_title")
	p.Data = f
	h.render(w, r, http.StatusOK, "venue_form", p)
	return nil
}

func (h *Handler) saveVenueForm(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.TooLarge, "", "error.too_large")
	}
	g := r.PostForm.Get
	f := venueForm{ID: r.PathValue("id"), Lat: strings.TrimSpace(g("lat")), Lon: strings.TrimSpace(g("lon"))}
	f.V = catalog.Venue{ID: f.ID, OrganisationID: g("organisation_id"), Name: g("name"), Address: g("address"), Municipality: g("municipality"),
		OpeningHours: g("opening_hours"), Accessibility: r.PostForm["accessibility"], MeetingPlace: g("meeting_place") == "1", Descriptions: map[string]string{}}
	for _, l := range formLanguages {
		if v := g("description_" + l); v != "" {
			f.V.Descriptions[l] = v
		}
	}
	if f.Lat != "" || f.Lon != "" {
		lat, err1 := strconv.ParseFloat(strings.ReplaceAll(f.Lat, ",", "."), 64)
		lon, err2 := strconv.ParseFloat(strings.ReplaceAll(f.Lon, ",", "."), 64)
		if err1 != nil || err2 != nil {
			err = apperr.Invalidf("lat", "error.coordinates")
		} else {
			f.V.Lat, f.V.Lon = &lat, &lon
		}
	}
	if err == nil {
		var saved catalog.Venue
		if f.ID == "" {
			saved, err = h.Activities.CreateVenue(r.Context(), who, catalog.VenueFieldsOf(f.V))
		} else {
			saved, err = h.Activities.UpdateVenue(r.Context(), who, f.ID, catalog.VenueFieldsOf(f.V))
		}
		if err == nil {
			return redirect(w, r, "/venues/"+saved.ID+"?done=saved")
		}
	}
	h.venueFormData(r, &f)
	title := "venueform.new_title"
	if f.ID != "" {
		title = "venueform.edit_title"
	}
	p := h.page(r, title)
	p.Data = f
	return h.formError(w, r, "venue_form", p, err)
}
