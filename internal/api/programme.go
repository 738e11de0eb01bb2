package api

import (
	"context"
	"net/http"

	"github.com/samverkan/samverkan/internal/actor"

	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/request"
)

// programmeRoutes: an event's sessions and workshops (public to read,
// its organisers write), a participant's workshop ranking by the manage
// token, and the organisers' list of every ranking.
func (h *Handler) programmeRoutes(mux Mux) {
	mux.Handle("GET /api/v1/events/{id}/sessions", h.fn(h.listSessions))
	mux.Handle("POST /api/v1/events/{id}/sessions", h.fn(createItem(func(s event.Session) string { return "/api/v1/events/" + s.EventID + "/sessions/" + s.ID }, h.Events.CreateSession)))
	mux.Handle("PATCH /api/v1/events/{id}/sessions/{sid}", h.fn(updateItem("sid", h.Events.UpdateSession)))
	mux.Handle("DELETE /api/v1/events/{id}/sessions/{sid}", h.fn(deleteItem("sid", h.Events.DeleteSession)))
	mux.Handle("GET /api/v1/events/{id}/workshops", h.fn(h.listWorkshops))
	mux.Handle("POST /api/v1/events/{id}/workshops", h.fn(createItem(func(w event.Workshop) string { return "/api/v1/events/" + w.EventID + "/workshops/" + w.ID }, h.Events.CreateWorkshop)))
	mux.Handle("PATCH /api/v1/events/{id}/workshops/{wid}", h.fn(updateItem("wid", h.Events.UpdateWorkshop)))
	mux.Handle("DELETE /api/v1/events/{id}/workshops/{wid}", h.fn(deleteItem("wid", h.Events.DeleteWorkshop)))
	mux.Handle("PUT /api/v1/registrations/{token}/preferences", h.fn(h.setPreferences))
	mux.Handle("GET /api/v1/events/{id}/preferences", h.fn(h.listPreferences))
}

// The write shapes of write.go for a record under an event: the path's
// {id} is the event, key names the record.

func createItem[F, T any](location func(T) string, run func(ctx context.Context, who actor.Actor, eventID string, f F) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		return create(location, func(ctx context.Context, who actor.Actor, f F) (T, error) {
			return run(ctx, who, r.PathValue("id"), f)
		})(w, r)
	}
}

func updateItem[F, T any](key string, run func(ctx context.Context, who actor.Actor, eventID, id string, f F) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		who, f, err := bodyOf[F](r)
		if err != nil {
			return err
		}
		v, err := run(r.Context(), who, r.PathValue("id"), r.PathValue(key), f)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, v)
		return nil
	}
}

func deleteItem(key string, run func(ctx context.Context, who actor.Actor, eventID, id string) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		who, err := signedIn(r)
		if err != nil {
			return err
		}
		if err := run(r.Context(), who, r.PathValue("id"), r.PathValue(key)); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

func (h *Handler) listSessions(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Events.FindProgramme(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": p.Sessions})
	return nil
}

func (h *Handler) listWorkshops(w http.ResponseWriter, r *http.Request) error {
	p, err := h.Events.FindProgramme(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	items := p.Workshops()
	if items == nil {
		items = []event.Workshop{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (h *Handler) setPreferences(w http.ResponseWriter, r *http.Request) error {
	var in event.PreferencesInput
	if err := decode(r, &in); err != nil {
		return err
	}
	prefs, err := h.Events.SetPreferences(r.Context(), r.PathValue("token"), in, request.Actor(r.Context()).IP)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": prefs})
	return nil
}

func (h *Handler) listPreferences(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	prefs, err := h.Events.FindPreferences(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": prefs})
	return nil
}
