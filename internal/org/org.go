// Package org is the organisation registry: who works with integration in
// which municipality, in which languages. Anyone signed in may register an
// organisation and becomes its owner; owners and editors keep it up to date;
// coordinators verify it.
//
// Tables: organisations, organisation_languages, organisation_descriptions.
// Other packages read and write them only through this package's functions.
//
// Files: org.go (types), rules.go (validation of input), store.go (reading
// and writing rows), write.go (the use cases that change a record), find.go
// (listing with filters and cursors).
package org

import (
	"context"
	"time"

	"github.com/samverkan/samverkan/internal/db"
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
}

// apply validates the fields onto o. Every check runs before anything is
