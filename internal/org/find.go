package org

import (
	"context"
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/municipality"
)

// Filter selects organisations for a listing.
type Filter struct {
	Query        string // words, each in the name, address, place or a language (wordMatch)
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

// Page sizes: the default, and the most a client may ask for; and the
// bounds of a name search (each word is a LIKE condition).
const (
	DefaultLimit  = 20
	MaxLimit      = 100
	maxQueryRunes = 200
	maxQueryWords = 10
)

// ParseFilter reads a listing's filters from a query string, the same for
// the web page and the API, and checks every value: a bad one is an
// invalid-input error naming its parameter.
func ParseFilter(q url.Values) (Filter, error) {
	f := Filter{Query: q.Get("q"), Sector: q.Get("sector"), Category: q.Get("category"), County: q.Get("county"),
		Municipality: q.Get("municipality"), Language: q.Get("language"), Cursor: q.Get("cursor")}
	if v := q.Get("verified"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, apperr.Invalidf("verified", "error.bool")
		}
		f.Verified = &b
	}
	var err error
	if f.Limit, err = input.Limit(q, 0, MaxLimit); err != nil {
		return f, err
	}
	return f, f.check()
}

// check validates the filter's values.
func (f *Filter) check() error {
	if f.Limit <= 0 {
		f.Limit = DefaultLimit
	}
	if f.Limit > MaxLimit {
		return apperr.Invalidf("limit", "error.limit", "max", MaxLimit)
	}
	if len([]rune(f.Query)) > maxQueryRunes {
		return apperr.Invalidf("q", "error.too_long", "max", maxQueryRunes)
	}
	if len(strings.Fields(f.Query)) > maxQueryWords {
		return apperr.Invalidf("q", "error.too_many", "max", maxQueryWords)
	}
	if err := input.Choice("sector", f.Sector, Sectors, false); err != nil {
		return err
	}
	if err := input.Choice("category", f.Category, Categories, false); err != nil {
		return err
	}
	if f.County != "" {
		if _, ok := municipality.CountyByCode(f.County); !ok {
			return apperr.Invalidf("county", "error.choice")
		}
	}
	if f.Municipality != "" {
		if err := validMunicipality(f.Municipality); err != nil {
			return err
		}
	}
	if f.Language != "" {
		code, ok := input.Languages("language", []string{f.Language})
		if ok != nil || len(code) != 1 {
			return apperr.Invalidf("language", "error.language", "code", f.Language)
		}
		f.Language = code[0]
	}
	if f.Cursor != "" {
		if _, _, ok := decodeCursor(f.Cursor); !ok {
			return apperr.Invalidf("cursor", "error.cursor")
		}
	}
	return nil
}

// wordMatch is the condition for one word of a search: in the name, the
// address, the municipality's name ("karlskrona", "karls") or the name of a
// language the organisation works in ("arabiska", "somali"), as the start
// page's search box promises.
func wordMatch(w string) (string, []any) {
	like := "%" + db.EscapeLike(w) + "%"
	conds := []string{`o.sort_name LIKE ? ESCAPE '\'`, `LOWER(o.address) LIKE ? ESCAPE '\'`}
	args := []any{like, like}
	var codes []string
	for _, m := range municipality.All() {
		if strings.HasPrefix(strings.ToLower(m.Name), w) {
			codes = append(codes, m.Code)
		}
	}
	if len(codes) > 0 {
		in, a := db.In(codes)
		conds = append(conds, "o.municipality_code IN ("+in+")")
		args = append(args, a...)
	}
	if langs := i18n.SpokenNamed(w); len(langs) > 0 {
		in, a := db.In(langs)
		conds = append(conds, "EXISTS (SELECT 1 FROM organisation_languages l WHERE l.organisation_id = o.id AND l.lang IN ("+in+"))")
		args = append(args, a...)
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// where builds the filter's SQL condition and arguments.
func (f Filter) where() (string, []any) {
	// Only listed organisations: one awaiting review is found in the
	// moderation queue, not in the public registry.
	where := []string{"o.review = ?"}
	args := []any{Listed}
	add := func(cond string, a ...any) {
		where = append(where, cond)
		args = append(args, a...)
	}
	var seen []string
	for _, w := range strings.Fields(SortKey(f.Query)) {
		if !input.Contains(seen, w) {
			seen = append(seen, w)
			cond, a := wordMatch(w)
			add(cond, a...)
		}
	}
	if f.Sector != "" {
		add("o.sector = ?", f.Sector)
	}
	if f.Category != "" {
		add("o.category = ?", f.Category)
	}
	if f.County != "" {
		add("o.municipality_code LIKE ?", f.County+"%")
	}
	if f.Municipality != "" {
		add("o.municipality_code = ?", f.Municipality)
	}
	if f.Language != "" {
		add("EXISTS (SELECT 1 FROM organisation_languages l WHERE l.organisation_id = o.id AND l.lang = ?)", f.Language)
	}
	if f.Verified != nil {
		add("o.verified = ?", *f.Verified)
	}
	return strings.Join(where, " AND "), args
}

// FindOrganisations lists organisations by name with filters and keyset
// pagination: the cursor is the last (sort name, id) seen, so pages stay
// stable while organisations are added.
func (s *Service) FindOrganisations(ctx context.Context, f Filter) (Page, error) {
	if err := f.check(); err != nil {
		return Page{}, err
	}
	cond, args := f.where()
	page := Page{Items: []Organisation{}}
	if err := s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM organisations o WHERE `+cond, args...).Scan(&page.Total); err != nil {
		return Page{}, apperr.Wrap(err, "count organisations")
	}
	if f.Cursor != "" {
		name, id, _ := decodeCursor(f.Cursor)
		cond += " AND (o.sort_name > ? OR (o.sort_name = ? AND o.id > ?))"
		args = append(args, name, name, id)
	}
	var keys []string
	err := db.Each(ctx, s.DB, `SELECT `+orgColumns+`, o.sort_name FROM organisations o WHERE `+cond+` ORDER BY o.sort_name, o.id LIMIT ?`,
		append(args, f.Limit+1), func(row db.Scanner) error {
			var key string
			o, err := scanOrg(row, &key)
			page.Items = append(page.Items, o)
			keys = append(keys, key)
			return err
		})
	if err != nil {
		return Page{}, apperr.Wrap(err, "list organisations")
	}
	if len(page.Items) > f.Limit {
		page.Items = page.Items[:f.Limit]
		page.NextCursor = encodeCursor(keys[f.Limit-1], page.Items[f.Limit-1].ID)
	}
	ptrs := make([]*Organisation, len(page.Items))
	for i := range page.Items {
		ptrs[i] = &page.Items[i]
	}
	if err := loadChildren(ctx, s.DB, ptrs); err != nil {
		return Page{}, err
	}
	for i := range page.Items {
		page.Items[i] = fill(page.Items[i])
	}
	return page, nil
}

// FindAllOrganisations returns the whole registry in name order, walking
// the cursor pages: for whole-directory exports and the CSV import's
// matching, where the registry (thousands, not millions) fits in memory.
func (s *Service) FindAllOrganisations(ctx context.Context) ([]Organisation, error) {
	var all []Organisation
	f := Filter{Limit: MaxLimit}
	for {
		p, err := s.FindOrganisations(ctx, f)
		if err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		if p.NextCursor == "" {
			return all, nil
		}
		f.Cursor = p.NextCursor
	}
}

func encodeCursor(name, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(name + "\x00" + id))
}

func decodeCursor(c string) (name, id string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return "", "", false
	}
	return strings.Cut(string(b), "\x00")
}
