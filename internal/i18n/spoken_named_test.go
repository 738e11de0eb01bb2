package i18n

import (
	"slices"
	"testing"
)

func TestSpokenNamed(t *testing.T) {
	tests := []struct {
		word string
		want []string
	}{
		{"arabiska", []string{"ar"}},
		{"Arab", []string{"ar"}},
		{"العربية", []string{"ar"}},
		{"somaliska", []string{"so"}},
		{"tigrinya", []string{"ti"}},
		{"ukrainska", []string{"uk"}},
		{"persiska", []string{"fa"}},
		{"dari", []string{"prs"}},
		{"en", nil}, // a code, and a Swedish word
		{"ar", nil},
		{"Karlskrona", nil},
	}
	for _, tt := range tests {
		if got := SpokenNamed(tt.word); !slices.Equal(got, tt.want) {
			t.Errorf("SpokenNamed(%q) = %v, want %v", tt.word, got, tt.want)
		}
	}
}
