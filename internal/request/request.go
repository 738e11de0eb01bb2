// Package request carries what the middleware learned about a request — who
// is acting and in which language — to the web and API handlers.
package request

import (
	"context"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/i18n"
)

type key int

const (
	actorKey key = iota
	printerKey
	sessionKey
	chosenKey
	easyKey
)

// WithLanguageChosen records that the request itself names its language
// (?lang= or the switcher's cookie), which then beats the stored preference.
func WithLanguageChosen(ctx context.Context) context.Context {
	return context.WithValue(ctx, chosenKey, true)
}

// LanguageChosen reports whether the request named its language.
func LanguageChosen(ctx context.Context) bool {
	v, _ := ctx.Value(chosenKey).(bool)
	return v
}

// WithActor stores the acting user.
func WithActor(ctx context.Context, a actor.Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// Actor returns the acting user (anonymous if none was stored).
func Actor(ctx context.Context) actor.Actor {
	a, _ := ctx.Value(actorKey).(actor.Actor)
	return a
}

// WithPrinter stores the request's language printer.
func WithPrinter(ctx context.Context, p *i18n.Printer) context.Context {
	return context.WithValue(ctx, printerKey, p)
}

// Printer returns the request's language printer.
func Printer(ctx context.Context) *i18n.Printer {
	p, _ := ctx.Value(printerKey).(*i18n.Printer)
	return p
}

// WithSession stores the session token of a browser request.
func WithSession(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, sessionKey, token)
}

// Session returns the browser session token, if any.
func Session(ctx context.Context) string {
	s, _ := ctx.Value(sessionKey).(string)
	return s
}

// WithEasy records that the reader chose lättläst (the toggle's cookie):
// where an easy-Swedish text exists, a Swedish page shows it first.
func WithEasy(ctx context.Context) context.Context {
	return context.WithValue(ctx, easyKey, true)
}

// Easy reports whether the reader chose lättläst.
func Easy(ctx context.Context) bool {
	v, _ := ctx.Value(easyKey).(bool)
	return v
}
