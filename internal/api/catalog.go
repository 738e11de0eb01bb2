package api

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/request"
)

// activityInput is what clients send; output-only fields are not accepted.
type activityInput struct {
	OrganisationID string                  `json:"organisation_id"`
	CoOrganisers   []string                `json:"co_organisers"`
	VenueID        string                  `json:"venue_id"`
	OnlineURL      string                  `json:"online_url"`
	Municipality   string                  `json:"municipality"`
	Status         string                  `json:"status"`
	CostKr         int                     `json:"cost_kr"`
	Signup         string                  `json:"signup"`
	Contact        string                  `json:"contact"`
	AgeMin         *int                    `json:"age_min"`
	AgeMax         *int                    `json:"age_max"`
	Accessibility  []string                `json:"accessibility"`
	Themes         []string                `json:"themes"`
	TargetGroups   []string                `json:"target_groups"`
	Languages      []string                `json:"languages"`
	Texts          map[string]catalog.Text `json:"texts"`
	Schedule       catalog.Schedule        `json:"schedule"`
}

func (in activityInput) activity(id string) catalog.Activity {
	return catalog.Activity{ID: id, OrganisationID: in.OrganisationID, CoOrganisers: in.CoOrganisers, VenueID: in.VenueID,
		OnlineURL: in.OnlineURL, Municipality: in.Municipality, Status: in.Status, CostKr: in.CostKr, Signup: in.Signup,
		Contact: in.Contact, AgeMin: in.AgeMin, AgeMax: in.AgeMax, Accessibility: in.Accessibility, Themes: in.Themes,
		TargetGroups: in.TargetGroups, Languages: in.Languages, Texts: in.Texts, Schedule: in.Schedule}
}

type venueInput struct {
	OrganisationID string            `json:"organisation_id"`
	Name           string            `json:"name"`
	Address        string            `json:"address"`
	Municipality   string            `json:"municipality"`
	Lat            *float64          `json:"lat"`
	Lon            *float64          `json:"lon"`
	OpeningHours   string            `json:"opening_hours"`
	Accessibility  []string          `json:"accessibility"`
	MeetingPlace   bool              `json:"meeting_place"`
	Descriptions   map[string]string `json:"description"`
}

func (in venueInput) venue(id string) catalog.Venue {
	return catalog.Venue{ID: id, OrganisationID: in.OrganisationID, Name: in.Name, Address: in.Address, Municipality: in.Municipality,
		Lat: in.Lat, Lon: in.Lon, OpeningHours: in.OpeningHours, Accessibility: in.Accessibility, MeetingPlace: in.MeetingPlace,
		Descriptions: in.Descriptions}
}

// ActivityFilter reads the search filters from a query string; the web
// search page uses the same function, so page and API filter alike.
func ActivityFilter(r *http.Request) (catalog.Filter, error) {
	q := r.URL.Query()
	f := catalog.Filter{Query: q.Get("q"), Municipality: q.Get("municipality"), County: q.Get("county"), Theme: q.Get("theme"),
		TargetGroup: q.Get("target_group"), Language: q.Get("language"), TimeOfDay: q.Get("time_of_day"), Sort: q.Get("sort"),
		VenueID: q.Get("venue"), OrganisationID: q.Get("organisation")}
	boolean := func(name string) (bool, error) {
		v := q.Get(name)
		if v == "" {
			return false, nil
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return false, apperr.Invalidf(name, "error.bool")
		}
		return b, nil
	}
	var err error
	if f.FreeOnly, err = boolean("free"); err != nil {
		return f, err
	}
	if f.ThisWeek, err = boolean("this_week"); err != nil {
		return f, err
	}
	integer := func(name string) (*int, error) {
		v := q.Get(name)
		if v == "" {
			return nil, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, apperr.Invalidf(name, "error.range")
		}
		return &n, nil
	}
	if f.Weekday, err = integer("weekday"); err != nil {
		return f, err
	}
	for name, dst := range map[string]*int{"limit": &f.Limit, "page": &f.Page} {
		n, err := integer(name)
		if err != nil {
			return f, err
		}
		if n != nil {
			if *n < 1 {
				return f, apperr.Invalidf(name, "error.range")
			}
			*dst = *n
		}
	}
	if lat, lon := q.Get("lat"), q.Get("lon"); lat != "" || lon != "" {
		la, err1 := strconv.ParseFloat(lat, 64)
		lo, err2 := strconv.ParseFloat(lon, 64)
		if err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
			return f, apperr.Invalidf("lat", "error.coordinates")
		}
		f.Near = &catalog.Point{Lat: la, Lon: lo}
		if r := q.Get("radius_km"); r != "" {
			if f.RadiusKm, err = strconv.ParseFloat(r, 64); err != nil || f.RadiusKm <= 0 {
				return f, apperr.Invalidf("radius_km", "error.range")
			}
		}
	}
	return f, nil
}

func (h *Handler) listActivities(w http.ResponseWriter, r *http.Request) error {
	// Anonymous searches see the same answer, so they share a cache; a
	// signed-in member may see drafts in some views, so they bypass it.
	anonymous := !request.Actor(r.Context()).SignedIn()
	key := r.URL.RawQuery
	if anonymous {
		if body, ok := h.cache().get(r.Context(), key); ok {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			_, err := w.Write(body)
			return err
		}
	}
	f, err := ActivityFilter(r)
	if err != nil {
		return err
	}
	res, err := h.Catalog.FindActivities(r.Context(), f)
	if err != nil {
		return err
	}
	body, err := json.Marshal(res)
	if err != nil {
		return apperr.Wrap(err, "encode")
	}
	body = append(body, '\n')
	if anonymous {
		h.cache().put(key, body)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(body)
	return err
}

func (h *Handler) cache() *searchCache {
	h.cacheOnce.Do(func() { h.searches = newSearchCache(h.Catalog.Version) })
	return h.searches
}

func (h *Handler) getActivity(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Catalog.FindActivityByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !a.Visible(request.Actor(r.Context())) {
		return apperr.New(apperr.NotFound, "", "error.not_found")
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (h *Handler) saveActivity(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	var in activityInput
	if err := decode(r, &in); err != nil {
		return err
	}
	id := r.PathValue("id")
	if id != "" {
		if _, err := h.Catalog.FindActivityByID(r.Context(), id); err != nil {
			return err
		}
	}
	a, err := h.Catalog.SaveActivity(r.Context(), who, in.activity(id))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if id == "" {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/activities/"+a.ID)
	}
	writeJSON(w, status, a)
	return nil
}

func (h *Handler) archiveActivity(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	a, err := h.Catalog.ArchiveActivity(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (h *Handler) confirmActivity(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	if err := h.Catalog.ConfirmActivity(r.Context(), who, r.PathValue("id")); err != nil {
		return err
	}
	a, err := h.Catalog.FindActivityByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (h *Handler) listVenues(w http.ResponseWriter, r *http.Request) error {
	vs, err := h.Catalog.FindVenues(r.Context(), r.URL.Query().Get("municipality"), r.URL.Query().Get("county"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": vs})
	return nil
}

func (h *Handler) getVenue(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Catalog.FindVenueByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (h *Handler) saveVenue(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	var in venueInput
	if err := decode(r, &in); err != nil {
		return err
	}
	id := r.PathValue("id")
	if id != "" {
		if _, err := h.Catalog.FindVenueByID(r.Context(), id); err != nil {
			return err
		}
	}
	v, err := h.Catalog.SaveVenue(r.Context(), who, in.venue(id))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if id == "" {
		status = http.StatusCreated
		w.Header().Set("Location", "/api/v1/venues/"+v.ID)
	}
	writeJSON(w, status, v)
	return nil
}
