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
