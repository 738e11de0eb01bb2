package server_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// chrome is headless Chromium with axe-core at hand, for the browser tests.
type chrome struct {
	ctx context.Context
	axe []byte
}

// newChrome starts Chromium. It needs /usr/bin/chromium and tools/a11y's
// node_modules (.ci/run installs both); without them the test skips, except
// in CI where it fails.
func newChrome(t *testing.T) *chrome {
	t.Helper()
	ctx, axe := startChromium(t, 390, 900)
	return &chrome{ctx: ctx, axe: axe}
}

// axeHere runs axe-core on the page the browser shows.
func (c *chrome) axeHere(t *testing.T, breakIt string) []axeViolation {
	t.Helper()
	return runAxe(t, c.ctx, c.axe, breakIt)
}

// noViolations reports axe-core's findings on the page the browser shows.
func (c *chrome) noViolations(t *testing.T, what string) {
	t.Helper()
	for _, v := range c.axeHere(t, "") {
		t.Errorf("%s: %s (%s): %s at %s", what, v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
	}
}

// signIn gives the browser a session of the user (or none, for "").
func (c *chrome) signIn(t *testing.T, e *testEnv, userID string) {
	t.Helper()
	err := chromedp.Do(c.ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			return err
		}
		if userID == "" {
			return nil
		}
		sess, err := e.accounts.UseLoginLink(ctx, mustLink(t, e, userID), "127.0.0.1", "chromedp")
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: "samverkan_session", Value: sess.Token, URL: e.srv.URL})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
}

// text is the text of the first element the selector finds.
func (c *chrome) text(t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(c.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// submit clicks a button and waits until the page it leads to is loaded
// (the element gone must be on the old page only).
func (c *chrome) submit(t *testing.T, button, gone string) {
	t.Helper()
	if err := chromedp.Do(c.ctx, chromedp.Click(chromedp.CSS(button)), chromedp.WaitNotPresent(chromedp.CSS(gone)),
		chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
		t.Fatalf("submit %s: %v", button, err)
	}
}

// TestRegistrationInTheBrowser walks "registering an organisation and its
// verification" (issue 12, Done when) in Chromium, without JavaScript of
// its own: the public form typed in, the mailed link confirmed, the new
// owner's view, the coordinator's count and queue, the approval, and the
// organisation then public. The pages on the way pass axe-core in Swedish
// and Arabic.
func TestRegistrationInTheBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	c := newChrome(t)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	for i, lang := range []string{"sv", "ar"} {
		name := []string{"Eritreanska föreningen Kalmar", "الجمعية السورية في كالمار"}[i]
		email := "person-" + lang + "@example.org"
		c.signIn(t, e, "")
		if err := chromedp.Do(c.ctx, chromedp.Navigate(e.srv.URL+"/?lang="+lang), chromedp.Click(chromedp.CSS(`a[href="/organisations/register"]`)),
			chromedp.WaitVisible(chromedp.CSS("#person_name"))); err != nil {
			t.Fatalf("%s: from the start page to the form: %v", lang, err)
		}
		c.noViolations(t, lang+" registration form")
		// A mistake first: shown at its field, the rest kept as typed.
		if err := chromedp.Do(c.ctx, chromedp.SendKeys(chromedp.CSS("#name"), name), chromedp.SetValue(chromedp.CSS("#sector"), "civil_society"),
			chromedp.SetValue(chromedp.CSS("#category"), "ethnic_association"), chromedp.SetValue(chromedp.CSS("#municipality"), "0880"),
			chromedp.SendKeys(chromedp.CSS("#person_name"), "Test Person"), chromedp.SendKeys(chromedp.CSS("#email"), "not-an-address")); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(c.ctx, chromedp.Click(chromedp.CSS(`form button[type="submit"]`)), chromedp.WaitVisible(chromedp.CSS("#email-error"))); err != nil {
			t.Fatalf("%s: bad address not shown at the field: %v", lang, err)
		}
		c.noViolations(t, lang+" registration form with an error")
		if err := chromedp.Do(c.ctx, chromedp.SetValue(chromedp.CSS("#email"), email)); err != nil {
			t.Fatal(err)
		}
		c.submit(t, `form button[type="submit"]`, "#person_name")
		if h := c.text(t, "main p"); !strings.Contains(h, email) {
			t.Errorf("%s: sent page says %q", lang, h)
		}
		c.noViolations(t, lang+" mail sent page")
		// The link from the mail, and its button.
		link := e.outboxLink(email, "/organisation-requests/")
		if err := chromedp.Do(c.ctx, chromedp.Navigate(e.srv.URL+link+"?lang="+lang)); err != nil {
			t.Fatal(err)
		}
		c.noViolations(t, lang+" confirmation page")
		c.submit(t, `form button[type="submit"]`, `form[action^="/organisation-requests/"]`)
		c.noViolations(t, lang+" registered page")
		if err := chromedp.Do(c.ctx, chromedp.Click(chromedp.CSS(`main a[href^="/organisations/"]`)), chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
			t.Fatalf("%s: the new owner's page of the waiting organisation: %v", lang, err)
		}
		if h := c.text(t, "h1"); h != name {
			t.Errorf("%s: organisation page h1 = %q", lang, h)
		}
		c.noViolations(t, lang+" waiting organisation")
	}
	// The coordinator sees the count, opens the queue and approves.
	coord := e.user("samordnare@example.org", "coordinator")
	c.signIn(t, e, coord.ID)
	if err := chromedp.Do(c.ctx, chromedp.Navigate(e.srv.URL+"/?lang=sv")); err != nil {
		t.Fatal(err)
	}
	if got := c.text(t, `a[href="/admin/moderation"]`); got != "Väntar på granskning: 2" {
		t.Errorf("coordinator's start page: %q", got)
	}
	if err := chromedp.Do(c.ctx, chromedp.Click(chromedp.CSS(`a[href="/admin/moderation"]`)), chromedp.WaitVisible(chromedp.CSS("#mod-orgs-h"))); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"sv", "ar"} {
		if err := chromedp.Do(c.ctx, chromedp.Navigate(e.srv.URL+"/admin/moderation?lang="+lang)); err != nil {
			t.Fatal(err)
		}
		c.noViolations(t, lang+" moderation queue")
	}
	var orgID string
	e.scalar(&orgID, `SELECT id FROM organisations WHERE name = ?`, "Eritreanska föreningen Kalmar")
	if err := chromedp.Do(c.ctx, chromedp.Navigate(e.srv.URL+"/admin/moderation?lang=sv")); err != nil {
		t.Fatal(err)
	}
	c.submit(t, `#org-`+orgID+` form button`, "#org-"+orgID)
	if got := c.text(t, "p.flash"); got != "Godkänt." {
		t.Errorf("after approval: %q", got)
	}
	// Now the public finds it, verified.
	c.signIn(t, e, "")
	if err := chromedp.Do(c.ctx, chromedp.Navigate(e.srv.URL+"/organisations?lang=sv&q="+url.QueryEscape("Eritreanska"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(c.ctx, chromedp.Click(chromedp.CSS(`a[href="/organisations/`+orgID+`"]`)), chromedp.WaitVisible(chromedp.CSS("span.badge"))); err != nil {
		t.Fatalf("approved organisation not found in the public list: %v", err)
	}
	if got := c.text(t, "span.badge"); got != "Verifierad" {
		t.Errorf("badge: %q", got)
	}
}
