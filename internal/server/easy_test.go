package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

const (
	easySummary   = "Här kan du prata svenska. Du behöver inte kunna mycket svenska. Det är gratis."
	normalSummary = "Samtal på svenska över en kopp kaffe för alla nivåer."
)

// languageCafe is a språkcafé with a lättläst text beside the Swedish one.
func languageCafe(org any) map[string]any {
	return map[string]any{"organisation_id": org, "municipality": "1282", "online_url": "https://example.org/cafe", "languages": []string{"sv"},
		"texts": map[string]any{
			"sv":      map[string]any{"title": "Språkcafé", "summary": normalSummary},
			"sv-x-ll": map[string]any{"title": "Språkcafé – lättläst", "summary": easySummary},
			"en":      map[string]any{"title": "Language café", "summary": "Talk Swedish over coffee."}},
		"schedule": map[string]any{"recurrence": "weekly", "starts_on": "2027-03-16", "start_time": "18:00", "end_time": "20:00"}}
}

// TestEasySwedish: an activity and an organisation with a lättläst text,
// through the API, the toggle on their pages (cookie), and the form.
func TestEasySwedish(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		rep := e.user("rep@example.org", "member")
		tr := e.token(rep)
		oin := validOrg("Landskrona stad")
		oin["description"] = map[string]any{"sv": "Kommunen driver biblioteket.", "sv-x-ll": "Kommunen har ett bibliotek. Där kan du låna böcker."}
		st, o := e.api("POST", "/api/v1/organisations", tr, oin)
		if st != http.StatusCreated {
			t.Fatalf("org: %d %v", st, o)
		}
		st, a := e.api("POST", "/api/v1/activities", tr, languageCafe(o["id"]))
		if st != http.StatusCreated {
			t.Fatalf("create: %d %v", st, a)
		}
		id := a["id"].(string)
		if easy, _ := a["texts"].(map[string]any)["sv-x-ll"].(map[string]any); easy["summary"] != easySummary {
			t.Errorf("API texts %v, want the lättläst text", a["texts"])
		}

		// Without choosing: the normal text and the toggle.
		anon := e.browser(nil)
		st, page := anon.get("/activities/" + id + "?lang=sv")
		if st != 200 || !strings.Contains(page, normalSummary) || strings.Contains(page, easySummary) {
			t.Fatalf("page without lättläst: %d, want the normal text alone", st)
		}
		if !strings.Contains(page, `href="/activities/`+id+`?easy=1&amp;lang=sv"`) || !strings.Contains(page, ">Lättläst</a>") {
			t.Errorf("no lättläst toggle on the page")
		}
		// Choosing it: the easy text first, marked Swedish (no other lang),
		// and the link back; the cookie keeps the choice.
		for _, path := range []string{"/activities/" + id + "?easy=1&lang=sv", "/activities/" + id} {
			_, page = anon.get(path)
			if !strings.Contains(page, `<p class="lead">`+easySummary) || strings.Contains(page, `<p class="lead">`+normalSummary) {
				t.Errorf("%s: the lättläst text is not shown instead of the normal one", path)
			}
			if !strings.Contains(page, `"description":"`+normalSummary) {
				t.Errorf("%s: the structured data is not the normal text", path)
			}
			if !strings.Contains(page, `?easy=0">Vanlig text</a>`) {
				t.Errorf("%s: no link back to the normal text", path)
			}
		}
		// Another language is not Swedish: its own text, the toggle offered.
		if _, page = anon.get("/activities/" + id + "?lang=en"); !strings.Contains(page, "Talk Swedish over coffee.") || !strings.Contains(page, "Easy Swedish (lättläst)") {
			t.Errorf("English page with lättläst chosen: want the English text and the toggle")
		}
		// The organisation page too.
		if _, page = anon.get("/organisations/" + o["id"].(string) + "?lang=sv"); !strings.Contains(page, "Där kan du låna böcker.") || !strings.Contains(page, "Vanlig text") {
			t.Errorf("organisation page with lättläst chosen: want the easy description")
		}
		// Back to normal text.
		anon.get("/activities/" + id + "?easy=0")
		if _, page = anon.get("/activities/" + id); !strings.Contains(page, normalSummary) || strings.Contains(page, easySummary) {
			t.Errorf("after Vanlig text: want the normal text")
		}
		if _, page = anon.get("/organisations/" + o["id"].(string)); !strings.Contains(page, "Kommunen driver biblioteket.") {
			t.Errorf("organisation page after Vanlig text: want the normal description")
		}
		// An activity without a lättläst text offers no toggle.
		plain := languageCafe(o["id"])
		delete(plain["texts"].(map[string]any), "sv-x-ll")
		_, p := e.api("POST", "/api/v1/activities", tr, plain)
		if _, page = anon.get("/activities/" + p["id"].(string)); strings.Contains(page, "easy=1") {
			t.Errorf("toggle offered without a lättläst text")
		}

		// Refused: a text language that is neither an interface language
		// nor lättläst, nothing written; lättläst is no page language.
		before := e.count("activity_texts")
		for _, lang := range []string{"de", "sv-x-foo", "sv-X-LL"} {
			bad := languageCafe(o["id"])
			bad["texts"].(map[string]any)[lang] = map[string]any{"title": "x"}
			if st, m := e.api("POST", "/api/v1/activities", tr, bad); st != 400 {
				t.Errorf("text language %s: %d %v", lang, st, m)
			}
		}
		if n := e.count("activity_texts"); n != before {
			t.Errorf("refused creates wrote texts: %d, want %d", n, before)
		}
		if _, page = anon.get("/activities/" + id + "?lang=sv-x-ll"); !strings.Contains(page, `<html lang="sv"`) {
			t.Errorf("sv-x-ll taken as a page language")
		}

		// The form: a lättläst fieldset, saved and shown again.
		b := e.browser(&rep)
		if _, page = b.get("/activities/new"); !strings.Contains(page, `name="title_sv-x-ll"`) || !strings.Contains(page, "Lättläst svenska") {
			t.Fatalf("no lättläst fieldset in the form")
		}
		form := url.Values{"organisation_id": {o["id"].(string)}, "municipality": {"1282"}, "online_url": {"https://example.org/cafe"}, "title_sv": {"Läxhjälp"}, "summary_sv": {"Hjälp med skolarbetet efter skolan."},
			"title_sv-x-ll": {"Läxhjälp"}, "summary_sv-x-ll": {"Få hjälp med läxor. Det är gratis."},
			"recurrence": {"weekly"}, "starts_on": {"2027-03-16"}, "start_time": {"17:00"}, "end_time": {"18:00"}, "languages": {"sv"}, "status": {"published"}}
		st, _, hdr := b.postH("/activities", form)
		if st != http.StatusSeeOther {
			t.Fatalf("form save: %d", st)
		}
		fid := strings.TrimPrefix(strings.Split(hdr.Get("Location"), "?")[0], "/activities/")
		_, fa := e.api("GET", "/api/v1/activities/"+fid, "", nil)
		if easy, _ := fa["texts"].(map[string]any)["sv-x-ll"].(map[string]any); easy["summary"] != "Få hjälp med läxor. Det är gratis." {
			t.Errorf("form saved texts %v", fa["texts"])
		}
		if _, page = b.get("/activities/" + fid + "/edit"); !strings.Contains(page, `value="Få hjälp med läxor. Det är gratis."`) {
			t.Errorf("edit form does not show the lättläst summary")
		}

		// The organisation form too: a lättläst description, shown when
		// editing, saved, and removed when emptied.
		if _, page = b.get("/organisations/new"); !strings.Contains(page, `name="description_sv-x-ll"`) || !strings.Contains(page, "Lättläst svenska") {
			t.Fatalf("no lättläst description in the organisation form")
		}
		oid := o["id"].(string)
		if _, page = b.get("/organisations/" + oid + "/edit"); !strings.Contains(page, `lang="sv" dir="auto" aria-describedby="description_sv-x-ll-hint">Kommunen har ett bibliotek. Där kan du låna böcker.</textarea>`) {
			t.Errorf("the organisation's edit form does not show its lättläst description")
		}
		of := orgForm("Landskrona stad", "")
		of.Set("description_sv", "Kommunen driver biblioteket.")
		of.Set("description_sv-x-ll", "Biblioteket är öppet varje dag.")
		if st, body := b.post("/organisations/"+oid, of); st != http.StatusSeeOther {
			t.Fatalf("organisation form save: %d %s", st, body)
		}
		if _, got := e.api("GET", "/api/v1/organisations/"+oid, "", nil); got["description"].(map[string]any)["sv-x-ll"] != "Biblioteket är öppet varje dag." {
			t.Errorf("organisation form saved %v", got["description"])
		}
		if _, page = e.browser(nil).get("/organisations/" + oid + "?easy=1&lang=sv"); !strings.Contains(page, "Biblioteket är öppet varje dag.") {
			t.Errorf("the organisation page does not show the lättläst description saved by the form")
		}
		of.Set("description_sv-x-ll", "")
		if st, _ := b.post("/organisations/"+oid, of); st != http.StatusSeeOther {
			t.Fatalf("organisation form save: %d", st)
		}
		if _, got := e.api("GET", "/api/v1/organisations/"+oid, "", nil); got["description"].(map[string]any)["sv-x-ll"] != nil {
			t.Errorf("an emptied lättläst description stays: %v", got["description"])
		}
	})
}
