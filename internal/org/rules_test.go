package org

import "testing"

func TestNormalizeOrgNumber(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"802000-1577", "802000-1577", true},
		{"8020001577", "802000-1577", true},
		{"802000 1577", "802000-1577", true},
		{"16802000-1577", "802000-1577", true}, // 12-digit form with "16"
		{"212000-0803", "212000-0803", true},   // a public body (2xxxxx)
		{"802000-1578", "", false},             // check digit
		{"80200015", "", false},
		{"19802000-1577", "", false},
		{"80200O-1577", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeOrgNumber(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("NormalizeOrgNumber(%q) = %q, %v; want %q ok=%v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestNearlyIdentical(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Röda Korset Kalmar", "Roda korset, Kalmar", true},
		{"Vimmerby IF", "Vimmerby I.F.", true},
		{"Somaliska föreningen Borås", "Somaliska Föreningen i Borås", true},
		{"Afrosvenskarnas Riksförbund", "Afrosvenskarnas Riksförbnd", true}, // a typo
		{"Vimmerby IF", "Vimmerby kommun", false},
		{"ABF", "KBF", false}, // short names need to be equal
		{"Irakiska Riksförbundet", "Kurdiska Riksförbundet", false},
		{"Bilda", "Bilda", true},
	}
	for _, tt := range tests {
		if got := nearlyIdentical(tt.a, tt.b); got != tt.want {
			t.Errorf("nearlyIdentical(%q, %q) = %v, want %v (keys %q %q)", tt.a, tt.b, got, tt.want, similarityKey(tt.a), similarityKey(tt.b))
		}
	}
}
