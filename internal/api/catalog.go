package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/csvimport"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/request"
)

func (h *Handler) catalogRoutes(mux Mux) {
	mux.Handle("GET /api/v1/activities", h.fn(h.listActivities))
	mux.Handle("POST /api/v1/activities", h.fn(create(func(a catalog.Activity) string { return "/api/v1/activities/" + a.ID }, h.Catalog.CreateActivity)))
	mux.Handle("GET /api/v1/activities/{id}", h.fn(h.getActivity))
	mux.Handle("PATCH /api/v1/activities/{id}", h.fn(update(h.Catalog.UpdateActivity)))
	mux.Handle("POST /api/v1/activities/{id}/archive", h.fn(act(h.Catalog.ArchiveActivity)))
	mux.Handle("POST /api/v1/activities/{id}/confirm", h.fn(h.confirmActivity))
	mux.Handle("GET /api/v1/activities/{id}/occurrences", h.fn(h.activityOccurrences))
	mux.Handle("POST /api/v1/imports/{kind}", h.fn(h.importCSV))
	mux.Handle("GET /api/v1/imports/{kind}/template", h.fn(h.importTemplate))
	mux.Handle("GET /api/v1/venues", h.fn(h.listVenues))
	mux.Handle("POST /api/v1/venues", h.fn(create(func(v catalog.Venue) string { return "/api/v1/venues/" + v.ID }, h.Catalog.CreateVenue)))
	mux.Handle("GET /api/v1/venues/{id}", h.fn(h.getVenue))
	mux.Handle("PATCH /api/v1/venues/{id}", h.fn(update(h.Catalog.UpdateVenue)))
}

func (h *Handler) listActivities(w http.ResponseWriter, r *http.Request) error {
	// Anonymous searches see the same answer, so they share a cache; a
	// signed-in member may see drafts in some views, so they bypass it.
	f, err := catalog.ParseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	anonymous := !request.Actor(r.Context()).SignedIn()
	key := f.Key()
	if anonymous {
		if body, ok := h.cache().get(r.Context(), key); ok {
			return writeRaw(w, body)
		}
	}
	res, err := h.Catalog.FindActivities(r.Context(), f)
	if err != nil {
		return err
	}
	page := map[string]any{"items": res.Items, "total": res.Total, "page": res.Page, "pages": res.Pages}
	if res.NextCursor != "" {
		page["next_cursor"], page["next"] = res.NextCursor, nextURL(r, res.NextCursor)
	}
	body, err := json.Marshal(page)
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
	vs, err := h.Catalog.FindVenues(r.Context(), request.Actor(r.Context()), catalog.VenueFilter{Municipality: q.Get("municipality"), County: q.Get("county")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": vs})
	return nil
}

func (h *Handler) getVenue(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Catalog.FindVenueByID(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// activityOccurrences lists an activity's occurrences in a window of at
// most a year (default: four weeks from today), cancelled dates left out.
func (h *Handler) activityOccurrences(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Catalog.FindActivityByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !a.Visible(request.Actor(r.Context())) {
		return apperr.ErrNotFound()
	}
	q := r.URL.Query()
	if err := input.KnownParams(q, "from", "to"); err != nil {
		return err
	}
	win, err := catalog.ParseWindow(q, 366)
	if err != nil {
		return err
	}
	if win == nil {
		now := h.Catalog.Now().In(catalog.Stockholm)
		from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, catalog.Stockholm)
		win = &catalog.Window{From: from, To: from.AddDate(0, 0, 28)}
	}
	items := a.Schedule.Between(win.From, win.To)
	if items == nil {
		items = []catalog.Occurrence{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "from": win.From.Format("2006-01-02"), "to": win.To.Format("2006-01-02")})
	return nil
}

// importTemplate hands out the empty CSV file of a kind, required columns
// marked: the same file as the import page's. It holds no data.
func (h *Handler) importTemplate(w http.ResponseWriter, r *http.Request) error {
	kind := r.PathValue("kind")
	if _, ok := csvimport.Template(kind); !ok {
		return apperr.ErrNotFound()
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="samverkan-`+kind+`.csv"`)
	return csvimport.WriteTemplate(w, kind)
}

// importCSV runs the CSV import for staff: a dry run unless apply=true,
// so a client can show the plan, then send the same file again to write.
func (h *Handler) importCSV(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		return apperr.Invalidf("", "error.content_type_csv")
	}
	apply := false
	if v := r.URL.Query().Get("apply"); v != "" {
		if apply, err = strconv.ParseBool(v); err != nil {
			return apperr.Invalidf("apply", "error.bool")
		}
	}
	// The body limit is the middleware's (limitBody): a larger file is
	// refused before it is read.
	plan, err := h.Importer.Run(r.Context(), who, r.PathValue("kind"), r.Body, apply)
	if err != nil {
		return err
	}
	plan.Translate(request.Printer(r.Context()).T)
	writeJSON(w, http.StatusOK, plan)
	return nil
}
