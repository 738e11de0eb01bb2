package municipality

import (
	"math"
	"testing"
)

func TestLocate(t *testing.T) {
	tests := []struct {
		in   string
		code string // "" = not found
	}{
		{"Vimmerby", "0884"},
		{"  vimmerby kommun ", "0884"},
		{"Malmo", "1280"},
		{"Göteborgs stad", "1480"},
		{"upplands bro", "0139"},
		{"Upplands-Bro", "0139"},
		{"ÅRE", "2321"},
		{"Habo", "0643"},
		{"håbo", "0305"},
		{"Are", "2321"},
		{"Lyckeby", ""}, // a locality: not in the data
		{"371 30", ""},  // a postcode: not in the data
		{"", ""},
	}
	for _, tt := range tests {
		m, pt, ok := Locate(tt.in)
		if ok != (tt.code != "") || m.Code != tt.code {
			t.Errorf("Locate(%q) = %s, %v; want %q", tt.in, m.Code, ok, tt.code)
			continue
		}
		if ok && (pt.Lat < 55 || pt.Lat > 69.1 || pt.Lon < 10.9 || pt.Lon > 24.2) {
			t.Errorf("Locate(%q) point %+v is outside Sweden", tt.in, pt)
		}
	}
}

func TestEveryMunicipalityHasAPointAndAUniqueName(t *testing.T) {
	seen := map[string]string{}
	for _, m := range All() {
		pt, ok := PointOf(m.Code)
		if !ok || math.IsNaN(pt.Lat) {
			t.Errorf("%s %s has no point", m.Code, m.Name)
		}
		if other, dup := seen[foldName(m.Name, false)]; dup {
			t.Errorf("%s and %s fold to the same name", m.Name, other)
		}
		seen[foldName(m.Name, false)] = m.Name
		if got, _, ok := Locate(m.Name); !ok || got.Code != m.Code {
			t.Errorf("Locate(%q) = %s, %v", m.Name, got.Code, ok)
		}
	}
}
