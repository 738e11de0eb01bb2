// Package texts picks, from something written in several languages, the
// version a reader gets. Every domain uses this one rule, so an activity, an
// organisation, a venue and an event fall back the same way.
package texts

import "github.com/samverkan/samverkan/internal/i18n"

// Fallbacks are tried, in order, after the reader's own language: Swedish is
// the language every text must exist in, English the one most readers
// without Swedish read.
var Fallbacks = []string{i18n.Default, "en"}

// Pick returns the version in lang, else in the first fallback that has one,
// and the language it is in. present tells an empty version from a real
// one; with none at all, Pick returns the zero value and "".
func Pick[T any](m map[string]T, lang string, present func(T) bool) (T, string) {
	for _, l := range append([]string{lang}, Fallbacks...) {
		if v, ok := m[l]; ok && present(v) {
			return v, l
		}
	}
	var zero T
	return zero, ""
}

// PickString is Pick for plain strings, where "" is missing.
func PickString(m map[string]string, lang string) (string, string) {
	return Pick(m, lang, func(s string) bool { return s != "" })
}

// EasySwedish is the "language" of a lättläst text: easy Swedish beside the
// normal Swedish one (a private-use BCP 47 tag, so it can never be taken for
// an interface language). It is written, never chosen as a page language:
// a reader reading Swedish asks for it with the lättläst toggle.
const EasySwedish = "sv-x-ll"

// PickEasy is Pick for a reader who chose lättläst: reading Swedish, the
// easy text comes first and is reported as Swedish (its lang attribute is
// "sv"); otherwise, or with no easy text, Pick's rule.
func PickEasy[T any](m map[string]T, lang string, easy bool, present func(T) bool) (T, string) {
	if easy && lang == i18n.Default {
		if v, ok := m[EasySwedish]; ok && present(v) {
			return v, i18n.Default
		}
	}
	return Pick(m, lang, present)
}

// PickStringEasy is PickEasy for plain strings, where "" is missing.
func PickStringEasy(m map[string]string, lang string, easy bool) (string, string) {
	return PickEasy(m, lang, easy, func(s string) bool { return s != "" })
}

// HasEasy reports whether m holds an easy-Swedish text, so a page offers the
// toggle only when choosing it changes something.
func HasEasy[T any](m map[string]T, present func(T) bool) bool {
	v, ok := m[EasySwedish]
	return ok && present(v)
}
