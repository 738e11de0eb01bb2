// Package app builds samverkan's services once, wired to each other, for
// every entry point: the serve command, the other commands and the tests.
// Adding a domain means adding its service here and nowhere else.
package app

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/csvimport"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/org"
)

// Config is what the services need from the command line.
type Config struct {
	BaseURL  string   // public URL, for links in mail
	MailFrom string   // sender address
	SMTP     *url.URL // nil: mail stays in the outbox
	Log      *slog.Logger
	Now      func() time.Time // nil: db.Now
	// PasswordCost is the bcrypt cost (0: the library's default). Tests
	// lower it; the rules stay the same.
	PasswordCost int
}

// Services are the domains' services, sharing one database, clock, mailer
// and message catalogue.
type Services struct {
	Messages *i18n.Catalog
	Mail     *mail.Mailer
	Audit    *audit.Log
	Accounts *account.Service
	Orgs     *org.Service
	Catalog  *catalog.Service
	Events   *event.Service
	Importer *csvimport.Importer
}

// New wires the services.
func New(d *db.DB, c Config) *Services {
	now := c.Now
	if now == nil {
		now = db.Now
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	msgs := i18n.MustLoad()
	m := &mail.Mailer{DB: d, SMTP: c.SMTP, From: c.MailFrom, Log: c.Log, Now: now}
	s := &Services{
		Messages: msgs,
		Mail:     m,
		Audit:    &audit.Log{DB: d},
		Accounts: &account.Service{DB: d, Mail: m, Catalog: msgs, BaseURL: strings.TrimRight(c.BaseURL, "/"), Now: now, OrgNames: org.NamesTx, PasswordCost: c.PasswordCost},
		Orgs: &org.Service{DB: d, Now: now, OnRename: catalog.ReindexOrganisationTx, OnReview: catalog.ReviewOrganisationActivitiesTx,
			OnDelete: catalog.HandOverVenuesTx, Mail: m, Messages: msgs, BaseURL: strings.TrimRight(c.BaseURL, "/")},
		Catalog: &catalog.Service{DB: d, Now: now},
		Events:  &event.Service{DB: d, Now: now, Mail: m, Messages: msgs, BaseURL: strings.TrimRight(c.BaseURL, "/")},
	}
	s.Orgs.Accounts = s.Accounts
	s.Importer = &csvimport.Importer{Orgs: s.Orgs, Catalog: s.Catalog, Messages: msgs}
	anyone := func(f func(context.Context, []string) (map[string]string, error)) audit.Namer {
		return func(ctx context.Context, _ actor.Actor, ids []string) (map[string]string, error) { return f(ctx, ids) }
	}
	s.Audit.Namers = map[string]audit.Namer{"user": s.Accounts.UserNames, "organisation": anyone(s.Orgs.Names),
		"activity": anyone(s.Catalog.ActivityTitles), "venue": anyone(s.Catalog.VenueNames),
		"event": anyone(s.Events.Titles), "event_series": anyone(s.Events.Titles)}
	s.Audit.Users = s.Accounts.UserIDsMatching
	return s
}
