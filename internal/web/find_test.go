package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/municipality"
)

// TestFindingActivities: the search page says where "near" is, narrows the
// municipalities to the county, offers one "all" for target groups, keeps
// a filter that came from a link visible and removable, and counts the
// folded filters.
func TestFindingActivities(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := demo.Load(context.Background(), d, e.svc); err != nil {
			t.Fatal(err)
		}
		anon := actor.Anonymous("192.0.2.7")
		options := func(body, id string) []string {
			sel := body[strings.Index(body, startTag(body, "select", id)):]
			sel = sel[:strings.Index(sel, "</select>")]
			return regexp.MustCompile(`<option value="([^"]*)"`).FindAllString(sel, -1)
		}

		t.Run("near a place", func(t *testing.T) {
			all := e.get(anon, "/activities")
			near := e.get(anon, "/activities?place=karlskrona&radius_km=25")
			if near.status != 200 || strings.Count(near.body, `class="card"`) == 0 || strings.Count(near.body, `class="card"`) >= strings.Count(all.body, `class="card"`) {
				t.Errorf("near Karlskrona: status %d, %d of %d results", near.status, strings.Count(near.body, `class="card"`), strings.Count(all.body, `class="card"`))
			}
			if v, _ := attr(startTag(near.body, "input", "place"), "value"); v != "karlskrona" {
				t.Errorf("place field = %q, want it kept", v)
			}
			if !strings.Contains(near.body, `<option value="25" selected>`) {
				t.Error("the distance chosen is not kept")
			}
			bad := e.get(anon, "/activities?place=Lyckeby")
			in := startTag(bad.body, "input", "place")
			msg, _ := textOf(bad.body, `<p class="field-error" id="place-error" role="alert">`, "p")
			if bad.status != 400 || msg != e.msg("error.place_unknown", "place", "Lyckeby") {
				t.Errorf("unknown place: status %d, message %q", bad.status, msg)
			}
			if v, _ := attr(in, "aria-invalid"); v != "true" || !strings.Contains(in, `aria-describedby="place-error place-hint"`) {
				t.Errorf("unknown place: field %s not marked", in)
			}
			// "Near me" is a button JavaScript shows; without it, hidden.
			if _, hidden := attr(startTag(all.body, "button", "near-me"), "hidden"); !hidden {
				t.Error("the near-me button is shown without JavaScript")
			}
		})

		t.Run("municipalities of the county", func(t *testing.T) {
			all := options(e.get(anon, "/activities").body, "municipality")
			kalmar := options(e.get(anon, "/activities?county=08&municipality=1280").body, "municipality")
			if len(all) != 291 || len(kalmar) != len(municipality.InCounty("08"))+1 {
				t.Errorf("municipality options: %d without county, %d in Kalmar county", len(all), len(kalmar))
			}
			if strings.Contains(strings.Join(kalmar, ""), `"1280"`) {
				t.Error("Malmö is offered in Kalmar county")
			}
		})

		t.Run("one all", func(t *testing.T) {
			body := e.get(anon, "/activities").body
			sel := body[strings.Index(body, startTag(body, "select", "target_group")):]
			sel = sel[:strings.Index(sel, "</select>")]
			if n := strings.Count(sel, ">"+e.msg("orgs.any")+"<"); n != 1 {
				t.Errorf("target group filter has %d %q options, want 1", n, e.msg("orgs.any"))
			}
			if strings.Contains(sel, `value="everyone"`) {
				t.Error(`"everyone" offered as a filter`)
			}
		})

		t.Run("a filter from a link", func(t *testing.T) {
			o := e.organisations()[0]
			for _, x := range e.organisations() {
				if strings.Contains(x.Name, "Lyckeby") {
					o = x
				}
			}
			res := e.get(anon, "/activities?organisation="+o.ID+"&free=true")
			if !strings.Contains(res.body, "<strong>"+o.Name+"</strong>") || !strings.Contains(res.body, `<input type="hidden" name="organisation" value="`+o.ID+`">`) {
				t.Errorf("the organisation filter is not shown and carried on")
			}
			if !strings.Contains(res.body, `href="/activities?free=true" aria-label="`+e.msg("acts.remove_filter", "name", e.msg("act.organiser"))+`"`) {
				t.Error("the organisation filter cannot be removed")
			}
		})

		t.Run("the folded filters are counted", func(t *testing.T) {
			for q, want := range map[string]string{"": "", "?q=kaffe&place=Vimmerby": "", "?county=08&free=true&theme=language": "(3)"} {
				got, _ := textOf(e.get(anon, "/activities"+q).body, `<span id="filter-count">`, "span")
				if got != want {
					t.Errorf("%q: summary count %q, want %q", q, got, want)
				}
			}
		})

		t.Run("no results, no map points", func(t *testing.T) {
			if body := e.get(anon, "/activities?q=zzqxv").body; !strings.Contains(body, `data-points="[]"`) {
				t.Error("an empty search gives the map no empty list")
			}
		})
	})
}

// TestWeeklySheet: one table for the week (the columns line up), the
// price, the filter in the title and links to the weeks around it.
func TestWeeklySheet(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := demo.Load(context.Background(), d, e.svc); err != nil {
			t.Fatal(err)
		}
		res := e.get(actor.Anonymous("192.0.2.7"), "/activities/print?county=10&free=true&week=2026-12-02")
		if res.status != 200 {
			t.Fatalf("status %d", res.status)
		}
		title, _ := textOf(res.body, `<title>`, "title")
		if want := e.msg("acts.title") + ": Blekinge län, " + e.msg("acts.free") + " – " + e.msg("sheet.week") + " 49 – samverkan"; title != want {
			t.Errorf("title %q, want %q", title, want)
		}
		if n := strings.Count(res.body, "<table"); n != 1 {
			t.Errorf("%d tables, want one for the week", n)
		}
		if n := strings.Count(res.body, `<th scope="rowgroup" colspan="5">`); n != 7 {
			t.Errorf("%d day headings, want 7", n)
		}
		for _, row := range regexp.MustCompile(`(?s)<tr>\s*<td class="when">.*?</tr>`).FindAllString(res.body, -1) {
			if n := strings.Count(row, "<td"); n != 5 {
				t.Errorf("a row of %d cells, want 5: %s", n, row)
			}
			if !strings.Contains(row, `<td class="price">`+e.msg("acts.free")+"</td>") {
				t.Errorf("a free activity without its price: %s", row)
			}
		}
		for _, link := range []string{`href="/activities/print?county=10&amp;free=true&amp;week=2026-11-23" rel="prev"`, `href="/activities/print?county=10&amp;free=true&amp;week=2026-12-07" rel="next"`} {
			if !strings.Contains(res.body, link) {
				t.Errorf("no link %s", link)
			}
		}
		paid := e.get(actor.Anonymous("192.0.2.7"), "/activities/print?week=2026-12-02")
		if !regexp.MustCompile(`<td class="price"><bdi>[\d ]+\x{a0}kr</bdi></td>`).MatchString(paid.body) {
			t.Error("no activity with a price on the sheet")
		}
	})
}
