package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// onlineActivity is a minimal valid activity body of an organisation.
func onlineActivity(orgID, title string) map[string]any {
	return map[string]any{"organisation_id": orgID, "online_url": "https://meet.example.org/x", "municipality": "0884",
		"texts":    map[string]any{"sv": map[string]any{"title": title}},
		"schedule": map[string]any{"recurrence": "weekly", "starts_on": "2026-12-01", "start_time": "18:00", "end_time": "19:00"}}
}

// TestSignInRedirectStaysOnSite: next= is parsed, and anything a browser
// could read as another site sends the user to the start page.
func TestSignInRedirectStaysOnSite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := e.accounts.CreateUser(t.Context(), actor.System("t"), account.NewUser{Email: "next@example.org", Name: "Next", Password: "ett-långt-lösenord"}); err != nil {
			t.Fatal(err)
		}
		tests := []struct{ next, want string }{
			{"/account", "/account"},
			{"/activities?q=l%C3%A4x&page=2", "/activities?q=l%C3%A4x&page=2"},
			{"//evil.example/x", "/"},
			{"/\t/evil.example/x", "/"},
			{"/\\evil.example", "/"},
			{"/%09/evil.example", "/%09/evil.example"}, // stays a path here
			{"https://evil.example/", "/"},
			{"/\r\nSet-Cookie: x=1", "/"},
			{"javascript:alert(1)", "/"},
			{"/ /evil", "/"},
		}
		for _, tt := range tests {
			st, _, h := e.browser(nil).postH("/login", url.Values{"email": {"next@example.org"}, "password": {"ett-långt-lösenord"}, "next": {tt.next}})
			if st != http.StatusSeeOther || h.Get("Location") != tt.want {
				t.Errorf("next=%q: %d to %q, want %q", tt.next, st, h.Get("Location"), tt.want)
			}
		}
	})
}

// TestSmallHoles: each of these was found by trying.
func TestSmallHoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		owner := e.user("owner@example.org", "member")
		tok := e.token(owner)
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Ägarna"))
		_, other := e.api("POST", "/api/v1/organisations", e.token(e.user("other@example.org", "member")), validOrg("Grannarna"))
		_, v := e.api("POST", "/api/v1/venues", tok, map[string]any{"organisation_id": o["id"], "name": "Lokalen", "municipality": "0884"})
		draft := onlineActivity(o["id"].(string), "Hemlig planering")
		draft["status"] = "draft"
		_, a := e.api("POST", "/api/v1/activities", tok, draft)

		// A confirmation page with a made-up token shows nothing of a draft.
		if st, page := e.browser(nil).get("/activities/" + a["id"].(string) + "/confirm/anything"); st != http.StatusNotFound || strings.Contains(page, "Hemlig") {
			t.Errorf("confirm page with a wrong token: %d, title shown: %v", st, strings.Contains(page, "Hemlig"))
		}
		// A non-editor is told at once that they cannot edit a venue.
		stranger := e.user("stranger@example.org", "member")
		if st, _ := e.browser(&stranger).get("/venues/" + v["id"].(string) + "/edit"); st != http.StatusForbidden {
			t.Errorf("venue form for a non-editor: %d, want 403", st)
		}
		// A profile name has a bound.
		b := e.browser(&owner)
		if st, _ := b.post("/account", url.Values{"name": {strings.Repeat("n", 500000)}, "lang": {"sv"}}); st != http.StatusBadRequest {
			t.Errorf("500,000-character name: %d, want 400", st)
		}
		// A repeated co-organiser is one co-organiser, not an error.
		body := onlineActivity(o["id"].(string), "Tillsammans")
		body["co_organisers"] = []string{other["id"].(string), other["id"].(string)}
		if st, got := e.api("POST", "/api/v1/activities", e.token(e.user("staff@example.org", "coordinator")), body); st != http.StatusCreated || len(got["co_organisers"].([]any)) != 1 {
			t.Errorf("repeated co-organiser: %d %v", st, got["co_organisers"])
		}
	})
}

// TestInvitationIsNoSignInForAnExistingAccount: accepting an invitation to
// an address that has an account needs signing in as it; the 14-day link
// is no way in.
func TestInvitationIsNoSignInForAnExistingAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("boss@example.org", "member"))
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Inbjudarna"))
		invited := e.user("colleague@example.org", "member")
		if st, _ := e.api("POST", "/api/v1/organisations/"+o["id"].(string)+"/invitations", tok, map[string]any{"email": "colleague@example.org", "role": "editor"}); st != http.StatusCreated {
			t.Fatalf("invite: %d", st)
		}
		path := e.outboxLink("colleague@example.org", "/invitations/")
		anon := e.browser(nil)
		if _, page := anon.get(path); !strings.Contains(page, "/login?next="+path) {
			t.Error("the invitation page does not ask an existing account to sign in")
		}
		if st, _, h := anon.postH(path, url.Values{"org": {o["id"].(string)}}); st == http.StatusSeeOther || strings.Contains(h.Get("Set-Cookie"), "samverkan_session") {
			t.Fatalf("anonymous accept for an existing account: %d, cookie %q", st, h.Get("Set-Cookie"))
		}
		if st, _ := anon.get("/account"); st != http.StatusSeeOther {
			t.Error("the invitation signed the visitor in")
		}
		signedIn := e.browser(&invited)
		if st, _ := signedIn.post(path, url.Values{"org": {o["id"].(string)}}); st != http.StatusSeeOther {
			t.Fatalf("accept signed in: %d", st)
		}
		_, members := e.api("GET", "/api/v1/organisations/"+o["id"].(string)+"/members", tok, nil)
		if n := len(members["items"].([]any)); n != 2 {
			t.Errorf("%d members after accepting, want 2", n)
		}
	})
}

// TestCoOrganisersAndVenuesNeedConsent: an activity shows in its
// co-organisers' and its venue's feeds, so naming another organisation or
// using its own venue needs its consent (edit rights); meeting places and
// public venues are open to all.
func TestCoOrganisersAndVenuesNeedConsent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ta, tb := e.token(e.user("a@example.org", "member")), e.token(e.user("b@example.org", "member"))
		staff := e.token(e.user("staff@example.org", "coordinator"))
		_, oa := e.api("POST", "/api/v1/organisations", ta, validOrg("Förening A"))
		_, ob := e.api("POST", "/api/v1/organisations", tb, validOrg("Förening B"))
		_, office := e.api("POST", "/api/v1/venues", tb, map[string]any{"organisation_id": ob["id"], "name": "B:s kontor", "municipality": "0884"})
		_, meeting := e.api("POST", "/api/v1/venues", tb, map[string]any{"organisation_id": ob["id"], "name": "Mötesplatsen", "municipality": "0884", "meeting_place": true})
		at := func(venue any) map[string]any {
			m := onlineActivity(oa["id"].(string), "Aktivitet")
			if venue != nil {
				m["venue_id"] = venue
			}
			return m
		}
		withCo := at(nil)
		withCo["co_organisers"] = []string{ob["id"].(string)}
		acts := e.count("activities")
		cases := []struct {
			name, token string
			body        map[string]any
			want        int
			field       string
		}{
			{"A names B without consent", ta, withCo, 403, "co_organisers"},
			{"A uses B's own venue", ta, at(office["id"]), 403, "venue_id"},
		}
		for _, c := range cases {
			if st, body := e.api("POST", "/api/v1/activities", c.token, c.body); st != c.want || field(body) != c.field {
				t.Errorf("%s: %d %v, want %d on %s", c.name, st, body, c.want, c.field)
			}
		}
		if e.count("activities") != acts {
			t.Fatal("a refused activity was written")
		}
		if st, _ := e.api("POST", "/api/v1/activities", ta, at(meeting["id"])); st != http.StatusCreated {
			t.Errorf("A at B's meeting place: %d, want 201", st)
		}
		if st, got := e.api("POST", "/api/v1/activities", staff, withCo); st != http.StatusCreated {
			t.Errorf("staff names a co-organiser: %d", st)
		} else if st, _ := e.api("PATCH", "/api/v1/activities/"+got["id"].(string), ta, map[string]any{"cost_kr": 20}); st != http.StatusOK {
			// A co-organiser named with consent stays when A edits later.
			t.Errorf("A edits an activity whose co-organiser staff named: %d", st)
		}
	})
}
