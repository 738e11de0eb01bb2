// Package server wires the web UI, the JSON API and the operational
// endpoints into one handler, with the middleware every request passes:
// recovery, logging, metrics, security headers, body limit, cross-origin
// protection, authentication and language selection.
package server

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/request"
	"github.com/samverkan/samverkan/internal/web"
)

// MaxBodyBytes caps request bodies; nothing samverkan accepts is larger.
const MaxBodyBytes = 1 << 20

// Deps is everything the handlers need.
type Deps struct {
	DB       *db.DB // for readiness and pool metrics only; handlers use the services
	Services *app.Services
	Log      *slog.Logger
	BaseURL  string
	// TrustProxy is the number of proxies in front of the server whose
	// X-Forwarded-For entries are trusted (0: none, use the connection's
	// address). With N, the client is the N-th entry from the right: the one
	// the outermost trusted proxy appended. Entries further left are the
	// client's own words and never used, or a client could choose its
	// address for the rate limits.
	TrustProxy int
	// TileURL is the map tile server; its origin is allowed for images.
	TileURL string
	// Metrics receives the request and database metrics; serve it with
	// MetricsHandler on a listen address of its own (--metrics-addr), never
	// on the public one: it shows routes, rates and pool sizes to anyone.
	// Nil: a registry of the server's own.
	Metrics *prometheus.Registry
	// OIDC is sign-in through an OpenID Connect provider; zero: off.
	OIDC web.OIDC
	// EmbedOrigins are the sites (scheme://host[:port]) that may show the
	// embeddable search in a frame; every other page may not be framed.
	EmbedOrigins []string
}

// New builds the whole HTTP handler.
func New(d Deps) (http.Handler, error) {
	secure := strings.HasPrefix(d.BaseURL, "https://")
	mux := http.NewServeMux()

	s := d.Services
	webH, err := web.New(web.Deps{Accounts: s.Accounts, Orgs: s.Orgs, Activities: s.Catalog, Events: s.Events, Importer: s.Importer, Audit: s.Audit, Mail: s.Mail,
		Catalog: s.Messages, Log: d.Log, SecureCookies: secure, BaseURL: d.BaseURL, TileURL: d.TileURL, OIDC: d.OIDC, EmbedOrigins: d.EmbedOrigins})
	if err != nil {
		return nil, err
	}
	webH.Routes(mux)
	apiH := &api.Handler{Accounts: s.Accounts, Orgs: s.Orgs, Catalog: s.Catalog, Events: s.Events, Importer: s.Importer, Audit: s.Audit, Mail: s.Mail, Log: d.Log, BaseURL: d.BaseURL}
	apiH.Routes(mux)
	apiH.HSDSRoutes(mux)

	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := d.DB.PingContext(ctx); err != nil {
			d.Log.Error("readyz", "err", err)
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})

	reg := d.Metrics
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(d.DB.DB, string(d.DB.Dialect)))
	m := newMetrics(reg)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := request.Printer(r.Context())
		if strings.HasPrefix(r.URL.Path, "/api/") {
			api.WriteError(w, r, apperr.New(apperr.Forbidden, "", "error.cross_origin"))
			return
		}
		http.Error(w, p.T("error.cross_origin"), http.StatusForbidden)
	}))

	h := http.Handler(mux)
	h = cop.Handler(h)
	h = authenticate(d, h)
	h = limitBody(h)
	h = languages(d, h)
	h = securityHeaders(secure, tileOrigin(d.TileURL), h)
	h = m.instrument(mux, h)
	h = logRequests(d.Log, h)
	h = recoverPanics(d.Log, h)
	h = clientIP(d.TrustProxy, h)
	return h, nil
}

// MetricsHandler serves a registry in the Prometheus text format.
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return mux
}

type ipKey struct{}

func clientIP(hops int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			ip = r.RemoteAddr
		}
		if hops > 0 {
			if fwd := forwardedFor(r.Header.Values("X-Forwarded-For")); len(fwd) >= hops {
				ip = fwd[len(fwd)-hops]
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ipKey{}, ip)))
	})
}

// forwardedFor lists the addresses of X-Forwarded-For headers in order
// (several headers count as one list); an entry that is not an IP address
// ends the trust: what is left of it cannot be read.
func forwardedFor(headers []string) []string {
	var out []string
	for _, h := range headers {
		for _, part := range strings.Split(h, ",") {
			part = strings.TrimSpace(part)
			if net.ParseIP(part) == nil {
				out = nil
				continue
			}
			out = append(out, part)
		}
	}
	return out
}

func ipOf(r *http.Request) string {
	ip, _ := r.Context().Value(ipKey{}).(string)
	return ip
}

// authenticate resolves the bearer token or session cookie into an actor.
// A bad bearer token is refused outright; a stale cookie is just anonymous.
func authenticate(d Deps, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip := ipOf(r)
		ctx := r.Context()
		a := actor.Anonymous(ip)
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			var err error
			if ok {
				a, err = d.Services.Accounts.TokenActor(ctx, strings.TrimSpace(tok), ip)
			} else {
				err = apperr.New(apperr.Unauthorized, "", "error.token_invalid")
			}
			if err != nil {
				api.WriteError(w, r, err)
				return
			}
		} else if c, err := r.Cookie(web.SessionCookie); err == nil && c.Value != "" {
			a, err = d.Services.Accounts.SessionActor(ctx, c.Value, ip)
			if err != nil {
				d.Log.Error("session", "err", err)
				a = actor.Anonymous(ip)
			}
			ctx = request.WithSession(ctx, c.Value)
		}
		ctx = request.WithActor(ctx, a)
		// Without a language chosen on this device (?lang= or its cookie), a
		// signed-in user reads the language stored in their account; an API
		// client that names one in Accept-Language gets that. Choosing a
		// language with the switcher is a GET and changes nothing stored
		// (a cross-site link could make it); the account form stores it.
		apiWithHeader := r.Header.Get("Authorization") != "" && r.Header.Get("Accept-Language") != ""
		if a.Lang != "" && !apiWithHeader && !request.LanguageChosen(ctx) {
			ctx = request.WithPrinter(ctx, d.Services.Messages.Printer(a.Lang))
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// easyChosen reads the lättläst toggle: ?easy=1 chooses easy Swedish and
// ?easy=0 normal text, remembered in a cookie like the language, so the
// choice holds on every page until the reader changes it.
func easyChosen(w http.ResponseWriter, r *http.Request) bool {
	switch r.URL.Query().Get("easy") {
	case "1":
		http.SetCookie(w, &http.Cookie{Name: web.EasyCookie, Value: "1", Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
		return true
	case "0":
		http.SetCookie(w, &http.Cookie{Name: web.EasyCookie, Value: "", Path: "/", MaxAge: -1, SameSite: http.SameSiteLaxMode, HttpOnly: true})
		return false
	}
	c, err := r.Cookie(web.EasyCookie)
	return err == nil && c.Value == "1"
}

// languages picks the language: ?lang= (remembered in a cookie), then the
// cookie, then the signed-in user's stored preference (applied in
// authenticate), then Accept-Language. Swedish when nothing matches.
func languages(d Deps, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code := ""
		if q := r.URL.Query().Get("lang"); q != "" {
			if _, ok := i18n.Find(q); ok {
				code = q
				http.SetCookie(w, &http.Cookie{Name: web.LangCookie, Value: q, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
			}
		}
		if code == "" {
			if c, err := r.Cookie(web.LangCookie); err == nil {
				if _, ok := i18n.Find(c.Value); ok {
					code = c.Value
				}
			}
		}
		ctx := r.Context()
		if easyChosen(w, r) {
			ctx = request.WithEasy(ctx)
		}
		if code != "" {
			ctx = request.WithLanguageChosen(ctx)
		} else {
			code = d.Services.Messages.Match(r.Header.Get("Accept-Language"))
		}
		ctx = request.WithPrinter(ctx, d.Services.Messages.Printer(code))
		w.Header().Add("Vary", "Accept-Language, Cookie")
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > MaxBodyBytes {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				api.WriteError(w, r, apperr.New(apperr.TooLarge, "", "error.too_large"))
			} else {
				http.Error(w, request.Printer(r.Context()).T("error.too_large"), http.StatusRequestEntityTooLarge)
			}
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// tileOrigin is the scheme and host of the tile URL, for the CSP.
func tileOrigin(tiles string) string {
	u, err := url.Parse(strings.NewReplacer("{s}", "a", "{z}", "0", "{x}", "0", "{y}", "0").Replace(tiles))
	if err != nil || u.Host == "" {
		return ""
	}
	return " " + u.Scheme + "://" + u.Host
}

func securityHeaders(secure bool, tiles string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"+tiles+"; "+
			"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
		if secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		level := slog.LevelDebug
		if sw.status >= 500 {
			level = slog.LevelError
		}
		log.Log(r.Context(), level, "request", "method", r.Method, "path", request.LogPath(r.URL.Path), "status", sw.status,
			"bytes", sw.bytes, "duration", time.Since(start), "ip", ipOf(r))
	})
}

func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("panic", "path", request.LogPath(r.URL.Path), "panic", p)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "samverkan_http_requests_total", Help: "HTTP requests by route and status."}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "samverkan_http_request_duration_seconds", Help: "HTTP request duration by route.", Buckets: prometheus.DefBuckets}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// instrument labels by the mux's route pattern, not the raw path, so IDs in
// URLs do not explode the number of series.
func (m *metrics) instrument(mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		_, route := mux.Handler(r)
		if route == "" {
			route = "unmatched"
		}
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.status)).Inc()
		m.duration.WithLabelValues(route, r.Method).Observe(time.Since(start).Seconds())
	})
}
