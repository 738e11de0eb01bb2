// Package web is samverkan's server-rendered HTML interface. Every page works
// without JavaScript; htmx (embedded, pinned) only enhances the search form.
// Handlers are thin: parse the form, call the domain, render.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/csvimport"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/request"
)

// Cookie names.
const (
	SessionCookie = "samverkan_session"
	LangCookie    = "samverkan_lang"
	EasyCookie    = "samverkan_easy"
)

var (
	//go:embed templates
	templateFS embed.FS
	//go:embed static
	staticFS embed.FS
)

// Deps is what the web handlers need.
type Deps struct {
	Accounts      *account.Service
	Orgs          *org.Service
	Activities    *catalog.Service
	Events        *event.Service
	Importer      *csvimport.Importer
	Audit         *audit.Log
	Mail          *mail.Mailer
	Catalog       *i18n.Catalog
	Log           *slog.Logger
	SecureCookies bool
	BaseURL       string
	TileURL       string // map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
	OIDC          OIDC   // sign-in through an identity provider; zero: off
	// EmbedOrigins may show the embeddable search in a frame, e.g.
	// https://www.sundsvall.se (CSP frame-ancestors).
	EmbedOrigins []string
}

// Handler serves the HTML pages.
type Handler struct {
	Deps
	pages  map[string]*template.Template
	assets map[string]asset // by file name
	oidc   *oidcClient      // nil unless OIDC is enabled
}

type asset struct {
	body, gz    []byte
	hash, ctype string
}

// New parses the templates and fingerprints the static files.
func New(d Deps) (*Handler, error) {
	h := &Handler{Deps: d, pages: map[string]*template.Template{}, assets: map[string]asset{}}
	if err := h.loadAssets(); err != nil {
		return nil, err
	}
	if d.OIDC.Enabled() {
		h.oidc = &oidcClient{cfg: d.OIDC, redirect: strings.TrimRight(d.BaseURL, "/") + "/login/oidc/callback"}
	}
	funcs := template.FuncMap{
		"asset": h.assetURL,
		"join":  strings.Join,
		// ltr isolates a date or number put into a translated sentence, so
		// a right-to-left page does not reorder its digits and dashes.
		"ltr":  func(s string) string { return "\u2066" + s + "\u2069" },
		"list": func(s ...string) []string { return s },
		"deref": func(p any) any {
			switch v := p.(type) {
			case *int:
				return *v
			case *float64:
				return *v
			}
			return p
		},
		"telURL":   telURL,
		"siteName": siteName,
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	msgs := d.Catalog
	if msgs == nil {
		msgs = i18n.MustLoad()
	}
	// Each page is parsed once per language, with the functions that write
	// dates and numbers in that language (textFuncs).
	for _, l := range i18n.Languages {
		for k, f := range textFuncs(msgs.Printer(l.Code)) {
			funcs[k] = f
		}
		for _, n := range names {
			base := path.Base(n)
			if base == "layout.html" {
				continue
			}
			// Partials (templates/partials) are blocks shared by several pages.
			files := []string{"templates/layout.html", "templates/partials/*.html", n}
			if base == "embed.html" {
				// The embeddable page is a whole document of its own: no
				// header, menu or footer inside another site's page.
				files = files[1:]
			}
			t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, files...)
			if err != nil {
				return nil, err
			}
			h.pages[l.Code+"/"+strings.TrimSuffix(base, ".html")] = t
		}
	}
	return h, nil
}

func (h *Handler) loadAssets() error {
	return fs.WalkDir(staticFS, "static", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		_, _ = zw.Write(b)
		_ = zw.Close()
		ct := "application/octet-stream"
		switch path.Ext(p) {
		case ".css":
			ct = "text/css; charset=utf-8"
		case ".js":
			ct = "text/javascript; charset=utf-8"
		case ".svg":
			ct = "image/svg+xml"
		}
		h.assets[path.Base(p)] = asset{body: b, gz: gz.Bytes(), hash: hex.EncodeToString(sum[:6]), ctype: ct}
		return nil
	})
}

// telURL is a phone number as a tel: link in international form
// ("0492-100 00" → tel:+4649210000), which phones dial from abroad too.
func telURL(phone string) template.URL {
	var b strings.Builder
	for i, r := range phone {
		if r >= '0' && r <= '9' || r == '+' && i == 0 {
			b.WriteRune(r)
		}
	}
	n := b.String()
	switch {
	case strings.HasPrefix(n, "00"):
		n = "+" + n[2:]
	case strings.HasPrefix(n, "0"):
		n = "+46" + n[1:]
	}
	// Only digits and a leading plus are left: safe in an href.
	return template.URL("tel:" + n)
}

// siteName is a website as people say it: without https:// and a
// trailing slash.
func siteName(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	return strings.TrimSuffix(u, "/")
}

// favicon answers the browsers and feed readers that ask for /favicon.ico
// whatever the page's <link rel="icon"> says, with the SVG icon (which they
// show; an ICO of its own would be one more file to keep in step).
func (h *Handler) favicon(w http.ResponseWriter, r *http.Request) {
	r.SetPathValue("name", "favicon.svg")
	r.SetPathValue("hash", "")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	h.serveAsset(w, r)
}

// assetURL puts the content hash in the URL so assets can be cached forever.
func (h *Handler) assetURL(name string) string {
	return "/static/" + h.assets[name].hash + "/" + name
}

func (h *Handler) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := h.assets[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Vary", "Accept-Encoding")
	if r.PathValue("hash") == a.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(a.gz)
		return
	}
	_, _ = w.Write(a.body)
}

// Routes is the web UI's route table: shared pages here, each domain's in
// its own function below, so a domain's routes are found in one place.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/{hash}/{name}", h.serveAsset)
	mux.HandleFunc("GET /favicon.ico", h.favicon)
	mux.Handle("GET /{$}", h.fn(h.home))
	mux.Handle("GET /search", h.fn(h.search))
	mux.Handle("GET /open-data", h.fn(h.openData))
	h.catalogRoutes(mux)
	h.eventRoutes(mux)
	h.registryRoutes(mux)
	h.accountRoutes(mux)
	h.adminRoutes(mux)
	h.harvestRoutes(mux)
	h.programmeRoutes(mux)
	h.reportRoutes(mux)
	h.seatingRoutes(mux)
	h.onTheDayRoutes(mux)
	mux.Handle("/", h.fn(func(w http.ResponseWriter, r *http.Request) error {
		return apperr.ErrNotFound()
	}))
}

func (h *Handler) catalogRoutes(mux *http.ServeMux) {
	mux.Handle("GET /activities", h.fn(h.searchActivities))
	mux.Handle("GET /activities/{id}", h.fn(h.showActivity))
	mux.Handle("GET /activities.ics", h.fn(h.searchFeed))
	mux.Handle("GET /activities/print", h.fn(h.searchSheet))
	mux.Handle("GET /embed/activities", h.fn(h.embedActivities))
	mux.Handle("GET /activities/new", h.fn(h.newActivity))
	mux.Handle("POST /activities", h.fn(h.saveActivityForm))
	mux.Handle("GET /activities/{id}/edit", h.fn(h.editActivity))
	mux.Handle("POST /activities/{id}", h.fn(h.saveActivityForm))
	mux.Handle("GET /activities/{id}/archive", h.fn(h.confirmArchive))
	mux.Handle("POST /activities/{id}/archive", h.fn(h.archiveActivityForm))
	mux.Handle("GET /activities/{id}/confirm/{token}", h.fn(h.confirmPage))
	mux.Handle("POST /activities/{id}/confirm/{token}", h.fn(h.confirmByToken))
	mux.Handle("GET /activities/{id}/calendar.ics", h.fn(h.activityFeed))
	mux.Handle("GET /organisations/{id}/calendar.ics", h.fn(h.organisationFeed))
	mux.Handle("GET /venues/new", h.fn(h.newVenue))
	mux.Handle("POST /venues", h.fn(h.saveVenueForm))
	mux.Handle("GET /venues/{id}", h.fn(h.showVenue))
	mux.Handle("GET /venues/{id}/edit", h.fn(h.editVenue))
	mux.Handle("POST /venues/{id}", h.fn(h.saveVenueForm))
	mux.Handle("GET /venues/{id}/print", h.fn(h.venueSheet))
	mux.Handle("GET /venues/{id}/calendar.ics", h.fn(h.venueFeed))
}

func (h *Handler) registryRoutes(mux *http.ServeMux) {
	mux.Handle("GET /organisations", h.fn(h.listOrganisations))
	mux.Handle("GET /organisations/new", h.fn(h.newOrganisation))
	mux.Handle("GET /organisations/register", h.fn(h.newRegistration))
	mux.Handle("POST /organisations/register", h.fn(h.requestRegistration))
	mux.Handle("GET /organisation-requests/{token}", h.fn(h.confirmRegistrationPage))
	mux.Handle("POST /organisation-requests/{token}", h.fn(h.confirmRegistration))
	mux.Handle("POST /organisations", h.fn(h.saveOrganisation))
	mux.Handle("GET /organisations/{id}", h.fn(h.showOrganisation))
	mux.Handle("GET /organisations/{id}/edit", h.fn(h.editOrganisation))
	mux.Handle("POST /organisations/{id}", h.fn(h.saveOrganisation))
	mux.Handle("GET /organisations/{id}/delete", h.fn(h.confirmDelete))
	mux.Handle("POST /organisations/{id}/delete", h.fn(h.deleteOrganisation))
	mux.Handle("POST /organisations/{id}/verify", h.fn(h.verifyOrganisation))
	mux.Handle("GET /organisations/{id}/members", h.fn(h.members))
	mux.Handle("POST /organisations/{id}/members", h.fn(h.invite))
	mux.Handle("GET /organisations/{id}/members/{user}/remove", h.fn(h.confirmRemove))
	mux.Handle("POST /organisations/{id}/members/{user}/remove", h.fn(h.removeMember))
	mux.Handle("POST /organisations/{id}/invitations/{inv}/{action}", h.fn(h.invitationAction))
	mux.Handle("GET /invitations/{token}", h.fn(h.showInvitation))
	mux.Handle("POST /invitations/{token}", h.fn(h.acceptInvitation))
}

func (h *Handler) accountRoutes(mux *http.ServeMux) {
	mux.Handle("GET /login", h.fn(h.loginPage))
	mux.Handle("POST /login", h.fn(h.login))
	mux.Handle("POST /login/link", h.fn(h.requestLink))
	if h.oidc != nil {
		mux.Handle("GET /login/oidc", h.fn(h.oidcStart))
		mux.Handle("GET /login/oidc/callback", h.fn(h.oidcCallback))
	}
	mux.Handle("GET /login/link/{token}", h.fn(h.confirmLink))
	mux.Handle("POST /login/link/{token}", h.fn(h.useLink))
	mux.Handle("POST /logout", h.fn(h.logout))
	mux.Handle("POST /logout/all", h.fn(h.logoutAll))
	mux.Handle("GET /account", h.fn(h.accountPage))
	mux.Handle("POST /account", h.fn(h.updateAccount))
	mux.Handle("POST /account/tokens", h.fn(h.createToken))
	mux.Handle("POST /account/tokens/{id}/revoke", h.fn(h.revokeToken))
}

func (h *Handler) adminRoutes(mux *http.ServeMux) {
	mux.Handle("GET /admin/moderation", h.fn(h.moderation))
	mux.Handle("POST /admin/moderation/{kind}/{id}", h.fn(h.decide))
	mux.Handle("GET /admin/audit", h.fn(h.auditPage))
	mux.Handle("GET /admin/outbox", h.fn(h.outboxPage))
	mux.Handle("GET /admin/import", h.fn(h.importPage))
	mux.Handle("POST /admin/import", h.fn(h.importCSV))
	mux.Handle("GET /admin/import/template/{kind}", h.fn(h.importTemplate))
	mux.Handle("GET /admin/users", h.fn(h.usersPage))
	mux.Handle("POST /admin/users", h.fn(h.createUser))
	mux.Handle("POST /admin/users/{id}/role", h.fn(h.setRole))
}

// fn adapts a handler that returns an error; errors without a form to show
// them in get an error page with the status their code maps to.
func (h *Handler) fn(f func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := checkEncoding(r)
		if err == nil {
			err = f(w, r)
		}
		if err == nil {
			return
		}
		ae := apperr.As(err)
		if ae.Code == apperr.Internal {
			h.Log.Error("web", "method", r.Method, "path", request.LogPath(r.URL.Path), "err", err)
		}
		if ae.Code == apperr.Unauthorized && r.Method == http.MethodGet {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		p := h.page(r, "error.title")
		p.Data = request.Printer(r.Context()).T(ae.Key, ae.Args...)
		h.render(w, r, apperr.Status(ae.Code), "error", p)
	})
}

// openData explains what can be downloaded and reused: the HSDS API, the
// whole-directory files, the calendars, the JSON API and the licence.
func (h *Handler) openData(w http.ResponseWriter, r *http.Request) error {
	h.render(w, r, http.StatusOK, "opendata", h.page(r, "opendata.title"))
	return nil
}

// checkEncoding refuses a query or form value that is not UTF-8, naming
// its field, before any handler reads it: the form decoder would pass the
// bytes on, and a store would keep them altered.
func checkEncoding(r *http.Request) error {
	if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		if err := r.ParseForm(); err != nil {
			return apperr.New(apperr.TooLarge, "", "error.too_large")
		}
	}
	for _, vals := range []url.Values{r.URL.Query(), r.PostForm} {
		for k, vs := range vals {
			for _, v := range append(vs, k) {
				if !utf8.ValidString(v) {
					return apperr.Invalidf(k, "error.encoding")
				}
			}
		}
	}
	return nil
}

// Page is what every template gets.
type Page struct {
	Lang      i18n.Lang
	P         *i18n.Printer
	Actor     actor.Actor
	Title     string
	LangLinks []LangLink
	Flash     template.HTML // the notice after an action (?done=…), its fallback marked like T's
	Errors    map[string]string
	Data      any
	Path      string
	Easy      bool // the reader chose lättläst (request.Easy)
}

// LangLink is one entry of the language switcher.
type LangLink struct {
	Code, Native, URL string
	Current           bool
}

// Err is the translated error for a form field, or "".
func (p Page) Err(field string) string { return p.Errors[field] }

// Sectors, Categories and Languages feed the form selects.
func (p Page) Sectors() []string        { return org.Sectors }
func (p Page) Categories() []string     { return org.Categories }
func (p Page) UILanguages() []i18n.Lang { return i18n.Languages }

// LangName names a language code in the page's language (see
// i18n.Printer.LanguageName).
func (p Page) LangName(code string) string {
	n, _ := p.P.LanguageName(code)
	return n
}

func (h *Handler) page(r *http.Request, titleKey string) Page {
	pr := request.Printer(r.Context())
	p := Page{Lang: pr.Lang, P: pr, Actor: request.Actor(r.Context()), Title: pr.T(titleKey), Path: r.URL.Path, Easy: request.Easy(r.Context())}
	for _, l := range i18n.Languages {
		q := r.URL.Query()
		q.Set("lang", l.Code)
		p.LangLinks = append(p.LangLinks, LangLink{Code: l.Code, Native: l.Native, URL: r.URL.Path + "?" + q.Encode(), Current: l.Code == pr.Lang.Code})
	}
	// A notice the reader's language lacks is shown in Swedish, marked as
	// such, rather than dropped; an unknown one is ignored.
	if f := r.URL.Query().Get("done"); f != "" && pr.Known("flash."+f) {
		p.Flash = markup(pr, "flash."+f)
	}
	return p
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p Page) {
	t, ok := h.pages[p.Lang.Code+"/"+name]
	if !ok {
		t, ok = h.pages[i18n.Default+"/"+name]
	}
	if !ok {
		h.Log.Error("missing template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		h.Log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// formError renders a form again with the error next to its field and the
// user's input kept; the status follows the error's code.
func (h *Handler) formError(w http.ResponseWriter, r *http.Request, name string, p Page, err error) error {
	ae := apperr.As(err)
	// A refusal about one field (a co-organiser one may not name) is shown
	// at the field; a refusal of the whole action gets the error page.
	if ae.Code == apperr.Internal || ae.Code == apperr.Unauthorized || ae.Code == apperr.NotFound || ae.Code == apperr.Forbidden && ae.Field == "" {
		return err
	}
	field := ae.Field
	if field == "" {
		field = "_form"
	}
	p.Errors = map[string]string{field: p.P.T(ae.Key, ae.Args...)}
	h.render(w, r, apperr.Status(ae.Code), name, p)
	return nil
}

func requireSignIn(r *http.Request) (actor.Actor, error) {
	a := request.Actor(r.Context())
	if !a.SignedIn() {
		return a, apperr.ErrUnauthorized()
	}
	return a, nil
}

func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
