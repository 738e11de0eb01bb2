package apperr

import (
	"errors"
	"fmt"
	"testing"
)

func TestJoinAndAll(t *testing.T) {
	a, b, c := Invalidf("name", "error.required"), Invalidf("email", "error.email"), Invalidf("phone", "error.phone")
	tests := []struct {
		name  string
		err   error
		first string // the field As sees
		all   string
	}{
		{"none", Join(nil, nil), "", "[]"},
		{"one is itself", Join(nil, a), "name", "[name]"},
		{"several, in order", Join(a, nil, b), "name", "[name email]"},
		{"nested joins flatten", Join(Join(a, b), c), "name", "[name email phone]"},
		{"an outside error is internal", Join(errors.New("disk"), b), "", "[ email]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "none" {
				if tt.err != nil {
					t.Fatalf("Join of nils = %v, want nil", tt.err)
				}
				return
			}
			if got := As(tt.err).Field; got != tt.first {
				t.Errorf("As(...).Field = %q, want %q", got, tt.first)
			}
			var fields []string
			for _, e := range All(tt.err) {
				fields = append(fields, e.Field)
			}
			if got := fmt.Sprint(fields); got != tt.all {
				t.Errorf("All = %s, want %s", got, tt.all)
			}
		})
	}
	if Join(a) != error(a) {
		t.Error("Join of one error is not that error")
	}
}
