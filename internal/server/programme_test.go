package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	ical "github.com/emersion/go-ical"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func talk(kind, title, from, to string, speakers ...map[string]any) map[string]any {
	if speakers == nil {
		speakers = []map[string]any{}
	}
	return map[string]any{"kind": kind, "starts_at": "2027-10-20T" + from + ":00+02:00", "ends_at": "2027-10-20T" + to + ":00+02:00",
		"texts": map[string]any{"sv": map[string]any{"title": title}}, "speakers": speakers}
}

// TestProgrammeThroughTheAPI: organisers build the programme (sessions,
// a workshop block and its workshops), others are refused, bounds are
// kept; participants rank workshops by their manage token; organisers read
// the rankings. Every answer is checked against the OpenAPI document.
func TestProgrammeThroughTheAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ta, tb := e.token(e.user("a@example.org", "member")), e.token(e.user("b@example.org", "member"))
		_, oa := e.api("POST", "/api/v1/organisations", ta, validOrg("Ronneby kommun"))
		_, ob := e.api("POST", "/api/v1/organisations", tb, validOrg("Länsstyrelsen"))
		_, ev := e.api("POST", "/api/v1/events", ta, dialogueDay(oa["id"].(string)))
		id := ev["id"].(string)
		_, evB := e.api("POST", "/api/v1/events", tb, dialogueDay(ob["id"].(string)))
		base := "/api/v1/events/" + id

		minister := map[string]any{"name": "Ylva Johansson", "role": "integrationsminister"}
		if st, _ := e.api("POST", base+"/sessions", "", talk("talk", "Inledning", "09:30", "10:00", minister)); st != http.StatusUnauthorized {
			t.Errorf("anonymous adds a session: %d", st)
		}
		if st, _ := e.api("POST", base+"/sessions", tb, talk("talk", "Inledning", "09:30", "10:00", minister)); st != http.StatusForbidden {
			t.Errorf("another organisation adds a session: %d", st)
		}
		st, s1 := e.api("POST", base+"/sessions", ta, talk("talk", "Överenskommelsen", "09:45", "10:45", minister))
		if st != http.StatusCreated || s1["speakers"].([]any)[0].(map[string]any)["role"] != "integrationsminister" {
			t.Fatalf("create a talk: %d %v", st, s1)
		}
		st, reg := e.api("POST", base+"/sessions", ta, talk("registration", "Kaffe och registrering", "09:00", "09:30"))
		if st != http.StatusCreated {
			t.Fatalf("registration: %d %v", st, reg)
		}
		_, block := e.api("POST", base+"/sessions", ta, talk("workshop_block", "Workshoppar", "13:00", "14:30"))
		many := make([]map[string]any, 21)
		for i := range many {
			many[i] = map[string]any{"name": "Talare"}
		}
		bounds := []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"unknown kind", talk("keynote", "X", "11:00", "12:00"), "kind"},
			{"another day", with(with(talk("talk", "X", "11:00", "12:00"), "starts_at", "2027-10-21T11:00:00+02:00"), "ends_at", "2027-10-21T12:00:00+02:00"), "starts_at"},
			{"ends before it starts", talk("talk", "X", "12:00", "11:00"), "ends_at"},
			{"too many speakers", talk("talk", "X", "11:00", "12:00", many...), "speakers"},
			{"no Swedish title", with(talk("talk", "X", "11:00", "12:00"), "texts", map[string]any{"en": map[string]any{"title": "X"}}), "title_sv"},
			{"a line break in a name", talk("talk", "X", "11:00", "12:00", map[string]any{"name": "A\nB"}), "speakers_1_name"},
		}
		for _, b := range bounds {
			if st, body := e.api("POST", base+"/sessions", ta, b.body); st != http.StatusBadRequest || field(body) != b.field {
				t.Errorf("%s: %d %v, want 400 at %s", b.name, st, body, b.field)
			}
		}
		if st, body := e.api("POST", base+"/sessions", ta, talk("talk", "X", "11:00", "12:00", map[string]any{"name": "A", "title": "B"})); st != http.StatusBadRequest {
			t.Errorf("an unknown field in a speaker: %d %v", st, body)
		}

		ws := func(session any, title string, capacity any) map[string]any {
			return map[string]any{"session_id": session, "theme": "work", "room": "Sal B", "capacity": capacity,
				"texts": map[string]any{"sv": map[string]any{"title": title}}, "inspirers": []map[string]any{{"name": "Miriam Dey", "role": "verksamhetsledare", "organisation": "Röda korset Kalmarkretsen"}}}
		}
		if st, body := e.api("POST", base+"/workshops", ta, ws(s1["id"], "Arbete", 20)); st != http.StatusBadRequest || field(body) != "session_id" {
			t.Errorf("a workshop in a talk: %d %v", st, body)
		}
		if st, body := e.api("POST", base+"/workshops", ta, ws(block["id"], "Arbete", 0)); st != http.StatusBadRequest || field(body) != "capacity" {
			t.Errorf("capacity 0: %d %v", st, body)
		}
		if st, _ := e.api("POST", base+"/workshops", tb, ws(block["id"], "Arbete", 20)); st != http.StatusForbidden {
			t.Errorf("another organisation adds a workshop: %d", st)
		}
		_, w1 := e.api("POST", base+"/workshops", ta, ws(block["id"], "Arbete och praktik", 20))
		_, w2 := e.api("POST", base+"/workshops", ta, ws(block["id"], "Boende", nil))
		if w1["id"] == nil || w2["id"] == nil {
			t.Fatalf("workshops: %v %v", w1, w2)
		}
		// The block keeps its kind while it has workshops; updates keep the row.
		if st, body := e.api("PATCH", base+"/sessions/"+block["id"].(string), ta, map[string]any{"kind": "talk"}); st != http.StatusBadRequest || field(body) != "kind" {
			t.Errorf("a block with workshops becomes a talk: %d %v", st, body)
		}
		if st, _ := e.api("PATCH", base+"/sessions/"+s1["id"].(string), tb, map[string]any{"room": "Hall"}); st != http.StatusForbidden {
			t.Errorf("another organisation edits: %d", st)
		}
		st, up := e.api("PATCH", base+"/sessions/"+s1["id"].(string), ta, map[string]any{"room": "Stora salen", "moderator": map[string]any{"name": "Inga-Lena Fischer", "role": "journalist"}})
		if st != 200 || up["id"] != s1["id"] || up["room"] != "Stora salen" || len(up["speakers"].([]any)) != 1 || up["created_at"] != s1["created_at"] {
			t.Errorf("patch: %d %v", st, up)
		}
		if st, _ := e.api("PATCH", "/api/v1/events/"+evB["id"].(string)+"/sessions/"+s1["id"].(string), tb, map[string]any{"room": "X"}); st != http.StatusNotFound {
			t.Errorf("a session through another event: %d", st)
		}
		st, wp := e.api("PATCH", base+"/workshops/"+w2["id"].(string), ta, map[string]any{"capacity": 15, "texts": map[string]any{"en": map[string]any{"title": "Housing"}}})
		if st != 200 || wp["capacity"].(float64) != 15 || wp["texts"].(map[string]any)["sv"] == nil {
			t.Errorf("patch workshop: %d %v", st, wp)
		}

		_, list := e.api("GET", base+"/sessions", "", nil)
		items := list["items"].([]any)
		if len(items) != 3 || items[0].(map[string]any)["kind"] != "registration" || len(items[2].(map[string]any)["workshops"].([]any)) != 2 {
			t.Errorf("public programme in time order: %v", list)
		}
		if _, l := e.api("GET", base+"/workshops", "", nil); len(l["items"].([]any)) != 2 {
			t.Errorf("workshops: %v", l)
		}

		// Preferences by the manage token.
		_, r1 := e.api("POST", base+"/registrations", "", map[string]any{"name": "Amina Yusuf", "email": "amina@example.org", "sector": "civil_society", "accept_privacy": true})
		tok := r1["manage_token"].(string)
		_, wb := e.api("POST", "/api/v1/events/"+evB["id"].(string)+"/sessions", tb, talk("workshop_block", "Workshoppar", "13:00", "14:00"))
		_, foreign := e.api("POST", "/api/v1/events/"+evB["id"].(string)+"/workshops", tb, ws(wb["id"], "Annan", 5))
		prefs := func(pairs ...any) map[string]any {
			out := []map[string]any{}
			for i := 0; i < len(pairs); i += 2 {
				out = append(out, map[string]any{"workshop_id": pairs[i], "rank": pairs[i+1]})
			}
			return map[string]any{"preferences": out}
		}
		refused := []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"the same workshop twice", prefs(w1["id"], 1, w1["id"], 2), "workshop_id"},
			{"the same rank twice", prefs(w1["id"], 1, w2["id"], 1), "rank"},
			{"rank 0", prefs(w1["id"], 0), "rank"},
			{"rank 41 (past MaxPreferences, one per workshop)", prefs(w1["id"], 41), "rank"},
			{"another event's workshop", prefs(foreign["id"], 1), "workshop_id"},
		}
		for _, r := range refused {
			if st, body := e.api("PUT", "/api/v1/registrations/"+tok+"/preferences", "", r.body); st != http.StatusBadRequest || field(body) != r.field {
				t.Errorf("%s: %d %v", r.name, st, body)
			}
		}
		if st, _ := e.api("PUT", "/api/v1/registrations/wrong/preferences", "", prefs(w1["id"], 1)); st != http.StatusNotFound {
			t.Errorf("a wrong token: %d", st)
		}
		st, got := e.api("PUT", "/api/v1/registrations/"+tok+"/preferences", "", prefs(w2["id"], 2, w1["id"], 1))
		if st != 200 || len(got["items"].([]any)) != 2 || got["items"].([]any)[0].(map[string]any)["workshop_id"] != w1["id"] {
			t.Errorf("rank: %d %v", st, got)
		}
		if st, _ := e.api("GET", base+"/preferences", "", nil); st != http.StatusUnauthorized {
			t.Errorf("anonymous reads preferences: %d", st)
		}
		if st, _ := e.api("GET", base+"/preferences", tb, nil); st != http.StatusForbidden {
			t.Errorf("another organisation reads preferences: %d", st)
		}
		st, all := e.api("GET", base+"/preferences", ta, nil)
		if st != 200 || len(all["items"].([]any)) != 2 || all["items"].([]any)[1].(map[string]any)["rank"].(float64) != 2 {
			t.Errorf("organiser reads preferences: %d %v", st, all)
		}
		var audited int
		_ = e.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action IN ('registration.preferences', 'registration.preferences_list', 'session.update', 'workshop.create')`).Scan(&audited)
		if audited < 5 {
			t.Errorf("audit entries: %d", audited)
		}

		// Deleting: refused for others; a block takes its workshops and their preferences along.
		if st, _ := e.api("DELETE", base+"/sessions/"+block["id"].(string), tb, nil); st != http.StatusForbidden {
			t.Errorf("another organisation deletes: %d", st)
		}
		if st, _ := e.api("DELETE", base+"/workshops/"+w2["id"].(string), ta, nil); st != http.StatusNoContent {
			t.Errorf("delete workshop: %d", st)
		}
		if n := e.count("workshop_preferences"); n != 2-1+0 {
			t.Errorf("after deleting a ranked workshop: %d preferences", n)
		}
		if st, _ := e.api("DELETE", base+"/sessions/"+block["id"].(string), ta, nil); st != http.StatusNoContent {
			t.Errorf("delete block: %d", st)
		}
		if n, w := e.count("workshop_preferences"), e.count("event_workshops"); n != 0 || w != 1 {
			t.Errorf("after deleting the block: %d preferences, %d workshops (the other event's)", n, w)
		}
	})
}

// TestProgrammePages: the public page shows sessions in time order with
// speakers' roles and the parallel workshops; the calendar file parses
// back (emersion/go-ical) with each session at its Stockholm time; a
// participant ranks workshops without JavaScript; organisers edit the
// programme through the form, others are refused.
func TestProgrammePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ua, ub := e.user("a@example.org", "member"), e.user("b@example.org", "member")
		ta, tb := e.token(ua), e.token(ub)
		_, oa := e.api("POST", "/api/v1/organisations", ta, validOrg("Ronneby kommun"))
		_, _ = e.api("POST", "/api/v1/organisations", tb, validOrg("Länsstyrelsen"))
		_, ev := e.api("POST", "/api/v1/events", ta, dialogueDay(oa["id"].(string)))
		id := ev["id"].(string)
		base := "/api/v1/events/" + id
		e.api("POST", base+"/sessions", ta, talk("lunch", "Lunch", "12:00", "13:00"))
		e.api("POST", base+"/sessions", ta, talk("talk", "Etableringslotsar och praktikplatser", "11:00", "12:00",
			map[string]any{"name": "Marina Hultkvist", "role": "avd. Integration och Etablering", "organisation": "Arbetsförmedlingen"}))
		_, block := e.api("POST", base+"/sessions", ta, talk("workshop_block", "Workshoppar", "13:00", "14:30"))
		_, w1 := e.api("POST", base+"/workshops", ta, map[string]any{"session_id": block["id"], "theme": "housing", "texts": map[string]any{"sv": map[string]any{"title": "Boende"}, "ar": map[string]any{"title": "السكن"}}})
		_, w2 := e.api("POST", base+"/workshops", ta, map[string]any{"session_id": block["id"], "theme": "work", "texts": map[string]any{"sv": map[string]any{"title": "Arbete"}}})

		anon := e.browser(nil)
		st, page := anon.get("/events/" + id + "/programme?lang=ar")
		if st != 200 || !strings.Contains(page, `dir="rtl"`) || !strings.Contains(page, "avd. Integration och Etablering") || !strings.Contains(page, "السكن") ||
			!strings.Contains(page, `class="workshops"`) || strings.Index(page, "Etableringslotsar") > strings.Index(page, "Lunch") {
			t.Errorf("programme page: %d\n%s", st, page)
		}
		if strings.Contains(page, "/programme/edit") {
			t.Errorf("the public sees the edit link")
		}

		resp, err := http.Get(e.srv.URL + "/events/" + id + "/calendar.ics?lang=en")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		wire := string(body)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") || !strings.Contains(wire, "BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n") {
			t.Fatalf("calendar: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), wire)
		}
		for _, l := range strings.Split(wire, "\r\n") {
			if len(l) > 75 {
				t.Errorf("a line of %d octets: %q", len(l), l)
			}
		}
		cal, err := ical.NewDecoder(strings.NewReader(wire)).Decode()
		if err != nil {
			t.Fatalf("calendar does not parse: %v\n%s", err, wire)
		}
		events := cal.Events()
		if len(events) != 4 {
			t.Fatalf("%d VEVENTs, want the event and 3 sessions", len(events))
		}
		starts := map[string]string{}
		for _, v := range events {
			s, _ := v.Props.Text(ical.PropSummary)
			at, err := v.DateTimeStart(nil)
			if err != nil {
				t.Fatalf("%s: %v", s, err)
			}
			starts[s] = at.UTC().Format("15:04")
			if p := v.Props.Get(ical.PropDateTimeStart); p.Params.Get(ical.ParamTimezoneID) != "Europe/Stockholm" {
				t.Errorf("%s: DTSTART without TZID", s)
			}
		}
		// 11:00 in Stockholm on 20 October 2027 (summer time) is 09:00 UTC.
		if starts["Etableringslotsar och praktikplatser – Dialogdag"] != "09:00" {
			t.Errorf("starts: %v", starts)
		}

		// The participant's ranking page, without JavaScript.
		_, r1 := e.api("POST", base+"/registrations", "", map[string]any{"name": "Erik Lund", "email": "erik@example.org", "sector": "public", "accept_privacy": true})
		tok := r1["manage_token"].(string)
		st, rank := anon.get("/registrations/" + tok + "/workshops?lang=en")
		if st != 200 || !strings.Contains(rank, `name="rank_1"`) || !strings.Contains(rank, `name="rank_2"`) || strings.Contains(rank, `name="rank_3"`) {
			t.Errorf("ranking page: %d\n%s", st, rank)
		}
		if st, body := anon.post("/registrations/"+tok+"/workshops?lang=en", url.Values{"rank_1": {w1["id"].(string)}, "rank_2": {w1["id"].(string)}}); st != http.StatusBadRequest || !strings.Contains(body, "the same workshop twice") {
			t.Errorf("the same workshop twice: %d\n%s", st, body)
		}
		if st, _ := anon.post("/registrations/"+tok+"/workshops", url.Values{"rank_1": {w2["id"].(string)}, "rank_2": {w1["id"].(string)}}); st != http.StatusSeeOther {
			t.Errorf("save ranking: %d", st)
		}
		if _, again := anon.get("/registrations/" + tok + "/workshops"); !strings.Contains(again, `<option value="`+w2["id"].(string)+`" selected>`) {
			t.Errorf("the first choice is not shown selected")
		}
		if st, _ := anon.get("/registrations/nope/workshops"); st != http.StatusNotFound {
			t.Errorf("a wrong token: %d", st)
		}

		// The organisers' editor.
		if st, _ := anon.get("/events/" + id + "/programme/edit"); st != http.StatusSeeOther {
			t.Errorf("anonymous editor: %d", st)
		}
		bb := e.browser(&ub)
		if st, _ := bb.get("/events/" + id + "/programme/edit"); st != http.StatusForbidden {
			t.Errorf("another organisation's editor: %d", st)
		}
		if st, _ := bb.post("/events/"+id+"/programme/sessions", url.Values{"kind": {"break"}, "start": {"10:45"}, "end": {"11:00"}, "title_sv": {"Paus"}}); st != http.StatusForbidden {
			t.Errorf("another organisation posts a session: %d", st)
		}
		ba := e.browser(&ua)
		if st, body := ba.get("/events/" + id + "/programme/edit?lang=ar"); st != 200 || !strings.Contains(body, `name="speakers_1_name"`) || !strings.Contains(body, `name="inspirers_1_name"`) {
			t.Errorf("editor: %d", st)
		}
		form := url.Values{"kind": {"break"}, "day": {"2027-10-20"}, "start": {"10:45"}, "end": {"11:00"}, "title_sv": {"Paus"}, "title_en": {"Break"},
			"moderator_1_name": {"Inga-Lena Fischer"}, "moderator_1_role": {"journalist"}}
		if st, _ := ba.post("/events/"+id+"/programme/sessions", form); st != http.StatusSeeOther {
			t.Errorf("add a break: %d", st)
		}
		bad := url.Values{"kind": {"break"}, "start": {"25:00"}, "end": {"11:00"}, "title_sv": {"Paus"}}
		if st, body := ba.post("/events/"+id+"/programme/sessions?lang=en", bad); st != http.StatusBadRequest || !strings.Contains(body, "Enter a time as HH:MM") || !strings.Contains(body, `value="Paus"`) {
			t.Errorf("a bad time: %d", st)
		}
		wform := url.Values{"session_id": {block["id"].(string)}, "theme": {"health"}, "capacity": {"12"}, "title_sv": {"Hälsa"}, "inspirers_1_name": {"Shima Bagheri"}, "inspirers_1_organisation": {"Länsstyrelsen Blekinge"}}
		if st, _ := ba.post("/events/"+id+"/programme/workshops", wform); st != http.StatusSeeOther {
			t.Errorf("add a workshop: %d", st)
		}
		wform.Set("capacity", "many")
		if st, _ := ba.post("/events/"+id+"/programme/workshops/"+w2["id"].(string), wform); st != http.StatusBadRequest {
			t.Errorf("a workshop with capacity 'many': %d", st)
		}
		_, list := e.api("GET", base+"/sessions", "", nil)
		items := list["items"].([]any)
		if len(items) != 4 || items[0].(map[string]any)["kind"] != "break" || items[0].(map[string]any)["moderator"].(map[string]any)["name"] != "Inga-Lena Fischer" ||
			len(items[3].(map[string]any)["workshops"].([]any)) != 3 {
			t.Errorf("after the forms: %v", list)
		}
		if st, _ := ba.post("/events/"+id+"/programme/workshops/"+w1["id"].(string)+"/delete", nil); st != http.StatusSeeOther {
			t.Errorf("delete a workshop: %d", st)
		}
		if st, _ := e.api("PATCH", base, ta, map[string]any{"status": "draft"}); st != 200 {
			t.Fatal("draft")
		}
		if st, _ := anon.get("/events/" + id + "/programme"); st != http.StatusNotFound {
			t.Errorf("a draft's programme is public: %d", st)
		}
	})
}
