// Package org is the organisation registry: who works with integration in
// which municipality, in which languages. Anyone signed in may register an
// organisation and becomes its owner; so may anyone with an e-mail address,
// from the public form, and then the organisation is listed only once a
// coordinator has approved it; owners and editors keep it up to date;
// coordinators verify it.
//
// Tables: organisations, organisation_languages, organisation_descriptions,
// organisation_requests.
// Other packages read and write them only through this package's functions.
//
// Files: org.go (types), rules.go (validation of input), store.go (reading
// and writing rows), write.go (the use cases that change a record), find.go
// (listing with filters and cursors), request.go (registering or claiming
// an organisation from the public form, by e-mail), moderation.go (the
// coordinators' queue of what waits for review).
package org

import (
	"context"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	sendmail "github.com/samverkan/samverkan/internal/mail"
)

// Organisation is one registered organisation.
type Organisation struct {
	ID               string            `json:"id"`
	Name             string            `json:"name"`
	OrgNumber        string            `json:"org_number,omitempty"`
	Sector           string            `json:"sector"`
	Category         string            `json:"category"`
	MunicipalityCode string            `json:"municipality"`
	MunicipalityName string            `json:"municipality_name"`
	CountyCode       string            `json:"county"`
	Address          string            `json:"address,omitempty"`
	Website          string            `json:"website,omitempty"`
	Email            string            `json:"email,omitempty"`
	Phone            string            `json:"phone,omitempty"`
	Languages        []string          `json:"languages"`
	Descriptions     map[string]string `json:"description"`
	Verified         bool              `json:"verified"`
	VerifiedAt       *time.Time        `json:"verified_at,omitempty"`
	CreatedAt        time.Time         `json:"created_at"`
	UpdatedAt        time.Time         `json:"updated_at"`
	// Review is Listed, or why the organisation is not listed yet:
	// AwaitingReview (registered from the public form, waiting for a
	// coordinator) or Rejected.
	Review string `json:"review,omitempty"`
}

// Review states of an organisation (and of its activities, which wait with
// it: see package catalog).
const (
	Listed         = ""
	AwaitingReview = "pending"
	Rejected       = "rejected"
)

// Visible reports whether who may see the organisation: a listed one is
// public; one awaiting review or rejected only its members and staff see.
func (o Organisation) Visible(who actor.Actor) bool {
	return o.Review == Listed || who.Memberships[o.ID] != "" || who.IsStaff()
}

// Fields is the input for creating or changing an organisation; a nil field
// is left as it is (PATCH semantics). ConfirmDuplicate accepts a name that
// resembles another organisation's in the same municipality.
type Fields struct {
	Name             *string           `json:"name,omitempty"`
	OrgNumber        *string           `json:"org_number,omitempty"`
	Sector           *string           `json:"sector,omitempty"`
	Category         *string           `json:"category,omitempty"`
	Municipality     *string           `json:"municipality,omitempty"`
	Address          *string           `json:"address,omitempty"`
	Website          *string           `json:"website,omitempty"`
	Email            *string           `json:"email,omitempty"`
	Phone            *string           `json:"phone,omitempty"`
	Languages        *[]string         `json:"languages,omitempty"`
	Descriptions     map[string]string `json:"description,omitempty"`
	ConfirmDuplicate bool              `json:"confirm_duplicate,omitempty"`
}

// Service is the registry's store and rules.
type Service struct {
	DB  *db.DB
	Now func() time.Time
	// OnRename runs in the transaction that renames an organisation, so
	// records that index its name (the catalogue's search) follow. It is
	// passed in because those packages depend on this one.
	OnRename func(ctx context.Context, tx *db.Tx, orgID string) error
	// OnReview runs in the transaction that approves or rejects an
	// organisation awaiting review, so its activities (which wait with it,
	// in package catalog) are released or rejected along.
	OnReview func(ctx context.Context, tx *db.Tx, now time.Time, orgID string, approved bool) error
	// OnDelete runs in the transaction that deletes an organisation, before
	// the row goes: its venues are handed over to the organisation handTo,
	// or archived when handTo is "" (package catalog), never left orphaned.
	OnDelete func(ctx context.Context, tx *db.Tx, now time.Time, orgID, handTo string) error

	// For registrations from the public form (request.go): the accounts of
	// the people who register, the mail with the confirmation link and its
	// texts.
	Accounts *account.Service
	Mail     *sendmail.Mailer
	Messages *i18n.Catalog
	BaseURL  string
}

// apply validates the fields onto o. Every check runs before anything is
