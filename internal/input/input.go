// Package input checks and cleans what people type, the same way in every
// domain: one rule for a single-line field, one for a multi-line text, one
// for a choice from a list, one for language codes. Every function returns an
// invalid-input error naming the field, so a form shows it next to the field
// and the API names it.
package input

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/texts"
)

// Line cleans a single-line field: NFC, trimmed, at most max characters, and
// no control characters at all. A line break in a name would end up in a
// mail subject, a CSV cell or an iCalendar property, where it starts a new
// header, row or property.
func Line(field, s string, max int, required bool) (string, error) {
	return clean(field, s, max, required, false)
}

// Text cleans a multi-line field: as Line, but line breaks and tabs are kept.
func Text(field, s string, max int, required bool) (string, error) {
	return clean(field, s, max, required, true)
}

func clean(field, s string, max int, required, multiline bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", apperr.Invalidf(field, "error.encoding")
	}
	s = strings.TrimSpace(norm.NFC.String(s))
	if s == "" && required {
		return "", apperr.Invalidf(field, "error.required")
	}
	if utf8.RuneCountInString(s) > max {
		return "", apperr.Invalidf(field, "error.too_long", "max", max)
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return "", apperr.Invalidf(field, "error.control_chars")
		}
	}
	return s, nil
}

// Contains reports whether list holds s.
func Contains[T comparable](list []T, s T) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Choice checks that v is one of allowed; "" passes unless required.
func Choice(field, v string, allowed []string, required bool) error {
	if v == "" {
		if required {
			return apperr.Invalidf(field, "error.required")
		}
		return nil
	}
	if !Contains(allowed, v) {
		return apperr.Invalidf(field, "error.choice")
	}
	return nil
}

// Set cleans a multiple choice: trimmed, without blanks and repeats, each
// value one of allowed (any value when allowed is nil), never nil.
func Set(field string, in, allowed []string) ([]string, error) {
	out := []string{}
	for _, v := range in {
		v = strings.TrimSpace(v)
		if v == "" || Contains(out, v) {
			continue
		}
		if allowed != nil && !Contains(allowed, v) {
			return nil, apperr.Invalidf(field, "error.choice")
		}
		out = append(out, v)
	}
	if len(out) > MaxSet {
		return nil, apperr.Invalidf(field, "error.too_many", "max", MaxSet)
	}
	return out, nil
}

// MaxSet bounds a multiple choice or a list of codes.
const MaxSet = 30

// Languages cleans spoken-language codes (ISO 639, two or three letters)
// into their canonical form, without repeats: the one validation of a
// language someone speaks, wherever it is asked.
func Languages(field string, in []string) ([]string, error) {
	out := []string{}
	for _, raw := range in {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		code, ok := i18n.SpokenCode(raw)
		if !ok {
			return nil, apperr.Invalidf(field, "error.language", "code", raw)
		}
		if !Contains(out, code) {
			out = append(out, code)
		}
	}
	if len(out) > MaxSet {
		return nil, apperr.Invalidf(field, "error.too_many", "max", MaxSet)
	}
	return out, nil
}

// TextLanguage checks that a text's language is one samverkan is written
// in (the languages of the interface): texts in other languages could not
// be chosen by any reader.
func TextLanguage(field, code string) error {
	if _, ok := i18n.Find(code); !ok {
		return apperr.Invalidf(field, "error.language", "code", code)
	}
	return nil
}

// TextLanguageOrEasy is TextLanguage also accepting texts.EasySwedish, for
// the texts a reader can ask for in lättläst (activities, organisations'
// descriptions): the tag is a text language, never an interface one.
func TextLanguageOrEasy(field, code string) error {
	if code == texts.EasySwedish {
		return nil
	}
	return TextLanguage(field, code)
}

// The Set… helpers apply one optional (PATCH) field: when src is given it is
// cleaned into dst, otherwise dst keeps its value. They return the field's
// error, so a domain's apply reads as one list of its fields.

// SetLine applies an optional single-line field.
func SetLine(dst *string, field string, src *string, max int, required bool) error {
	if src != nil {
		v, err := Line(field, *src, max, required)
		if err != nil {
			return err
		}
		*dst = v
	}
	return nil
}

// SetText applies an optional multi-line field.
func SetText(dst *string, field string, src *string, max int) error {
	if src != nil {
		v, err := Text(field, *src, max, false)
		if err != nil {
			return err
		}
		*dst = v
	}
	return nil
}

// SetChoices applies an optional multiple choice (allowed nil: any value).
func SetChoices(dst *[]string, field string, src *[]string, allowed []string) error {
	if src != nil {
		v, err := Set(field, *src, allowed)
		if err != nil {
			return err
		}
		*dst = v
	}
	return nil
}

// SetLanguages applies an optional list of spoken-language codes.
func SetLanguages(dst *[]string, field string, src *[]string) error {
	if src != nil {
		v, err := Languages(field, *src)
		if err != nil {
			return err
		}
		*dst = v
	}
	return nil
}

// Range checks an optional number against its bounds.
func Range(field string, v *int, lo, hi int) error {
	if v != nil && (*v < lo || *v > hi) {
		return apperr.Invalidf(field, "error.range")
	}
	return nil
}

// Every returns every error of a list of checks as one (apperr.Join), in
// the order of the form's fields: a form and the API show the first, the
// CSV import's dry run lists them all (apperr.All).
func Every(errs ...error) error { return apperr.Join(errs...) }

// First returns the first error of a list of checks, in the order of the
// form's fields.
func First(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// SetDescriptions applies texts per language (a description in each of the
// interface's languages): each language given replaces its text, and one
// given empty is removed; the field of an error is field_LANG.
func SetDescriptions(dst *map[string]string, field string, src map[string]string, max int) error {
	return setDescriptions(dst, field, src, max, TextLanguage)
}

// SetDescriptionsOrEasy is SetDescriptions also accepting a lättläst text
// (texts.EasySwedish).
func SetDescriptionsOrEasy(dst *map[string]string, field string, src map[string]string, max int) error {
	return setDescriptions(dst, field, src, max, TextLanguageOrEasy)
}

func setDescriptions(dst *map[string]string, field string, src map[string]string, max int, language func(field, code string) error) error {
	if *dst == nil {
		*dst = map[string]string{}
	}
	for lang, body := range src {
		if err := language(field+"_"+lang, lang); err != nil {
			return err
		}
		v, err := Text(field+"_"+lang, body, max, false)
		if err != nil {
			return err
		}
		if v == "" {
			delete(*dst, lang)
		} else {
			(*dst)[lang] = v
		}
	}
	return nil
}

// KnownParams refuses a query parameter that is not in allowed, naming it
// ("lang" is the middleware's and always allowed), so a typo is not
// silently a different listing.
func KnownParams(q url.Values, allowed ...string) error {
	for k := range q {
		if k != "lang" && !Contains(allowed, k) {
			field := k
			if field == "" {
				field = "query"
			}
			return apperr.Invalidf(field, "error.unknown_parameter", "name", k)
		}
	}
	return nil
}

// Limit reads a listing's limit= parameter: def when absent, an error
// naming it when not a whole number from 1 to max.
func Limit(q url.Values, def, max int) (int, error) {
	v := q.Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, apperr.Invalidf("limit", "error.limit", "max", max)
	}
	return n, nil
}
