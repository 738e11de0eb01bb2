package i18n

import "strings"

// Class says who can see a message, and so which catalogues must hold it.
// A key's class is decided by its prefix, the part before the first dot.
type Class int

const (
	// Unclassified is the class of a key whose prefix is in neither list
	// below. The catalogue test fails on such a key in Swedish, so that a new
	// prefix gets a decision instead of silently being left untranslated.
	Unclassified Class = iota
	// PublicClass is what a person sees without an account: the public pages,
	// the layout around every page, the mails, the errors and the flash
	// messages. Every supported language must cover it.
	PublicClass
	// SignedInClass is what only a signed-in member, coordinator or admin
	// sees: forms to create and edit, the account page, members and the admin
	// pages. Swedish, English and Arabic cover it; elsewhere a missing message
	// falls back to Swedish.
	SignedInClass
)

// publicPrefixes are the prefixes of the public class, with the reason each
// one is public.
var publicPrefixes = map[string]string{
	// The layout wraps every page, signed in or not. The few staff-only menu
	// entries (import, audit, users, outbox) share the prefix and are kept
	// public rather than split the menu's keys.
	"nav":    "layout: the main menu, the language switcher and the skip link on every page",
	"footer": "layout: the footer on every page",
	"home":   "the start page",
	// The organisation page also labels the tools an editor sees on it
	// (edit, verify, delete); they share the page's prefix and stay public.
	"orgs":      "the public organisation list and search",
	"org":       "the public organisation page",
	"acts":      "the public activity search",
	"act":       "the public activity page",
	"venue":     "the public venue and meeting-place page",
	"sheet":     "the printable weekly sheet, posted on notice boards",
	"opendata":  "the Open data page: what can be downloaded and reused, and under which licence",
	"embed":     "the embeddable search, shown inside a municipality's own website",
	"harvest":   "the group work's form behind the table card's link, and the wall of obstacles and opportunities",
	"principle": "the six principles of the agreement: the harvest form, the wall and the reports",
	"events":    "the public event list and event page, with the registration rules in plain words",
	"reg":       "the public registration form, its confirmation and the page behind a participant's manage link",
	// Words shown on the public pages: labels and the values of filters.
	"field":       "field labels on the public organisation and activity pages, the search filters and the sign-in form",
	"sector":      "organisation sectors: home page, organisation list and page",
	"category":    "organisation types: organisation list and page",
	"theme":       "activity themes: activity search and page",
	"target":      "target groups: activity search and page",
	"access":      "accessibility features: activity and venue pages",
	"time_of_day": "activity search filter",
	"weekday":     "activity search, activity, venue and sheet pages",
	"recurrence":  "how often an activity runs, on the activity page",
	"date":        "month names and the patterns of dates and weeks, on every page and in mails that show a date (see format.go)",
	"list":        "the patterns that join a list (\"arabiska, engelska och somaliska\"), wherever a list is written out",
	"role":        "the invitation page and the invitation mail name the role offered",
	// Pages reached from a mail, before the person is signed in.
	"login":      "the sign-in page",
	"link":       "the page behind the sign-in link in a mail",
	"invitation": "the page behind the invitation link in a mail",
	"confirm":    "the page behind the 'does the activity still run?' link in a reminder mail",
	"register":   "registering an organisation from the public form, and the page behind its confirmation link",
	// Written to people in their own language, whoever they are.
	"mail":  "mails: sign-in link, invitation, confirmation reminder",
	"error": "errors: the error page any visitor can reach, the sign-in form and the API's messages",
	"flash": "the notice after an action, signing in and out and confirming an activity among them",
	// An event's programme and the participant's workshop choice.
	"programme": "an event's public programme page and the workshop choice behind the manage link in a participant's mail",
	// An event's and a series' summary report, public once published.
	"report": "the published summary report of an event or a series, its Markdown and spreadsheet downloads",
}

// signedInPrefixes are the prefixes of the signed-in class.
var signedInPrefixes = map[string]string{
	"account":    "the account page",
	"actform":    "the activity form",
	"orgform":    "the organisation form",
	"venueform":  "the venue form",
	"form":       "buttons and hints shared by the forms",
	"members":    "an organisation's members page",
	"audit":      "the audit log (staff)",
	"import":     "the CSV import (staff)",
	"outbox":     "the outbox (staff)",
	"users":      "the users page (admins)",
	"harvestorg": "the organisers' page of an event's group work",
	"progform":   "the organisers' programme editor",
	"moderation": "the coordinators' review queue and its count on their start page",
	"evorg":      "an event's participant list, walk-ins and travel decisions (its organisers)",
	"reportform": "the organisers' editor of a report's summary and its publishing",
	"seating":    "the organisers' workshop assignment and table plan, and the table cards they print",
	"organiser":  "the organisers' exports, summaries, check-in and badges of an event",
}

// ClassOf returns the class of a message key.
func ClassOf(key string) Class {
	prefix, _, _ := strings.Cut(key, ".")
	if _, ok := publicPrefixes[prefix]; ok {
		return PublicClass
	}
	if _, ok := signedInPrefixes[prefix]; ok {
		return SignedInClass
	}
	return Unclassified
}

// Public reports whether the key belongs to the public class: public pages,
// the layout, mails, errors and flash messages.
func Public(key string) bool { return ClassOf(key) == PublicClass }

// complete are the languages whose catalogues must hold every key.
var complete = map[string]bool{"sv": true, "en": true, "ar": true}

// Required reports whether the language's catalogue must hold the key:
// Swedish, English and Arabic hold every key, the other supported languages
// the public class. A key that is not required may still be translated.
func Required(lang, key string) bool {
	if _, ok := Find(lang); !ok {
		return false
	}
	return complete[lang] || Public(key)
}
