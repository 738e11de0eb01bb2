// Package org is the organisation registry: who works with integration in
// which municipality, in which languages. Anyone signed in may register an
// organisation and becomes its owner; owners and editors keep it up to date;
// coordinators verify it.
package org

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
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
}

// apply validates the fields onto o. Every check runs before anything is
// written, so bad input changes nothing.
func apply(o *Organisation, f Fields) error {
	var err error
	if f.Name != nil {
		if o.Name, err = cleanText("name", *f.Name, 200, true); err != nil {
			return err
		}
	}
	if f.OrgNumber != nil {
		o.OrgNumber = ""
		if strings.TrimSpace(*f.OrgNumber) != "" {
			if o.OrgNumber, err = NormalizeOrgNumber(*f.OrgNumber); err != nil {
				return err
			}
		}
	}
	if f.Sector != nil {
		if !contains(Sectors, *f.Sector) {
			return apperr.Invalidf("sector", "error.choice")
		}
		o.Sector = *f.Sector
	}
	if f.Category != nil {
		if !contains(Categories, *f.Category) {
			return apperr.Invalidf("category", "error.choice")
		}
		o.Category = *f.Category
	}
	if f.Municipality != nil {
		if err := validMunicipality(*f.Municipality); err != nil {
			return err
		}
		o.MunicipalityCode = *f.Municipality
	}
	if f.Address != nil {
		if o.Address, err = cleanText("address", *f.Address, 300, false); err != nil {
			return err
		}
	}
	if f.Website != nil {
		if o.Website, err = cleanWebsite(*f.Website); err != nil {
			return err
		}
	}
	if f.Email != nil {
		if o.Email, err = cleanEmail(*f.Email); err != nil {
			return err
		}
	}
	if f.Phone != nil {
		if o.Phone, err = cleanPhone(*f.Phone); err != nil {
			return err
		}
	}
	if f.Languages != nil {
		if o.Languages, err = cleanLanguages(*f.Languages); err != nil {
			return err
		}
	}
	if f.Descriptions != nil {
		d, err := cleanDescriptions(f.Descriptions)
		if err != nil {
			return err
		}
		if o.Descriptions == nil {
			o.Descriptions = map[string]string{}
		}
		for lang := range f.Descriptions {
			delete(o.Descriptions, lang)
		}
		for lang, body := range d {
			o.Descriptions[lang] = body
		}
	}
	// Required on create, and must stay set on update.
	switch {
	case o.Name == "":
		return apperr.Invalidf("name", "error.required")
	case o.Sector == "":
		return apperr.Invalidf("sector", "error.required")
	case o.Category == "":
		return apperr.Invalidf("category", "error.required")
	case o.MunicipalityCode == "":
		return apperr.Invalidf("municipality", "error.required")
	}
	return nil
}

// CreateOrganisation registers an organisation; the creator becomes its owner.
func (s *Service) CreateOrganisation(ctx context.Context, a actor.Actor, f Fields) (Organisation, error) {
	if !a.SignedIn() {
		return Organisation{}, apperr.New(apperr.Unauthorized, "", "error.unauthorized")
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
		_, err := tx.Exec(ctx, `INSERT INTO organisations (id, name, sort_name, org_number, sector, category, municipality_code,
			address, website, email, phone, verified, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			o.ID, o.Name, SortKey(o.Name), nullable(o.OrgNumber), o.Sector, o.Category, o.MunicipalityCode,
			o.Address, o.Website, o.Email, o.Phone, false, nullable(a.UserID), now, now)
		if err != nil {
			return uniqueAsConflict(err)
		}
		if err := writeChildren(ctx, tx, o); err != nil {
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
	return s.fill(o), nil
}

func uniqueAsConflict(err error) error {
	if errors.Is(db.Translate(err), db.ErrUnique) {
		return apperr.New(apperr.Conflict, "org_number", "error.org_number_taken")
	}
	return apperr.Wrap(err, "save organisation")
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
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

// UpdateOrganisation changes an organisation. Owners, editors and staff may.
// A change of name or organisation number withdraws the verification: a
// coordinator verified the old identity, not the new one.
func (s *Service) UpdateOrganisation(ctx context.Context, a actor.Actor, id string, f Fields) (Organisation, error) {
	if !a.SignedIn() {
		return Organisation{}, apperr.New(apperr.Unauthorized, "", "error.unauthorized")
	}
	var o Organisation
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		old, err := findOne(ctx, tx, id)
		if err != nil {
			return err
		}
		if !a.CanEditOrg(id) {
			return apperr.New(apperr.Forbidden, "", "error.forbidden")
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
		_, err = tx.Exec(ctx, `UPDATE organisations SET name = ?, sort_name = ?, org_number = ?, sector = ?, category = ?,
			municipality_code = ?, address = ?, website = ?, email = ?, phone = ?, verified = ?, verified_at = ?, updated_at = ? WHERE id = ?`,
			o.Name, SortKey(o.Name), nullable(o.OrgNumber), o.Sector, o.Category, o.MunicipalityCode, o.Address, o.Website,
			o.Email, o.Phone, o.Verified, o.VerifiedAt, o.UpdatedAt, id)
		if err != nil {
			return uniqueAsConflict(err)
		}
		if err := writeChildren(ctx, tx, o); err != nil {
			return err
		}
		return audit.Record(ctx, tx, o.UpdatedAt, a, "organisation.update", "organisation", id, changes)
	})
	if err != nil {
		return Organisation{}, err
	}
	return s.fill(o), nil
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
	if !a.SignedIn() {
		return Organisation{}, apperr.New(apperr.Unauthorized, "", "error.unauthorized")
	}
	if !a.IsStaff() {
		return Organisation{}, apperr.New(apperr.Forbidden, "", "error.forbidden")
	}
	var o Organisation
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if o, err = findOne(ctx, tx, id); err != nil {
			return err
		}
		now := s.Now().UTC()
		var at *time.Time
		if verified {
			at = &now
		}
		if _, err := tx.Exec(ctx, `UPDATE organisations SET verified = ?, verified_at = ?, verified_by = ?, updated_at = ? WHERE id = ?`,
			verified, at, nullable(a.UserID), now, id); err != nil {
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
	return s.fill(o), nil
}

// DeleteOrganisation removes an organisation and its memberships; owners and
// admins only. The audit entry keeps its name.
func (s *Service) DeleteOrganisation(ctx context.Context, a actor.Actor, id string) error {
	if !a.SignedIn() {
		return apperr.New(apperr.Unauthorized, "", "error.unauthorized")
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		o, err := findOne(ctx, tx, id)
		if err != nil {
			return err
		}
		if !a.CanManageOrg(id) {
			return apperr.New(apperr.Forbidden, "", "error.forbidden")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM organisations WHERE id = ?`, id); err != nil {
			return apperr.Wrap(err, "delete organisation")
		}
		return audit.Record(ctx, tx, s.Now(), a, "organisation.delete", "organisation", id, map[string]string{"name": o.Name, "org_number": o.OrgNumber})
	})
}

const orgColumns = `id, name, org_number, sector, category, municipality_code, address, website, email, phone, verified, verified_at, created_at, updated_at`

func scanOrg(row interface{ Scan(...any) error }) (Organisation, error) {
	var o Organisation
	var num sql.NullString
	var vat sql.NullTime
	err := row.Scan(&o.ID, &o.Name, &num, &o.Sector, &o.Category, &o.MunicipalityCode, &o.Address, &o.Website,
		&o.Email, &o.Phone, &o.Verified, &vat, &o.CreatedAt, &o.UpdatedAt)
	o.OrgNumber = num.String
	if vat.Valid {
		t := vat.Time
		o.VerifiedAt = &t
	}
	return o, err
}

func findOne(ctx context.Context, q db.Querier, id string) (Organisation, error) {
	o, err := scanOrg(q.QueryRow(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Organisation{}, apperr.New(apperr.NotFound, "", "error.not_found")
	}
	if err != nil {
		return Organisation{}, apperr.Wrap(err, "find organisation")
	}
	list := []*Organisation{&o}
	if err := loadChildren(ctx, q, list); err != nil {
		return Organisation{}, err
	}
	return o, nil
}

// FindOrganisationByID returns one organisation; the registry is public.
func (s *Service) FindOrganisationByID(ctx context.Context, id string) (Organisation, error) {
	o, err := findOne(ctx, s.DB, id)
	if err != nil {
		return Organisation{}, err
	}
	return s.fill(o), nil
}

// loadChildren fills languages and descriptions for a page of organisations
// in two queries, not two per organisation.
func loadChildren(ctx context.Context, q db.Querier, list []*Organisation) error {
	if len(list) == 0 {
		return nil
	}
	byID := map[string]*Organisation{}
	ph := make([]string, len(list))
	args := make([]any, len(list))
	for i, o := range list {
		o.Languages = []string{}
		o.Descriptions = map[string]string{}
		byID[o.ID] = o
		ph[i] = "?"
		args[i] = o.ID
	}
	in := "(" + strings.Join(ph, ",") + ")"
	rows, err := q.Query(ctx, `SELECT organisation_id, lang FROM organisation_languages WHERE organisation_id IN `+in+` ORDER BY organisation_id, lang`, args...)
	if err != nil {
		return apperr.Wrap(err, "languages")
	}
	for rows.Next() {
		var id, l string
		if err := rows.Scan(&id, &l); err != nil {
			rows.Close()
			return apperr.Wrap(err, "languages")
		}
		byID[id].Languages = append(byID[id].Languages, l)
	}
	rows.Close()
	rows, err = q.Query(ctx, `SELECT organisation_id, lang, body FROM organisation_descriptions WHERE organisation_id IN `+in, args...)
	if err != nil {
		return apperr.Wrap(err, "descriptions")
	}
	defer rows.Close()
	for rows.Next() {
		var id, l, body string
		if err := rows.Scan(&id, &l, &body); err != nil {
			return apperr.Wrap(err, "descriptions")
		}
		byID[id].Descriptions[l] = body
	}
	return apperr.Wrap(rows.Err(), "descriptions")
}

// fill adds the derived municipality name and county.
func (s *Service) fill(o Organisation) Organisation {
	if m, ok := municipality.ByCode(o.MunicipalityCode); ok {
		o.MunicipalityName, o.CountyCode = m.Name, m.CountyCode
	}
	sort.Strings(o.Languages)
	return o
}

// Filter selects organisations for a listing.
type Filter struct {
	Query        string // words in the name
	Sector       string
	Category     string
	County       string
	Municipality string
	Language     string
	Verified     *bool
	Limit        int
	Cursor       string
}

// Page is one page of a listing; NextCursor is empty on the last page.
type Page struct {
	Items      []Organisation `json:"items"`
	Total      int            `json:"total"`
	NextCursor string         `json:"next_cursor,omitempty"`
}

// MaxLimit caps a page.
const MaxLimit = 100

// FindOrganisations lists organisations by name with filters and keyset
// pagination: the cursor is the last (sort name, id) seen, so pages stay
// stable while organisations are added.
func (s *Service) FindOrganisations(ctx context.Context, f Filter) (Page, error) {
	if f.Limit <= 0 {
		f.Limit = 20
	}
	if f.Limit > MaxLimit {
		return Page{}, apperr.Invalidf("limit", "error.limit", "max", MaxLimit)
	}
	where := []string{"1=1"}
	var args []any
	if q := SortKey(f.Query); q != "" {
		for _, w := range strings.Fields(q) {
			where = append(where, `o.sort_name LIKE ? ESCAPE '\'`)
			args = append(args, "%"+db.EscapeLike(w)+"%")
		}
	}
	if f.Sector != "" {
		if !contains(Sectors, f.Sector) {
			return Page{}, apperr.Invalidf("sector", "error.choice")
		}
		where = append(where, "o.sector = ?")
		args = append(args, f.Sector)
	}
	if f.Category != "" {
		if !contains(Categories, f.Category) {
			return Page{}, apperr.Invalidf("category", "error.choice")
		}
		where = append(where, "o.category = ?")
		args = append(args, f.Category)
	}
	if f.County != "" {
		if _, ok := municipality.CountyByCode(f.County); !ok {
			return Page{}, apperr.Invalidf("county", "error.choice")
		}
		where = append(where, "o.municipality_code LIKE ?")
		args = append(args, f.County+"%")
	}
	if f.Municipality != "" {
		if err := validMunicipality(f.Municipality); err != nil {
			return Page{}, err
		}
		where = append(where, "o.municipality_code = ?")
		args = append(args, f.Municipality)
	}
	if f.Language != "" {
		langs, err := cleanLanguages([]string{f.Language})
		if err != nil || len(langs) != 1 {
			return Page{}, apperr.Invalidf("language", "error.language", "code", f.Language)
		}
		where = append(where, "EXISTS (SELECT 1 FROM organisation_languages l WHERE l.organisation_id = o.id AND l.lang = ?)")
		args = append(args, langs[0])
	}
	if f.Verified != nil {
		where = append(where, "o.verified = ?")
		args = append(args, *f.Verified)
	}
	cond := strings.Join(where, " AND ")
	var page Page
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM organisations o WHERE `+cond, args...).Scan(&page.Total); err != nil {
		return Page{}, apperr.Wrap(err, "count organisations")
	}
	if f.Cursor != "" {
		name, id, ok := decodeCursor(f.Cursor)
		if !ok {
			return Page{}, apperr.Invalidf("cursor", "error.cursor")
		}
		cond += " AND (o.sort_name > ? OR (o.sort_name = ? AND o.id > ?))"
		args = append(args, name, name, id)
	}
	args = append(args, f.Limit+1)
	rows, err := s.DB.Query(ctx, `SELECT `+prefixed(orgColumns)+`, o.sort_name FROM organisations o WHERE `+cond+` ORDER BY o.sort_name, o.id LIMIT ?`, args...)
	if err != nil {
		return Page{}, apperr.Wrap(err, "list organisations")
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var o Organisation
		var num sql.NullString
		var vat sql.NullTime
		var key string
		if err := rows.Scan(&o.ID, &o.Name, &num, &o.Sector, &o.Category, &o.MunicipalityCode, &o.Address, &o.Website,
			&o.Email, &o.Phone, &o.Verified, &vat, &o.CreatedAt, &o.UpdatedAt, &key); err != nil {
			return Page{}, apperr.Wrap(err, "scan organisation")
		}
		o.OrgNumber = num.String
		if vat.Valid {
			t := vat.Time
			o.VerifiedAt = &t
		}
		page.Items = append(page.Items, o)
		keys = append(keys, key)
	}
	if err := rows.Err(); err != nil {
		return Page{}, apperr.Wrap(err, "list organisations")
	}
	rows.Close()
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		last := page.Items[f.Limit-1]
		page.NextCursor = encodeCursor(keys[f.Limit-1], last.ID)
	}
	ptrs := make([]*Organisation, len(page.Items))
	for i := range page.Items {
		ptrs[i] = &page.Items[i]
	}
	if err := loadChildren(ctx, s.DB, ptrs); err != nil {
		return Page{}, err
	}
	for i := range page.Items {
		page.Items[i] = s.fill(page.Items[i])
	}
	if page.Items == nil {
		page.Items = []Organisation{}
	}
	return page, nil
}

func prefixed(cols string) string {
	parts := strings.Split(cols, ", ")
	for i, p := range parts {
		parts[i] = "o." + p
	}
	return strings.Join(parts, ", ")
}

func encodeCursor(name, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(name + "\x00" + id))
}

func decodeCursor(c string) (name, id string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", "", false
	}
	name, id, ok = strings.Cut(string(b), "\x00")
	return name, id, ok
}

// Validate checks fields as CreateOrganisation would, without writing: the
// CSV import's dry run uses it.
func Validate(f Fields) (Organisation, error) {
	o := Organisation{Languages: []string{}, Descriptions: map[string]string{}}
	if err := apply(&o, f); err != nil {
		return Organisation{}, err
	}
	return o, nil
}
