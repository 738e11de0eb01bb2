package api

import (
	"net/http"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/request"
)

// harvestRoutes are the group work's obstacles and opportunities: the
// organisers' notes under the event, the participants' through the
// harvest link (the token on the table cards, no account).
func (h *Handler) harvestRoutes(mux Mux) {
	mux.Handle("GET /api/v1/events/{id}/harvest", h.fn(h.listNotes))
	mux.Handle("POST /api/v1/events/{id}/harvest", h.fn(h.addNote))
	mux.Handle("PATCH /api/v1/events/{id}/harvest/{note}", h.fn(h.updateNote))
	mux.Handle("POST /api/v1/events/{id}/harvest/{note}/merge", h.fn(h.mergeNote))
	mux.Handle("POST /api/v1/events/{id}/harvest-link", h.fn(h.openHarvest))
	mux.Handle("DELETE /api/v1/events/{id}/harvest-link", h.fn(h.closeHarvest))
	mux.Handle("GET /api/v1/harvest/{token}/notes", h.fn(h.wallNotes))
	mux.Handle("POST /api/v1/harvest/{token}/notes", h.fn(h.addNoteByLink))
}

// noteFilter reads kind, all and since (RFC 3339), the wall's refresh.
func noteFilter(r *http.Request) (event.NoteFilter, error) {
	q := r.URL.Query()
	f := event.NoteFilter{Kind: q.Get("kind"), All: q.Get("all") == "true"}
	if f.Kind != "" && f.Kind != event.Obstacle && f.Kind != event.Opportunity {
		return f, apperr.Invalidf("kind", "error.choice")
	}
	if s := q.Get("since"); s != "" {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return f, apperr.Invalidf("since", "error.date")
		}
		f.Since = t
	}
	return f, nil
}

func (h *Handler) listNotes(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	f, err := noteFilter(r)
	if err != nil {
		return err
	}
	notes, err := h.Events.FindNotesAs(r.Context(), who, r.PathValue("id"), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list(r, notes, ""))
	return nil
}

func (h *Handler) addNote(w http.ResponseWriter, r *http.Request) error {
	who, f, err := bodyOf[event.NoteFields](r)
	if err != nil {
		return err
	}
	n, err := h.Events.AddNote(r.Context(), who, r.PathValue("id"), f)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/events/"+n.EventID+"/harvest/"+n.ID)
	writeJSON(w, http.StatusCreated, n)
	return nil
}

func (h *Handler) updateNote(w http.ResponseWriter, r *http.Request) error {
	who, f, err := bodyOf[event.NoteFields](r)
	if err != nil {
		return err
	}
	n, err := h.Events.UpdateNote(r.Context(), who, r.PathValue("id"), r.PathValue("note"), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, n)
	return nil
}

// mergeInput names the note a duplicate is merged into; "" splits it out.
type mergeInput struct {
	Into string `json:"into"`
}

func (h *Handler) mergeNote(w http.ResponseWriter, r *http.Request) error {
	who, in, err := bodyOf[mergeInput](r)
	if err != nil {
		return err
	}
	n, err := h.Events.MergeNotes(r.Context(), who, r.PathValue("id"), r.PathValue("note"), in.Into)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, n)
	return nil
}

func (h *Handler) openHarvest(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	token, err := h.Events.OpenHarvest(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"token": token, "url": h.BaseURL + "/harvest/" + token})
	return nil
}

func (h *Handler) closeHarvest(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	if err := h.Events.CloseHarvest(r.Context(), who, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// wallNotes is the wall for the holder of the harvest link: what the
// organisers have not hidden, duplicates merged.
func (h *Handler) wallNotes(w http.ResponseWriter, r *http.Request) error {
	e, _, err := h.Events.EventByHarvestLink(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	f, err := noteFilter(r)
	if err != nil {
		return err
	}
	f.All = false
	notes, err := h.Events.FindNotes(r.Context(), e.ID, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list(r, notes, ""))
	return nil
}

func (h *Handler) addNoteByLink(w http.ResponseWriter, r *http.Request) error {
	var f event.NoteFields
	if err := decode(r, &f); err != nil {
		return err
	}
	n, err := h.Events.AddNoteByLink(r.Context(), r.PathValue("token"), f, request.Actor(r.Context()).IP)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, n)
	return nil
}
