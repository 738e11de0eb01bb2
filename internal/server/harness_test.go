package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/crypto/bcrypt"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/api/apitest"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/server"
)

// testEnv is a running server on a fresh database.
type testEnv struct {
	t        *testing.T
	db       *db.DB
	srv      *httptest.Server
	svc      *app.Services
	metrics  *prometheus.Registry
	accounts *account.Service
	orgs     *org.Service
	acts     *catalog.Service
	openapi  *apitest.V
}

func newEnv(t *testing.T, d *db.DB) *testEnv {
	t.Helper()
	return newEnvWith(t, d, nil)
}

// newEnvWith is newEnv with the server's options changed by opt.
func newEnvWith(t *testing.T, d *db.DB, opt func(*server.Deps)) *testEnv {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e := &testEnv{t: t, db: d, openapi: apitest.Validator(t)}
	e.srv = httptest.NewUnstartedServer(nil)
	e.srv.Start()
	t.Cleanup(e.srv.Close)
	e.svc = app.New(d, app.Config{BaseURL: e.srv.URL, MailFrom: "test@example.org", Log: log, PasswordCost: bcrypt.MinCost})
	e.accounts, e.orgs, e.acts = e.svc.Accounts, e.svc.Orgs, e.svc.Catalog
	e.metrics = prometheus.NewRegistry()
	deps := server.Deps{DB: d, Services: e.svc, Log: log, BaseURL: e.srv.URL, TileURL: "https://tile.openstreetmap.org/{z}/{x}/{y}.png", Metrics: e.metrics}
	if opt != nil {
		opt(&deps)
	}
	h, err := server.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Config.Handler = h
	return e
}

// user creates a user with a platform role and returns it.
func (e *testEnv) user(email, role string) account.User {
	e.t.Helper()
	u, err := e.accounts.CreateUser(context.Background(), actor.System("test"), account.NewUser{Email: email, Name: strings.Split(email, "@")[0], Role: role})
	if err != nil {
		e.t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

// token creates an API token for a user.
func (e *testEnv) token(u account.User) string {
	e.t.Helper()
	_, secret, err := e.accounts.CreateToken(context.Background(), actor.System("test"), u.ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return secret
}

// browser is an HTTP client with a cookie jar, signed in as u if u is set,
// through the one-time link flow.
type browser struct {
	e *testEnv
	c *http.Client
}

func (e *testEnv) browser(u *account.User) *browser {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if u != nil {
		link, err := e.accounts.CreateLoginLink(context.Background(), u.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		path := strings.TrimPrefix(link, e.srv.URL)
		if st, _ := b.post(path, nil); st != http.StatusSeeOther {
			e.t.Fatalf("sign in with link: status %d", st)
		}
	}
	return b
}

func (b *browser) do(req *http.Request) (int, string, http.Header) {
	b.e.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

func (b *browser) get(path string) (int, string) {
	b.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	st, body, _ := b.do(req)
	return st, body
}

// post submits a form the way a browser on this site would (same-origin).
func (b *browser) post(path string, form url.Values) (int, string) {
	b.e.t.Helper()
	st, body, _ := b.postH(path, form)
	return st, body
}

func (b *browser) postH(path string, form url.Values) (int, string, http.Header) {
	b.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.e.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// api calls the JSON API and checks request and answer against the OpenAPI
// document.
func (e *testEnv) api(method, path, token string, body any, lang ...string) (int, map[string]any) {
	e.t.Helper()
	var rd io.Reader
	var raw []byte
	if body != nil {
		if s, ok := body.(string); ok {
			raw = []byte(s)
		} else {
			raw, _ = json.Marshal(body)
		}
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if len(lang) > 0 {
		req.Header.Set("Accept-Language", lang[0])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	check, _ := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(raw))
	if body != nil {
		check.Header.Set("Content-Type", "application/json")
	}
	e.openapi.Check(e.t, check, resp.StatusCode, resp.Header, out)
	var m map[string]any
	if len(out) > 0 {
		if err := json.Unmarshal(out, &m); err != nil {
			e.t.Fatalf("%s %s: not JSON: %s", method, path, out)
		}
	}
	return resp.StatusCode, m
}

func errField(m map[string]any) (code, field, message string) {
	e, _ := m["error"].(map[string]any)
	code, _ = e["code"].(string)
	field, _ = e["field"].(string)
	message, _ = e["message"].(string)
	return
}

func (e *testEnv) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// outboxLink finds the newest link in mail to an address.
func (e *testEnv) outboxLink(to, pathPrefix string) string {
	e.t.Helper()
	var body string
	err := e.db.QueryRow(context.Background(), `SELECT body FROM outbox WHERE to_addr = ? ORDER BY id DESC LIMIT 1`, to).Scan(&body)
	if err != nil {
		e.t.Fatalf("no mail to %s: %v", to, err)
	}
	m := regexp.MustCompile(regexp.QuoteMeta(e.srv.URL+pathPrefix) + `[A-Za-z0-9_\-]+`).FindString(body)
	if m == "" {
		e.t.Fatalf("no %s link in mail to %s: %s", pathPrefix, to, body)
	}
	return strings.TrimPrefix(m, e.srv.URL)
}
