package catalog_test

import (
	"context"
	"net/url"
	"testing"
	"unicode"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// FuzzSearch feeds arbitrary query strings to the search: parsing never
// panics, and a filter that parses never makes the database fail (no user
// input may reach FTS5 or tsquery syntax), so every error is the user's.
func FuzzSearch(f *testing.F) {
	for _, seed := range []string{
		"q=läxhjälp", "q=spr%C3%A5kcaf%C3%A9&county=08", `q="unbalanced`, "q=a*+OR+b", "q=NEAR(a+b)", "q=body:x",
		"q=-x+%2By", "q=%00%FF", "lat=57.6&lon=15.8&radius_km=5&sort=distance", "weekday=9", "page=99999999999999999999",
		"limit=0", "q=" + url.QueryEscape("ål ål ål ål ål ål ål ål ål ål ål ål"), "this_week=true&sort=next", "language=SWE",
		"theme=sport&target_group=youth&time_of_day=evening&free=1", "q=%E2%80%8B%E2%80%AE",
	} {
		f.Add(seed)
	}
	d := dbtest.Open(f, db.SQLite)
	fx := setup(f, d)
	ctx := context.Background()
	for _, title := range []string{"Läxhjälp för högstadiet", "Språkcafé på tisdagar"} {
		if _, err := fx.svc.CreateActivity(ctx, fx.sys, catalog.FieldsOf(activity(fx, title, weekly("2026-12-01", "18:00")))); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		filter, err := catalog.ParseFilter(q)
		if err != nil {
			if apperr.CodeOf(err) != apperr.Invalid || apperr.As(err).Field == "" {
				t.Fatalf("ParseFilter(%q): %v, want an invalid-input error naming a field", raw, err)
			}
			return
		}
		res, err := fx.svc.FindActivities(ctx, filter)
		if err != nil {
			if code := apperr.CodeOf(err); code != apperr.Invalid {
				t.Fatalf("FindActivities(%q): %v", raw, err)
			}
			return
		}
		if len(res.Items) > filter.Limit || res.Total < len(res.Items) {
			t.Fatalf("FindActivities(%q): %d items of %d, limit %d", raw, len(res.Items), res.Total, filter.Limit)
		}
	})
}

// TestSearchWordsAreLettersAndDigits: whatever is typed, the words that
// reach the index are letters and digits, and at most the allowed number.
func TestSearchWordsAreLettersAndDigits(t *testing.T) {
	for _, q := range []string{`a"b`, "x* OR y", "NEAR(a b)", "body:x", "-x +y", "ab\x00cd", "åäö ÅÄÖ", "ﷺ ٣٤"} {
		for _, w := range catalog.Terms(q) {
			for _, r := range w {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Errorf("Terms(%q) has %q", q, w)
				}
			}
		}
	}
}
