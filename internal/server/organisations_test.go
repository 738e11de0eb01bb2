package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func validOrg(name string) map[string]any {
	return map[string]any{"name": name, "sector": "civil_society", "category": "sports_club", "municipality": "0884",
		"languages": []string{"sv", "ar"}, "description": map[string]string{"sv": "Idrott för alla", "en": "Sport for everyone"}}
}

func with(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{}
	for key, val := range m {
		out[key] = val
	}
	if v == nil {
		delete(out, k)
	} else {
		out[k] = v
	}
	return out
}

func TestCreateOrganisationValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("rep@example.org", "member"))
		tests := []struct {
			name      string
			body      any
			wantCode  int
			wantField string
		}{
			{"valid", validOrg("Vimmerby IF"), 201, ""},
			{"valid org number with dash", with(validOrg("Bilda Vimmerby"), "org_number", "802000-1577"), 201, ""},
			{"org number check digit wrong", with(validOrg("Lyckeby BTK"), "org_number", "802000-1578"), 400, "org_number"},
			{"org number too short", with(validOrg("Lyckeby BTK"), "org_number", "80200015"), 400, "org_number"},
			{"org number letters", with(validOrg("Lyckeby BTK"), "org_number", "80200O-1577"), 400, "org_number"},
			{"same org number again", with(validOrg("Annan förening"), "org_number", "8020001577"), 409, "org_number"},
			{"missing name", with(validOrg(""), "name", nil), 400, "name"},
			{"blank name", validOrg("   "), 400, "name"},
			{"unknown sector", with(validOrg("X"), "sector", "church"), 400, "sector"},
			{"unknown category", with(validOrg("X"), "category", "sect"), 400, "category"},
			{"unknown municipality", with(validOrg("X"), "municipality", "9999"), 400, "municipality"},
			{"bad email", with(validOrg("X"), "email", "not-an-address"), 400, "email"},
			{"bad website", with(validOrg("X"), "website", "javascript:alert(1)"), 400, "website"},
			{"bad phone", with(validOrg("X"), "phone", "call us"), 400, "phone"},
			{"bad language", with(validOrg("X"), "languages", []string{"klingon-xx"}), 400, "languages"},
			{"description in unsupported language", with(validOrg("X"), "description", map[string]string{"xx": "?"}), 400, "description_xx"},
			{"unknown field", with(validOrg("X"), "colour", "red"), 400, "colour"},
			{"wrong type", with(validOrg("X"), "name", 42), 400, "name"},
			{"near-identical name in same municipality", validOrg("Vimmerby I.F."), 409, "name"},
			{"near-identical name confirmed", with(validOrg("Vimmerby I.F."), "confirm_duplicate", true), 201, ""},
			{"same name in other municipality", with(validOrg("Vimmerby IF"), "municipality", "0880"), 201, ""},
			{"not JSON", "{name:", 400, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := e.count("organisations")
				st, body := e.api("POST", "/api/v1/organisations", tok, tt.body)
				if st != tt.wantCode {
					t.Fatalf("status = %d, want %d: %v", st, tt.wantCode, body)
				}
				after := e.count("organisations")
				if tt.wantCode != 201 {
					code, field, msg := errField(body)
					if field != tt.wantField || code == "" || msg == "" {
						t.Errorf("error = %q field %q message %q, want field %q", code, field, msg, tt.wantField)
					}
					if after != before {
						t.Errorf("organisations %d → %d: a refused request wrote something", before, after)
					}
				} else if after != before+1 {
					t.Errorf("organisations %d → %d, want one more", before, after)
				}
			})
		}
	})
}

func TestErrorMessagesAreTranslated(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("rep@example.org", "member"))
		bad := with(validOrg("X"), "org_number", "802000-1578")
		for _, tt := range []struct{ lang, want string }{
			{"sv", "kontrollsiffran"},
			{"en", "check digit"},
			{"en-GB,en;q=0.9", "check digit"},
			{"de", "kontrollsiffran"}, // unsupported: Swedish
		} {
			_, body := e.api("POST", "/api/v1/organisations", tok, bad, tt.lang)
			if _, _, msg := errField(body); !strings.Contains(msg, tt.want) {
				t.Errorf("Accept-Language %s: message %q, want it to contain %q", tt.lang, msg, tt.want)
			}
		}
	})
}

func TestOrganisationPermissions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		alice, bob := e.user("alice@example.org", "member"), e.user("bob@example.org", "member")
		coord := e.user("coord@example.org", "coordinator")
		ta, tb, tc := e.token(alice), e.token(bob), e.token(coord)
		_, a := e.api("POST", "/api/v1/organisations", ta, validOrg("Alices förening"))
		_, b := e.api("POST", "/api/v1/organisations", tb, with(validOrg("Bobs förening"), "municipality", "1282"))
		aID, bID := a["id"].(string), b["id"].(string)

		tests := []struct {
			name, method, path, token string
			body                      any
			want                      int
		}{
			{"anonymous may read", "GET", "/api/v1/organisations/" + aID, "", nil, 200},
			{"anonymous create", "POST", "/api/v1/organisations", "", validOrg("Ny"), 401},
			{"anonymous patch", "PATCH", "/api/v1/organisations/" + aID, "", map[string]any{"name": "Ny"}, 401},
			{"anonymous delete", "DELETE", "/api/v1/organisations/" + aID, "", nil, 401},
			{"bad token", "POST", "/api/v1/organisations", "svk_nonsense", validOrg("Ny"), 401},
			{"owner of other org patches", "PATCH", "/api/v1/organisations/" + aID, tb, map[string]any{"name": "Kapad"}, 403},
			{"owner of other org deletes", "DELETE", "/api/v1/organisations/" + aID, tb, nil, 403},
			{"member verifies", "PUT", "/api/v1/organisations/" + aID + "/verified", ta, map[string]any{"verified": true}, 403},
			{"member reads audit", "GET", "/api/v1/audit", ta, nil, 403},
			{"member reads other's members", "GET", "/api/v1/organisations/" + aID + "/members", tb, nil, 403},
			{"owner patches own", "PATCH", "/api/v1/organisations/" + aID, ta, map[string]any{"website": "alices.example.org"}, 200},
			{"coordinator verifies", "PUT", "/api/v1/organisations/" + bID + "/verified", tc, map[string]any{"verified": true}, 200},
			{"coordinator reads audit", "GET", "/api/v1/audit", tc, nil, 200},
			{"owner reads own members", "GET", "/api/v1/organisations/" + aID + "/members", ta, nil, 200},
			{"missing organisation", "GET", "/api/v1/organisations/nope", "", nil, 404},
			{"unknown API path", "GET", "/api/v1/nothing-here", "", nil, 404},
			{"owner deletes own", "DELETE", "/api/v1/organisations/" + aID, ta, nil, 204},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				st, body := e.api(tt.method, tt.path, tt.token, tt.body)
				if st != tt.want {
					t.Errorf("%s %s = %d, want %d: %v", tt.method, tt.path, st, tt.want, body)
				}
			})
		}
		// The refused patch changed nothing; the verification stands.
		_, got := e.api("GET", "/api/v1/organisations/"+bID, "", nil)
		if got["name"] != "Bobs förening" || got["verified"] != true {
			t.Errorf("after refused changes: %v", got)
		}
	})
}

func TestEditorInvitedByOwner(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		owner := e.user("owner@example.org", "member")
		ob := e.browser(&owner)
		_, created := e.api("POST", "/api/v1/organisations", e.token(owner), validOrg("Läxhjälpen"))
		id := created["id"].(string)
		_, other := e.api("POST", "/api/v1/organisations", e.token(e.user("x@example.org", "member")), with(validOrg("Annan"), "municipality", "1490"))

		if st, body := ob.post("/organisations/"+id+"/members", url.Values{"email": {"Kollega@Example.org"}, "role": {"editor"}}); st != http.StatusSeeOther {
			t.Fatalf("invite: %d %s", st, body)
		}
		link := e.outboxLink("Kollega@Example.org", "/invitations/")
		guest := e.browser(nil)
		if st, body := guest.get(link); st != 200 || !strings.Contains(body, "Läxhjälpen") {
			t.Fatalf("invitation page: %d", st)
		}
		if st, _ := guest.post(link, url.Values{"name": {""}, "org": {id}}); st != http.StatusBadRequest {
			t.Errorf("accept without name: %d, want 400", st)
		}
		if st, _ := guest.post(link, url.Values{"name": {"Kim Kollega"}, "org": {id}}); st != http.StatusSeeOther {
			t.Fatalf("accept: %d", st)
		}
		if st, _ := guest.post(link, url.Values{"name": {"Kim Kollega"}, "org": {id}}); st != http.StatusNotFound {
			t.Errorf("second use of invitation: %d, want 404", st)
		}
		// The editor may edit this organisation but not another one.
		if st, body := guest.post("/organisations/"+id, url.Values{"name": {"Läxhjälpen Vimmerby"}, "sector": {"civil_society"}, "category": {"association"}, "municipality": {"0884"}}); st != http.StatusSeeOther {
			t.Errorf("editor saves: %d %s", st, body)
		}
		if st, _ := guest.post("/organisations/"+other["id"].(string), url.Values{"name": {"Kapad"}, "sector": {"civil_society"}, "category": {"association"}, "municipality": {"1490"}}); st != http.StatusForbidden {
			t.Errorf("editor of one organisation saves another: %d, want 403", st)
		}
		if st, _ := guest.post("/organisations/"+id+"/delete", nil); st != http.StatusForbidden {
			t.Errorf("editor deletes: %d, want 403", st)
		}
		st, ms := e.api("GET", "/api/v1/organisations/"+id+"/members", e.token(owner), nil)
		if st != 200 || len(ms["items"].([]any)) != 2 {
			t.Errorf("members = %d %v, want owner and editor", st, ms)
		}
	})
}

func TestOrganisationListFiltersAndPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("rep@example.org", "admin"))
		seed := []map[string]any{
			with(with(validOrg("Röda Korset Kalmar"), "municipality", "0880"), "category", "humanitarian_organisation"),
			with(validOrg("Vimmerby IF"), "languages", []string{"sv"}),
			with(with(validOrg("Yalla Trappan"), "municipality", "1280"), "sector", "business"),
			with(with(validOrg("Landskrona stad"), "municipality", "1282"), "sector", "public"),
			with(with(validOrg("Somaliska föreningen"), "municipality", "1282"), "languages", []string{"so", "sv"}),
		}
		for i := 0; i < 25; i++ {
			seed = append(seed, with(validOrg(fmt.Sprintf("Förening %02d", i)), "municipality", "1490"))
		}
		for _, o := range seed {
			if st, b := e.api("POST", "/api/v1/organisations", tok, o); st != 201 {
				t.Fatalf("seed %v: %d %v", o["name"], st, b)
			}
		}
		tests := []struct {
			query string
			want  int
		}{
			{"", 30},
			{"?q=korset", 1},
			{"?q=RÖDA", 1},
			{"?q=roda", 0},             // å, ä, ö are letters of their own
			{"?q=f%C3%B6rening+1", 12}, // both words: 01, 10–19, 21
			{"?sector=public", 1},
			{"?sector=business", 1},
			{"?county=12", 3},
			{"?municipality=1282", 2},
			{"?municipality=1282&language=so", 1},
			{"?language=ar", 28},
			{"?category=humanitarian_organisation", 1},
			{"?verified=true", 0},
			{"?q=100%25", 0},
		}
		for _, tt := range tests {
			st, page := e.api("GET", "/api/v1/organisations"+tt.query, "", nil)
			if st != 200 || int(page["total"].(float64)) != tt.want {
				t.Errorf("%s: %d total %v, want %d", tt.query, st, page["total"], tt.want)
			}
		}
		for _, bad := range []string{"?sector=church", "?county=99", "?municipality=0000", "?limit=0", "?limit=101", "?cursor=bm90LWEtY3Vyc29y", "?verified=maybe"} {
			if st, _ := e.api("GET", "/api/v1/organisations"+bad, "", nil); st != 400 {
				t.Errorf("%s: %d, want 400", bad, st)
			}
		}
		// Walking the pages visits every organisation once, in name order.
		seen := map[string]bool{}
		var names []string
		cursor := ""
		for pages := 0; pages < 10; pages++ {
			q := "/api/v1/organisations?limit=7"
			if cursor != "" {
				q += "&cursor=" + url.QueryEscape(cursor)
			}
			_, page := e.api("GET", q, "", nil)
			for _, it := range page["items"].([]any) {
				n := it.(map[string]any)["name"].(string)
				if seen[n] {
					t.Fatalf("%s seen twice", n)
				}
				seen[n] = true
				names = append(names, n)
			}
			cursor, _ = page["next_cursor"].(string)
			if cursor == "" {
				break
			}
		}
		if len(seen) != 30 {
			t.Errorf("pages gave %d organisations, want 30", len(seen))
		}
		for i := 1; i < len(names); i++ {
			if strings.ToLower(names[i-1]) > strings.ToLower(names[i]) {
				t.Errorf("order: %q before %q", names[i-1], names[i])
			}
		}
	})
}
