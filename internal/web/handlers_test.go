// The handler tests are in package web_test: they use only what
// internal/server uses (New, Deps, Routes) and what its middleware puts into
// the request context, so they break when that contract does, not when an
// unexported helper is renamed. The pure functions that guard security are
// unexported and tested from package web (guards_test.go).
package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/request"
	"github.com/samverkan/samverkan/internal/web"
)

// env is the web handlers on a fresh database, without internal/server's
// middleware: each request gets its actor and printer put into its
// context the way server.authenticate and server.languages do.
type env struct {
	t   *testing.T
	svc *app.Services
	mux *http.ServeMux
	sys actor.Actor
}

// logWriter sends the handlers' log to the test's log, shown on failure.
type logWriter struct{ t *testing.T }

func (w logWriter) Write(b []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(logWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	svc := app.New(d, app.Config{BaseURL: "https://samverkan.test", MailFrom: "noreply@samverkan.test", Log: log})
	h, err := web.New(web.Deps{Accounts: svc.Accounts, Orgs: svc.Orgs, Activities: svc.Catalog, Importer: svc.Importer, Audit: svc.Audit,
		Mail: svc.Mail, Catalog: svc.Messages, Log: log, BaseURL: "https://samverkan.test", TileURL: "https://tile.openstreetmap.org/{z}/{x}/{y}.png"})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Routes(mux)
	return &env{t: t, svc: svc, mux: mux, sys: actor.System("test")}
}

// response is what a test looks at.
type response struct {
	status   int
	location string
	body     string
}

// serve sends a request as the actor, in a language, as the middleware
// would have set them up.
func (e *env) serve(a actor.Actor, lang string, r *http.Request) response {
	e.t.Helper()
	ctx := request.WithActor(r.Context(), a)
	ctx = request.WithPrinter(ctx, e.svc.Messages.Printer(lang))
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, r.WithContext(ctx))
	b, _ := io.ReadAll(w.Result().Body)
	return response{status: w.Code, location: w.Header().Get("Location"), body: string(b)}
}

func (e *env) get(a actor.Actor, path string) response {
	e.t.Helper()
	return e.serve(a, "sv", httptest.NewRequest(http.MethodGet, path, nil))
}

func (e *env) post(a actor.Actor, path string, form url.Values) response {
	e.t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return e.serve(a, "sv", r)
}

// user creates a user and returns the actor the middleware would build
// for their session.
func (e *env) user(email, role string) actor.Actor {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.svc.Accounts.CreateUser(ctx, e.sys, account.NewUser{Email: email, Name: strings.Split(email, "@")[0], Role: role})
	if err != nil {
		e.t.Fatal(err)
	}
	return e.reload(u.ID)
}

// reload reads an actor again, as the next request's middleware would.
func (e *env) reload(userID string) actor.Actor {
	e.t.Helper()
	a, err := e.svc.Accounts.ActorFor(context.Background(), userID, "192.0.2.1")
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *env) organisation(name string, members map[string]string) string {
	e.t.Helper()
	ctx := context.Background()
	sector, cat, muni := "civil_society", "association", "1490"
	o, err := e.svc.Orgs.CreateOrganisation(ctx, e.sys, org.Fields{Name: &name, Sector: &sector, Category: &cat, Municipality: &muni})
	if err != nil {
		e.t.Fatal(err)
	}
	for userID, role := range members {
		err := e.svc.Orgs.DB.InTx(ctx, func(tx *db.Tx) error {
			return account.AddMemberTx(ctx, tx, db.Now(), e.sys, o.ID, userID, role)
		})
		if err != nil {
			e.t.Fatal(err)
		}
	}
	return o.ID
}

func (e *env) organisations() []org.Organisation {
	e.t.Helper()
	all, err := e.svc.Orgs.FindAllOrganisations(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return all
}

// msg is a message as the page shows it in Swedish.
func (e *env) msg(key string, args ...any) string {
	return e.svc.Messages.Printer("sv").T(key, args...)
}

// startTag returns the start tag of the element with the id, or "".
// html/template escapes '>' inside attribute values, so a start tag ends
// at the first '>'.
func startTag(body, tag, id string) string {
	return regexp.MustCompile(`<` + tag + `\b[^>]*\sid="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(body)
}

// attr returns an attribute's unescaped value in a start tag, and whether
// it is there at all (boolean attributes have no value).
func attr(tag, name string) (string, bool) {
	m := regexp.MustCompile(`\s` + regexp.QuoteMeta(name) + `(?:="([^"]*)")?[\s>]`).FindStringSubmatch(tag)
	if m == nil {
		return "", false
	}
	return html.UnescapeString(m[1]), true
}

// textOf returns the unescaped text of the first element matching the
// start-tag pattern, for elements that hold only text.
func textOf(body, startPattern, tag string) (string, int) {
	re := regexp.MustCompile(startPattern + `([^<]*)</` + tag + `>`)
	loc := re.FindStringSubmatchIndex(body)
	if loc == nil {
		return "", -1
	}
	return html.UnescapeString(body[loc[2]:loc[3]]), loc[0]
}

// htmlTag returns the <html> start tag.
func htmlTag(body string) string { return regexp.MustCompile(`<html\b[^>]*>`).FindString(body) }
