package org

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/municipality"
)

// Sectors are the parties of the agreement, plus academia and other.
var Sectors = []string{"civil_society", "public", "business", "academia", "other"}

// Categories are the kinds of organisation the source documents name.
var Categories = []string{
	"ethnic_association", "faith_community", "study_association", "sports_club",
	"womens_organisation", "youth_organisation", "umbrella_body", "humanitarian_organisation",
	"interest_organisation", "social_enterprise", "association",
	"municipality", "region", "county_administrative_board", "state_agency", "public_association",
	"university", "company", "other",
}

// NormalizeOrgNumber validates a Swedish organisation number (10 digits, the
// last a Luhn check digit; a leading century "16" of 12-digit forms is
// accepted) and returns it as NNNNNN-NNNN.
func NormalizeOrgNumber(raw string) (string, error) {
	var digits []byte
	for _, r := range raw {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r == '-' || r == ' ' || r == '+':
		default:
			return "", apperr.Invalidf("org_number", "error.org_number_format")
		}
	}
	if len(digits) == 12 && string(digits[:2]) == "16" {
		digits = digits[2:]
	}
	if len(digits) != 10 {
		return "", apperr.Invalidf("org_number", "error.org_number_format")
	}
	if !luhn(digits) {
		return "", apperr.Invalidf("org_number", "error.org_number_check")
	}
	return string(digits[:6]) + "-" + string(digits[6:]), nil
}

// luhn checks the mod-10 check digit used by Swedish personal and
// organisation numbers.
func luhn(d []byte) bool {
	sum := 0
	for i, c := range d {
		n := int(c - '0')
		if i%2 == 0 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}

var phoneRe = regexp.MustCompile(`^\+?[0-9 ()\-]{6,24}$`)

func cleanWebsite(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(u.Host, ".") || len(s) > 300 {
		return "", apperr.Invalidf("website", "error.url")
	}
	return u.String(), nil
}

func cleanEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", apperr.Invalidf("email", "error.email")
	}
	return s, nil
}

func cleanPhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if !phoneRe.MatchString(s) {
		return "", apperr.Invalidf("phone", "error.phone")
	}
	return s, nil
}

// setWith applies an optional field with its own cleaning function.
func setWith(dst *string, src *string, clean func(string) (string, error)) error {
	if src == nil {
		return nil
	}
	v, err := clean(*src)
	if err == nil {
		*dst = v
	}
	return err
}

func setOrgNumber(o *Organisation, src *string) error {
	if src == nil {
		return nil
	}
	o.OrgNumber = ""
	if strings.TrimSpace(*src) == "" {
		return nil
	}
	n, err := NormalizeOrgNumber(*src)
	o.OrgNumber = n
	return err
}

// knownMunicipality checks a municipality code if one is given.
func knownMunicipality(code string) error {
	if code == "" {
		return nil
	}
	return validMunicipality(code)
}

func validMunicipality(code string) error {
	if code == "" {
		return apperr.Invalidf("municipality", "error.required")
	}
	if _, ok := municipality.ByCode(code); !ok {
		return apperr.Invalidf("municipality", "error.choice")
	}
	return nil
}

// SortKey is the name as stored for ordering and name search: NFC, lower
// case. Swedish letters stay themselves, so "Ö" sorts and matches as "ö".
func SortKey(name string) string {
	return strings.ToLower(norm.NFC.String(strings.TrimSpace(name)))
}

// similarityKey reduces a name to letters and digits without diacritics, and
// drops words that do not tell organisations apart, so "Röda korset, Kalmar"
// and "Roda Korset Kalmar" compare equal.
func similarityKey(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteRune(' ')
		}
	}
	var words []string
	for _, w := range strings.Fields(b.String()) {
		switch w {
		case "forening", "foreningen", "ideell", "ideella", "i", "och", "the", "ab", "ek", "for":
			continue
		}
		words = append(words, w)
	}
	return strings.Join(words, "")
}

// levenshtein is the edit distance between two short strings.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// nearlyIdentical reports whether two names are the same organisation's name
// written differently: equal after reduction, or a few typos apart.
func nearlyIdentical(a, b string) bool {
	ka, kb := similarityKey(a), similarityKey(b)
	if ka == "" || kb == "" {
		return false
	}
	if ka == kb {
		return true
	}
	n := max(len([]rune(ka)), len([]rune(kb)))
	if n < 6 {
		return false
	}
	return levenshtein(ka, kb) <= max(1, n/12)
}

// apply validates the fields onto o. Every check runs before anything is
// written, so bad input changes nothing.
func apply(o *Organisation, f Fields) error {
	if f.Sector != nil {
		o.Sector = *f.Sector
	}
	if f.Category != nil {
		o.Category = *f.Category
	}
	if f.Municipality != nil {
		o.MunicipalityCode = *f.Municipality
	}
	errs := []error{
		input.SetLine(&o.Name, "name", f.Name, 200, true),
		setOrgNumber(o, f.OrgNumber),
		input.Choice("sector", o.Sector, Sectors, false),
		input.Choice("category", o.Category, Categories, false),
		knownMunicipality(o.MunicipalityCode),
		input.SetLine(&o.Address, "address", f.Address, 300, false),
		setWith(&o.Website, f.Website, cleanWebsite),
		setWith(&o.Email, f.Email, cleanEmail),
		setWith(&o.Phone, f.Phone, cleanPhone),
		input.SetLanguages(&o.Languages, "languages", f.Languages),
		input.SetDescriptionsOrEasy(&o.Descriptions, "description", f.Descriptions, 5000),
	}
	// Required on create, and must stay set on update. A field that is
	// already wrong is not also reported missing.
	required := func(field, v string, i int) error {
		if v == "" && errs[i] == nil {
			return apperr.Invalidf(field, "error.required")
		}
		return nil
	}
	errs = append(errs, required("name", o.Name, 0), required("sector", o.Sector, 2), required("category", o.Category, 3),
		required("municipality", o.MunicipalityCode, 4))
	// Every error, not the first: the import's dry run lists them all.
	return input.Every(errs...)
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
