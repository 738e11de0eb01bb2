package texts

import "testing"

func TestPickEasy(t *testing.T) {
	m := map[string]string{"sv": "normal", EasySwedish: "lätt", "en": "english"}
	noEasy := map[string]string{"sv": "normal", "en": "english"}
	for _, c := range []struct {
		name     string
		m        map[string]string
		lang     string
		easy     bool
		want, in string
	}{
		{"chosen, Swedish page: the easy text, as Swedish", m, "sv", true, "lätt", "sv"},
		{"not chosen: the normal text", m, "sv", false, "normal", "sv"},
		{"chosen, English page: English", m, "en", true, "english", "en"},
		{"chosen, Arabic page: the normal fallback", m, "ar", true, "normal", "sv"},
		{"chosen, no easy text: the normal text", noEasy, "sv", true, "normal", "sv"},
	} {
		got, in := PickStringEasy(c.m, c.lang, c.easy)
		if got != c.want || in != c.in {
			t.Errorf("%s: %q in %q, want %q in %q", c.name, got, in, c.want, c.in)
		}
	}
	if !HasEasy(m, func(s string) bool { return s != "" }) || HasEasy(noEasy, func(s string) bool { return s != "" }) {
		t.Error("HasEasy")
	}
}
