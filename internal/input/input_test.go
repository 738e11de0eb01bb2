package input

import (
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/apperr"
)

func TestLineAndText(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		multiline bool
		required  bool
		want      string
		wantKey   string
	}{
		{"trimmed", "  Röda Korset ", false, true, "Röda Korset", ""},
		{"NFC", "Cafe\u0301", false, false, "Café", ""},
		{"required empty", "   ", false, true, "", "error.required"},
		{"too long", strings.Repeat("å", 13), false, false, "", "error.too_long"},
		{"line break in a line", "ABF\r\nBCC: x", false, false, "", "error.control_chars"},
		{"tab in a line", "a\tb", false, false, "", "error.control_chars"},
		{"line separator in a line", "a\u2028b", false, false, "", "error.control_chars"},
		{"line break in a text", "ett\ntvå", true, false, "ett\ntvå", ""},
		{"NUL in a text", "a\x00b", true, false, "", "error.control_chars"},
		{"invalid UTF-8", "a\xffb", true, false, "", "error.encoding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clean := Line
			if tt.multiline {
				clean = Text
			}
			got, err := clean("f", tt.in, 12, tt.required)
			if tt.wantKey != "" {
				if ae := apperr.As(err); err == nil || ae.Key != tt.wantKey || ae.Field != "f" {
					t.Fatalf("got %q, %v; want error %s on f", got, err, tt.wantKey)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestLanguages(t *testing.T) {
	got, err := Languages("languages", []string{"SV", "ar", " so ", "sv", "prs", "ti", "ku", "swe"})
	if err != nil {
		t.Fatal(err)
	}
	if s := strings.Join(got, " "); s != "sv ar so prs ti ku" {
		t.Errorf("got %q", s)
	}
	for _, bad := range []string{"xx-yy", "klingon", "12", "q"} {
		if _, err := Languages("languages", []string{bad}); apperr.As(err).Field != "languages" {
			t.Errorf("%q: got %v, want an error on languages", bad, err)
		}
	}
}

func TestSet(t *testing.T) {
	got, err := Set("themes", []string{" sport ", "sport", "", "health"}, []string{"sport", "health"})
	if err != nil || strings.Join(got, ",") != "sport,health" {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := Set("themes", []string{"golf"}, []string{"sport"}); apperr.As(err).Key != "error.choice" {
		t.Errorf("unknown value: %v", err)
	}
	if got, _ := Set("x", nil, nil); got == nil {
		t.Error("nil set, want empty")
	}
	many := make([]string, MaxSet+1)
	for i := range many {
		many[i] = strings.Repeat("a", i+1)
	}
	if _, err := Set("x", many, nil); apperr.As(err).Key != "error.too_many" {
		t.Errorf("too many: %v", err)
	}
}

func TestTextLanguageOrEasy(t *testing.T) {
	for code, ok := range map[string]bool{"sv": true, "uk": true, "sv-x-ll": true, "de": false, "sv-X-LL": false, "sv-x-foo": false, "": false} {
		if err := TextLanguageOrEasy("texts", code); (err == nil) != ok {
			t.Errorf("TextLanguageOrEasy(%q): %v, want ok=%v", code, err, ok)
		}
	}
	// Lättläst is accepted only where a reader can ask for it.
	if err := TextLanguage("texts", "sv-x-ll"); err == nil {
		t.Error("TextLanguage accepts sv-x-ll")
	}
	d := map[string]string{}
	if err := SetDescriptionsOrEasy(&d, "description", map[string]string{"sv-x-ll": "Lätt."}, 100); err != nil || d["sv-x-ll"] != "Lätt." {
		t.Errorf("SetDescriptionsOrEasy: %v %v", err, d)
	}
	if err := SetDescriptions(&d, "description", map[string]string{"sv-x-ll": "Lätt."}, 100); err == nil {
		t.Error("SetDescriptions accepts sv-x-ll")
	}
}
