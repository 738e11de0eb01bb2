package api

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/request"
)

// seatingRoutes: the organisers' workshop assignment and table plan of an
// event (issue 13): run the solver, read the stored plan, move a person.
func (h *Handler) seatingRoutes(mux Mux) {
	mux.Handle("GET /api/v1/events/{id}/seating", h.fn(h.seating))
	mux.Handle("POST /api/v1/events/{id}/seating", h.fn(h.runSeating))
	mux.Handle("POST /api/v1/events/{id}/seating/moves", h.fn(h.moveSeat))
}

func (h *Handler) seating(w http.ResponseWriter, r *http.Request) error {
	plan, err := h.Events.Seating(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	// Titles beside the IDs, in the request's language (?lang=,
	// Accept-Language) with the programme's fallback.
	plan.InLanguage(request.Printer(r.Context()).Lang.Code)
	writeJSON(w, http.StatusOK, plan)
	return nil
}

func (h *Handler) runSeating(w http.ResponseWriter, r *http.Request) error {
	who, run, err := bodyOf[event.SeatingRun](r)
	if err != nil {
		return err
	}
	plan, err := h.Events.RunAssignment(r.Context(), who, r.PathValue("id"), run)
	if err != nil {
		return err
	}
	plan.InLanguage(request.Printer(r.Context()).Lang.Code)
	writeJSON(w, http.StatusOK, plan)
	return nil
}

// SeatMove is the body of a move by hand.
type SeatMove struct {
	RegistrationID string `json:"registration_id"`
	Table          int    `json:"table"`
}

func (h *Handler) moveSeat(w http.ResponseWriter, r *http.Request) error {
	who, m, err := bodyOf[SeatMove](r)
	if err != nil {
		return err
	}
	p, err := h.Events.MoveSeat(r.Context(), who, r.PathValue("id"), m.RegistrationID, m.Table)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
