package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestPendingOrganisationsVenues: the venue of an organisation that
// registered itself and waits for a coordinator is in no public list (the
// API's venues, the venue's pages, HSDS's locations and export, even where
// a listed organisation's activity meets there); its members and staff see
// it. Once the organisation is approved, it is everywhere.
func TestPendingOrganisationsVenues(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		guest := e.browser(nil)
		if st, _ := e.api("POST", "/api/v1/organisation-requests", "", map[string]any{"person_name": "Hodan Ali", "email": "hodan@example.org",
			"organisation": validOrg("Kvinnoföreningen Vimmerby")}); st != http.StatusAccepted {
			t.Fatalf("request: %d", st)
		}
		if st, _ := guest.post(e.outboxLink("hodan@example.org", "/organisation-requests/"), nil); st != 200 {
			t.Fatalf("confirm: %d", st)
		}
		var orgID, userID string
		e.scalar(&orgID, `SELECT id FROM organisations WHERE review = 'pending'`)
		e.scalar(&userID, `SELECT id FROM users WHERE email_key = ?`, "hodan@example.org")
		owner, _ := e.accounts.FindUserByID(context.Background(), userID)
		ownerTok := e.token(owner)
		const name = "Kvinnoföreningens lokal"
		st, v := e.api("POST", "/api/v1/venues", ownerTok, map[string]any{"organisation_id": orgID, "name": name, "municipality": "0884",
			"lat": 57.66, "lon": 15.85, "meeting_place": true})
		if st != http.StatusCreated {
			t.Fatalf("venue: %d %v", st, v)
		}
		vid := v["id"].(string)
		// A listed organisation's activity may not meet at the waiting
		// one's meeting place: it would show the venue.
		other := e.token(e.user("listed@example.org", "member"))
		_, listed := e.api("POST", "/api/v1/organisations", other, validOrg("Studieförbundet Vimmerby"))
		act := simpleActivity(listed["id"].(string), "Läsecirkel")
		act["venue_id"] = vid
		if st, body := e.api("POST", "/api/v1/activities", other, act); st != http.StatusBadRequest || field(body) != "venue_id" {
			t.Errorf("a listed activity at a waiting organisation's venue: %d %v, want 400 at venue_id", st, body)
		}
		// The owner, also in a listed organisation, moves a venue one of its
		// listed activities meets at into the waiting organisation.
		_, own := e.api("POST", "/api/v1/organisations", ownerTok, validOrg("Vimmerby läsförening"))
		st, moved := e.api("POST", "/api/v1/venues", ownerTok, map[string]any{"organisation_id": own["id"], "name": "Läsföreningens rum", "municipality": "0884"})
		if st != http.StatusCreated {
			t.Fatalf("second venue: %d %v", st, moved)
		}
		mid := moved["id"].(string)
		held := simpleActivity(own["id"].(string), "Bokprat")
		held["venue_id"] = mid
		if st, a := e.api("POST", "/api/v1/activities", ownerTok, held); st != http.StatusCreated || a["review"] != nil {
			t.Fatalf("listed activity: %d %v", st, a)
		}
		if st, body := e.api("PATCH", "/api/v1/venues/"+mid, ownerTok, map[string]any{"organisation_id": orgID}); st != 200 {
			t.Fatalf("move the venue: %d %v", st, body)
		}
		coord := e.token(e.user("samordnare@example.org", "coordinator"))
		anon := e.browser(nil) // guest signed in by confirming the request

		raw := func(path string) (int, string) {
			t.Helper()
			resp, err := http.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		check := func(when string, public bool) {
			t.Helper()
			for _, p := range []string{"/hsds/service_at_locations", "/hsds/export.json"} {
				st, body := raw(p)
				if st != 200 || strings.Contains(body, "Läsföreningens rum") != public {
					t.Errorf("%s: %s (%d) holds the moved venue: %v, want %v", when, p, st, !public, public)
				}
			}
			_, list := e.api("GET", "/api/v1/venues", "", nil)
			if got := contains(venueNames(list), name); got != public {
				t.Errorf("%s: in the public venue list %v, want %v", when, got, public)
			}
			_, list = e.api("GET", "/api/v1/venues?municipality=0884", "", nil)
			if got := contains(venueNames(list), name); got != public {
				t.Errorf("%s: in the municipality's venue list %v, want %v", when, got, public)
			}
			wantSt := http.StatusNotFound
			if public {
				wantSt = http.StatusOK
			}
			if st, _ := e.api("GET", "/api/v1/venues/"+vid, "", nil); st != wantSt {
				t.Errorf("%s: API venue %d, want %d", when, st, wantSt)
			}
			for _, p := range []string{"/venues/" + vid, "/venues/" + vid + "/print", "/venues/" + vid + "/calendar.ics"} {
				if st, _ := anon.get(p); st != wantSt {
					t.Errorf("%s: %s %d, want %d", when, p, st, wantSt)
				}
			}
			for _, p := range []string{"/hsds/service_at_locations", "/hsds/export.json"} {
				// No activity meets there yet: HSDS names a venue only where one does.
				if st, body := raw(p); st != 200 || strings.Contains(body, name) {
					t.Errorf("%s: %s (%d) holds the venue", when, p, st)
				}
			}
			// Its members and staff see it whatever its state.
			for _, tok := range []string{ownerTok, coord} {
				if _, list := e.api("GET", "/api/v1/venues", tok, nil); !contains(venueNames(list), name) {
					t.Errorf("%s: a member or coordinator does not see the venue", when)
				}
				if st, _ := e.api("GET", "/api/v1/venues/"+vid, tok, nil); st != 200 {
					t.Errorf("%s: a member or coordinator reads the venue: %d", when, st)
				}
			}
			if st, page := e.browser(&owner).get("/venues/" + vid); st != 200 || !strings.Contains(page, name) {
				t.Errorf("%s: the owner's venue page: %d", when, st)
			}
		}
		check("waiting", false)
		if st, o := e.api("POST", "/api/v1/moderation/organisations/"+orgID, coord, map[string]any{"decision": "approve"}); st != 200 {
			t.Fatalf("approve: %d %v", st, o)
		}
		check("approved", true)
		if st, body := e.api("POST", "/api/v1/activities", other, act); st != http.StatusCreated {
			t.Errorf("a listed activity at the approved organisation's venue: %d %v", st, body)
		}
		for _, p := range []string{"/hsds/service_at_locations", "/hsds/export.json"} {
			if _, body := raw(p); !strings.Contains(body, name) {
				t.Errorf("%s lacks the approved organisation's venue where an activity meets", p)
			}
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
