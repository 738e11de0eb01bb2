// Package api is samverkan's JSON API under /api/v1, described by the
// OpenAPI document served at /api/v1/openapi.json. Handlers parse, call the
// domain and render; the domain decides who may do what.
package api

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/csvimport"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/request"
)

//go:embed openapi.json
var openAPIDoc []byte

// OpenAPI returns the embedded OpenAPI document.
func OpenAPI() []byte { return openAPIDoc }

// Handler serves the JSON API.
type Handler struct {
	Accounts *account.Service
	Orgs     *org.Service
	Catalog  *catalog.Service
	Events   *event.Service
	Importer *csvimport.Importer
	Audit    *audit.Log
	Mail     *mail.Mailer
	Log      *slog.Logger
	BaseURL  string

	cacheOnce sync.Once
	searches  *searchCache
}

// Mux is what Routes registers on: *http.ServeMux, or a recorder in tests.
type Mux interface {
	Handle(pattern string, h http.Handler)
	HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request))
}

// Routes is the API's route table: the shared endpoints here, each domain's
// in its own function beside its handlers.
func (h *Handler) Routes(mux Mux) {
	mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Access-Control-Allow-Origin", "*")
		_, _ = w.Write(openAPIDoc)
	})
	h.registryRoutes(mux)
	h.catalogRoutes(mux)
	h.eventRoutes(mux)
	h.harvestRoutes(mux)
	h.programmeRoutes(mux)
	h.reportRoutes(mux)
	h.seatingRoutes(mux)
	mux.Handle("GET /api/v1/municipalities", h.fn(h.listMunicipalities))
	mux.Handle("GET /api/v1/counties", h.fn(h.listCounties))
	mux.Handle("GET /api/v1/me", h.fn(h.me))
	mux.Handle("GET /api/v1/audit", h.fn(h.listAudit))
	mux.Handle("GET /api/v1/outbox", h.fn(h.listOutbox))
	sm, _ := mux.(*http.ServeMux)
	mux.Handle("/api/", h.fn(func(w http.ResponseWriter, r *http.Request) error {
		if allow := allowed(sm, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			return apperr.New(apperr.MethodNotAllowed, "", "error.method_not_allowed")
		}
		return apperr.ErrNotFound()
	}))
}

// allowed lists the methods the route table has for r's path, so a wrong
// method on a known path answers 405 with Allow instead of 404.
func allowed(mux *http.ServeMux, r *http.Request) []string {
	if mux == nil {
		return nil
	}
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" {
			out = append(out, m)
		}
	}
	return out
}

func (h *Handler) registryRoutes(mux Mux) {
	mux.Handle("GET /api/v1/organisations", h.fn(h.listOrganisations))
	mux.Handle("POST /api/v1/organisations", h.fn(create(func(o org.Organisation) string { return "/api/v1/organisations/" + o.ID }, h.Orgs.CreateOrganisation)))
	mux.Handle("GET /api/v1/organisations/{id}", h.fn(h.getOrganisation))
	mux.Handle("PATCH /api/v1/organisations/{id}", h.fn(update(h.Orgs.UpdateOrganisation)))
	mux.Handle("DELETE /api/v1/organisations/{id}", h.fn(h.deleteOrganisation))
	mux.Handle("PUT /api/v1/organisations/{id}/verified", h.fn(h.verifyOrganisation))
	mux.Handle("GET /api/v1/organisations/{id}/members", h.fn(h.listMembers))
	mux.Handle("POST /api/v1/organisations/{id}/invitations", h.fn(h.invite))
	mux.Handle("POST /api/v1/organisation-requests", h.fn(h.requestOrganisation))
	mux.Handle("GET /api/v1/moderation", h.fn(h.moderationQueue))
	mux.Handle("POST /api/v1/moderation/{kind}/{id}", h.fn(h.decide))
}

// searchVersion keys the search cache: it changes when the catalogue or
// the registry (organisers' names in results) changes.
func (h *Handler) searchVersion(ctx context.Context) (string, error) {
	c, err := h.Catalog.Version(ctx)
	if err != nil {
		return "", err
	}
	o, err := h.Orgs.Version(ctx)
	return c + "|" + o, err
}

// fn adapts a handler that returns an error; the error is rendered once here.
func (h *Handler) fn(f func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := f(w, r); err != nil {
			ae := apperr.As(err)
			if ae.Code == apperr.Internal {
				h.Log.Error("api", "method", r.Method, "path", request.LogPath(r.URL.Path), "err", err)
			}
			WriteError(w, r, ae)
		}
	})
}

// ErrorBody is the one JSON shape of every API error.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

// WriteError renders an error as JSON in the request's language; the
// internal cause is never included.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	ae := apperr.As(err)
	var body ErrorBody
	body.Error.Code = string(ae.Code)
	body.Error.Field = ae.Field
	body.Error.Message = request.Printer(r.Context()).T(ae.Key, ae.Args...)
	if ae.Code == apperr.Unauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="samverkan"`)
	}
	writeJSON(w, apperr.Status(ae.Code), body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// decode reads a JSON body strictly: unknown fields are an error naming the
// field, so a typo is not silently ignored.
func decode(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return apperr.Invalidf("", "error.content_type")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.New(apperr.TooLarge, "", "error.too_large")
		}
		return apperr.Invalidf("", "error.json")
	}
	if bad, field := invalidUTF8(body); bad {
		return apperr.Invalidf(field, "error.encoding")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		// The body is in memory already: only its content can be wrong here.
		var ute *json.UnmarshalTypeError
		switch {
		case errors.As(err, &ute):
			return apperr.Invalidf(ute.Field, "error.json_type")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return apperr.Invalidf(f, "error.unknown_field")
		case errors.Is(err, io.EOF):
			return apperr.Invalidf("", "error.json_empty")
		default:
			return apperr.Invalidf("", "error.json")
		}
	}
	if dec.More() {
		return apperr.Invalidf("", "error.json")
	}
	return nil
}

// signedIn answers 401 before anything else is looked at, so an anonymous
// client learns it must authenticate rather than what is wrong with its body.
func signedIn(r *http.Request) (actor.Actor, error) {
	a := request.Actor(r.Context())
	if !a.SignedIn() {
		return a, apperr.ErrUnauthorized()
	}
	return a, nil
}

func (h *Handler) listOrganisations(w http.ResponseWriter, r *http.Request) error {
	f, err := org.ParseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	page, err := h.Orgs.FindOrganisations(r.Context(), f)
	if err != nil {
		return err
	}
	out := list(r, page.Items, page.NextCursor)
	out["total"] = page.Total
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handler) getOrganisation(w http.ResponseWriter, r *http.Request) error {
	o, err := h.Orgs.FindOrganisationByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !o.Visible(request.Actor(r.Context())) {
		return apperr.ErrNotFound()
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (h *Handler) deleteOrganisation(w http.ResponseWriter, r *http.Request) error {
	if err := input.KnownParams(r.URL.Query(), "hand_venues_to"); err != nil {
		return err
	}
	if err := h.Orgs.DeleteOrganisation(r.Context(), request.Actor(r.Context()), r.PathValue("id"), r.URL.Query().Get("hand_venues_to")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) verifyOrganisation(w http.ResponseWriter, r *http.Request) error {
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	var body struct {
		Verified *bool `json:"verified"`
	}
	if err := decode(r, &body); err != nil {
		return err
	}
	if body.Verified == nil {
		return apperr.Invalidf("verified", "error.required")
	}
	o, err := h.Orgs.VerifyOrganisation(r.Context(), a, r.PathValue("id"), *body.Verified)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (h *Handler) listMembers(w http.ResponseWriter, r *http.Request) error {
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	if _, err := h.Orgs.FindOrganisationByID(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	ms, err := h.Accounts.FindMembers(r.Context(), a, r.PathValue("id"))
	if err != nil {
		return err
	}
	if ms == nil {
		ms = []account.Member{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ms})
	return nil
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) error {
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	var body struct {
		Email string `json:"email"`
		Role  string `json:"role"`
	}
	if err := decode(r, &body); err != nil {
		return err
	}
	inv, err := h.Accounts.Invite(r.Context(), a, r.PathValue("id"), body.Email, body.Role)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, inv)
	return nil
}

func (h *Handler) listMunicipalities(w http.ResponseWriter, r *http.Request) error {
	items := municipality.All()
	if c := r.URL.Query().Get("county"); c != "" {
		if _, ok := municipality.CountyByCode(c); !ok {
			return apperr.Invalidf("county", "error.choice")
		}
		items = municipality.InCounty(c)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (h *Handler) listCounties(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{"items": municipality.Counties()})
	return nil
}

func (h *Handler) me(w http.ResponseWriter, r *http.Request) error {
	a := request.Actor(r.Context())
	if a.UserID == "" {
		return apperr.ErrUnauthorized()
	}
	u, err := h.Accounts.FindUserByID(r.Context(), a.UserID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": u, "memberships": a.Memberships})
	return nil
}

func (h *Handler) listAudit(w http.ResponseWriter, r *http.Request) error {
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if err := input.KnownParams(q, "actor", "actor_id", "action", "entity_type", "entity_id", "from", "to", "cursor", "limit"); err != nil {
		return err
	}
	q.Del("before") // the API's cursor is cursor=
	f, err := audit.ParseFilter(q, catalog.Stockholm)
	if err != nil {
		return err
	}
	entries, err := h.Audit.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []audit.Entry{}
	}
	next := ""
	if len(entries) == f.Limit {
		next = entries[len(entries)-1].ID
	}
	writeJSON(w, http.StatusOK, list(r, entries, next))
	return nil
}

func (h *Handler) listOutbox(w http.ResponseWriter, r *http.Request) error {
	a, err := signedIn(r)
	if err != nil {
		return err
	}
	n, err := input.Limit(r.URL.Query(), 100, 500)
	if err != nil {
		return err
	}
	msgs, err := h.Mail.List(r.Context(), a, n, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	if msgs == nil {
		msgs = []mail.Message{}
	}
	next := ""
	if len(msgs) == n {
		next = msgs[len(msgs)-1].ID
	}
	writeJSON(w, http.StatusOK, list(r, msgs, next))
	return nil
}
