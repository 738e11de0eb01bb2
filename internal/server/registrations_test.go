package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
)

// registerAt posts a public registration to a server, as a client behind
// one trusted proxy at addr.
func registerAt(t *testing.T, base, eventID, email, addr string) (int, map[string]any) {
	body, _ := json.Marshal(map[string]any{"name": "Deltagare", "email": email, "accept_privacy": true, "sector": "civil_society"})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/events/"+eventID+"/registrations", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0, nil
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp.StatusCode, m
}

func openEvent(t *testing.T, e *testEnv, capacity int, extra map[string]any) string {
	t.Helper()
	staff := e.token(e.user(fmt.Sprintf("arr%d@example.org", time.Now().UnixNano()), "coordinator"))
	_, o := e.api("POST", "/api/v1/organisations", staff, validOrg(fmt.Sprintf("Arrangörerna %d", time.Now().UnixNano())))
	body := dialogueDay(o["id"].(string))
	body["capacity"] = capacity
	for k, v := range extra {
		body[k] = v
	}
	st, ev := e.api("POST", "/api/v1/events", staff, body)
	if st != http.StatusCreated {
		t.Fatalf("event: %d %v", st, ev)
	}
	return ev["id"].(string)
}

// secondInstance is another server process on the same database: its own
// services (its own registration queue) and handler, closed with the test.
func secondInstance(t *testing.T, e *testEnv, d *db.DB) *httptest.Server {
	t.Helper()
	other, err := server.New(server.Deps{DB: d, Services: app.New(d, app.Config{BaseURL: e.srv.URL}), BaseURL: e.srv.URL, TrustProxy: 1, Log: e.svc.Mail.Log})
	if err != nil {
		t.Fatal(err)
	}
	second := httptest.NewServer(other)
	t.Cleanup(second.Close)
	return second
}

// TestTwoHundredForFifty: 200 simultaneous registrations for 50 seats,
// spread over two server instances on one database: exactly 50 confirmed
// and 150 waiting, on both engines. Then five cancellations at once
// promote exactly five, each once.
func TestTwoHundredForFifty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		second := secondInstance(t, e, d)
		id := openEvent(t, e, 50, nil)
		tokens := make([]string, 200)
		statuses := make([]string, 200)
		codes := parallel(200, func(i int) int {
			base := e.srv.URL
			if i%2 == 1 {
				base = second.URL
			}
			st, body := registerAt(t, base, id, fmt.Sprintf("p%03d@example.org", i), fmt.Sprintf("198.51.100.%d", i%250+1))
			if st == http.StatusCreated {
				tokens[i], statuses[i] = body["manage_token"].(string), body["status"].(string)
			}
			return st
		})
		got := tally(codes)
		confirmed, waiting := 0, 0
		for _, s := range statuses {
			switch s {
			case "confirmed":
				confirmed++
			case "waitlisted":
				waiting++
			}
		}
		if got[http.StatusCreated] != 200 || confirmed != 50 || waiting != 150 {
			t.Fatalf("200 parallel registrations: codes %v, %d confirmed, %d waiting; want 50 and 150", got, confirmed, waiting)
		}
		var dbConfirmed int
		if err := d.QueryRow(t.Context(), `SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'`, id).Scan(&dbConfirmed); err != nil || dbConfirmed != 50 {
			t.Fatalf("database: %d confirmed, %v", dbConfirmed, err)
		}
		// Five confirmed participants cancel at once.
		var cancel []string
		for i, s := range statuses {
			if s == "confirmed" && len(cancel) < 5 {
				cancel = append(cancel, tokens[i])
			}
		}
		parallel(5, func(i int) int {
			st, _ := e.api("POST", "/api/v1/registrations/"+cancel[i]+"/cancel", "", nil)
			return st
		})
		var promoted, stillConfirmed int
		if err := d.QueryRow(t.Context(), `SELECT COUNT(*) FROM registrations WHERE event_id = ? AND promoted_at IS NOT NULL`, id).Scan(&promoted); err != nil {
			t.Fatal(err)
		}
		_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'`, id).Scan(&stillConfirmed)
		var mails int
		_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM outbox WHERE subject LIKE ?`, "Du har fått en plats%").Scan(&mails)
		if promoted != 5 || stillConfirmed != 50 || mails != 5 {
			t.Errorf("after five cancellations: %d promoted, %d confirmed, %d promotion mails; want 5, 50, 5", promoted, stillConfirmed, mails)
		}
	})
}

// TestRulesHoldInBatches: registrations arriving together are written in
// batches (internal/event/batch.go); each still gets its own answer. On two
// instances at once: 40 addresses sent twice each, of which exactly one
// of each pair is registered; 70 from one office's address, of which the
// per-address limit (60 a quarter of an hour) lets exactly 60 through; 30
// seats, so 30 confirmed and the rest waiting, at distinct positions.
func TestRulesHoldInBatches(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		second := secondInstance(t, e, d)
		id := openEvent(t, e, 30, nil)
		pairs, office := make([]int, 80), make([]int, 70)
		statuses := make([]string, 150)
		codes := parallel(150, func(i int) int {
			base := e.srv.URL
			if i%2 == 1 {
				base = second.URL
			}
			email, addr := fmt.Sprintf("twice%02d@example.org", i/2), fmt.Sprintf("198.51.100.%d", i/2+1)
			if i >= 80 {
				email, addr = fmt.Sprintf("office%02d@example.org", i), "203.0.113.7"
			}
			st, body := registerAt(t, base, id, email, addr)
			if i < 80 {
				pairs[i] = st
			} else {
				office[i-80] = st
			}
			if st == http.StatusCreated {
				statuses[i] = body["status"].(string)
			}
			return st
		})
		for p := 0; p < 40; p++ {
			if got := tally(pairs[2*p : 2*p+2]); got[http.StatusCreated] != 1 || got[http.StatusConflict] != 1 {
				t.Errorf("address %d sent twice: %v, want one 201 and one 409", p, got)
			}
		}
		if got := tally(office); got[http.StatusCreated] != 60 || got[http.StatusTooManyRequests] != 10 {
			t.Errorf("70 from one address: %v, want 60 created and 10 refused", got)
		}
		if got := tally(codes); got[http.StatusCreated] != 100 {
			t.Fatalf("codes %v, want 100 created", got)
		}
		confirmed := 0
		for _, s := range statuses {
			if s == "confirmed" {
				confirmed++
			}
		}
		var rows, positions, maxPos, mails int
		if err := d.QueryRow(t.Context(), `SELECT COUNT(*), COUNT(DISTINCT position), MAX(position) FROM registrations WHERE event_id = ?`, id).Scan(&rows, &positions, &maxPos); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(t.Context(), `SELECT COUNT(*) FROM outbox WHERE to_addr LIKE 'twice%' OR to_addr LIKE 'office%'`).Scan(&mails); err != nil {
			t.Fatal(err)
		}
		if confirmed != 30 || rows != 100 || positions != 100 || maxPos != 100 || mails != 100 {
			t.Errorf("%d confirmed (want 30); %d rows at %d distinct positions up to %d (want 100, 100, 100); %d mails (want 100)",
				confirmed, rows, positions, maxPos, mails)
		}
	})
}

// TestRegistrationRules: duplicates, closed registration, the late fee and
// its grace for the late-promoted, organiser-only lists.
func TestRegistrationRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		// The clock: the event is on 2027-10-20, the cancellation deadline
		// 2027-10-06. Start before the deadline.
		real := e.svc.Events.Now
		clock := time.Date(2027, 9, 1, 12, 0, 0, 0, time.UTC)
		e.svc.Events.Now = func() time.Time { return clock }
		defer func() { e.svc.Events.Now = real }()
		id := openEvent(t, e, 1, nil)
		st, first := registerAt(t, e.srv.URL, id, "forst@example.org", "192.0.2.1")
		if st != http.StatusCreated || first["status"] != "confirmed" {
			t.Fatalf("first: %d %v", st, first)
		}
		if st, body := registerAt(t, e.srv.URL, id, "FORST@example.org", "192.0.2.1"); st != http.StatusConflict || field(body) != "email" {
			t.Errorf("the same e-mail twice: %d %v", st, body)
		}
		_, second := registerAt(t, e.srv.URL, id, "andra@example.org", "192.0.2.1")
		if second["status"] != "waitlisted" {
			t.Fatalf("second: %v", second)
		}
		var body string
		if err := d.QueryRow(t.Context(), `SELECT body FROM outbox WHERE to_addr = ?`, "forst@example.org").Scan(&body); err != nil || !bytes.Contains([]byte(body), []byte("/registrations/"+first["manage_token"].(string))) {
			t.Errorf("confirmation mail without the manage link: %v\n%s", err, body)
		}
		var stored int
		_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM registrations WHERE manage_token_hash = ?`, first["manage_token"]).Scan(&stored)
		if stored != 0 {
			t.Error("the manage token is stored in the clear")
		}
		// After the deadline: the first cancels and owes 400 kr; the second
		// is promoted after the deadline and may cancel free within two days.
		clock = time.Date(2027, 10, 10, 12, 0, 0, 0, time.UTC)
		st, c1 := e.api("POST", "/api/v1/registrations/"+first["manage_token"].(string)+"/cancel", "", nil)
		if st != 200 || c1["fee_owed_kr"].(float64) != 400 {
			t.Errorf("late cancellation: %d %v, want 400 kr owed", st, c1)
		}
		if st, _ := e.api("POST", "/api/v1/registrations/"+first["manage_token"].(string)+"/cancel", "", nil); st != http.StatusConflict {
			t.Errorf("cancelling twice: %d", st)
		}
		clock = clock.Add(24 * time.Hour)
		if st, c2 := e.api("POST", "/api/v1/registrations/"+second["manage_token"].(string)+"/cancel", "", nil); st != 200 || c2["fee_owed_kr"].(float64) != 0 {
			t.Errorf("promoted late, cancelled within two days: %d %v, want no fee", st, c2)
		}
		// Registration closes a week before the day.
		clock = time.Date(2027, 10, 15, 12, 0, 0, 0, time.UTC)
		closing := openEvent(t, e, 10, map[string]any{"registration_closes_at": "2027-10-13T00:00:00+02:00"})
		if st, _ := registerAt(t, e.srv.URL, closing, "sen@example.org", "192.0.2.2"); st != http.StatusConflict {
			t.Errorf("after registration closed: %d, want 409", st)
		}
		// Only organisers and staff read the list, and the read is audited.
		if st, _ := e.api("GET", "/api/v1/events/"+id+"/registrations", e.token(e.user("nyfiken@example.org", "member")), nil); st != http.StatusForbidden {
			t.Errorf("a member reads the list: %d", st)
		}
		staff := e.token(e.user("granskare@example.org", "coordinator"))
		st, list := e.api("GET", "/api/v1/events/"+id+"/registrations", staff, nil)
		if st != 200 || len(list["items"].([]any)) != 2 {
			t.Errorf("staff reads the list: %d %v", st, list)
		}
		var reads int
		_ = d.QueryRow(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE action = 'registration.list' AND entity_id = ?`, id).Scan(&reads)
		if reads != 1 {
			t.Errorf("%d audited reads, want 1", reads)
		}
		if st, body := e.api("POST", "/api/v1/events/"+id+"/registrations", "", map[string]any{"name": "Utan", "email": "utan@example.org"}); st != http.StatusBadRequest || field(body) != "accept_privacy" {
			t.Errorf("without accepting the privacy text: %d %v", st, body)
		}
	})
}
