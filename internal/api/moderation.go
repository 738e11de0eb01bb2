package api

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/request"
)

// requestOrganisation is the public registration (or claim) by e-mail:
// 202, a confirmation link is on its way; nothing is registered until it
// is followed.
func (h *Handler) requestOrganisation(w http.ResponseWriter, r *http.Request) error {
	var in org.RequestInput
	if err := decode(r, &in); err != nil {
		return err
	}
	req, err := h.Orgs.RequestOrganisation(r.Context(), request.Actor(r.Context()), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"status": "mail_sent", "kind": req.Kind, "email": req.Email,
		"expires_at": req.ExpiresAt})
	return nil
}

// moderationQueue is what waits for a coordinator: organisations, claims
// and activities.
func (h *Handler) moderationQueue(w http.ResponseWriter, r *http.Request) error {
	who, err := signedIn(r)
	if err != nil {
		return err
	}
	q, err := h.Orgs.FindQueue(r.Context(), who)
	if err != nil {
		return err
	}
	acts, err := h.Catalog.FindAwaitingActivities(r.Context(), who)
	if err != nil {
		return err
	}
	if acts == nil {
		acts = []catalog.Activity{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"organisations": q.Organisations, "claims": q.Claims, "activities": acts})
	return nil
}

// decide approves or rejects an organisation, a claim or an activity of
// the queue.
func (h *Handler) decide(w http.ResponseWriter, r *http.Request) error {
	who, body, err := bodyOf[struct {
		Decision string `json:"decision"`
	}](r)
	if err != nil {
		return err
	}
	if body.Decision != "approve" && body.Decision != "reject" {
		return apperr.Invalidf("decision", "error.choice")
	}
	approve, id := body.Decision == "approve", r.PathValue("id")
	var v any
	switch r.PathValue("kind") {
	case "organisations":
		v, err = h.Orgs.ReviewOrganisation(r.Context(), who, id, approve)
	case "claims":
		v, err = h.Orgs.DecideClaim(r.Context(), who, id, approve)
	case "activities":
		v, err = h.Catalog.ReviewActivity(r.Context(), who, id, approve)
	default:
		return apperr.ErrNotFound()
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}
