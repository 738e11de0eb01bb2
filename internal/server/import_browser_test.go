package server_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestImportDryRunInTheBrowser uploads a file with several errors per row
// through the import form in headless Chromium, as a coordinator does: the
// dry run lists every error of the row with the allowed values, the button
// counts the rows it will write, the page passes axe-core in Swedish and
// Arabic, and no request of the journey fails (the favicon among them).
// Like TestAccessibility it needs chromium and tools/a11y's node_modules
// (startChromium).
func TestImportDryRunInTheBrowser(t *testing.T) {
	bctx, axe := startChromium(t, 390, 900)
	e := newEnv(t, dbtest.Open(t, db.SQLite))
	coord := e.user("coord@example.org", "coordinator")
	e.api("POST", "/api/v1/organisations", e.token(coord), validOrg("Importföreningen"))
	file := filepath.Join(t.TempDir(), "aktiviteter.csv")
	if err := os.WriteFile(file, []byte(multiErrorFile), 0o644); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var failed []string
	if err := chromedp.Listen(bctx, func(ev any) {
		if r, ok := ev.(*network.EventResponseReceived); ok && r.Response.Status >= 400 {
			mu.Lock()
			failed = append(failed, r.Response.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	sess, err := e.accounts.UseLoginLink(context.Background(), mustLink(t, e, coord.ID), "127.0.0.1", "chromium")
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(bctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: "samverkan_session", Value: sess.Token, URL: e.srv.URL})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"sv", "ar"} {
		t.Run(lang, func(t *testing.T) {
			err := chromedp.Do(bctx, chromedp.Navigate(e.srv.URL+"/admin/import?lang="+lang),
				chromedp.SetValue(chromedp.CSS("#kind"), "activities"),
				chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}),
				chromedp.Click(chromedp.CSS(`form[enctype] button[type="submit"]`)),
				chromedp.WaitVisible(chromedp.CSS("#plan-h")))
			if err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]any](`(() => {
				const row = [...document.querySelectorAll('tbody tr')].find(tr => tr.cells[1].textContent === 'Trasig');
				return {errors: row ? row.querySelectorAll('li').length : -1, text: row ? row.cells[3].textContent : '',
					button: document.querySelector('input[name="apply"]').form.querySelector('button').textContent}; })()`))
			if err != nil {
				t.Fatal(err)
			}
			if got["errors"].(float64) != 6 || !strings.Contains(got["text"].(string), "once, weekly, biweekly, monthly") {
				t.Errorf("the rejected row: %v", got)
			}
			if want := map[string]string{"sv": "Importera 2 rader", "ar": "تأكيد وحفظ (سطران)"}[lang]; got["button"] != want {
				t.Errorf("button %q, want %q", got["button"], want)
			}
			for _, v := range runAxe(t, bctx, axe, "") {
				t.Errorf("dry run page: %s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, ", "))
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if len(failed) > 0 {
		t.Errorf("requests that failed on the way: %v", failed)
	}
}

// runAxe runs axe-core's WCAG 2.1 A and AA rules and best practices on the
// page the browser shows, after the script breakIt (a page broken on
// purpose shows that the check can fail).
func runAxe(t *testing.T, bctx context.Context, axe []byte, breakIt string) []axeViolation {
	t.Helper()
	if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](string(axe)+";"+breakIt+";undefined")); err != nil {
		t.Fatalf("inject axe: %v", err)
	}
	vs, err := chromedp.Run(bctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','best-practice']}, resultTypes: ['violations']})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || '', help: v.help, targets: v.nodes.map(n => JSON.stringify(n.target))})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	return vs
}
