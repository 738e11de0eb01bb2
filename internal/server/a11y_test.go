package server_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/event"
)

type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// TestAccessibility runs axe-core (WCAG 2.1 A and AA rules) in headless
// Chromium over the pages, in Swedish and in Arabic, signed out and in.
// It needs /usr/bin/chromium and tools/a11y's node_modules (.ci/run installs
// both); without them it skips, except in CI where it fails.
func TestAccessibility(t *testing.T) {
	c := newChrome(t)
	bctx := c.ctx
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	ctx := context.Background()
	res, err := demo.Load(ctx, e.db, e.svc)
	if err != nil {
		t.Fatal(err)
	}
	_, orgs := e.api("GET", "/api/v1/organisations?limit=1&q=vimmerby", "", nil)
	orgID := orgs["items"].([]any)[0].(map[string]any)["id"].(string)
	// An unverified organisation to claim, the demo's registration waiting
	// for review, and a confirmation link of a new request.
	_, unv := e.api("GET", "/api/v1/organisations?limit=1&verified=false", "", nil)
	unverified := unv["items"].([]any)[0].(map[string]any)["id"].(string)
	var pendingID string
	if err := e.db.QueryRow(ctx, `SELECT id FROM organisations WHERE name = ?`, demo.PendingOrganisation).Scan(&pendingID); err != nil {
		t.Fatal(err)
	}
	if st, _ := e.api("POST", "/api/v1/organisation-requests", "", map[string]any{"person_name": "Axe", "email": "axe@example.org", "organisation_id": unverified}); st != 202 {
		t.Fatalf("organisation request: %d", st)
	}
	confirmLink := e.outboxLink("axe@example.org", "/organisation-requests/")
	// here runs axe on the page the browser shows, after breakIt.
	here := func(t *testing.T, path, breakIt string) []axeViolation {
		t.Helper()
		return c.axeHere(t, breakIt)
	}
	violations := func(t *testing.T, path, breakIt string) []axeViolation {
		t.Helper()
		if err := chromedp.Do(bctx, chromedp.Navigate(e.srv.URL+path)); err != nil {
			t.Fatalf("navigate %s: %v", path, err)
		}
		return here(t, path, breakIt)
	}
	report := func(t *testing.T, path string, vs []axeViolation) {
		t.Helper()
		for _, v := range vs {
			t.Errorf("%s: %s (%s): %s at %s", path, v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
		}
	}
	check := func(t *testing.T, path string) {
		t.Helper()
		report(t, path, violations(t, path, ""))
	}
	// The check itself must be able to fail: a page broken on purpose (an
	// image without text, an unlabelled field) is reported. (Inline styles,
	// e.g. for a contrast test, are blocked by the CSP.)
	broken := violations(t, "/", `document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/x.png"><input type="text">')`)
	if len(broken) < 2 {
		t.Fatalf("axe found %d violations on a page broken two ways: %+v", len(broken), broken)
	}
	acts, _ := e.acts.FindActivities(ctx, catalog.Filter{Query: "läsprojekt"})
	conf := demoEvent(t, e, "Regional konferens i Ronneby")
	harvest, err := e.svc.Events.OpenHarvest(ctx, actor.System("test"), conf)
	if err != nil {
		t.Fatal(err)
	}
	venues, _ := e.acts.FindVenues(ctx, actor.System("test"), catalog.VenueFilter{Municipality: "0884"})
	public := []string{"/open-data", "/embed/activities?q=spr%C3%A5kcaf%C3%A9", "/activities", "/activities?q=spr%C3%A5kcaf%C3%A9&county=12&free=true", "/activities/" + acts.Items[0].ID, "/venues/" + venues[0].ID, "/venues/" + venues[0].ID + "/print", "/activities/print?county=08",
		"/", "/organisations", "/organisations?q=f%C3%B6rening&sector=civil_society", "/organisations/" + orgID, "/login", "/nope",
		"/harvest/" + harvest + "?group=Bord%201", "/harvest/" + harvest + "/wall"}
	// One line per feature, so branches that add pages do not collide.
	public = append(public, "/activities?place=Vimmerby&county=08&theme=language&organisation="+orgID, "/activities?place=Atlantis", "/activities/print?county=10&free=true&week=2026-12-02")
	tt, _ := e.acts.FindActivities(ctx, catalog.Filter{Query: "bordtennis"})
	public = append(public, "/activities/"+tt.Items[0].ID, "/activities?view=week&date=2026-12-01&county=10", "/activities?view=month&date=2026-12-01", "/activities?view=month&date=2020-01-01")
	signedIn := []string{"/admin/import", "/venues/new", "/venues/" + venues[0].ID + "/edit", "/activities/new", "/activities/" + acts.Items[0].ID + "/edit", "/organisations/new", "/organisations/" + orgID + "/edit", "/organisations/" + orgID + "/members", "/account", "/admin/audit", "/admin/outbox", "/admin/users",
		"/events/" + conf + "/harvest", "/events/" + conf + "/wall"}
	// The programme pages: the Ronneby 2013 programme as printed, the
	// upcoming day's with its parallel workshops, and a participant's
	// workshop choice behind the manage link.
	evs, _ := e.svc.Events.FindEvents(ctx, event.Filter{Limit: event.MaxLimit})
	var upcomingID string
	for _, ev := range evs.Items {
		public = append(public, "/events/"+ev.ID+"/programme")
		if ev.Status == event.Published {
			upcomingID = ev.ID
		}
	}
	public = append(public, e.outboxLink("deltagare1@example.org", "/registrations/")+"/workshops")
	signedIn = append(signedIn, "/events/"+upcomingID+"/programme/edit")
	public = append(public, "/organisations/register", "/organisations/register?claim="+unverified, confirmLink)
	signedIn = append(signedIn, "/admin/moderation", "/organisations/"+pendingID, "/organisations/"+orgID+"/delete", "/activities/"+acts.Items[0].ID+"/archive")
	public = append(public, "/search?q=arabiska")
	signedIn = append(signedIn, "/admin/audit?action=organisation.&limit=5", "/admin/audit?from=x")
	upcoming := "/events/" + upcomingID
	manage := e.outboxLink("deltagare1@example.org", "/registrations/")
	var regID string
	if err := e.db.QueryRow(ctx, `SELECT id FROM registrations WHERE email = 'deltagare1@example.org'`).Scan(&regID); err != nil {
		t.Fatal(err)
	}
	public = append(public, "/events", "/events?past=1", upcoming, manage)
	signedIn = append(signedIn, upcoming+"/registrations", upcoming+"/registrations/"+regID)
	signedIn = append(signedIn, upcoming+"/checkin", upcoming+"/checkin?r="+regID)
	signedIn = append(signedIn, upcoming+"/badges")
	public = append(public, "/events/"+conf+"/report", "/series/"+seriesOf(t, e, conf)+"/report")
	public = append(public, easyActivity(t, e), easyActivity(t, e)+"?easy=1")
	signedIn = append(signedIn, "/events/"+conf+"/report/edit")
	if _, err := e.svc.Events.RunAssignment(ctx, actor.System("test"), upcomingID, event.SeatingRun{Tables: 3, SeatsPerTable: 4, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	signedIn = append(signedIn, upcoming+"/seating", upcoming+"/tables/print?harvest="+harvest)
	for _, lang := range []string{"sv", "ar"} {
		for _, p := range public {
			t.Run(lang+" "+p, func(t *testing.T) { check(t, withLang(p, lang)) })
		}
	}
	// The registration form's answers are pages of their own (POST): the
	// form refused with errors at the fields, then the confirmation.
	for _, lang := range []string{"sv", "ar"} {
		t.Run(lang+" registration form posted", func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.Navigate(e.srv.URL+withLang(upcoming, lang))); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.RunResponse(bctx, chromedp.Submit(chromedp.CSS("#name"))); err != nil {
				t.Fatal(err)
			}
			errs, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('.field-error').length`))
			if errs == 0 {
				t.Error("the empty form was not refused at its fields")
			}
			report(t, upcoming+" refused", here(t, upcoming, ""))
			fill := `document.getElementById('name').value = 'Axe ` + lang + `'; document.getElementById('email').value = 'axe-` + lang + `@example.org';
				document.getElementById('sector').value = 'public'; document.getElementById('accept_privacy').checked = true;
				document.querySelector('input[type=radio][name^=answer_]').checked = true`
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](fill+";undefined")); err != nil {
				t.Fatal(err)
			}
			resp, err := chromedp.RunResponse(bctx, chromedp.Submit(chromedp.CSS("#name")))
			if err != nil || resp.Status != http.StatusCreated {
				t.Fatalf("registration: %v %v", resp, err)
			}
			report(t, upcoming+" registered", here(t, upcoming, ""))
		})
	}
	// The map draws the results that have coordinates (Leaflet, no tiles here:
	// the network is closed), and the Arabic search page is right to left.
	if err := chromedp.Do(bctx, chromedp.Navigate(e.srv.URL+"/activities?county=08&lang=ar")); err != nil {
		t.Fatal(err)
	}
	markers, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('#map path.leaflet-interactive').length`))
	if err != nil || markers < 2 {
		t.Errorf("map markers: %d, %v", markers, err)
	}
	layout, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]any](`(() => { const h = document.querySelector('h1').getBoundingClientRect();
		return {dir: getComputedStyle(document.documentElement).direction, right: document.documentElement.clientWidth - h.right, left: h.left}; })()`))
	if err != nil || layout["dir"] != "rtl" || layout["right"].(float64) > layout["left"].(float64) {
		t.Errorf("Arabic search page is not right to left: %v %v", layout, err)
	}
	shot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err != nil || len(shot) < 1000 {
		t.Errorf("screenshot: %d bytes, %v", len(shot), err)
	} else if dir := os.Getenv("SAMVERKAN_SCREENSHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "activities-ar.png"), shot, 0o644)
	}

	// On the venue form a click on the map fills in the coordinates.
	pick := func() (map[string]string, error) {
		return chromedp.Run(bctx, chromedp.Evaluate[map[string]string](`(() => { document.getElementById('lat').value = ''; document.getElementById('lon').value = '';
			const m = document.getElementById('map'), r = m.getBoundingClientRect();
			const o = {bubbles: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, button: 0};
			m.dispatchEvent(new MouseEvent('mousedown', o)); m.dispatchEvent(new MouseEvent('mouseup', o)); m.dispatchEvent(new MouseEvent('click', o));
			return {lat: document.getElementById('lat').value, lon: document.getElementById('lon').value}; })()`))
	}
	c.signIn(t, e, res.AdminID)
	if err := chromedp.Do(bctx, chromedp.Navigate(e.srv.URL+"/venues/new")); err != nil {
		t.Fatal(err)
	}
	if got, err := pick(); err != nil || got["lat"] == "" || got["lon"] == "" {
		t.Errorf("a click on the map did not fill in the position: %v %v", got, err)
	}
	for _, lang := range []string{"sv", "ar"} {
		for _, p := range signedIn {
			t.Run(lang+" signed in "+p, func(t *testing.T) { check(t, withLang(p, lang)) })
		}
	}
}

// startChromium starts headless Chromium with a window of w×h CSS pixels and
// reads axe-core, both closed with the test. It needs /usr/bin/chromium and
// tools/a11y's node_modules (.ci/run installs both); without them the test
// skips, except in CI where it fails.
func startChromium(t *testing.T, w, h int) (context.Context, []byte) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a browser")
	}
	axePath := filepath.Join("..", "..", "tools", "a11y", "node_modules", "axe-core", "axe.min.js")
	axe, err := os.ReadFile(axePath)
	chromium, lerr := exec.LookPath("chromium")
	if err != nil || lerr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the browser test cannot run: axe-core %v, chromium %v", err, lerr)
		}
		t.Skip("needs chromium and `npm ci --prefix tools/a11y`")
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.WindowSize(w, h))...)
	t.Cleanup(cancel)
	bctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	return bctx, axe
}

func withLang(p, lang string) string {
	if strings.Contains(p, "?") {
		return p + "&lang=" + lang
	}
	return p + "?lang=" + lang
}

func mustLink(t *testing.T, e *testEnv, userID string) string {
	t.Helper()
	link, err := e.accounts.CreateLoginLink(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	return link[strings.LastIndex(link, "/")+1:]
}

// demoEvent returns the id of the demo event with the Swedish title.
func demoEvent(t *testing.T, e *testEnv, title string) string {
	t.Helper()
	page, err := e.svc.Events.FindEvents(context.Background(), event.Filter{Limit: event.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range page.Items {
		if ev.Texts["sv"].Title == title {
			return ev.ID
		}
	}
	t.Fatalf("no demo event %q", title)
	return ""
}

// easyActivity is the page of the demo's activity with a lättläst text.
func easyActivity(t *testing.T, e *testEnv) string {
	t.Helper()
	res, err := e.acts.FindActivities(context.Background(), catalog.Filter{Query: "språkcafé", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range res.Items {
		if a, err := e.acts.FindActivityByID(context.Background(), it.ID); err == nil && a.HasEasy() {
			return "/activities/" + a.ID
		}
	}
	t.Fatal("no demo activity with a lättläst text")
	return ""
}
