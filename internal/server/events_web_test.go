package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
)

// TestEventPages: the public list and page with the rules in plain words,
// the registration form without JavaScript (errors at their fields, in the
// page's language), the confirmation, and the manage page's edit, travel,
// hand-over and cancellation with the fee stated.
func TestEventPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		id := openEvent(t, e, 1, questionsDay())
		b := e.browser(nil)
		st, list := b.get("/events")
		if st != 200 || !strings.Contains(list, `href="/events/`+id+`"`) || !strings.Contains(list, `href="/events" aria-current="page"`) {
			t.Fatalf("event list: %d", st)
		}
		st, page := b.get("/events/" + id)
		for _, want := range []string{"Anmälan är bindande.", "ersättare", "400 kr", "minst 100 km", "gäller: Civilsamhälle", "samåker", "1 platser kvar av 1", "Uppgifterna raderas tre månader", "Vilken workshop?", `name="accept_privacy"`} {
			if !strings.Contains(page, want) {
				t.Errorf("event page lacks %q", want)
			}
		}
		if st != 200 || strings.Contains(page, "överlåtas") {
			t.Errorf("event page: %d (transfer is not allowed here)", st)
		}
		_, ev := e.api("GET", "/api/v1/events/"+id, "", nil)
		q1 := "answer_" + ev["questions"].([]any)[0].(map[string]any)["id"].(string)
		form := url.Values{"name": {"Ada"}, "email": {"ada@example.org"}, "sector": {"civil_society"}, q1: {"arbete"}}
		st, body := b.post("/events/"+id+"/register?lang=en", form)
		if st != http.StatusBadRequest || !strings.Contains(body, `id="accept_privacy-error"`) || !strings.Contains(body, "accept how your data") || !strings.Contains(body, `value="Ada"`) {
			t.Errorf("without the privacy box: %d, want the English error at the field and the input kept", st)
		}
		form.Set("accept_privacy", "yes")
		form.Del(q1)
		if st, body := b.post("/events/"+id+"/register?lang=sv", form); st != http.StatusBadRequest || !strings.Contains(body, `id="`+q1+`-error"`) {
			t.Errorf("required question unanswered: %d", st)
		}
		form.Set(q1, "arbete")
		st, body = b.post("/events/"+id+"/register?lang=sv", form)
		if st != http.StatusCreated || !strings.Contains(body, "du har en plats") {
			t.Fatalf("register through the form: %d %s", st, body)
		}
		if st, body := b.post("/events/"+id+"/register?lang=sv", form); st != http.StatusConflict || !strings.Contains(body, `id="email-error"`) || !strings.Contains(body, "redan anmäld") {
			t.Errorf("the same e-mail twice: %d", st)
		}
		link := e.outboxLink("ada@example.org", "/registrations/")
		st, manage := b.get(link)
		if st != 200 || !strings.Contains(manage, "Du kan avanmäla dig utan avgift") || !strings.Contains(manage, `value="arbete" checked`) {
			t.Fatalf("manage page: %d", st)
		}
		if st, _ := b.post(link, url.Values{"name": {"Ada Lind"}, "dietary": {"Vegansk"}, "sector": {"civil_society"}, "questions": {"yes"}, q1: {"boende"}}); st != http.StatusSeeOther {
			t.Errorf("edit: %d", st)
		}
		if _, manage := b.get(link); !strings.Contains(manage, "Ada Lind") || !strings.Contains(manage, `value="boende" checked`) {
			t.Error("edit not shown")
		}
		if st, body := b.post(link+"/travel", url.Values{"distance_km": {"40"}, "from": {"Ronneby"}}); st != http.StatusBadRequest || !strings.Contains(body, `id="distance_km-error"`) || !strings.Contains(body, "minst 100 km") {
			t.Errorf("travel under the minimum: %d", st)
		}
		if st, _ := b.post(link+"/travel", url.Values{"distance_km": {"210"}, "from": {"Karlshamn"}, "carpool": {"yes"}}); st != http.StatusSeeOther {
			t.Errorf("travel: %d", st)
		}
		if _, manage := b.get(link); !strings.Contains(manage, "210 km, Karlshamn") {
			t.Error("travel request not shown")
		}
		// Cancelling after the deadline states the fee before the click.
		real := e.svc.Events.Now
		defer func() { e.svc.Events.Now = real }()
		e.svc.Events.Now = func() time.Time { return time.Date(2027, 10, 12, 12, 0, 0, 0, time.UTC) }
		if _, manage := b.get(link); !strings.Contains(manage, "400 kr") {
			t.Error("the late fee is not stated on the manage page")
		}
		st, body = b.post(link+"/handover", url.Values{"kind": {"substitute"}, "new_name": {"Ek"}, "new_email": {"inte-en-adress"}})
		if st != http.StatusBadRequest || !strings.Contains(body, `id="new_email-error"`) {
			t.Errorf("hand-over with a bad address: %d", st)
		}
		if st, body := b.post(link+"/handover", url.Values{"kind": {"substitute"}, "new_name": {"Ek"}, "new_email": {"ek@example.org"}, "lang": {"uk"}}); st != 200 || !strings.Contains(body, "ek@example.org") {
			t.Errorf("hand-over: %d", st)
		}
		if st, _ := b.get(link); st != http.StatusNotFound {
			t.Errorf("old link after the hand-over: %d", st)
		}
		newLink := e.outboxLink("ek@example.org", "/registrations/")
		if st, _ := b.post(newLink+"/cancel", nil); st != http.StatusSeeOther {
			t.Errorf("cancel: %d", st)
		}
		if _, manage := b.get(newLink + "?done=reg_cancelled"); !strings.Contains(manage, "Du är avanmäld") || !strings.Contains(manage, "400 kr") {
			t.Error("cancelled page without the notice or the fee owed")
		}
	})
}

// TestOrganiserPages: the participant list with travel decisions, a
// walk-in added from the form, a registration's history of holders; only
// the event's organisers and staff see them.
func TestOrganiserPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnvWith(t, d, func(s *server.Deps) { s.TrustProxy = 1 })
		id := openEvent(t, e, 5, map[string]any{"transfer_allowed": true})
		_, reg := registerAt(t, e.srv.URL, id, "ada@example.org", "192.0.2.1")
		token := reg["manage_token"].(string)
		rid := reg["registration"].(map[string]any)["id"].(string)
		if st, body := e.api("POST", "/api/v1/registrations/"+token+"/travel", "", map[string]any{"distance_km": 150, "from": "Kalmar"}); st != 200 {
			t.Fatalf("travel: %d %v", st, body)
		}
		e.api("POST", "/api/v1/registrations/"+token+"/transfer", "", map[string]any{"name": "Bea Kollega", "email": "bea@example.org"})

		member := e.user("nyfiken@example.org", "member")
		if st, _ := e.browser(&member).get("/events/" + id + "/registrations"); st != http.StatusForbidden {
			t.Errorf("a member sees the list: %d", st)
		}
		if st, _ := e.browser(nil).get("/events/" + id + "/registrations"); st != http.StatusSeeOther {
			t.Errorf("anonymous: %d, want the sign-in redirect", st)
		}
		staff := e.user("samordnare@example.org", "coordinator")
		b := e.browser(&staff)
		st, page := b.get("/events/" + id + "/registrations?lang=sv")
		if st != 200 || !strings.Contains(page, "Bea Kollega") || !strings.Contains(page, "150 km, Kalmar") || !strings.Contains(page, `value="approved"`) {
			t.Fatalf("participant list: %d", st)
		}
		if st, _ := b.post("/events/"+id+"/travel/"+rid, url.Values{"status": {"approved"}}); st != http.StatusSeeOther {
			t.Errorf("approve: %d", st)
		}
		if st, body := b.post("/events/"+id+"/walk-ins", url.Values{"name": {"Dörr"}}); st != http.StatusBadRequest || !strings.Contains(body, `id="sector-error"`) {
			t.Errorf("walk-in without a sector: %d", st)
		}
		if st, _ := b.post("/events/"+id+"/walk-ins", url.Values{"name": {"Dörr Dörrsson"}, "sector": {"public"}}); st != http.StatusSeeOther {
			t.Errorf("walk-in: %d", st)
		}
		_, page = b.get("/events/" + id + "/registrations?lang=sv")
		if !strings.Contains(page, "beviljad") || !strings.Contains(page, "Dörr Dörrsson") || !strings.Contains(page, "anmäld på plats") {
			t.Error("the decision or the walk-in is not on the list")
		}
		st, detail := b.get("/events/" + id + "/registrations/" + rid + "?lang=sv")
		if st != 200 || !strings.Contains(detail, "ada@example.org") || !strings.Contains(detail, "fick platsen överlåten") {
			t.Errorf("history of holders: %d", st)
		}
	})
}
