package org

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
)

// CreateOrganisation registers an organisation; the creator becomes its owner.
func (s *Service) CreateOrganisation(ctx context.Context, a actor.Actor, f Fields) (Organisation, error) {
	if !a.SignedIn() {
		return Organisation{}, apperr.ErrUnauthorized()
	}
	o := Organisation{Languages: []string{}, Descriptions: map[string]string{}}
	if err := apply(&o, f); err != nil {
		return Organisation{}, err
	}
	now := s.Now().UTC()
	o.ID, o.CreatedAt, o.UpdatedAt = db.NewID(), now, now
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := s.checkDuplicates(ctx, tx, o, f.ConfirmDuplicate); err != nil {
			return err
		}
		if err := insert(ctx, tx, o, a.UserID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a, "organisation.create", "organisation", o.ID, map[string]string{"name": o.Name}); err != nil {
			return err
		}
		if a.UserID != "" {
			return account.AddMemberTx(ctx, tx, now, a, o.ID, a.UserID, actor.Owner)
		}
		return nil
	})
	if err != nil {
		return Organisation{}, err
	}
	return fill(o), nil
}

func uniqueAsConflict(err error) error {
	if errors.Is(db.Translate(err), db.ErrUnique) {
		return apperr.New(apperr.Conflict, "org_number", "error.org_number_taken")
	}
	return apperr.Wrap(err, "save organisation")
}

// checkDuplicates flags a second organisation with the same organisation
// number (always refused) or a near-identical name in the same municipality
// (refused unless confirmed).
func (s *Service) checkDuplicates(ctx context.Context, tx *db.Tx, o Organisation, confirmed bool) error {
	if o.OrgNumber != "" {
		var other string
		err := tx.QueryRow(ctx, `SELECT name FROM organisations WHERE org_number = ? AND id <> ?`, o.OrgNumber, o.ID).Scan(&other)
		if err == nil {
			return apperr.New(apperr.Conflict, "org_number", "error.org_number_taken_by", "name", other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return apperr.Wrap(err, "duplicate check")
		}
	}
	if confirmed {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT name FROM organisations WHERE municipality_code = ? AND id <> ?`, o.MunicipalityCode, o.ID)
	if err != nil {
		return apperr.Wrap(err, "duplicate check")
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return apperr.Wrap(err, "duplicate check")
		}
		if nearlyIdentical(name, o.Name) {
			return apperr.New(apperr.Conflict, "name", "error.org_similar", "name", name)
		}
	}
	return apperr.Wrap(rows.Err(), "duplicate check")
}

// UpdateOrganisation changes an organisation. Owners, editors and staff may.
// A change of name or organisation number withdraws the verification: a
// coordinator verified the old identity, not the new one.
func (s *Service) UpdateOrganisation(ctx context.Context, a actor.Actor, id string, f Fields) (Organisation, error) {
	if !a.SignedIn() {
		return Organisation{}, apperr.ErrUnauthorized()
	}
	var o Organisation
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findOne(ctx, tx, id)
		if err != nil {
			return err
		}
		if !a.CanEditOrg(id) {
			return apperr.ErrForbidden()
		}
		o = old
		o.Languages = append([]string(nil), old.Languages...)
		o.Descriptions = map[string]string{}
		for k, v := range old.Descriptions {
			o.Descriptions[k] = v
		}
		if err := apply(&o, f); err != nil {
			return err
		}
		if o.Name != old.Name || o.OrgNumber != old.OrgNumber || o.MunicipalityCode != old.MunicipalityCode {
			if err := s.checkDuplicates(ctx, tx, o, f.ConfirmDuplicate); err != nil {
				return err
			}
		}
		changes := diff(old, o)
		if len(changes) == 0 {
			return nil
		}
		if o.Verified && (o.Name != old.Name || o.OrgNumber != old.OrgNumber) {
			o.Verified, o.VerifiedAt = false, nil
			changes["verified"] = "false"
		}
		o.UpdatedAt = s.Now().UTC()
		if err := update(ctx, tx, o); err != nil {
			return err
		}
		if o.Name != old.Name && s.OnRename != nil {
			if err := s.OnRename(ctx, tx, id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, o.UpdatedAt, a, "organisation.update", "organisation", id, changes)
	})
	if err != nil {
		return Organisation{}, err
	}
	return fill(o), nil
}

// diff names the fields that changed, with their new values.
func diff(a, b Organisation) map[string]string {
	m := map[string]string{}
	set := func(k, x, y string) {
		if x != y {
			m[k] = y
		}
	}
	set("name", a.Name, b.Name)
	set("org_number", a.OrgNumber, b.OrgNumber)
	set("sector", a.Sector, b.Sector)
	set("category", a.Category, b.Category)
	set("municipality", a.MunicipalityCode, b.MunicipalityCode)
	set("address", a.Address, b.Address)
	set("website", a.Website, b.Website)
	set("email", a.Email, b.Email)
	set("phone", a.Phone, b.Phone)
	set("languages", strings.Join(a.Languages, ","), strings.Join(b.Languages, ","))
	for _, l := range unionKeys(a.Descriptions, b.Descriptions) {
		if a.Descriptions[l] != b.Descriptions[l] {
			m["description_"+l] = "changed"
		}
	}
	return m
}

func unionKeys(a, b map[string]string) []string {
	seen := map[string]bool{}
	for k := range a {
		seen[k] = true
	}
	for k := range b {
		seen[k] = true
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// VerifyOrganisation sets or clears the verified flag; coordinators and admins only.
func (s *Service) VerifyOrganisation(ctx context.Context, a actor.Actor, id string, verified bool) (Organisation, error) {
	if err := staffOnly(a); err != nil {
		return Organisation{}, err
	}
	var o Organisation
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if o, err = findOne(ctx, tx, id); err != nil {
			return err
		}
		now := s.Now().UTC()
		if verified && o.Review != Listed {
			// Verifying one that awaits review (or was rejected) lists it:
			// the same as approving it in the moderation queue.
			if err := s.approveTx(ctx, tx, now, a, &o); err != nil {
				return apperr.Wrap(err, "verify")
			}
			return audit.Record(ctx, tx, now, a, "organisation.approve", "organisation", id, map[string]string{"name": o.Name})
		}
		var at *time.Time
		if verified {
			at = &now
		}
		if _, err := tx.Exec(ctx, `UPDATE organisations SET verified = ?, verified_at = ?, verified_by = ?, updated_at = ? WHERE id = ?`,
			verified, at, db.NullIfEmpty(a.UserID), now, id); err != nil {
			return apperr.Wrap(err, "verify")
		}
		o.Verified, o.VerifiedAt, o.UpdatedAt = verified, at, now
		action := "organisation.verify"
		if !verified {
			action = "organisation.unverify"
		}
		return audit.Record(ctx, tx, now, a, action, "organisation", id, nil)
	})
	if err != nil {
		return Organisation{}, err
	}
	return fill(o), nil
}

// DeleteOrganisation removes an organisation, its memberships and its
// activities; owners and admins only. Its venues are handed over to the
// organisation handTo (one the deleting person may edit) or, when handTo is
// "", archived: a meeting place others' activities use is never left
// without an owner. The audit entry keeps its name.
func (s *Service) DeleteOrganisation(ctx context.Context, a actor.Actor, id, handTo string) error {
	if !a.SignedIn() {
		return apperr.ErrUnauthorized()
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		o, err := findOne(ctx, tx, id)
		if err != nil {
			return err
		}
		if !a.CanManageOrg(id) {
			return apperr.ErrForbidden()
		}
		if handTo != "" {
			to, err := findOne(ctx, tx, handTo)
			if apperr.CodeOf(err) == apperr.NotFound || err == nil && (to.ID == id || to.Review != Listed || !a.CanEditOrg(to.ID)) {
				return apperr.Invalidf("hand_to", "error.hand_to")
			}
			if err != nil {
				return err
			}
		}
		now := s.Now().UTC()
		if s.OnDelete != nil {
			if err := s.OnDelete(ctx, tx, now, id, handTo); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM organisations WHERE id = ?`, id); err != nil {
			return apperr.Wrap(err, "delete organisation")
		}
		details := map[string]string{"name": o.Name, "org_number": o.OrgNumber}
		if handTo != "" {
			details["venues_to"] = handTo
		}
		return audit.Record(ctx, tx, now, a, "organisation.delete", "organisation", id, details)
	})
}
