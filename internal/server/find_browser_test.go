package server_test

import (
	"context"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/server"
)

// mapState is what the search page shows: result cards, the results that
// have a position (the map's data) and the markers Leaflet drew.
type mapState struct {
	URL     string `json:"url"`
	Cards   int    `json:"cards"`
	Points  int    `json:"points"`
	Markers int    `json:"markers"`
	Hidden  bool   `json:"hidden"`
	Titles  string `json:"titles"` // of the results, in order
	Lang    string `json:"lang"`
	H1      string `json:"h1"`
	// Overflow is how far the page is wider than the phone's screen.
	Overflow float64 `json:"overflow"`
}

const mapStateJS = `(() => { const m = document.getElementById('map');
	return {url: location.pathname + location.search, cards: document.querySelectorAll('#results .card').length,
		points: JSON.parse(m.dataset.points).length,
		titles: Array.from(document.querySelectorAll('#results .card h2'), h => h.textContent).join(' | '), markers: m.querySelectorAll('path.leaflet-interactive').length, hidden: m.hidden,
		lang: document.documentElement.lang, h1: document.querySelector('h1').textContent,
		overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth}; })()`

// TestFindingActivitiesInTheBrowser walks the search on a phone's screen
// (390×844 CSS pixels) in headless Chromium: a search in Somali and one in
// Persian, each with a screenshot (in the test's artifact directory, and
// in $SAMVERKAN_SCREENSHOTS when set); a search, a second search and Back
// with the map checked against the results each time; near me; and a
// search without results, which hides the map. Nothing may reach the
// console as an error: not an exception, not a CSP refusal, not a failed
// request (the map tiles come from a server of the test's own).
func TestFindingActivitiesInTheBrowser(t *testing.T) {
	bctx, _ := startChromium(t, 390, 844)
	tiles := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tile := image.NewGray(image.Rect(0, 0, 256, 256))
		for i := range tile.Pix {
			tile.Pix[i] = 0xee
		}
		w.Header().Set("Content-Type", "image/png")
		_ = png.Encode(w, tile)
	}))
	defer tiles.Close()
	e := newEnvWith(t, dbtest.Open(t, db.SQLite), func(d *server.Deps) { d.TileURL = tiles.URL + "/{z}/{x}/{y}.png" })
	if _, err := demo.Load(context.Background(), e.db, e.svc); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var console []chromedp.ConsoleMessage
	go func() {
		for m, err := range chromedp.Console(bctx) {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m)
			mu.Unlock()
		}
	}()
	state := func(t *testing.T) mapState {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Evaluate[mapState](mapStateJS))
		if err != nil {
			t.Fatalf("read the page: %v", err)
		}
		return s
	}
	// settled waits until the address has changed from before and htmx has
	// finished swapping and settling.
	settled := func(t *testing.T, before string) {
		t.Helper()
		_, err := chromedp.Run(bctx, chromedp.Poll[bool](`location.pathname + location.search !== `+jsString(before)+
			` && !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')`, chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil {
			t.Fatalf("no search after %s: %v", before, err)
		}
		time.Sleep(100 * time.Millisecond) // the map draws after the settle
	}
	search := func(t *testing.T, set string) mapState {
		t.Helper()
		before := state(t).URL
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](set+`; document.querySelector('#search button[type=submit]').click()`)); err != nil {
			t.Fatal(err)
		}
		settled(t, before)
		return state(t)
	}
	mapMatches := func(t *testing.T, s mapState) {
		t.Helper()
		if s.Hidden || s.Points == 0 || s.Markers != s.Points || s.Points > s.Cards {
			t.Errorf("%s: map hidden %v with %d markers for %d results with a position (%d results)", s.URL, s.Hidden, s.Markers, s.Points, s.Cards)
		}
	}
	navigate := func(t *testing.T, path string) {
		t.Helper()
		if err := chromedp.Do(bctx, chromedp.Navigate(e.srv.URL+path)); err != nil {
			t.Fatal(err)
		}
	}

	for _, lang := range []string{"so", "fa"} {
		t.Run("a search on a phone in "+lang, func(t *testing.T) {
			navigate(t, "/activities?lang="+lang)
			s := search(t, `document.getElementById('place').value = 'Karlskrona'; document.getElementById('radius_km').value = '50'`)
			if want := e.svc.Messages.Printer(lang).T("acts.heading"); s.Lang != lang || s.H1 != want {
				t.Errorf("page in %q with heading %q, want %q, %q", s.Lang, s.H1, lang, want)
			}
			if !strings.Contains(s.URL, "place=Karlskrona") || s.Cards == 0 {
				t.Errorf("%s: %d results", s.URL, s.Cards)
			}
			mapMatches(t, s)
			if s.Overflow > 0 {
				t.Errorf("the page is %.0f px wider than the phone", s.Overflow)
			}
			shot := screenshot(t, bctx, 390)
			for _, dir := range []string{t.ArtifactDir(), os.Getenv("SAMVERKAN_SCREENSHOTS")} {
				if dir != "" {
					if err := os.WriteFile(filepath.Join(dir, "search-"+lang+".png"), shot, 0o644); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}

	t.Run("the map follows searches and Back", func(t *testing.T) {
		navigate(t, "/activities?lang=sv")
		first := state(t)
		mapMatches(t, first)
		one := search(t, `document.getElementById('q').value = 'språk'`)
		mapMatches(t, one)
		if one.Cards >= first.Cards {
			t.Errorf("the search for språk did not narrow: %d of %d", one.Cards, first.Cards)
		}
		two := search(t, `document.getElementById('q').value = ''; document.getElementById('county').value = '08'`)
		mapMatches(t, two)
		if href, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('.langs a[hreflang=ar]').getAttribute('href')`)); err != nil || href != "/activities?county=08&lang=ar" {
			t.Errorf("the Arabic link after the search: %q, %v", href, err)
		}
		if two.Titles == one.Titles {
			t.Errorf("the second search shows what the first did: %+v", two)
		}
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](`history.back()`)); err != nil {
			t.Fatal(err)
		}
		settled(t, two.URL)
		back := state(t)
		if back.URL != one.URL || back.Titles != one.Titles || back.Points != one.Points {
			t.Errorf("Back shows %+v, want %+v", back, one)
		}
		mapMatches(t, back)
	})

	t.Run("the municipalities narrow as the county changes", func(t *testing.T) {
		navigate(t, "/activities?lang=sv")
		n, err := chromedp.Run(bctx, chromedp.Evaluate[int](`(() => { const c = document.getElementById('county'); c.value = '10';
			c.dispatchEvent(new Event('change', {bubbles: true})); return document.getElementById('municipality').options.length; })()`))
		if err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(bctx, chromedp.Poll[int](`document.getElementById('municipality').options.length < `+strconv.Itoa(n)+
			` && document.getElementById('municipality').options.length`, chromedp.WithPollingTimeout(5*time.Second)))
		if want := len(municipality.InCounty("10")) + 1; err != nil || got != want {
			t.Errorf("municipality options after choosing Blekinge: %d, %v; want %d", got, err, want)
		}
	})

	t.Run("near me", func(t *testing.T) {
		navigate(t, "/activities?lang=sv")
		err := chromedp.Do(bctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
				Permission: &cdpbrowser.PermissionDescriptor{Name: "geolocation"}, Setting: cdpbrowser.PermissionSettingGranted, Origin: e.srv.URL}); err != nil {
				return err
			}
			lat, lon, acc := 56.19, 15.63, 50.0 // Lyckeby, Karlskrona
			_, err := cdp.Call(ctx, tg, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lon, Accuracy: &acc})
			return err
		}))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('near-me').click()`)); err != nil {
			t.Fatal(err)
		}
		settled(t, "/activities?lang=sv")
		s := state(t)
		chip, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById('fixed-filters').textContent`))
		if !strings.Contains(s.URL, "lat=56.190&lon=15.630") || s.Cards == 0 || !strings.Contains(chip, e.svc.Messages.Printer("sv").T("acts.my_position")) {
			t.Errorf("near me: %+v, filters shown %q", s, strings.TrimSpace(chip))
		}
		mapMatches(t, s)
	})

	t.Run("no results hide the map", func(t *testing.T) {
		navigate(t, "/activities?lang=sv")
		s := search(t, `document.getElementById('q').value = 'zzqxv'`)
		if s.Cards != 0 || !s.Hidden || s.Markers != 0 {
			t.Errorf("no results: %+v, want the map hidden", s)
		}
	})

	time.Sleep(200 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	for _, m := range console {
		// The favicon is issue 12's item 13, not this page's.
		if (m.Type == chromedp.ConsoleError || m.IsException()) && !strings.HasSuffix(m.URL, "/favicon.ico") {
			t.Errorf("console %s at %s:%d", m, m.URL, m.Line+1)
		}
	}
}

// screenshot captures the whole page at the phone's width. It sets the
// viewport to the content's height first: FullScreenshot shifts and clips
// right-to-left pages (see TOOLING.md).
func screenshot(t *testing.T, bctx context.Context, width int64) []byte {
	t.Helper()
	shot, err := chromedp.Run(bctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		m, err := cdp.Call(ctx, tg, page.GetLayoutMetrics, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		size := emulation.SetDeviceMetricsOverrideParams{Width: width, Height: int64(m.CSSContentSize.Height), DeviceScaleFactor: 1, Mobile: true}
		if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, size); err != nil {
			return nil, err
		}
		defer func() { _, _ = cdp.Call(ctx, tg, emulation.ClearDeviceMetricsOverride, cdp.Empty{}) }()
		r, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{})
		return r.Data, err
	})
	if err != nil || len(shot) < 1000 {
		t.Fatalf("screenshot: %d bytes, %v", len(shot), err)
	}
	return shot
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
