package server_test

import (
	"net/http"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// dialogueDay is a valid event body of an organisation.
func dialogueDay(orgID string) map[string]any {
	return map[string]any{"organisers": []string{orgID}, "online_url": "https://meet.example.org/dag", "municipality": "1081",
		"starts_at": "2027-10-20T09:00:00+02:00", "ends_at": "2027-10-20T16:00:00+02:00", "status": "published",
		"capacity": 50, "binding": true, "substitute_allowed": true, "late_fee_kr": 400, "cancel_deadline": "2027-10-06T23:59:00+02:00",
		"travel_min_km": 100, "texts": map[string]any{"sv": map[string]any{"title": "Dialogdag", "included": "Kaffe och lunch"}}}
}

// TestEventsThroughTheAPI: organisers create and change events, everyone
// reads the published ones, drafts stay with their organisers; every
// answer is checked against the OpenAPI document.
func TestEventsThroughTheAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ta, tb := e.token(e.user("a@example.org", "member")), e.token(e.user("b@example.org", "member"))
		_, oa := e.api("POST", "/api/v1/organisations", ta, validOrg("Ronneby kommun"))
		_, ob := e.api("POST", "/api/v1/organisations", tb, validOrg("Studieförbundet"))
		if st, _ := e.api("POST", "/api/v1/events", "", dialogueDay(oa["id"].(string))); st != http.StatusUnauthorized {
			t.Errorf("anonymous create: %d", st)
		}
		if st, body := e.api("POST", "/api/v1/events", tb, dialogueDay(oa["id"].(string))); st != http.StatusForbidden || field(body) != "organisers" {
			t.Errorf("B organises for A: %d %v", st, body)
		}
		st, ev := e.api("POST", "/api/v1/events", ta, dialogueDay(oa["id"].(string)))
		if st != http.StatusCreated {
			t.Fatalf("create: %d %v", st, ev)
		}
		id := ev["id"].(string)
		if ev["starts_at"] != "2027-10-20T09:00:00+02:00" || ev["rules"].(map[string]any)["late_fee_kr"].(float64) != 400 {
			t.Errorf("created: %v", ev)
		}
		if st, _ := e.api("GET", "/api/v1/events/"+id, "", nil); st != 200 {
			t.Errorf("public read: %d", st)
		}
		if st, _ := e.api("PATCH", "/api/v1/events/"+id, tb, map[string]any{"status": "cancelled"}); st != http.StatusForbidden {
			t.Errorf("B edits A's event: %d", st)
		}
		if st, got := e.api("PATCH", "/api/v1/events/"+id, ta, map[string]any{"status": "draft", "capacity": nil}); st != 200 || got["capacity"] != nil {
			t.Errorf("A makes it a draft: %d %v", st, got)
		}
		if st, _ := e.api("GET", "/api/v1/events/"+id, "", nil); st != http.StatusNotFound {
			t.Errorf("anonymous reads a draft: %d", st)
		}
		if st, _ := e.api("GET", "/api/v1/events/"+id, ta, nil); st != 200 {
			t.Errorf("the organiser reads the draft: %d", st)
		}
		_, page := e.api("GET", "/api/v1/events?upcoming=true", "", nil)
		if n := len(page["items"].([]any)); n != 0 {
			t.Errorf("a draft in the list: %d", n)
		}
		if st, _ := e.api("GET", "/api/v1/events?colour=red", "", nil); st != http.StatusBadRequest {
			t.Errorf("unknown parameter: %d", st)
		}
		_ = ob
	})
}
