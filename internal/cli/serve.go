package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/remind"
	"github.com/samverkan/samverkan/internal/server"
	"github.com/samverkan/samverkan/internal/web"
)

func serve(ctx context.Context, e env, args []string) error {
	var c Config
	fs := newFlags(e, "serve", "Runs migrations, then serves the web UI and the JSON API at /api/v1.")
	fs.StringVar(&c.Addr, "addr", envOr(e, "SAMVERKAN_ADDR", ":8080"), "listen address (env SAMVERKAN_ADDR)")
	dbFlag(fs, e, &c)
	fs.StringVar(&c.BaseURL, "base-url", envOr(e, "SAMVERKAN_BASE_URL", ""), "public URL of the site, used in links in e-mail; https:// makes cookies Secure (env SAMVERKAN_BASE_URL; default http://localhost:PORT)")
	fs.StringVar(&c.SMTP, "smtp", envOr(e, "SAMVERKAN_SMTP", ""), "SMTP server as smtp://[user:password@]host[:port]; without it mail stays in the outbox at /admin/outbox (env SAMVERKAN_SMTP)")
	fs.StringVar(&c.MailFrom, "mail-from", envOr(e, "SAMVERKAN_MAIL_FROM", "samverkan@localhost"), "sender address of e-mail (env SAMVERKAN_MAIL_FROM)")
	fs.BoolVar(&c.Demo, "demo", envOr(e, "SAMVERKAN_DEMO", "") == "true", "load demo data into an empty database (refused for a database holding real data) (env SAMVERKAN_DEMO=true)")
	fs.IntVar(&c.TrustProxy, "trust-proxy", trustProxyEnv(e), "number of proxies in front (load balancers) whose X-Forwarded-For entries are trusted; the client is the entry the outermost one appended (env SAMVERKAN_TRUST_PROXY; 0: use the connection's address)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", envOr(e, "SAMVERKAN_METRICS_ADDR", ""), "listen address of the Prometheus metrics, e.g. 127.0.0.1:9100; never served on --addr (env SAMVERKAN_METRICS_ADDR; empty: not served)")
	fs.StringVar(&c.TileURL, "tiles", envOr(e, "SAMVERKAN_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"), "map tile URL template (env SAMVERKAN_TILE_URL)")
	var oidcCfg web.OIDC
	var oidcDomains string
	fs.StringVar(&oidcCfg.Issuer, "oidc-issuer", envOr(e, "SAMVERKAN_OIDC_ISSUER", ""), "OpenID Connect issuer URL of the staff's identity provider, e.g. https://login.sundsvall.se; empty: no such sign-in (env SAMVERKAN_OIDC_ISSUER)")
	fs.StringVar(&oidcCfg.ClientID, "oidc-client-id", envOr(e, "SAMVERKAN_OIDC_CLIENT_ID", ""), "client ID registered at the provider, with redirect URL BASE-URL/login/oidc/callback (env SAMVERKAN_OIDC_CLIENT_ID)")
	fs.StringVar(&oidcCfg.ClientSecret, "oidc-client-secret", envOr(e, "SAMVERKAN_OIDC_CLIENT_SECRET", ""), "client secret; prefer the environment variable, a flag shows in the process list (env SAMVERKAN_OIDC_CLIENT_SECRET)")
	fs.StringVar(&oidcCfg.Label, "oidc-name", envOr(e, "SAMVERKAN_OIDC_NAME", ""), "the provider's name on the sign-in button, e.g. \"Sundsvalls kommun\" (env SAMVERKAN_OIDC_NAME)")
	fs.StringVar(&oidcDomains, "oidc-domains", envOr(e, "SAMVERKAN_OIDC_DOMAINS", ""), "e-mail domains allowed to sign in through the provider, each with the role a new account gets: sundsvall.se=coordinator,example.org=member (env SAMVERKAN_OIDC_DOMAINS)")
	var embedOrigins string
	fs.StringVar(&embedOrigins, "embed-origins", envOr(e, "SAMVERKAN_EMBED_ORIGINS", ""), "sites that may show the embeddable search (/embed/activities) in a frame, comma-separated origins such as https://www.sundsvall.se (env SAMVERKAN_EMBED_ORIGINS; empty: only this site)")
	eraseDefault, eraseErr := eraseAfterEnv(e)
	var eraseDays int
	fs.IntVar(&eraseDays, "erase-after", eraseDefault, "days after an event its participants' data is erased, the report's counts kept (env SAMVERKAN_ERASE_AFTER; 0: never)")
	logFlags(fs, e, &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if eraseErr != nil {
		return eraseErr
	}
	if eraseDays < 0 {
		return usageError{"--erase-after: want a number of days, 0 for never"}
	}
	eraseAfter := time.Duration(eraseDays) * 24 * time.Hour
	if fs.NArg() > 0 {
		return usageError{"unexpected arguments: " + strings.Join(fs.Args(), " ")}
	}
	if err := checkOIDC(&oidcCfg, oidcDomains); err != nil {
		return err
	}
	origins, err := parseOrigins(embedOrigins)
	if err != nil {
		return err
	}
	log, err := c.logger(e.stderr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	if c.BaseURL == "" {
		c.BaseURL = fmt.Sprintf("http://localhost:%d", port)
	}
	a, err := open(ctx, c, log)
	if err != nil {
		return err
	}
	defer a.db.Close()

	if c.Demo {
		res, err := demo.Load(ctx, a.db, a.Services)
		if err != nil {
			return err
		}
		if res.Loaded {
			fmt.Fprintf(e.stdout, "Demo data loaded: %d organisations, %d activities.\n", res.Organisations, res.Activities)
		} else {
			fmt.Fprintln(e.stdout, "Serving the demo database made earlier.")
		}
		if err := printDemoAccounts(ctx, e.stdout, a, c.BaseURL); err != nil {
			return err
		}
	}

	reg := prometheus.NewRegistry()
	h, err := server.New(server.Deps{DB: a.db, Services: a.Services, Log: log, BaseURL: c.BaseURL, TrustProxy: c.TrustProxy, TileURL: c.TileURL, Metrics: reg, OIDC: oidcCfg, EmbedOrigins: origins})
	if err != nil {
		return err
	}
	if c.MetricsAddr != "" {
		mln, err := net.Listen("tcp", c.MetricsAddr)
		if err != nil {
			return fmt.Errorf("listen on %s: %w", c.MetricsAddr, err)
		}
		msrv := &http.Server{Handler: server.MetricsHandler(reg), ReadHeaderTimeout: 10 * time.Second}
		defer msrv.Close()
		go func() { _ = msrv.Serve(mln) }()
		fmt.Fprintf(e.stdout, "metrics on http://%s/metrics\n", mln.Addr())
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(e.stdout, "samverkan listening on http://%s (%s, %s)\n", ln.Addr(), c.BaseURL, a.db.Dialect)
	log.Info("listening", "addr", ln.Addr().String(), "db", string(a.db.Dialect))
	// Mail that could not be sent (SMTP down) is retried every minute, by
	// whichever instance gets there first.
	// Hourly, owners of activities unconfirmed for six months are asked
	// whether they still run, and events' reminders go out (registration
	// deadline to organisers; cancellation deadline and the day before to
	// participants). Every instance runs the job; each reminder is claimed
	// once (internal/remind), and records older than a year are dropped.
	go func() {
		tick := time.NewTicker(time.Minute)
		defer tick.Stop()
		for n := 0; ; n++ {
			if n%60 == 0 {
				if sent, err := a.Catalog.SendReminders(ctx, a.Mail, a.Messages, c.BaseURL); err != nil {
					log.Error("reminders", "err", err)
				} else if sent > 0 {
					log.Info("reminders queued", "activities", sent)
				}
				if sent, err := a.Events.SendReminders(ctx); err != nil {
					log.Error("event reminders", "err", err)
				} else if sent > 0 {
					log.Info("event reminders queued", "mails", sent)
				}
				if _, err := remind.Forget(ctx, a.db, time.Now().AddDate(-1, 0, 0)); err != nil {
					log.Error("forget reminders", "err", err)
				}
				// Each event's erasure is one transaction that marks it
				// first, so several instances erase it once.
				if n, err := a.Events.EraseParticipants(ctx, time.Now(), eraseAfter); err != nil {
					log.Error("erase participants", "err", err)
				} else if n > 0 {
					log.Info("participants erased", "events", n)
				}
			}
			a.Mail.Flush(ctx)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()

	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// DefaultEraseAfterDays is how long after an event its participants'
// data is kept when the operator does not say: time for the report and
// the travel money's payments, not longer.
const DefaultEraseAfterDays = 90

// eraseAfterEnv reads SAMVERKAN_ERASE_AFTER, a number of days.
func eraseAfterEnv(e env) (int, error) {
	v := envOr(e, "SAMVERKAN_ERASE_AFTER", "")
	if v == "" {
		return DefaultEraseAfterDays, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, usageError{"SAMVERKAN_ERASE_AFTER: want a number of days, 0 for never"}
	}
	return n, nil
}

// trustProxyEnv reads SAMVERKAN_TRUST_PROXY; "true", as earlier versions
// took it, means one proxy.
func trustProxyEnv(e env) int {
	v := envOr(e, "SAMVERKAN_TRUST_PROXY", "0")
	if v == "true" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// checkOIDC completes the identity provider's configuration, or says
// what is missing: an issuer without a client or without allowed domains
// is a mistake to stop at start, not a sign-in button that always fails.
func checkOIDC(o *web.OIDC, domains string) error {
	if o.Issuer == "" {
		if o.ClientID != "" || domains != "" {
			return usageError{"--oidc-client-id and --oidc-domains need --oidc-issuer"}
		}
		return nil
	}
	u, err := url.Parse(o.Issuer)
	if err != nil || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) || u.Host == "" {
		return usageError{"--oidc-issuer: want an https:// URL (http:// only on localhost)"}
	}
	if o.ClientID == "" {
		return usageError{"--oidc-issuer needs --oidc-client-id"}
	}
	d, err := account.ParseDomainRoles(domains)
	if err != nil {
		return usageError{"--oidc-domains: " + err.Error()}
	}
	if len(d) == 0 {
		return usageError{"--oidc-issuer needs --oidc-domains: which e-mail domains may sign in, and with which role"}
	}
	o.Domains = d
	if o.Label == "" {
		o.Label = u.Hostname()
	}
	return nil
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

// parseOrigins reads the embedding sites. Each must be a bare origin: a
// path or a wildcard in frame-ancestors would let more sites frame the
// search than the operator meant.
func parseOrigins(s string) ([]string, error) {
	var out []string
	for _, o := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") ||
			u.RawQuery != "" || u.User != nil || strings.Contains(u.Host, "*") {
			return nil, usageError{"--embed-origins: " + o + ": want an origin such as https://www.sundsvall.se"}
		}
		out = append(out, u.Scheme+"://"+u.Host)
	}
	return out, nil
}

// printDemoAccounts lists every demo account with how to sign in: the
// e-mail address and the shared password at /login, or a one-time link.
func printDemoAccounts(ctx context.Context, w io.Writer, a *instance, baseURL string) error {
	fmt.Fprintf(w, "Demo accounts — sign in at %s/login with the e-mail address and the password %s, or open the account's one-time link:\n",
		strings.TrimRight(baseURL, "/"), demo.AdminPassword)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, da := range demo.Accounts {
		u, err := a.Accounts.FindUserByEmail(ctx, da.Email)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", da.Email, err)
		}
		link, err := a.Accounts.CreateLoginLink(ctx, u.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", da.Role, da.Email, da.Name, da.About)
		fmt.Fprintf(tw, "  \t\t\tone-time link: %s\n", link)
	}
	return tw.Flush()
}
