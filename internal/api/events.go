package api

import (
	"context"
	"net/http"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/request"
)

func (h *Handler) eventRoutes(mux Mux) {
	mux.Handle("GET /api/v1/events", h.fn(h.listEvents))
	mux.Handle("POST /api/v1/events", h.fn(create(func(e event.Event) string { return "/api/v1/events/" + e.ID }, h.Events.CreateEvent)))
	mux.Handle("GET /api/v1/events/{id}", h.fn(h.getEvent))
	mux.Handle("PATCH /api/v1/events/{id}", h.fn(update(h.Events.UpdateEvent)))
	mux.Handle("POST /api/v1/events/{id}/registrations", h.fn(h.register))
	mux.Handle("GET /api/v1/events/{id}/registrations", h.fn(h.listRegistrations))
	mux.Handle("GET /api/v1/events/{id}/registrations/{sub}", h.fn(h.getRegistration))
	mux.Handle("GET /api/v1/events/{id}/summary", h.fn(h.getSummary))
	mux.Handle("GET /api/v1/events/{id}/checkin", h.fn(h.listCheckIn))
	mux.Handle("POST /api/v1/events/{id}/registrations/{sub}/checkin", h.fn(h.checkIn(false)))
	mux.Handle("DELETE /api/v1/events/{id}/registrations/{sub}/checkin", h.fn(h.checkIn(true)))
	mux.Handle("POST /api/v1/events/{id}/walk-ins", h.fn(within(http.StatusCreated, func(ctx context.Context, who actor.Actor, id, _ string, w event.WalkIn) (event.Registration, error) {
		return h.Events.AddWalkIn(ctx, who, id, w)
	})))
	mux.Handle("POST /api/v1/events/{id}/travel/{sub}", h.fn(within(http.StatusOK, h.Events.DecideTravel)))
	mux.Handle("GET /api/v1/registrations/{token}", h.fn(h.manageRegistration))
	mux.Handle("PATCH /api/v1/registrations/{token}", h.fn(byToken(h.Events.UpdateRegistration)))
	mux.Handle("POST /api/v1/registrations/{token}/cancel", h.fn(h.cancelRegistration))
	mux.Handle("POST /api/v1/registrations/{token}/transfer", h.fn(byToken(handOver(event.Transfer, h.Events.HandOverRegistration))))
	mux.Handle("POST /api/v1/registrations/{token}/substitute", h.fn(byToken(handOver(event.Substitute, h.Events.HandOverRegistration))))
	mux.Handle("POST /api/v1/registrations/{token}/travel", h.fn(byToken(h.Events.RequestTravel)))
}

// handOver fixes a hand-over's kind by its path: /transfer or /substitute.
func handOver(kind string, run func(ctx context.Context, token, ip string, h event.HandOver) (event.Registration, error)) func(context.Context, string, string, event.HandOver) (event.Registration, error) {
	return func(ctx context.Context, token, ip string, in event.HandOver) (event.Registration, error) {
		in.Kind = kind
		return run(ctx, token, ip, in)
	}
}

func (h *Handler) manageRegistration(w http.ResponseWriter, r *http.Request) error {
	m, err := h.Events.FindRegistrationByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (h *Handler) getRegistration(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	reg, err := h.Events.FindRegistration(r.Context(), who, r.PathValue("id"), r.PathValue("sub"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, reg)
	return nil
}

// register is the public registration: no token needed; the answer holds
// the private manage token, shown only here and in the confirmation mail.
func (h *Handler) register(w http.ResponseWriter, r *http.Request) error {
	var in event.RegistrationInput
	if err := decode(r, &in); err != nil {
		return err
	}
	reg, token, err := h.Events.Register(r.Context(), r.PathValue("id"), in, request.Actor(r.Context()).IP)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"registration": reg, "status": reg.Status, "manage_token": token})
	return nil
}

func (h *Handler) listRegistrations(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	n, err := input.Limit(q, event.MaxLimit, event.MaxLimit)
	if err != nil {
		return err
	}
	items, next, err := h.Events.FindRegistrations(r.Context(), who, r.PathValue("id"), event.RegistrationFilter{Status: q.Get("status"), Limit: n, Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list(r, items, next))
	return nil
}

func (h *Handler) cancelRegistration(w http.ResponseWriter, r *http.Request) error {
	reg, err := h.Events.CancelRegistration(r.Context(), r.PathValue("token"), request.Actor(r.Context()).IP)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, reg)
	return nil
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

func (h *Handler) getSummary(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	sum, err := h.Events.FindSummary(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sum)
	return nil
}

// checkInList is the door's answer: the seated who match, not paged (an
// event's list is small, and the door wants every match), and the counts
// of the whole event so far.
type checkInList struct {
	Items     []event.Registration `json:"items"`
	Confirmed int                  `json:"confirmed"`
	Attended  int                  `json:"attended"`
	NoShow    int                  `json:"no_show"`
}

// listCheckIn is the door's search: ?q= part of a name or organisation,
// or ?registration= one registration (what a badge's QR code names).
func (h *Handler) listCheckIn(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	items, sum, err := h.Events.FindCheckIn(r.Context(), who, r.PathValue("id"), event.CheckInFilter{Query: q.Get("q"), RegistrationID: q.Get("registration")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, checkInList{Items: items, Confirmed: sum.Confirmed, Attended: sum.Attended, NoShow: sum.NoShow})
	return nil
}

// checkIn marks a registration as arrived (POST) or takes it back
// (DELETE); both are idempotent and answer with the registration.
func (h *Handler) checkIn(undo bool) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		who, err := signedIn(r)
		if err != nil {
			return err
		}
		reg, err := h.Events.CheckIn(r.Context(), who, r.PathValue("id"), r.PathValue("sub"), undo)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, reg)
		return nil
	}
}
