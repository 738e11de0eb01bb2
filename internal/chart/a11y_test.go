package chart_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/samverkan/samverkan/internal/chart"
)

// TestChartInABrowser shows the charts in headless Chromium under the
// site's CSP, runs axe-core (WCAG 2.1 A/AA and best practices) over them,
// and measures the drawn bars: a share's bar is that share of its track,
// starting on the reading side. It needs chromium and tools/a11y's
// node_modules, like internal/server's TestAccessibility; without them it
// skips, except in CI where it fails.
func TestChartInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a browser")
	}
	axe, err := os.ReadFile(filepath.Join("..", "..", "tools", "a11y", "node_modules", "axe-core", "axe.min.js"))
	chromium, lerr := exec.LookPath("chromium")
	if err != nil || lerr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot run: axe-core %v, chromium %v", err, lerr)
		}
		t.Skip("needs chromium and `npm ci --prefix tools/a11y`")
	}
	pages := map[string]string{}
	for _, tt := range []struct {
		path, lang, dir string
		c               chart.Chart
	}{
		{"/one", "sv", "ltr", sectors(stockholm)},
		{"/grouped", "sv", "ltr", sectors(stockholm, boden)},
		{"/rtl", "ar", "rtl", chart.Chart{Caption: "المشاركون حسب القطاع", LabelHeader: "القطاع", CountHeader: "المشاركون", ShareHeader: "النسبة", TotalLabel: "المجموع",
			Labels: []string{"المجتمع المدني", "القطاع العام", "قطاع الأعمال"}, Series: []chart.Series{stockholm, boden}, RTL: true}},
	} {
		pages[tt.path] = `<!doctype html><html lang="` + tt.lang + `" dir="` + tt.dir + `"><head><meta charset="utf-8"><title>Rapport</title></head><body><main><h1>Rapport</h1>` +
			string(tt.c.HTML()) + `</main></body></html>`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		// The site's policy (internal/server/server.go).
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(p))
	}))
	defer srv.Close()

	alloc, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true), chromedp.WindowSize(900, 900))...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	type violation struct {
		ID      string   `json:"id"`
		Help    string   `json:"help"`
		Targets []string `json:"targets"`
	}
	for _, path := range []string{"/one", "/grouped", "/rtl"} {
		t.Run(path, func(t *testing.T) {
			if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+path)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](string(axe)+";undefined")); err != nil {
				t.Fatal(err)
			}
			vs, err := chromedp.Run(bctx, chromedp.Evaluate[[]violation](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa','best-practice']}, resultTypes: ['violations']})
				.then(r => r.violations.map(v => ({id: v.id, help: v.help, targets: v.nodes.map(n => JSON.stringify(n.target))})))`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("%s: %s at %s", v.ID, v.Help, strings.Join(v.Targets, ", "))
			}
			// The first body row's first bar: Stockholm's 40 %.
			bar, err := chromedp.Run(bctx, chromedp.Evaluate[map[string]float64](`(() => {
				const svg = document.querySelector('tbody tr td.share svg'), r = svg.querySelectorAll('rect');
				const t = r[0].getBoundingClientRect(), b = r[1].getBoundingClientRect();
				return {track: t.width, bar: b.width, left: b.left - t.left, right: t.right - b.right}; })()`))
			if err != nil {
				t.Fatal(err)
			}
			if share := bar["bar"] / bar["track"]; share < 0.39 || share > 0.41 {
				t.Errorf("bar is %.2f of its track, want 0.40: %v", share, bar)
			}
			start := bar["left"]
			if path == "/rtl" {
				start = bar["right"]
			}
			if start > 0.5 {
				t.Errorf("bar does not start on the reading side: %v", bar)
			}
		})
	}
}
