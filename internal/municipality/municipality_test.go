package municipality

import "testing"

func TestRegistry(t *testing.T) {
	if got := len(All()); got != 290 {
		t.Errorf("municipalities = %d, want 290", got)
	}
	if got := len(Counties()); got != 21 {
		t.Errorf("counties = %d, want 21", got)
	}
	tests := []struct{ code, name, county string }{
		{"0884", "Vimmerby", "08"},
		{"1282", "Landskrona", "12"},
		{"1490", "Borås", "14"},
	}
	for _, tt := range tests {
		m, ok := ByCode(tt.code)
		if !ok || m.Name != tt.name || m.CountyCode != tt.county {
			t.Errorf("ByCode(%s) = %+v, %v", tt.code, m, ok)
		}
		if _, ok := CountyByCode(m.CountyCode); !ok {
			t.Errorf("county %s missing", m.CountyCode)
		}
	}
}
