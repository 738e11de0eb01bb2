package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
)

// seatingEvent builds an event with one workshop block of three workshops
// (places 12, 10, 8) and 30 confirmed participants: 10 of each party, from
// 10 organisations of three people, each ranking the workshops.
func seatingEvent(t *testing.T, e *testEnv) (id, organiser, other string, regs []string, users []account.User) {
	t.Helper()
	users = []account.User{e.user("arr@example.org", "member"), e.user("annan@example.org", "member")}
	organiser, other = e.token(users[0]), e.token(users[1])
	_, o := e.api("POST", "/api/v1/organisations", organiser, validOrg("Ronneby kommun"))
	_, ob := e.api("POST", "/api/v1/organisations", other, validOrg("Länsstyrelsen"))
	_ = ob
	_, ev := e.api("POST", "/api/v1/events", organiser, with(dialogueDay(o["id"].(string)), "capacity", 40))
	id = ev["id"].(string)
	base := "/api/v1/events/" + id
	_, block := e.api("POST", base+"/sessions", organiser, talk("workshop_block", "Workshoppar", "13:00", "14:30"))
	var ws []string
	for i, c := range []int{12, 10, 8} {
		st, w := e.api("POST", base+"/workshops", organiser, map[string]any{"session_id": block["id"], "theme": "work", "room": fmt.Sprintf("Sal %d", i),
			"capacity": c, "texts": map[string]any{"sv": map[string]any{"title": fmt.Sprintf("Workshop %d", i+1)}}, "inspirers": []map[string]any{}})
		if st != http.StatusCreated {
			t.Fatalf("workshop: %d %v", st, w)
		}
		ws = append(ws, w["id"].(string))
	}
	sectors := []string{"civil_society", "public", "business"}
	for i := range 30 {
		body, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("Deltagare %02d", i), "email": fmt.Sprintf("d%d@example.org", i), "accept_privacy": true,
			"sector": sectors[i%3], "organisation_name": fmt.Sprintf("Organisation %d", i/3)})
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+base+"/registrations", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.0.%d.%d", i/200, i%200+1))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var r map[string]any
		_ = json.Unmarshal(raw, &r)
		if resp.StatusCode != http.StatusCreated || r["status"] != "confirmed" {
			t.Fatalf("registration %d: %d %v", i, resp.StatusCode, r)
		}
		regs = append(regs, r["registration"].(map[string]any)["id"].(string))
		first := ws[i%2] // the first two workshops are wanted most
		prefs := []map[string]any{{"workshop_id": first, "rank": 1}, {"workshop_id": ws[2], "rank": 2}}
		if st, b := e.api("PUT", "/api/v1/registrations/"+r["manage_token"].(string)+"/preferences", "", map[string]any{"preferences": prefs}); st != 200 {
			t.Fatalf("preferences: %d %v", st, b)
		}
	}
	return id, organiser, other, regs, users
}

// TestSeatingThroughTheAPI: 30 participants, 3 workshops, 5 tables of 6:
// everyone confirmed seated once, workshop places kept, all three parties
// at every table; only the organisers run and read the plan; a move by
// hand into a full table is a conflict; two organisers moving people into
// a table's last seat at once: exactly one 200 and one 409.
func TestSeatingThroughTheAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		id, organiser, other, regs, _ := seatingEvent(t, e)
		base := "/api/v1/events/" + id + "/seating"
		run := map[string]any{"tables": 5, "seats_per_table": 6, "seed": 7, "by_workshop": false}
		if st, _ := e.api("POST", base, "", run); st != http.StatusUnauthorized {
			t.Errorf("anonymous runs: %d", st)
		}
		if st, _ := e.api("POST", base, other, run); st != http.StatusForbidden {
			t.Errorf("another organisation runs: %d", st)
		}
		if st, _ := e.api("GET", base, other, nil); st != http.StatusForbidden {
			t.Errorf("another organisation reads: %d", st)
		}
		for _, bad := range []struct {
			field string
			body  map[string]any
		}{
			{"tables", with(run, "tables", 0)},
			{"seats_per_table", with(run, "seats_per_table", 31)},
		} {
			if st, body := e.api("POST", base, organiser, bad.body); st != http.StatusBadRequest || field(body) != bad.field {
				t.Errorf("%s: %d %v", bad.field, st, body)
			}
		}
		st, plan := e.api("POST", base, organiser, run)
		if st != 200 {
			t.Fatalf("run: %d %v", st, plan)
		}
		check := func(plan map[string]any) {
			t.Helper()
			seen := map[string]int{}
			perWorkshop := map[string]int{}
			tables := plan["tables"].([]any)
			if len(tables) != 5 {
				t.Fatalf("tables: %v", tables)
			}
			for _, tt := range tables {
				tm := tt.(map[string]any)
				people := tm["people"].([]any)
				if len(people) > int(tm["seats"].(float64)) {
					t.Errorf("table %v over its seats", tm["number"])
				}
				sectors := map[string]bool{}
				for _, p := range people {
					pm := p.(map[string]any)
					seen[pm["registration_id"].(string)]++
					perWorkshop[pm["workshop_id"].(string)]++
					sectors[pm["sector"].(string)] = true
				}
				if len(sectors) != 3 {
					t.Errorf("table %v has sectors %v", tm["number"], sectors)
				}
			}
			for _, r := range regs {
				if seen[r] != 1 {
					t.Errorf("registration %s seated %d times", r, seen[r])
				}
			}
			if len(plan["unseated"].([]any)) != 0 {
				t.Errorf("unseated: %v", plan["unseated"])
			}
			total := 0
			for w, n := range perWorkshop {
				var c int
				_ = e.db.QueryRow(t.Context(), `SELECT capacity FROM event_workshops WHERE id = ?`, w).Scan(&c)
				if n > c {
					t.Errorf("workshop %s: %d for %d places", w, n, c)
				}
				total += n
			}
			if total != 30 {
				t.Errorf("assigned %d of 30", total)
			}
		}
		check(plan)
		if q := plan["quality"].(map[string]any); q["Complete"].(float64) != 5 || q["Seated"].(float64) != 30 {
			t.Errorf("quality: %v", q)
		}
		st, stored := e.api("GET", base, organiser, nil)
		if st != 200 {
			t.Fatalf("read: %d %v", st, stored)
		}
		check(stored)

		// Every table is full (30 for 5×6): a move into table 1 is refused.
		person := stored["tables"].([]any)[1].(map[string]any)["people"].([]any)[0].(map[string]any)["registration_id"]
		if st, body := e.api("POST", base+"/moves", organiser, map[string]any{"registration_id": person, "table": 1}); st != http.StatusConflict {
			t.Errorf("into a full table: %d %v", st, body)
		}
		if st, body := e.api("POST", base+"/moves", organiser, map[string]any{"registration_id": person, "table": 9}); st != http.StatusBadRequest || field(body) != "table" {
			t.Errorf("an unknown table: %d %v", st, body)
		}
		if st, _ := e.api("POST", base+"/moves", other, map[string]any{"registration_id": person, "table": 1}); st != http.StatusForbidden {
			t.Errorf("another organisation moves: %d", st)
		}
		// Free one seat at table 1 and unseat two people of other tables;
		// then two organisers move them into that last seat at once.
		t1 := stored["tables"].([]any)[0].(map[string]any)["people"].([]any)
		a := t1[0].(map[string]any)["registration_id"]
		b := stored["tables"].([]any)[2].(map[string]any)["people"].([]any)[0].(map[string]any)["registration_id"]
		c := stored["tables"].([]any)[3].(map[string]any)["people"].([]any)[0].(map[string]any)["registration_id"]
		for _, r := range []any{a, b, c} {
			if st, body := e.api("POST", base+"/moves", organiser, map[string]any{"registration_id": r, "table": 0}); st != 200 {
				t.Fatalf("unseat: %d %v", st, body)
			}
		}
		second := e.token(e.user("arr2@example.org", "member"))
		var orgID string
		_ = e.db.QueryRow(t.Context(), `SELECT organisation_id FROM event_organisers WHERE event_id = ?`, id).Scan(&orgID)
		if _, err := e.db.Exec(t.Context(), `INSERT INTO memberships (organisation_id, user_id, role, created_at) SELECT ?, id, 'editor', created_at FROM users WHERE email = ?`, orgID, "arr2@example.org"); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		codes := make([]int, 2)
		for i, who := range []struct {
			token string
			reg   any
		}{{organiser, b}, {second, c}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i], _ = e.api("POST", base+"/moves", who.token, map[string]any{"registration_id": who.reg, "table": 1})
			}()
		}
		wg.Wait()
		if !(codes[0] == 200 && codes[1] == 409 || codes[0] == 409 && codes[1] == 200) {
			t.Errorf("two moves into the last seat: %v, want one 200 and one 409", codes)
		}
		var atOne int
		_ = e.db.QueryRow(t.Context(), `SELECT COUNT(*) FROM table_seats WHERE event_id = ? AND table_number = 1`, id).Scan(&atOne)
		if atOne != 6 {
			t.Errorf("table 1 seats %d", atOne)
		}
	})
}

// TestSeatingPages: the organisers' page runs a plan from its form, shows
// every table with who sits there and their sector, refuses a bad field at
// the field and moves a person by its form; another organisation is
// refused; the table cards carry a QR code to the harvest form when the
// organiser gives the link's token.
func TestSeatingPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		id, _, _, _, users := seatingEvent(t, e)
		b, other := e.browser(&users[0]), e.browser(&users[1])
		page := "/events/" + id + "/seating"
		if st, _ := other.get(page); st != http.StatusForbidden {
			t.Errorf("another organisation's page: %d", st)
		}
		if st, body := b.get(page); st != 200 || !strings.Contains(body, `name="seats_per_table"`) {
			t.Fatalf("empty page: %d", st)
		}
		if st, body := b.post(page, url.Values{"tables": {"5"}, "seats_per_table": {"0"}, "seed": {"1"}}); st != http.StatusBadRequest || !strings.Contains(body, `id="seats-err"`) {
			t.Errorf("0 seats: %d", st)
		}
		st, body := b.post(page, url.Values{"tables": {"5"}, "seats_per_table": {"7"}, "seed": {"1"}})
		if st != 200 || strings.Count(body, "<caption>Bord ") != 5 || !strings.Contains(body, "Civilsamhälle") && !strings.Contains(body, "civilsamhälle") || strings.Count(body, `name="registration_id"`) != 30 {
			t.Fatalf("run: %d %s", st, body)
		}
		// From the fullest table to the emptiest (5 tables of 7 for 30).
		var from, to, reg string
		_ = e.db.QueryRow(t.Context(), `SELECT table_number FROM table_seats WHERE event_id = ? GROUP BY table_number ORDER BY COUNT(*) DESC, table_number LIMIT 1`, id).Scan(&from)
		_ = e.db.QueryRow(t.Context(), `SELECT table_number FROM table_seats WHERE event_id = ? GROUP BY table_number ORDER BY COUNT(*), table_number LIMIT 1`, id).Scan(&to)
		_ = e.db.QueryRow(t.Context(), `SELECT registration_id FROM table_seats WHERE event_id = ? AND table_number = ? ORDER BY seat LIMIT 1`, id, from).Scan(&reg)
		if st, body := b.post(page+"/moves", url.Values{"registration_id": {reg}, "table": {to}}); st != http.StatusSeeOther {
			i := strings.Index(body, "role=\"alert\"")
			_ = i
			t.Errorf("move: %d %.300s", st, body)
		}
		var at string
		_ = e.db.QueryRow(t.Context(), `SELECT table_number FROM table_seats WHERE registration_id = ?`, reg).Scan(&at)
		if at != to || from == to {
			t.Errorf("moved from %s to table %s, not %s", from, at, to)
		}
		if st, _ := b.post(page+"/moves", url.Values{"registration_id": {reg}, "table": {"x"}}); st != http.StatusBadRequest {
			t.Errorf("a table that is no number: %d", st)
		}
		st, cards := b.get("/events/" + id + "/tables/print?harvest=abcDEF123")
		if st != 200 || strings.Count(cards, "<svg") != 5 || !strings.Contains(cards, "Deltagare 00") {
			t.Errorf("table cards: %d", st)
		}
		if st, _ := other.get("/events/" + id + "/tables/print"); st != http.StatusForbidden {
			t.Errorf("another organisation's cards: %d", st)
		}
	})
}
