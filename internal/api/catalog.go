package api

import (
	"encoding/json"
	"net/http"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/request"
)

func (h *Handler) catalogRoutes(mux Mux) {
	mux.Handle("GET /api/v1/activities", h.fn(h.listActivities))
	mux.Handle("POST /api/v1/activities", h.fn(h.createActivity))
	mux.Handle("GET /api/v1/activities/{id}", h.fn(h.getActivity))
	mux.Handle("PATCH /api/v1/activities/{id}", h.fn(h.updateActivity))
	mux.Handle("POST /api/v1/activities/{id}/archive", h.fn(h.archiveActivity))
	mux.Handle("POST /api/v1/activities/{id}/confirm", h.fn(h.confirmActivity))
	mux.Handle("GET /api/v1/venues", h.fn(h.listVenues))
	mux.Handle("POST /api/v1/venues", h.fn(h.createVenue))
	mux.Handle("GET /api/v1/venues/{id}", h.fn(h.getVenue))
	mux.Handle("PATCH /api/v1/venues/{id}", h.fn(h.updateVenue))
}

func (h *Handler) listActivities(w http.ResponseWriter, r *http.Request) error {
	// Anonymous searches see the same answer, so they share a cache; a
	// signed-in member may see drafts in some views, so they bypass it.
	anonymous := !request.Actor(r.Context()).SignedIn()
	key := r.URL.RawQuery
	if anonymous {
		if body, ok := h.cache().get(r.Context(), key); ok {
			return writeRaw(w, body)
		}
	}
	f, err := catalog.ParseFilter(r.URL.Query())
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
	return writeRaw(w, body)
}

func writeRaw(w http.ResponseWriter, body []byte) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, err := w.Write(body)
	return err
}

func (h *Handler) cache() *searchCache {
	h.cacheOnce.Do(func() { h.searches = newSearchCache(h.searchVersion) })
	return h.searches
}

func (h *Handler) getActivity(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Catalog.FindActivityByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !a.Visible(request.Actor(r.Context())) {
		return apperr.ErrNotFound()
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (h *Handler) createActivity(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	var f catalog.ActivityFields
	if err := decode(r, &f); err != nil {
		return err
	}
	a, err := h.Catalog.CreateActivity(r.Context(), who, f)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/activities/"+a.ID)
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (h *Handler) updateActivity(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	var f catalog.ActivityFields
	if err := decode(r, &f); err != nil {
		return err
	}
	a, err := h.Catalog.UpdateActivity(r.Context(), who, r.PathValue("id"), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
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
	q := r.URL.Query()
	vs, err := h.Catalog.FindVenues(r.Context(), catalog.VenueFilter{Municipality: q.Get("municipality"), County: q.Get("county")})
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

func (h *Handler) createVenue(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	var f catalog.VenueFields
	if err := decode(r, &f); err != nil {
		return err
	}
	v, err := h.Catalog.CreateVenue(r.Context(), who, f)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/venues/"+v.ID)
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (h *Handler) updateVenue(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	var f catalog.VenueFields
	if err := decode(r, &f); err != nil {
		return err
	}
	v, err := h.Catalog.UpdateVenue(r.Context(), who, r.PathValue("id"), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
