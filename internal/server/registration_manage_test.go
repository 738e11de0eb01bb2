package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
)

// questionsDay is an event with two custom questions, a privacy text, the
// Sundsvall travel rules and a substitute but no transfer.
func questionsDay() map[string]any {
	return map[string]any{
		"substitute_allowed": true, "transfer_allowed": false, "travel_sectors": []string{"civil_society"}, "travel_carpool": true,
		"travel_deadline": "2027-10-10T23:59:00+02:00",
		"texts":           map[string]any{"sv": map[string]any{"title": "Dialogdag", "privacy": "Uppgifterna raderas tre månader efter dagen."}},
		"questions": []map[string]any{
			{"kind": "single", "required": true, "texts": map[string]string{"sv": "Vilken workshop?", "en": "Which workshop?"},
				"options": []map[string]any{{"value": "boende", "texts": map[string]string{"sv": "Boende"}}, {"value": "arbete", "texts": map[string]string{"sv": "Arbete"}}}},
			{"kind": "multiple", "max_chosen": 2, "texts": map[string]string{"sv": "Vad vill du ha?"},
				"options": []map[string]any{{"texts": map[string]string{"sv": "Tolk"}}, {"texts": map[string]string{"sv": "Hörslinga"}}, {"texts": map[string]string{"sv": "Barnpassning"}}}},
			{"kind": "text", "max_length": 20, "texts": map[string]string{"sv": "Något mer?"}},
		},
	}
}

func TestRegistrationManage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		real := e.svc.Events.Now
		clock := time.Date(2027, 9, 1, 12, 0, 0, 0, time.UTC)
		e.svc.Events.Now = func() time.Time { return clock }
		defer func() { e.svc.Events.Now = real }()
		id := openEvent(t, e, 2, questionsDay())
		_, ev := e.api("GET", "/api/v1/events/"+id, "", nil)
		qs := ev["questions"].([]any)
		q1, q2, q3 := qs[0].(map[string]any)["id"].(string), qs[1].(map[string]any)["id"].(string), qs[2].(map[string]any)["id"].(string)
		if opts := qs[1].(map[string]any)["options"].([]any); opts[0].(map[string]any)["value"] != "o1" {
			t.Errorf("options without a value get o1, o2 …: %v", opts)
		}
		reg := func(email string, answers map[string]any, extra ...string) (int, map[string]any) {
			body := map[string]any{"name": "Ada Deltagare", "email": email, "accept_privacy": true, "sector": "civil_society", "lang": "sv", "answers": answers}
			if len(extra) == 2 {
				body[extra[0]] = extra[1]
			}
			return e.api("POST", "/api/v1/events/"+id+"/registrations", "", body)
		}
		// Custom questions: required, choices, counts, lengths, unknown ones.
		for _, c := range []struct {
			name    string
			answers map[string]any
			field   string
		}{
			{"required question unanswered", map[string]any{}, "answer_" + q1},
			{"not one of the options", map[string]any{q1: []string{"fika"}}, "answer_" + q1},
			{"two for a single choice", map[string]any{q1: []string{"boende", "arbete"}}, "answer_" + q1},
			{"three of at most two", map[string]any{q1: []string{"boende"}, q2: []string{"o1", "o2", "o3"}}, "answer_" + q2},
			{"text too long", map[string]any{q1: []string{"boende"}, q3: []string{strings.Repeat("x", 21)}}, "answer_" + q3},
			{"a question the event does not ask", map[string]any{q1: []string{"boende"}, "nope": []string{"x"}}, "answer_nope"},
		} {
			if st, body := reg("fel@example.org", c.answers); st != http.StatusBadRequest || field(body) != c.field {
				t.Errorf("%s: %d %v, want 400 at %s", c.name, st, body, c.field)
			}
		}
		if n := e.count("registrations"); n != 0 {
			t.Fatalf("refused registrations were stored: %d", n)
		}
		st, first := reg("ada@example.org", map[string]any{q1: []string{"arbete"}, q2: []string{"o2", "o1"}, q3: []string{"Hej"}})
		if st != http.StatusCreated {
			t.Fatalf("register: %d %v", st, first)
		}
		token := first["manage_token"].(string)
		if st, body := reg("ADA@example.org", map[string]any{q1: []string{"arbete"}}); st != http.StatusConflict || field(body) != "email" {
			t.Errorf("duplicate: %d %v", st, body)
		}
		// Sector: derived from a registry organisation typed by its exact name.
		staff := e.token(e.user("org@example.org", "coordinator"))
		e.api("POST", "/api/v1/organisations", staff, with(validOrg("Ronneby kommun"), "sector", "public"))
		st, typed := e.api("POST", "/api/v1/events/"+id+"/registrations", "", map[string]any{"name": "Bo", "email": "bo@example.org", "accept_privacy": true,
			"organisation_name": "ronneby KOMMUN", "answers": map[string]any{q1: []string{"boende"}}})
		if st != http.StatusCreated || typed["registration"].(map[string]any)["sector"] != "public" || typed["registration"].(map[string]any)["organisation_id"] == nil {
			t.Errorf("sector from the registry: %d %v", st, typed)
		}
		if st, body := e.api("POST", "/api/v1/events/"+id+"/registrations", "", map[string]any{"name": "Cy", "email": "cy@example.org", "accept_privacy": true,
			"organisation_name": "Okänd förening", "answers": map[string]any{q1: []string{"boende"}}}); st != http.StatusBadRequest || field(body) != "sector" {
			t.Errorf("no sector and no registry organisation: %d %v", st, body)
		}

		// The manage link: read, edit (audited, place kept).
		st, m := e.api("GET", "/api/v1/registrations/"+token, "", nil)
		if st != 200 || m["can_substitute"] != true || m["can_transfer"] != false || m["can_travel"] != true {
			t.Fatalf("manage: %d %v", st, m)
		}
		r := m["registration"].(map[string]any)
		if got := r["answers"].(map[string]any)[q2].([]any); len(got) != 2 {
			t.Errorf("answers stored: %v", r["answers"])
		}
		st, edited := e.api("PATCH", "/api/v1/registrations/"+token, "", map[string]any{"dietary": "Vegetarisk", "answers": map[string]any{q1: []string{"boende"}}})
		if st != 200 || edited["dietary"] != "Vegetarisk" || edited["position"] != r["position"] || edited["id"] != r["id"] {
			t.Errorf("edit: %d %v", st, edited)
		}
		if st, body := e.api("PATCH", "/api/v1/registrations/"+token, "", map[string]any{"answers": map[string]any{}}); st != http.StatusBadRequest || field(body) != "answer_"+q1 {
			t.Errorf("edit drops a required answer: %d %v", st, body)
		}
		var audited string
		_ = d.QueryRow(t.Context(), `SELECT details FROM audit_log WHERE action = 'registration.update' AND entity_id = ?`, r["id"]).Scan(&audited)
		if !strings.Contains(audited, "dietary") || !strings.Contains(audited, "answers") || strings.Contains(audited, "Vegetarisk") {
			t.Errorf("edit audit: %q, want the fields named and no personal data", audited)
		}

		// Travel money: under the minimum, ineligible sector, after the deadline.
		if st, body := e.api("POST", "/api/v1/registrations/"+token+"/travel", "", map[string]any{"distance_km": 80, "from": "Karlskrona"}); st != http.StatusBadRequest || field(body) != "distance_km" {
			t.Errorf("80 km: %d %v", st, body)
		}
		if st, body := e.api("POST", "/api/v1/registrations/"+typed["manage_token"].(string)+"/travel", "", map[string]any{"distance_km": 300, "from": "Växjö"}); st != http.StatusForbidden || field(body) != "sector" {
			t.Errorf("public sector asks for travel money: %d %v", st, body)
		}
		st, tr := e.api("POST", "/api/v1/registrations/"+token+"/travel", "", map[string]any{"distance_km": 240, "from": "Karlskrona", "carpool": true})
		if st != 200 || tr["status"] != "requested" {
			t.Errorf("travel request: %d %v", st, tr)
		}
		member := e.token(e.user("nyfiken@example.org", "member"))
		if st, _ := e.api("POST", "/api/v1/events/"+id+"/travel/"+r["id"].(string), member, map[string]any{"status": "approved"}); st != http.StatusForbidden {
			t.Errorf("a member decides: %d", st)
		}
		if st, dec := e.api("POST", "/api/v1/events/"+id+"/travel/"+r["id"].(string), staff, map[string]any{"status": "approved"}); st != 200 || dec["status"] != "approved" {
			t.Errorf("approve: %d %v", st, dec)
		}
		var approved string
		_ = d.QueryRow(t.Context(), `SELECT body FROM outbox WHERE to_addr = 'ada@example.org' AND subject LIKE 'Reseersättning beviljad%'`).Scan(&approved)
		if !strings.Contains(approved, "240 km från Karlskrona") {
			t.Errorf("approval mail: %q", approved)
		}
		if st, _ := e.api("POST", "/api/v1/registrations/"+token+"/travel", "", map[string]any{"distance_km": 500, "from": "Karlskrona"}); st != http.StatusConflict {
			t.Errorf("changing a decided request: %d", st)
		}

		// Transfer is not allowed by this event; a substitute is.
		if st, body := e.api("POST", "/api/v1/registrations/"+token+"/transfer", "", map[string]any{"name": "Kollega", "email": "kollega@example.org"}); st != http.StatusConflict || field(body) != "kind" {
			t.Errorf("transfer not allowed: %d %v", st, body)
		}
		st, sub := e.api("POST", "/api/v1/registrations/"+token+"/substitute", "", map[string]any{"name": "Ersättare Ek", "email": "ek@example.org", "lang": "ar"})
		if st != 200 || sub["name"] != "Ersättare Ek" || sub["position"] != r["position"] || sub["status"] != "confirmed" || sub["organisation_name"] != r["organisation_name"] {
			t.Fatalf("substitute: %d %v", st, sub)
		}
		if st, _ := e.api("GET", "/api/v1/registrations/"+token, "", nil); st != http.StatusNotFound {
			t.Errorf("the old link still works: %d", st)
		}
		var subject string
		_ = d.QueryRow(t.Context(), `SELECT subject FROM outbox WHERE to_addr = 'ek@example.org'`).Scan(&subject)
		if !strings.Contains(subject, "Dialogdag") || !strings.ContainsAny(subject, "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") {
			t.Errorf("the substitute's mail is not in Arabic: %q", subject)
		}
		newLink := e.outboxLink("ek@example.org", "/registrations/")
		if st, m2 := e.api("GET", "/api/v1"+newLink, "", nil); st != 200 || m2["registration"].(map[string]any)["email"] != "ek@example.org" {
			t.Errorf("the new holder's link: %d %v", st, m2)
		}
		st, detail := e.api("GET", "/api/v1/events/"+id+"/registrations/"+r["id"].(string), staff, nil)
		holders, _ := detail["holders"].([]any)
		if st != 200 || len(holders) != 2 || holders[0].(map[string]any)["email"] != "ada@example.org" || holders[1].(map[string]any)["change"] != "substitute" {
			t.Errorf("history of the seat: %d %v", st, detail)
		}
		if st, _ := e.api("GET", "/api/v1/events/"+id+"/registrations/"+r["id"].(string), member, nil); st != http.StatusForbidden {
			t.Errorf("a member reads the history: %d", st)
		}

		// The organisers change the questions: a kept one keeps its answers
		// (the row is updated), a dropped one goes with its answers.
		kept := qs[0].(map[string]any)
		kept["texts"] = map[string]any{"sv": "Vilken workshop vill du gå på?"}
		if st, body := e.api("PATCH", "/api/v1/events/"+id, staff, map[string]any{"questions": []any{kept}}); st != 200 || len(body["questions"].([]any)) != 1 {
			t.Fatalf("change the questions: %d %v", st, body)
		}
		_, bo := e.api("GET", "/api/v1/registrations/"+typed["manage_token"].(string), "", nil)
		if a := bo["registration"].(map[string]any)["answers"].(map[string]any); len(a) != 1 || a[q1].([]any)[0] != "boende" {
			t.Errorf("answers after the questions changed: %v", a)
		}
		// Travel after the deadline.
		clock = time.Date(2027, 10, 12, 12, 0, 0, 0, time.UTC)
		if st, body := e.api("POST", "/api/v1"+newLink+"/travel", "", map[string]any{"distance_km": 300, "from": "Lund"}); st != http.StatusConflict {
			t.Errorf("travel after the deadline: %d %v", st, body)
		}
	})
}

// TestPrivacyAndWalkIns: the privacy text must be accepted; walk-ins come
// on top of a full event without taking a waiting-list seat.
func TestPrivacyAndWalkIns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		id := openEvent(t, e, 1, map[string]any{"texts": map[string]any{"sv": map[string]any{"title": "Dag", "privacy": "Vi sparar namn och e-post."}}})
		if st, body := e.api("POST", "/api/v1/events/"+id+"/registrations", "", map[string]any{"name": "Utan", "email": "utan@example.org", "sector": "public", "accept_privacy": false}, "en"); st != http.StatusBadRequest || field(body) != "accept_privacy" || !strings.Contains(message(body), "privacy") {
			t.Errorf("privacy not accepted: %d %v", st, body)
		}
		_, first := registerAt(t, e.srv.URL, id, "forst@example.org", "192.0.2.1")
		_, second := registerAt(t, e.srv.URL, id, "andra@example.org", "192.0.2.1")
		if second["status"] != "waitlisted" {
			t.Fatalf("second: %v", second)
		}
		staff := e.token(e.user("arr@example.org", "coordinator"))
		member := e.token(e.user("m@example.org", "member"))
		if st, _ := e.api("POST", "/api/v1/events/"+id+"/walk-ins", member, map[string]any{"name": "Dörr", "sector": "other"}); st != http.StatusForbidden {
			t.Errorf("a member adds a walk-in: %d", st)
		}
		st, w := e.api("POST", "/api/v1/events/"+id+"/walk-ins", staff, map[string]any{"name": "Dörr Dörrsson", "sector": "other"})
		if st != http.StatusCreated || w["walk_in"] != true || w["status"] != "confirmed" {
			t.Fatalf("walk-in: %d %v", st, w)
		}
		if st, _ := e.api("POST", "/api/v1/events/"+id+"/walk-ins", staff, map[string]any{"name": "Andra dörren", "sector": "public"}); st != http.StatusCreated {
			t.Errorf("a second walk-in without e-mail: %d", st)
		}
		if st, body := e.api("POST", "/api/v1/events/"+id+"/walk-ins", staff, map[string]any{"name": "Redan", "email": "forst@example.org", "sector": "public"}); st != http.StatusConflict || field(body) != "email" {
			t.Errorf("a walk-in already registered: %d %v", st, body)
		}
		// A transfer to a colleague, once the organisers allow it: the
		// seat stays confirmed, the holder changes, the old link dies.
		tok := first["manage_token"].(string)
		if st, _ := e.api("POST", "/api/v1/registrations/"+tok+"/transfer", "", map[string]any{"name": "Kollega", "email": "kollega@example.org"}); st != http.StatusConflict {
			t.Errorf("transfer before it is allowed: %d", st)
		}
		e.api("PATCH", "/api/v1/events/"+id, staff, map[string]any{"transfer_allowed": true})
		if st, body := e.api("POST", "/api/v1/registrations/"+tok+"/transfer", "", map[string]any{"name": "Kollega", "email": "andra@example.org"}); st != http.StatusConflict || field(body) != "email" {
			t.Errorf("transfer to someone already registered: %d %v", st, body)
		}
		st, moved := e.api("POST", "/api/v1/registrations/"+tok+"/transfer", "", map[string]any{"name": "Kollega", "email": "kollega@example.org"})
		if st != 200 || moved["status"] != "confirmed" || moved["email"] != "kollega@example.org" || moved["sector"] != "civil_society" {
			t.Errorf("transfer: %d %v", st, moved)
		}
		if st, _ := e.api("POST", "/api/v1/registrations/"+tok+"/cancel", "", nil); st != http.StatusNotFound {
			t.Errorf("the old link cancels after the transfer: %d", st)
		}
		var counted int
		_ = d.QueryRow(t.Context(), `SELECT confirmed_count FROM events WHERE id = ?`, id).Scan(&counted)
		_, list := e.api("GET", "/api/v1/events/"+id+"/registrations?status=waitlisted", staff, nil)
		if counted != 1 || len(list["items"].([]any)) != 1 {
			t.Errorf("walk-ins took seats: %d counted, waiting list %v", counted, list)
		}
	})
}
