package catalog

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Läxhjälp", "läxhjälp"},
		{"Språkcafé", "språkcafe"},
		{"ÅÄÖ åäö", "åäö åäö"},
		{"Naïve Ümlaut", "naive umlaut"},
		{"مقهى اللغة", "مقهى اللغة"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
