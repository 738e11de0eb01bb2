package server_test

import (
	"net/http"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/samverkan/samverkan/internal/api"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/i18n"
)

// TestRequiredFieldsAreDocumented: for every input schema, a field the
// server refuses as missing is `required` in the OpenAPI document, and a
// field the document requires is refused when missing, so a generated
// client knows what it must send.
func TestRequiredFieldsAreDocumented(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	missing := i18n.MustLoad().Printer("en").T("error.required")
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tok := e.token(e.user("staff@example.org", "coordinator"))
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Dokumenterarna"))
		_, v := e.api("POST", "/api/v1/venues", tok, map[string]any{"name": "Salen", "municipality": "0884"})
		_, ev := e.api("POST", "/api/v1/events", tok, dialogueDay(o["id"].(string)))
		_, block := e.api("POST", "/api/v1/events/"+ev["id"].(string)+"/sessions", tok, talk("workshop_block", "Workshoppar", "13:00", "14:00"))
		n := 0
		inputs := []struct {
			path, schema string
			valid        func() map[string]any
		}{
			{"/api/v1/organisations", "OrganisationInput", func() map[string]any {
				n++
				return with(validOrg("Förening nummer "+string(rune('A'+n))), "languages", []string{"sv"})
			}},
			{"/api/v1/venues", "VenueInput", func() map[string]any {
				return map[string]any{"name": "Lokal", "municipality": "0884", "organisation_id": o["id"], "address": "Storgatan 1"}
			}},
			{"/api/v1/events", "EventInput", func() map[string]any { return dialogueDay(o["id"].(string)) }},
			{"/api/v1/events/" + ev["id"].(string) + "/sessions", "SessionInput", func() map[string]any {
				return talk("talk", "Föredrag", "10:00", "11:00", map[string]any{"name": "Julio Fuentes", "role": "verksamhetssekreterare SIOS"})
			}},
			{"/api/v1/events/" + ev["id"].(string) + "/workshops", "WorkshopInput", func() map[string]any {
				return map[string]any{"session_id": block["id"], "theme": "work", "room": "Sal B", "capacity": 20, "texts": map[string]any{"sv": map[string]any{"title": "Arbete"}}}
			}},
			{"/api/v1/activities", "ActivityInput", func() map[string]any {
				m := onlineActivity(o["id"].(string), "Kurs")
				delete(m, "online_url")
				delete(m, "municipality")
				m["venue_id"] = v["id"]
				m["themes"] = []string{"language"}
				return m
			}},
		}
		for _, in := range inputs {
			ref := doc.Components.Schemas[in.schema]
			if ref == nil {
				t.Fatalf("no schema %s", in.schema)
			}
			required := map[string]bool{}
			for _, r := range ref.Value.Required {
				required[r] = true
			}
			if st, body := e.api("POST", in.path, tok, in.valid(), "en"); st != http.StatusCreated {
				t.Fatalf("%s: the valid body is refused: %d %v", in.path, st, body)
			}
			var props []string
			for p := range in.valid() {
				props = append(props, p)
			}
			sort.Strings(props)
			for _, p := range props {
				body := in.valid()
				delete(body, p)
				st, got := e.api("POST", in.path, tok, body, "en")
				refusedAsMissing := st == http.StatusBadRequest && message(got) == missing
				if refusedAsMissing && !required[p] {
					t.Errorf("%s: without %q the server answers %q, but %s does not require it", in.path, p, message(got), in.schema)
				}
				if required[p] && st != http.StatusBadRequest {
					t.Errorf("%s: %s requires %q, but without it the server answers %d", in.path, in.schema, p, st)
				}
			}
		}
	})
}

func message(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

// TestWrongMethodIs405: a known path asked with a method it does not have
// answers 405 with Allow; an unknown path 404.
func TestWrongMethodIs405(t *testing.T) {
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	for _, tt := range []struct {
		method, path, allow string
		want                int
	}{
		{"PUT", "/api/v1/activities/x", "GET, PATCH", 405},
		{"DELETE", "/api/v1/activities", "GET, POST", 405},
		{"POST", "/api/v1/organisations/x", "GET, PATCH, DELETE", 405},
		{"GET", "/api/v1/nothing-here", "", 404},
	} {
		req, _ := http.NewRequest(tt.method, e.srv.URL+tt.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want || resp.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q, want %d %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Allow"), tt.want, tt.allow)
		}
	}
}
