package org

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
)

const orgColumns = `o.id, o.name, o.org_number, o.sector, o.category, o.municipality_code, o.address, o.website, o.email, o.phone, o.verified, o.verified_at, o.created_at, o.updated_at, o.review`

// insert writes a new organisation row and its child rows.
func insert(ctx context.Context, tx *db.Tx, o Organisation, createdBy string) error {
	_, err := tx.Exec(ctx, `INSERT INTO organisations (id, name, sort_name, org_number, sector, category, municipality_code,
		address, website, email, phone, verified, created_by, created_at, updated_at, review)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.ID, o.Name, SortKey(o.Name), db.NullIfEmpty(o.OrgNumber), o.Sector, o.Category, o.MunicipalityCode,
		o.Address, o.Website, o.Email, o.Phone, o.Verified, db.NullIfEmpty(createdBy), o.CreatedAt, o.UpdatedAt, o.Review)
	if err != nil {
		return uniqueAsConflict(err)
	}
	return writeChildren(ctx, tx, o)
}

// InsertGeneratedTx writes an organisation made up by the benchmark data
// generator, without the checks and audit of CreateOrganisation: generated
// data is bulk, synthetic and never edited by a person.
func InsertGeneratedTx(ctx context.Context, tx *db.Tx, o Organisation) error {
	return insert(ctx, tx, o, "")
}

// update writes changed columns of an existing organisation and replaces
// its child rows; the row itself is updated, never deleted and re-inserted,
// so what references it (memberships, activities) is untouched.
func update(ctx context.Context, tx *db.Tx, o Organisation) error {
	_, err := tx.Exec(ctx, `UPDATE organisations SET name = ?, sort_name = ?, org_number = ?, sector = ?, category = ?,
		municipality_code = ?, address = ?, website = ?, email = ?, phone = ?, verified = ?, verified_at = ?, updated_at = ? WHERE id = ?`,
		o.Name, SortKey(o.Name), db.NullIfEmpty(o.OrgNumber), o.Sector, o.Category, o.MunicipalityCode, o.Address, o.Website,
		o.Email, o.Phone, o.Verified, o.VerifiedAt, o.UpdatedAt, o.ID)
	if err != nil {
		return uniqueAsConflict(err)
	}
	return writeChildren(ctx, tx, o)
}

// writeChildren replaces the organisation's own child rows.
func writeChildren(ctx context.Context, tx *db.Tx, o Organisation) error {
	if _, err := tx.Exec(ctx, `DELETE FROM organisation_languages WHERE organisation_id = ?`, o.ID); err != nil {
		return apperr.Wrap(err, "languages")
	}
	for _, l := range o.Languages {
		if _, err := tx.Exec(ctx, `INSERT INTO organisation_languages (organisation_id, lang) VALUES (?, ?)`, o.ID, l); err != nil {
			return apperr.Wrap(err, "languages")
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM organisation_descriptions WHERE organisation_id = ?`, o.ID); err != nil {
		return apperr.Wrap(err, "descriptions")
	}
	for lang, body := range o.Descriptions {
		if _, err := tx.Exec(ctx, `INSERT INTO organisation_descriptions (organisation_id, lang, body) VALUES (?, ?, ?)`, o.ID, lang, body); err != nil {
			return apperr.Wrap(err, "descriptions")
		}
	}
	return nil
}

func scanOrg(row db.Scanner, extra ...any) (Organisation, error) {
	var o Organisation
	var num sql.NullString
	var vat sql.NullTime
	dest := append([]any{&o.ID, &o.Name, &num, &o.Sector, &o.Category, &o.MunicipalityCode, &o.Address, &o.Website,
		&o.Email, &o.Phone, &o.Verified, &vat, &o.CreatedAt, &o.UpdatedAt, &o.Review}, extra...)
	err := row.Scan(dest...)
	o.OrgNumber = num.String
	if vat.Valid {
		t := vat.Time
		o.VerifiedAt = &t
	}
	return o, err
}

func findOne(ctx context.Context, q db.Querier, id string) (Organisation, error) {
	o, err := scanOrg(q.QueryRow(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Organisation{}, apperr.ErrNotFound()
	}
	if err != nil {
		return Organisation{}, apperr.Wrap(err, "find organisation")
	}
	if err := loadChildren(ctx, q, []*Organisation{&o}); err != nil {
		return Organisation{}, err
	}
	return o, nil
}

// loadChildren fills languages and descriptions for a page of organisations
// in two queries, not two per organisation.
func loadChildren(ctx context.Context, q db.Querier, list []*Organisation) error {
	byID := map[string]*Organisation{}
	ids := make([]string, len(list))
	for i, o := range list {
		o.Languages = []string{}
		o.Descriptions = map[string]string{}
		byID[o.ID] = o
		ids[i] = o.ID
	}
	if len(ids) == 0 {
		return nil
	}
	in, args := db.In(ids)
	err := db.Each(ctx, q, `SELECT organisation_id, lang FROM organisation_languages WHERE organisation_id IN (`+in+`) ORDER BY organisation_id, lang`, args,
		func(row db.Scanner) error {
			var id, l string
			if err := row.Scan(&id, &l); err != nil {
				return err
			}
			byID[id].Languages = append(byID[id].Languages, l)
			return nil
		})
	if err != nil {
		return apperr.Wrap(err, "languages")
	}
	err = db.Each(ctx, q, `SELECT organisation_id, lang, body FROM organisation_descriptions WHERE organisation_id IN (`+in+`)`, args,
		func(row db.Scanner) error {
			var id, l, body string
			if err := row.Scan(&id, &l, &body); err != nil {
				return err
			}
			byID[id].Descriptions[l] = body
			return nil
		})
	return apperr.Wrap(err, "descriptions")
}

// fill adds the derived municipality name and county.
func fill(o Organisation) Organisation {
	if m, ok := municipality.ByCode(o.MunicipalityCode); ok {
		o.MunicipalityName, o.CountyCode = m.Name, m.CountyCode
	}
	sort.Strings(o.Languages)
	return o
}

// FindOrganisationByID returns one organisation; the registry is public.
func (s *Service) FindOrganisationByID(ctx context.Context, id string) (Organisation, error) {
	o, err := findOne(ctx, s.DB, id)
	if err != nil {
		return Organisation{}, err
	}
	return fill(o), nil
}

// NamesTx returns the names of the organisations with the given IDs, inside
// the caller's transaction (or on the pool). IDs that do not exist are
// absent from the map; a database error is an error, never "not found".
func NamesTx(ctx context.Context, q db.Querier, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.In(ids)
	err := db.Each(ctx, q, `SELECT id, name FROM organisations WHERE id IN (`+in+`)`, args, func(row db.Scanner) error {
		var id, name string
		if err := row.Scan(&id, &name); err != nil {
			return err
		}
		out[id] = name
		return nil
	})
	return out, apperr.Wrap(err, "organisation names")
}

// SortNames orders organisation IDs by the organisations' names, as lists
// of co-organisers are shown; unknown IDs go last, by ID.
func SortNames(ids []string, names map[string]string) {
	sort.SliceStable(ids, func(i, j int) bool {
		a, b := SortKey(names[ids[i]]), SortKey(names[ids[j]])
		if a != b {
			return a < b
		}
		return ids[i] < ids[j]
	})
}

// Version changes whenever an organisation is added, changed or removed; it
// reads the same on every instance (see catalog's search cache).
func (s *Service) Version(ctx context.Context) (string, error) {
	var n int
	var last sql.NullString
	err := s.DB.QueryRow(ctx, `SELECT COUNT(*), CAST(MAX(updated_at) AS TEXT) FROM organisations`).Scan(&n, &last)
	if err != nil {
		return "", apperr.Wrap(err, "registry version")
	}
	return last.String + "#" + strconv.Itoa(n), nil
}

// Names returns the names of the organisations with the given IDs (see
// NamesTx), on the pool.
func (s *Service) Names(ctx context.Context, ids []string) (map[string]string, error) {
	return NamesTx(ctx, s.DB, ids)
}

// Ref is an organisation as another domain names it: a registration's
// organisation and the sector it is counted in.
type Ref struct{ ID, Name, Sector string }

// RefTx finds an organisation by ID or, when id is empty, by its exact
// name (as SortKey compares names), inside the caller's transaction: a
// participant who types a name from the registry gets its sector. ok is
// false when nothing matches, or when two organisations share the name.
func RefTx(ctx context.Context, q db.Querier, id, name string) (Ref, bool, error) {
	where, arg := "id = ?", id
	if id == "" {
		where, arg = "sort_name = ?", SortKey(name)
		if arg == "" {
			return Ref{}, false, nil
		}
	}
	refs, err := db.Collect(ctx, q, `SELECT id, name, sector FROM organisations WHERE `+where+` LIMIT 2`, []any{arg}, func(row db.Scanner) (Ref, error) {
		var r Ref
		return r, row.Scan(&r.ID, &r.Name, &r.Sector)
	})
	if err != nil {
		return Ref{}, false, apperr.Wrap(err, "organisation")
	}
	if len(refs) != 1 {
		return Ref{}, false, nil
	}
	return refs[0], true, nil
}
