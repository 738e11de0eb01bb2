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

// TestHarvest walks the group work through HTTP: organisers enter, edit,
// hide and merge notes; participants add theirs through the table card's
// link while the harvest is open; the wall shows what it should. Every
// API answer is checked against the OpenAPI document.
func TestHarvest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		org := e.token(e.user("arr@example.org", "member"))
		other := e.token(e.user("annan@example.org", "member"))
		_, o := e.api("POST", "/api/v1/organisations", org, validOrg("Ronneby kommun"))
		_, ev := e.api("POST", "/api/v1/events", org, dialogueDay(o["id"].(string)))
		id := ev["id"].(string)
		notes := "/api/v1/events/" + id + "/harvest"

		// Organisers' notes, and what they may not send.
		inputs := []struct {
			name   string
			token  string
			body   map[string]any
			status int
			field  string
		}{
			{"obstacle", org, map[string]any{"kind": "obstacle", "body": "Kortsiktiga projektmedel", "theme": "work", "principles": []string{"long_term", "independence"}, "group": "Bord 3"}, 201, ""},
			{"opportunity", org, map[string]any{"kind": "opportunity", "body": "Modersmål är en tillgång", "theme": "language", "principles": []string{"diversity"}}, 201, ""},
			{"no kind", org, map[string]any{"body": "Något"}, 400, "kind"},
			{"unknown kind", org, map[string]any{"kind": "idea", "body": "Något"}, 400, "kind"},
			{"no body", org, map[string]any{"kind": "obstacle", "body": "  "}, 400, "body"},
			{"body too long", org, map[string]any{"kind": "obstacle", "body": strings.Repeat("å", 601)}, 400, "body"},
			{"unknown theme", org, map[string]any{"kind": "obstacle", "body": "x", "theme": "weather"}, 400, "theme"},
			{"unknown principle", org, map[string]any{"kind": "obstacle", "body": "x", "principles": []string{"speed"}}, 400, "principles"},
			{"control character in group", org, map[string]any{"kind": "obstacle", "body": "x", "group": "Bord\u00071"}, 400, "group"},
			{"not an organiser", other, map[string]any{"kind": "obstacle", "body": "x"}, 403, ""},
			{"anonymous", "", map[string]any{"kind": "obstacle", "body": "x"}, 401, ""},
		}
		ids := map[string]string{}
		for _, tt := range inputs {
			st, body := e.api("POST", notes, tt.token, tt.body)
			if st != tt.status || (tt.field != "" && field(body) != tt.field) {
				t.Errorf("%s: %d %v, want %d on %q", tt.name, st, body, tt.status, tt.field)
			}
			if st == 201 {
				ids[tt.name] = body["id"].(string)
			}
		}
		if n := e.count("harvest_notes"); n != 2 {
			t.Fatalf("%d notes written, want 2 (refused input changes nothing)", n)
		}

		// The participants' link: closed until opened, replaced by a new one.
		if st, _ := e.api("POST", "/api/v1/events/"+id+"/harvest-link", other, nil); st != 403 {
			t.Errorf("another member opens the harvest: %d", st)
		}
		_, link := e.api("POST", "/api/v1/events/"+id+"/harvest-link", org, nil)
		old := link["token"].(string)
		_, link = e.api("POST", "/api/v1/events/"+id+"/harvest-link", org, nil)
		tok := link["token"].(string)
		if !strings.HasSuffix(link["url"].(string), "/harvest/"+tok) {
			t.Errorf("link url %v", link["url"])
		}
		byLink := "/api/v1/harvest/" + tok + "/notes"
		if st, _ := e.api("POST", "/api/v1/harvest/"+old+"/notes", "", map[string]any{"kind": "obstacle", "body": "x"}); st != 404 {
			t.Errorf("replaced link still takes notes: %d", st)
		}
		st, p := e.api("POST", byLink, "", map[string]any{"kind": "obstacle", "body": "Svårt att hitta lokaler", "theme": "meeting_places", "hidden": true})
		if st != 201 || p["source"] != "participant" || p["hidden"] != false {
			t.Fatalf("participant's note: %d %v", st, p)
		}
		ids["participant"] = p["id"].(string)
		if st, _ := e.api("POST", byLink, "", map[string]any{"kind": "obstacle"}); st != 400 {
			t.Errorf("participant's empty note: %d", st)
		}

		// Merge: the participant's note and the first are duplicates; a
		// note merged into a duplicate lands on the note kept; kinds stay apart.
		merge := func(note, into string) (int, map[string]any) {
			return e.api("POST", notes+"/"+note+"/merge", org, map[string]any{"into": into})
		}
		if st, m := merge(ids["participant"], ids["obstacle"]); st != 200 || m["merged_into"] != ids["obstacle"] {
			t.Errorf("merge: %d %v", st, m)
		}
		_, third := e.api("POST", notes, org, map[string]any{"kind": "obstacle", "body": "Projekt i stället för långsiktighet"})
		if st, m := merge(third["id"].(string), ids["participant"]); st != 200 || m["merged_into"] != ids["obstacle"] {
			t.Errorf("merge into a duplicate: %d %v, want the note kept", st, m)
		}
		if st, m := merge(ids["opportunity"], ids["obstacle"]); st != 400 || field(m) != "into" {
			t.Errorf("merge across kinds: %d %v", st, m)
		}
		if st, _ := merge(ids["obstacle"], ids["obstacle"]); st != 400 {
			t.Errorf("merge into itself: %d", st)
		}

		// Hide the opportunity; the wall shows one obstacle standing for three.
		if st, m := e.api("PATCH", notes+"/"+ids["opportunity"], org, map[string]any{"hidden": true}); st != 200 || m["hidden"] != true || m["body"] != "Modersmål är en tillgång" {
			t.Errorf("hide: %d %v", st, m)
		}
		_, wall := e.api("GET", byLink, "", nil)
		items := wall["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["id"] != ids["obstacle"] || items[0].(map[string]any)["merged"].(float64) != 2 {
			t.Errorf("wall: %v", wall)
		}
		_, all := e.api("GET", notes+"?all=true", org, nil)
		if n := len(all["items"].([]any)); n != 4 {
			t.Errorf("organisers see %d notes, want 4", n)
		}
		if st, _ := e.api("GET", notes, other, nil); st != 403 {
			t.Errorf("another member reads the notes: %d", st)
		}

		// Split a duplicate out again, edit wording and principles.
		if st, m := merge(third["id"].(string), ""); st != 200 || m["merged_into"] != nil {
			t.Errorf("split: %d %v", st, m)
		}
		st, m := e.api("PATCH", notes+"/"+ids["obstacle"], org, map[string]any{"body": "Kortsiktiga projektmedel i stället för verksamhetsstöd", "principles": []string{"quality"}})
		if st != 200 || m["merged"].(float64) != 1 || fmt.Sprint(m["principles"]) != "[quality]" || m["theme"] != "work" {
			t.Errorf("edit: %d %v", st, m)
		}

		// Closed: participants are told, organisers still write.
		if st, _ := e.api("DELETE", "/api/v1/events/"+id+"/harvest-link", org, nil); st != 204 {
			t.Errorf("close: %d", st)
		}
		if st, m := e.api("POST", byLink, "", map[string]any{"kind": "obstacle", "body": "sent"}); st != 409 || !strings.Contains(message(m), "tar inte emot") {
			t.Errorf("closed harvest: %d %v", st, m)
		}
		if st, _ := e.api("POST", notes, org, map[string]any{"kind": "opportunity", "body": "Efter stängning"}); st != 201 {
			t.Errorf("organiser after closing: %d", st)
		}

		// Nothing that names a person is kept with a note.
		var cols int
		if err := d.QueryRow(t.Context(), `SELECT COUNT(*) FROM harvest_notes WHERE body LIKE '%@%'`).Scan(&cols); err != nil || cols != 0 {
			t.Errorf("notes hold addresses: %d %v", cols, err)
		}
	})
}

// TestHarvestPages: the same through the pages, without JavaScript.
func TestHarvestPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.user("arr@example.org", "member")
		tok := e.token(u)
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Ronneby kommun"))
		_, ev := e.api("POST", "/api/v1/events", tok, dialogueDay(o["id"].(string)))
		id := ev["id"].(string)
		b := e.browser(&u)

		st, page := b.post("/events/"+id+"/harvest/open", nil)
		if st != 200 || !strings.Contains(page, "/harvest/") {
			t.Fatalf("open: %d", st)
		}
		i := strings.Index(page, e.srv.URL+"/harvest/")
		link := page[i+len(e.srv.URL) : i+len(e.srv.URL)+strings.IndexByte(page[i+len(e.srv.URL):], '"')]

		// A participant on a phone, from the card of table 7, in Arabic.
		p := e.browser(nil)
		st, form := p.get(link + "?group=" + url.QueryEscape("Bord 7") + "&lang=ar")
		if st != 200 || !strings.Contains(form, `value="Bord 7"`) || !strings.Contains(form, "عائق") {
			t.Fatalf("participant's form: %d", st)
		}
		st, refused := p.post(link, url.Values{"kind": {"obstacle"}, "body": {""}, "group": {"Bord 7"}})
		if st != 400 || !strings.Contains(refused, `id="body-error"`) || !strings.Contains(refused, `value="Bord 7"`) {
			t.Errorf("empty note: %d, no field error or the table lost", st)
		}
		st, _, h := p.postH(link, url.Values{"kind": {"opportunity"}, "body": {"Läxhjälp på arabiska"}, "theme": {"education"}, "principles": {"diversity", "dialogue"}, "group": {"Bord 7"}})
		if st != http.StatusSeeOther || !strings.Contains(h.Get("Location"), "group=Bord+7") {
			t.Errorf("note: %d → %s", st, h.Get("Location"))
		}
		if _, wall := p.get(link + "/wall"); !strings.Contains(wall, "Läxhjälp på arabiska") || !strings.Contains(wall, `hx-trigger="every 10s"`) {
			t.Error("the wall lacks the note or its refresh")
		}

		// The organisers' page edits and merges without JavaScript.
		if st, page := b.get("/events/" + id + "/harvest"); st != 200 || !strings.Contains(page, "Läxhjälp på arabiska") || !strings.Contains(page, "av deltagare") {
			t.Errorf("organisers' page: %d", st)
		}
		if st, _ := b.post("/events/"+id+"/harvest/notes", url.Values{"kind": {"opportunity"}, "body": {"Läxhjälp"}}); st != http.StatusSeeOther {
			t.Errorf("organiser's note: %d", st)
		}
		if st, page := b.post("/events/"+id+"/harvest/notes", url.Values{"kind": {"nope"}, "body": {"x"}}); st != 400 || !strings.Contains(page, "Välj ett av alternativen") {
			t.Errorf("bad kind on the page: %d", st)
		}
		if st, _ := e.browser(nil).get("/events/" + id + "/harvest"); st != http.StatusSeeOther {
			t.Errorf("organisers' page signed out: %d, want the sign-in", st)
		}
		if st, _ := e.browser(nil).get("/harvest/nope/wall"); st != 404 {
			t.Errorf("wall with a wrong link: %d", st)
		}
	})
}
