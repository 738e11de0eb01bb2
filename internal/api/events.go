package api

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/request"
)

func (h *Handler) eventRoutes(mux Mux) {
	mux.Handle("GET /api/v1/events", h.fn(h.listEvents))
	mux.Handle("POST /api/v1/events", h.fn(create(func(e event.Event) string { return "/api/v1/events/" + e.ID }, h.Events.CreateEvent)))
	mux.Handle("GET /api/v1/events/{id}", h.fn(h.getEvent))
	mux.Handle("PATCH /api/v1/events/{id}", h.fn(update(h.Events.UpdateEvent)))
}

func (h *Handler) listEvents(w http.ResponseWriter, r *http.Request) error {
	f, err := event.ParseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := h.Events.FindEvents(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list(r, page.Items, page.NextCursor))
	return nil
}

func (h *Handler) getEvent(w http.ResponseWriter, r *http.Request) error {
	e, err := h.Events.FindEventByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !e.Visible(request.Actor(r.Context())) {
		return apperr.ErrNotFound()
	}
	writeJSON(w, http.StatusOK, e)
	return nil
}
