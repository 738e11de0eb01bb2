package server_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
)

// TestActivitiesNearAPlace: the API's distance search takes a municipality
// by name as well as a point (checked against the OpenAPI document).
func TestActivitiesNearAPlace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := demo.Load(context.Background(), d, e.svc); err != nil {
			t.Fatal(err)
		}
		st, near := e.api("GET", "/api/v1/activities?place=Karlskrona&radius_km=25&sort=distance", "", nil)
		items, _ := near["items"].([]any)
		if st != http.StatusOK || len(items) == 0 {
			t.Fatalf("near Karlskrona: %d, %v", st, near)
		}
		last := -1.0
		for _, it := range items {
			km, _ := it.(map[string]any)["distance_km"].(float64)
			if km < last || km > 25 {
				t.Errorf("distances out of order or too far: %v after %v", km, last)
			}
			last = km
		}
		for _, q := range []string{"place=Lyckeby", "place=Karlskrona&lat=56.2&lon=15.6"} {
			st, body := e.api("GET", "/api/v1/activities?"+q, "", nil)
			if code, field, _ := errField(body); st != http.StatusBadRequest || code != "invalid" || field != "place" {
				t.Errorf("%s: %d %v, want invalid place", q, st, body)
			}
		}
	})
}
