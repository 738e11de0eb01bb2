// Package catalog is the activity catalogue: what organisations offer
// regularly (language cafés, homework help, sports, reading projects), where
// (venues and meeting places) and when, in which languages. Its search keeps
// Swedish letters apart and works the same on SQLite and PostgreSQL.
//
// Tables: venues, venue_descriptions, activities, activity_texts,
// activity_tags, activity_coorganisers, activity_weekdays, activity_cancellations,
// activity_search. Organisations' names come from package org, their
// members' addresses from package account.
//
// Files: activity.go and venue.go (types and the rules of their input),
// activity_store.go (rows and the search index), activity_write.go and
// venue.go (use cases that change records), search.go and query.go (the
// search: filters parsed from a query string, one query builder),
// schedule.go (recurrence), ical.go (feeds), reminder.go (freshness mails).
package catalog

import (
	"time"

	"github.com/samverkan/samverkan/internal/db"
)

// Themes (docs/SOURCES.md) and target groups.
var (
	Themes       = []string{"health", "housing", "education", "anti_discrimination", "language", "work", "meeting_places", "leisure_culture", "sport", "children_youth", "democracy"}
	TargetGroups = []string{"everyone", "newcomers", "asylum_seekers", "unaccompanied_minors", "women", "parents", "children", "youth", "seniors"}
	Access       = []string{"step_free", "hearing_loop", "accessible_toilet", "sign_language", "quiet_room"}
)

// Status of an activity: a draft is seen only by its organisation, a
// published one by everyone, an archived one is kept for its history.
const (
	Draft     = "draft"
	Published = "published"
	Archived  = "archived"
)

// Statuses lists the statuses in the order forms offer them.
var Statuses = []string{Draft, Published, Archived}

// Freshness: owners are asked to confirm after six months; unconfirmed for
// nine months, an activity is shown as stale.
const (
	ConfirmAfter = 6 * 30 * 24 * time.Hour
	StaleAfter   = 9 * 30 * 24 * time.Hour
)

// Service is the catalogue's store and rules.
type Service struct {
	DB  *db.DB
	Now func() time.Time
}
