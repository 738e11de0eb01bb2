package api

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/request"
)

// reportRoutes: the summary reports of an event and of a series (public
// once published, always for their organisers) and the organisers'
// change of an event's report: summaries, publish, withdraw.
func (h *Handler) reportRoutes(mux Mux) {
	mux.Handle("GET /api/v1/events/{id}/report", h.fn(h.eventReport))
	mux.Handle("PUT /api/v1/events/{id}/report", h.fn(h.updateReport))
	mux.Handle("GET /api/v1/series/{id}/report", h.fn(h.seriesReport))
}

func (h *Handler) eventReport(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.Events.Report(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (h *Handler) seriesReport(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.Events.SeriesReport(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (h *Handler) updateReport(w http.ResponseWriter, r *http.Request) error {
	who, f, err := bodyOf[event.ReportFields](r)
	if err != nil {
		return err
	}
	rep, err := h.Events.UpdateReport(r.Context(), who, r.PathValue("id"), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
