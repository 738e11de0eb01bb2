package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
)

// blocksEvent builds a day with two workshop blocks of three workshops
// each, titled in Swedish and English (the last afternoon one in Swedish
// only), and 30 confirmed participants from 10 organisations, 10 of each
// party. Everyone but the first ranks through the API, morning first
// choices on the first two workshops; the first ranks through the public
// form, one select group per block.
type blocksFixture struct {
	id, organiser string
	users         []account.User
	regs, tokens  []string
	blocks        [2]string
	ws            [2][]string
	caps          [2][]int
	titles        map[string][2]string // workshop → sv, en
}

func blocksEvent(t *testing.T, e *testEnv) blocksFixture {
	t.Helper()
	f := blocksFixture{titles: map[string][2]string{}}
	f.users = []account.User{e.user("pass@example.org", "member")}
	f.organiser = e.token(f.users[0])
	_, o := e.api("POST", "/api/v1/organisations", f.organiser, validOrg("Ronneby kommun"))
	_, ev := e.api("POST", "/api/v1/events", f.organiser, with(dialogueDay(o["id"].(string)), "capacity", 40))
	f.id = ev["id"].(string)
	base := "/api/v1/events/" + f.id
	f.caps = [2][]int{{12, 10, 8}, {10, 10, 10}}
	themes := [2][]string{{"work", "health", "housing"}, {"work", "health", "education"}}
	for b, slot := range [][3]string{{"Förmiddagspass", "09:30", "11:00"}, {"Eftermiddagspass", "13:00", "14:30"}} {
		st, block := e.api("POST", base+"/sessions", f.organiser, talk("workshop_block", slot[0], slot[1], slot[2]))
		if st != http.StatusCreated {
			t.Fatalf("block: %d %v", st, block)
		}
		f.blocks[b] = block["id"].(string)
		for i, c := range f.caps[b] {
			sv, en := fmt.Sprintf("Verkstad %c%d", 'A'+b, i+1), fmt.Sprintf("Workshop %c%d", 'A'+b, i+1)
			texts := map[string]any{"sv": map[string]any{"title": sv}, "en": map[string]any{"title": en}}
			if b == 1 && i == 2 {
				texts = map[string]any{"sv": map[string]any{"title": sv}}
				en = sv // the usual fallback
			}
			st, w := e.api("POST", base+"/workshops", f.organiser, map[string]any{"session_id": f.blocks[b], "theme": themes[b][i], "room": fmt.Sprintf("Sal %d", i),
				"capacity": c, "texts": texts, "inspirers": []map[string]any{}})
			if st != http.StatusCreated {
				t.Fatalf("workshop: %d %v", st, w)
			}
			f.ws[b] = append(f.ws[b], w["id"].(string))
			f.titles[w["id"].(string)] = [2]string{sv, en}
		}
	}
	sectors := []string{"civil_society", "public", "business"}
	for i := range 30 {
		body, _ := json.Marshal(map[string]any{"name": fmt.Sprintf("Deltagare %02d", i), "email": fmt.Sprintf("p%d@example.org", i), "accept_privacy": true,
			"sector": sectors[i%3], "organisation_name": fmt.Sprintf("Organisation %d", i/3)})
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+base+"/registrations", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.1.%d.%d", i/200, i%200+1))
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
		f.regs = append(f.regs, r["registration"].(map[string]any)["id"].(string))
		f.tokens = append(f.tokens, r["manage_token"].(string))
		if i == 0 {
			continue
		}
		// Morning: the first two wanted most; afternoon: the last two.
		prefs := []map[string]any{{"workshop_id": f.ws[0][i%2], "rank": 1}, {"workshop_id": f.ws[0][2], "rank": 2},
			{"workshop_id": f.ws[1][1+i%2], "rank": 3}}
		if st, b := e.api("PUT", "/api/v1/registrations/"+f.tokens[i]+"/preferences", "", map[string]any{"preferences": prefs}); st != 200 {
			t.Fatalf("preferences: %d %v", st, b)
		}
	}
	return f
}

// TestWorkshopBlocks: with two workshop blocks the public ranking form has
// one group of choices per block and stores them as one ranking; a run
// through the API assigns every confirmed participant exactly once in each
// block within the places, stores one row per participant and block, and
// answers with titles in the reader's language beside the IDs; tables by
// workshop follow the block the organiser picks; the page, the table
// cards, the export and the badges show the workshops by title.
func TestWorkshopBlocks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		f := blocksEvent(t, e)
		anon := e.browser(nil)

		// The form, without script: one fieldset per block.
		form := "/registrations/" + f.tokens[0] + "/workshops"
		st, page := anon.get(form)
		if st != 200 || strings.Count(page, "<fieldset") != 2 || !strings.Contains(page, `name="rank_1_1"`) || !strings.Contains(page, `name="rank_2_3"`) ||
			strings.Contains(page, `name="rank_1"`) || !strings.Contains(page, "Förmiddagspass") || !strings.Contains(page, "Eftermiddagspass") {
			t.Fatalf("ranking form: %d %s", st, page)
		}
		if st, _ := anon.post(form, url.Values{"rank_1_1": {f.ws[0][2]}, "rank_1_2": {f.ws[0][0]}, "rank_2_1": {f.ws[1][0]}}); st != http.StatusSeeOther {
			t.Fatalf("ranking saved: %d", st)
		}
		var stored []string
		rows, err := e.db.Query(t.Context(), `SELECT workshop_id FROM workshop_preferences WHERE registration_id = ? ORDER BY rank`, f.regs[0])
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var w string
			_ = rows.Scan(&w)
			stored = append(stored, w)
		}
		rows.Close()
		if want := []string{f.ws[0][2], f.ws[0][0], f.ws[1][0]}; fmt.Sprint(stored) != fmt.Sprint(want) {
			t.Errorf("stored ranking %v, want %v", stored, want)
		}
		_, page = anon.get(form)
		if !strings.Contains(page, `<option value="`+f.ws[1][0]+`" selected>`) || !strings.Contains(page, `<option value="`+f.ws[0][2]+`" selected>`) {
			t.Errorf("the form does not show the stored choices per block")
		}

		base := "/api/v1/events/" + f.id + "/seating"
		st, plan := e.api("POST", base, f.organiser, map[string]any{"tables": 5, "seats_per_table": 6, "seed": 3, "by_workshop": false}, "en")
		if st != 200 {
			t.Fatalf("run: %d %v", st, plan)
		}
		check := func(plan map[string]any, lang, tablesBlock int) {
			t.Helper()
			blocks := plan["blocks"].([]any)
			if len(blocks) != 2 {
				t.Fatalf("blocks: %v", blocks)
			}
			for b, bb := range blocks {
				bm := bb.(map[string]any)
				if bm["session_id"] != f.blocks[b] || len(bm["unassigned"].([]any)) != 0 {
					t.Errorf("block %d: %v", b, bm)
				}
				seen := map[string]int{}
				for i, ww := range bm["workshops"].([]any) {
					wm := ww.(map[string]any)
					people := wm["participants"].([]any)
					if wm["id"] != f.ws[b][i] || wm["title"] != f.titles[f.ws[b][i]][lang] {
						t.Errorf("block %d workshop %d: %v, want title %q", b, i, wm, f.titles[f.ws[b][i]][lang])
					}
					if len(people) > f.caps[b][i] {
						t.Errorf("workshop %v: %d for %d places", wm["title"], len(people), f.caps[b][i])
					}
					for _, p := range people {
						seen[p.(string)]++
					}
				}
				for _, r := range f.regs {
					if seen[r] != 1 {
						t.Errorf("block %d: registration %s assigned %d times", b, r, seen[r])
					}
				}
			}
			for _, tt := range plan["tables"].([]any) {
				for _, p := range tt.(map[string]any)["people"].([]any) {
					pm := p.(map[string]any)
					ws := pm["workshops"].([]any)
					if len(ws) != 2 {
						t.Fatalf("%v: workshops %v", pm["name"], ws)
					}
					for b, w := range ws {
						wm := w.(map[string]any)
						if wm["session_id"] != f.blocks[b] || wm["workshop_title"] != f.titles[wm["workshop_id"].(string)][lang] {
							t.Errorf("%v block %d: %v", pm["name"], b, wm)
						}
					}
					if pm["workshop_id"] != ws[tablesBlock].(map[string]any)["workshop_id"] || pm["workshop_title"] == "" {
						t.Errorf("%v: workshop %v %v, want block %d's", pm["name"], pm["workshop_id"], pm["workshop_title"], tablesBlock)
					}
				}
			}
		}
		check(plan, 1, 0)
		var rowsPer, distinct int
		_ = e.db.QueryRow(t.Context(), `SELECT COUNT(*), COUNT(DISTINCT registration_id) FROM workshop_assignments`).Scan(&rowsPer, &distinct)
		if rowsPer != 60 || distinct != 30 {
			t.Errorf("stored %d assignments for %d registrations, want 60 for 30", rowsPer, distinct)
		}
		if st, stored := e.api("GET", base, f.organiser, nil, "sv"); st != 200 {
			t.Fatalf("read: %d", st)
		} else {
			check(stored, 0, 0)
		}
		// The first one ranked the morning's third and the afternoon's
		// first: both have room for one more whoever else wants them.
		var am, pm string
		_ = e.db.QueryRow(t.Context(), `SELECT workshop_id FROM workshop_assignments WHERE registration_id = ? AND session_id = ?`, f.regs[0], f.blocks[0]).Scan(&am)
		_ = e.db.QueryRow(t.Context(), `SELECT workshop_id FROM workshop_assignments WHERE registration_id = ? AND session_id = ?`, f.regs[0], f.blocks[1]).Scan(&pm)
		if am != f.ws[0][2] || pm != f.ws[1][0] {
			t.Errorf("the form's ranking: got %s and %s, want %s and %s", am, pm, f.ws[0][2], f.ws[1][0])
		}

		// Tables by workshop following the afternoon.
		if st, body := e.api("POST", base, f.organiser, map[string]any{"tables": 1, "seats_per_table": 5, "seed": 1, "by_workshop": true, "block": "nope"}); st != http.StatusBadRequest || field(body) != "block" {
			t.Errorf("an unknown block: %d %v", st, body)
		}
		st, plan = e.api("POST", base, f.organiser, map[string]any{"tables": 1, "seats_per_table": 5, "seed": 1, "by_workshop": true, "block": f.blocks[1]})
		if st != 200 || plan["tables_block"] != f.blocks[1] {
			t.Fatalf("by the afternoon: %d %v", st, plan["tables_block"])
		}
		check(plan, 0, 1)
		for _, tt := range plan["tables"].([]any) {
			tm := tt.(map[string]any)
			if f.titles[tm["workshop_id"].(string)][0] != tm["workshop_title"] || !strings.HasPrefix(tm["workshop_title"].(string), "Verkstad B") {
				t.Errorf("table %v follows %v %v", tm["number"], tm["workshop_id"], tm["workshop_title"])
			}
			for _, p := range tm["people"].([]any) {
				if pw := p.(map[string]any)["workshop_id"]; pw != tm["workshop_id"] {
					t.Errorf("table %v of %v seats someone of %v", tm["number"], tm["workshop_id"], pw)
				}
			}
		}

		// The page shows titles, never bare workshop IDs.
		b := e.browser(&f.users[0])
		for _, lang := range []struct {
			q string
			i int
		}{{"", 0}, {"?lang=en", 1}} {
			st, body := b.get("/events/" + f.id + "/seating" + lang.q)
			if st != 200 {
				t.Fatalf("page: %d", st)
			}
			for _, ws := range f.ws {
				for _, w := range ws {
					if !strings.Contains(body, ">"+f.titles[w][lang.i]+"<") {
						t.Errorf("page%s lacks the title %q", lang.q, f.titles[w][lang.i])
					}
					if strings.Contains(body, w) {
						t.Errorf("page%s shows the workshop ID %s", lang.q, w)
					}
				}
			}
			if !strings.Contains(body, "Förmiddagspass") || !strings.Contains(body, `name="block"`) {
				t.Errorf("page%s lacks the blocks", lang.q)
			}
		}
		if st, body := b.post("/events/"+f.id+"/seating?lang=sv", url.Values{"tables": {"5"}, "seats_per_table": {"6"}, "seed": {"2"}, "by_workshop": {"true"}, "block": {f.blocks[0]}}); st != 200 || !strings.Contains(body, "· <bdi>Verkstad A1</bdi></caption>") {
			t.Errorf("run from the page by the morning: %d %s", st, body)
		}
		if st, cards := b.get("/events/" + f.id + "/tables/print"); st != 200 || !strings.Contains(cards, "<bdi>Verkstad A1</bdi>") {
			t.Errorf("table cards without the workshop: %d", st)
		}
		if st, csv := b.get("/events/" + f.id + "/registrations.csv"); st != 200 || !strings.Contains(csv, "Workshop: Förmiddagspass") || !strings.Contains(csv, "Workshop: Eftermiddagspass") || !strings.Contains(csv, "Verkstad B") {
			t.Errorf("export: %d %.400s", st, csv)
		}
		if st, badges := b.get("/events/" + f.id + "/badges"); st != 200 || strings.Count(badges, `class="badge-workshop"`) != 60 {
			t.Errorf("badges: %d, %d workshops on them", st, strings.Count(badges, `class="badge-workshop"`))
		}
	})
}
