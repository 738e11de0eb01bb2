package audit

import (
	"net/url"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
)

func TestParseFilter(t *testing.T) {
	zone := time.FixedZone("CET", 3600)
	tests := []struct {
		query string
		want  Filter
		field string // of the first error, "" when none
	}{
		{"", Filter{Limit: DefaultLimit}, ""},
		{"actor=anna&action=activity.&entity_type=activity&entity_id=x&cursor=c&limit=10",
			Filter{Actor: "anna", Action: "activity.", EntityType: "activity", EntityID: "x", Before: "c", Limit: 10}, ""},
		{"before=b", Filter{Before: "b", Limit: DefaultLimit}, ""},
		{"from=2026-12-01&to=2026-12-01", Filter{From: time.Date(2026, 12, 1, 0, 0, 0, 0, zone), To: time.Date(2026, 12, 2, 0, 0, 0, 0, zone), Limit: DefaultLimit}, ""},
		{"from=igår", Filter{}, "from"},
		{"from=2026-12-02&to=2026-12-01", Filter{}, "to"},
		{"limit=501", Filter{}, "limit"},
		{"actor=a%0Ab", Filter{}, "actor"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			f, err := ParseFilter(q, zone)
			if got := apperr.As(err).Field; err != nil && got != tt.field || err == nil && tt.field != "" {
				t.Fatalf("err = %v, want one at %q", err, tt.field)
			}
			if err == nil && (f.Actor != tt.want.Actor || f.Action != tt.want.Action || f.EntityType != tt.want.EntityType || f.EntityID != tt.want.EntityID ||
				f.Before != tt.want.Before || f.Limit != tt.want.Limit || !f.From.Equal(tt.want.From) || !f.To.Equal(tt.want.To)) {
				t.Errorf("filter = %+v, want %+v", f, tt.want)
			}
		})
	}
}
