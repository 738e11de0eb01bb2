package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// typedName has characters the template must escape, so that "kept in the
// value attribute" is checked through the escaping.
const typedName = `ABF "Borås" & <Co>`

func orgForm(changes map[string]string) url.Values {
	f := url.Values{"name": {typedName}, "org_number": {"802000-1577"}, "sector": {"civil_society"}, "category": {"study_association"},
		"municipality": {"1490"}, "languages": {"sv", "so"}, "other_languages": {"ku"}, "description_sv": {"Studiecirklar i svenska"}}
	for k, v := range changes {
		f.Set(k, v)
	}
	return f
}

func TestOrganisationFormRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		rep := e.user("rep@example.org", actor.RoleMember)
		tests := []struct {
			name    string
			changes map[string]string
			input   string // the id of the field marked invalid
			errID   string // the id of its message, <errID>-error
			key     string
		}{
			{"org number check digit", map[string]string{"org_number": "802000-1578"}, "org_number", "org_number", "error.org_number_check"},
			{"org number format", map[string]string{"org_number": "80-2000"}, "org_number", "org_number", "error.org_number_format"},
			{"org number with letters", map[string]string{"org_number": "802000-157A"}, "org_number", "org_number", "error.org_number_format"},
			{"no name", map[string]string{"name": "  "}, "name", "name", "error.required"},
			{"e-mail", map[string]string{"email": "info(at)example.org"}, "email", "email", "error.email"},
			{"website", map[string]string{"website": "ftp://example.org"}, "website", "website", "error.url"},
			{"phone", map[string]string{"phone": "ring oss"}, "phone", "phone", "error.phone"},
			{"municipality", map[string]string{"municipality": "9999"}, "municipality", "municipality", "error.choice"},
			{"sector", map[string]string{"sector": "church"}, "sector", "sector", "error.choice"},
			{"other language", map[string]string{"other_languages": "klingon!"}, "other_languages", "languages", "error.language"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				form := orgForm(tt.changes)
				res := e.post(rep, "/organisations", form)
				if res.status != http.StatusBadRequest || res.location != "" {
					t.Fatalf("status %d, location %q; want 400 and the form again", res.status, res.location)
				}
				// The message, at the field, in the reader's language.
				msgTag := `<p class="field-error" id="` + tt.errID + `-error">`
				got, at := textOf(res.body, regexp.QuoteMeta(msgTag), "p")
				if at < 0 {
					t.Fatalf("no %s", msgTag)
				}
				if want := e.svc.Messages.Printer("sv").T(tt.key, "code", "klingon!"); got != want {
					t.Errorf("message = %q, want %q", got, want)
				}
				field := startTag(res.body, `(?:input|select)`, tt.input)
				if field == "" {
					t.Fatalf("no field with id %q", tt.input)
				}
				if v, _ := attr(field, "aria-invalid"); v != "true" {
					t.Errorf("field %s: aria-invalid = %q, want true: %s", tt.input, v, field)
				}
				if v, _ := attr(field, "aria-describedby"); !strings.Contains(" "+v+" ", " "+tt.errID+"-error ") {
					t.Errorf("field %s: aria-describedby = %q, want it to name %s-error", tt.input, v, tt.errID)
				}
				if n := strings.Count(res.body, `aria-invalid="true"`); n != 1 {
					t.Errorf("%d fields marked invalid, want 1", n)
				}
				// What was typed is kept, even when it is wrong.
				for id, want := range map[string]string{"name": form.Get("name"), "org_number": form.Get("org_number"), "other_languages": form.Get("other_languages")} {
					if v, ok := attr(startTag(res.body, "input", id), "value"); !ok || v != want {
						t.Errorf("input %s: value = %q, want %q as typed", id, v, want)
					}
				}
				if d, _ := textOf(res.body, `<textarea[^>]*id="description_sv"[^>]*>`, "textarea"); d != "Studiecirklar i svenska" {
					t.Errorf("description = %q, want it kept", d)
				}
				if sel := startTag(res.body, "input", "lang-so"); !strings.Contains(sel, " checked") {
					t.Errorf("the checked language was not kept: %s", sel)
				}
				if n := len(e.organisations()); n != 0 {
					t.Errorf("%d organisations after a refused form, want 0", n)
				}
			})
		}
	})
}

func TestOrganisationFormCreates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		rep := e.user("rep@example.org", actor.RoleMember)
		res := e.post(rep, "/organisations", orgForm(nil))
		m := regexp.MustCompile(`^/organisations/([0-9a-z]{26})\?done=created$`).FindStringSubmatch(res.location)
		if res.status != http.StatusSeeOther || m == nil {
			t.Fatalf("status %d, location %q; want 303 to the new organisation", res.status, res.location)
		}
		orgs := e.organisations()
		if len(orgs) != 1 || orgs[0].ID != m[1] || orgs[0].Name != typedName || orgs[0].OrgNumber != "802000-1577" {
			t.Fatalf("organisations = %+v, want the one created, %s", orgs, m[1])
		}
		if role := e.reload(rep.UserID).Memberships[m[1]]; role != actor.Owner {
			t.Errorf("the creator's role = %q, want owner", role)
		}
		page := e.get(rep, res.location)
		if h1, _ := textOf(page.body, `<h1>`, "h1"); page.status != http.StatusOK || h1 != typedName {
			t.Errorf("the new page: %d, <h1> %q; want 200, %q", page.status, h1, typedName)
		}
		if flash, _ := textOf(page.body, `<p class="flash" role="status">`, "p"); flash != e.msg("flash.created") {
			t.Errorf("flash = %q, want %q", flash, e.msg("flash.created"))
		}

		t.Run("a similar name asks for confirmation", func(t *testing.T) {
			form := orgForm(map[string]string{"name": `ABF "Borås" & <co>`, "org_number": ""})
			res := e.post(rep, "/organisations", form)
			if res.status != http.StatusConflict {
				t.Fatalf("status %d, want 409", res.status)
			}
			if startTag(res.body, "input", "confirm_duplicate") == "" {
				t.Error("no confirm_duplicate checkbox")
			}
			if v, _ := attr(startTag(res.body, "input", "name"), "aria-invalid"); v != "true" {
				t.Error("the name is not marked invalid")
			}
			if n := len(e.organisations()); n != 1 {
				t.Errorf("%d organisations, want still 1", n)
			}
			form.Set("confirm_duplicate", "1")
			if res := e.post(rep, "/organisations", form); res.status != http.StatusSeeOther {
				t.Errorf("confirmed: status %d, want 303", res.status)
			}
		})
	})
}

func TestActivitySearchBadFilter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tests := []struct {
			name  string
			query string
			field string
			key   string
			args  []any
		}{
			{"weekday not a number", "weekday=tisdag", "weekday", "error.range", nil},
			{"free not a boolean", "free=kanske", "free", "error.bool", nil},
			{"this week not a boolean", "this_week=ja", "this_week", "error.bool", nil},
			{"page zero", "page=0", "page", "error.range", nil},
			{"limit above the maximum", "limit=100000", "limit", "error.limit", []any{"max", catalog.MaxLimit}},
			{"latitude off the globe", "lat=91&lon=15", "lat", "error.coordinates", nil},
			{"longitude without latitude", "lon=15", "lat", "error.coordinates", nil},
			{"negative radius", "lat=57.7&lon=12.9&radius_km=-1", "radius_km", "error.range", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := e.get(actor.Anonymous("192.0.2.9"), "/activities?q=l%C3%A4xhj%C3%A4lp&"+tt.query)
				if res.status != http.StatusBadRequest {
					t.Fatalf("status %d, want 400", res.status)
				}
				alert, at := textOf(res.body, `<p class="error" role="alert">`, "p")
				if want := e.msg(tt.key, tt.args...) + " (" + tt.field + ")"; alert != want {
					t.Errorf("alert = %q, want %q", alert, want)
				}
				form := strings.Index(res.body, `<form method="get" action="/activities"`)
				if form < 0 || at < 0 || at > form {
					t.Errorf("alert at %d, search form at %d: want the message above the form", at, form)
				}
				if v, _ := attr(startTag(res.body, "input", "q"), "value"); v != "läxhjälp" {
					t.Errorf("search words = %q, want them kept", v)
				}
			})
		}
		t.Run("a good filter", func(t *testing.T) {
			res := e.get(actor.Anonymous("192.0.2.9"), "/activities?weekday=2&free=true&lat=57.7&lon=12.9&radius_km=10")
			if res.status != http.StatusOK || strings.Contains(res.body, `role="alert"`) {
				t.Errorf("status %d, alert shown %v; want 200 without", res.status, strings.Contains(res.body, `role="alert"`))
			}
		})
	})
}

func TestSignInRequired(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		orgID := e.organisation("Somaliska föreningen", nil)
		anon := actor.Anonymous("192.0.2.9")
		for _, path := range []string{
			"/organisations/new",
			"/organisations/" + orgID + "/edit",
			"/organisations/" + orgID + "/members",
			"/account",
			"/account?tab=tokens&x=a%20b",
			"/activities/new",
			"/venues/new",
			"/admin/audit",
			"/admin/import",
			"/admin/users",
			"/admin/outbox",
		} {
			t.Run("GET "+path, func(t *testing.T) {
				res := e.get(anon, path)
				if want := "/login?next=" + url.QueryEscape(path); res.status != http.StatusSeeOther || res.location != want {
					t.Fatalf("status %d, location %q; want 303 to %q", res.status, res.location, want)
				}
				// The login page carries the destination on.
				login := e.get(anon, res.location)
				if v, _ := attr(regexp.MustCompile(`<input type="hidden" name="next"[^>]*>`).FindString(login.body), "value"); v != path {
					t.Errorf("login form's next = %q, want %q", v, path)
				}
			})
		}
		for _, path := range []string{"/organisations", "/organisations/" + orgID, "/organisations/" + orgID + "/delete", "/account/tokens"} {
			t.Run("POST "+path, func(t *testing.T) {
				res := e.post(anon, path, orgForm(nil))
				if res.status != http.StatusUnauthorized || res.location != "" {
					t.Errorf("status %d, location %q; want 401 without a redirect (a POST cannot be resumed)", res.status, res.location)
				}
			})
		}
		if orgs := e.organisations(); len(orgs) != 1 || orgs[0].Name != "Somaliska föreningen" {
			t.Errorf("organisations = %+v, want the one, unchanged", orgs)
		}
	})
}

func TestOrganisationEditPermissions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		owner, editor := e.user("owner@example.org", actor.RoleMember), e.user("editor@example.org", actor.RoleMember)
		elsewhere, member := e.user("elsewhere@example.org", actor.RoleMember), e.user("member@example.org", actor.RoleMember)
		coord, admin := e.user("coord@example.org", actor.RoleCoordinator), e.user("admin@example.org", actor.RoleAdmin)
		orgID := e.organisation("Somaliska föreningen", map[string]string{owner.UserID: actor.Owner, editor.UserID: actor.Editor})
		e.organisation("Vimmerby IF", map[string]string{elsewhere.UserID: actor.Editor})
		tests := []struct {
			name string
			who  actor.Actor
			id   string
			want int
		}{
			{"owner", e.reload(owner.UserID), orgID, http.StatusOK},
			{"editor", e.reload(editor.UserID), orgID, http.StatusOK},
			{"coordinator", coord, orgID, http.StatusOK},
			{"admin", admin, orgID, http.StatusOK},
			{"editor of another organisation", e.reload(elsewhere.UserID), orgID, http.StatusForbidden},
			{"member without membership", member, orgID, http.StatusForbidden},
			{"unknown organisation", admin, "no-such-org", http.StatusNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := e.get(tt.who, "/organisations/"+tt.id+"/edit")
				if res.status != tt.want {
					t.Fatalf("status %d, want %d", res.status, tt.want)
				}
				switch tt.want {
				case http.StatusOK:
					if v, _ := attr(startTag(res.body, "input", "name"), "value"); v != "Somaliska föreningen" {
						t.Errorf("the form's name = %q, want the organisation's", v)
					}
				case http.StatusForbidden:
					if p, _ := textOf(res.body, `<p>`, "p"); p != e.msg("error.forbidden") {
						t.Errorf("error page says %q, want %q", p, e.msg("error.forbidden"))
					}
					if startTag(res.body, "input", "name") != "" {
						t.Error("the form is shown to someone who may not edit")
					}
				}
			})
		}
		t.Run("a refused save writes nothing", func(t *testing.T) {
			res := e.post(e.reload(elsewhere.UserID), "/organisations/"+orgID, orgForm(map[string]string{"name": "Kapad förening", "org_number": ""}))
			if res.status != http.StatusForbidden {
				t.Errorf("status %d, want 403", res.status)
			}
			if o, _ := e.svc.Orgs.FindOrganisationByID(t.Context(), orgID); o.Name != "Somaliska föreningen" {
				t.Errorf("name = %q, want it unchanged", o.Name)
			}
		})
	})
}

func TestPageLanguageAndDirection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tests := []struct {
			lang, dir string
		}{
			{"sv", "ltr"}, {"en", "ltr"}, {"ar", "rtl"}, {"so", "ltr"}, {"ti", "ltr"}, {"fa", "rtl"}, {"prs", "rtl"}, {"uk", "ltr"},
		}
		for _, tt := range tests {
			// The search pages name spoken languages in the page's language
			// (a Dari page once failed there: CLDR has no Dari names).
			for _, path := range []string{"/", "/organisations/no-such-org", "/activities", "/organisations"} {
				t.Run(tt.lang+" "+path, func(t *testing.T) {
					res := e.serve(actor.Anonymous("192.0.2.9"), tt.lang, httptest.NewRequest(http.MethodGet, path, nil))
					if res.status >= 500 {
						t.Fatalf("%s in %s: %d", path, tt.lang, res.status)
					}
					tag := htmlTag(res.body)
					if l, _ := attr(tag, "lang"); l != tt.lang {
						t.Errorf("<html> lang = %q, want %q: %s", l, tt.lang, tag)
					}
					if dir, _ := attr(tag, "dir"); dir != tt.dir {
						t.Errorf("<html> dir = %q, want %q: %s", dir, tt.dir, tag)
					}
				})
			}
		}
		t.Run("the Arabic switcher marks each language", func(t *testing.T) {
			res := e.serve(actor.Anonymous("192.0.2.9"), "ar", httptest.NewRequest(http.MethodGet, "/", nil))
			sv := regexp.MustCompile(`<a href="[^"]*lang=sv"[^>]*>`).FindString(res.body)
			if l, _ := attr(sv, "lang"); l != "sv" {
				t.Errorf("link to Swedish has lang %q, want sv: %s", l, sv)
			}
			ar := regexp.MustCompile(`<a href="[^"]*lang=ar"[^>]*>`).FindString(res.body)
			if c, _ := attr(ar, "aria-current"); c != "true" {
				t.Errorf("link to Arabic: aria-current %q, want true: %s", c, ar)
			}
		})
	})
}

func TestLoginRedirectStaysOnSite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := e.svc.Accounts.CreateUser(t.Context(), e.sys, account.NewUser{Email: "k@example.org", Name: "K", Password: "rödbetor i fönstret"}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, next, want string
		}{
			{"a page here", "/organisations?verified=true", "/organisations?verified=true"},
			{"nothing", "", "/"},
			{"scheme-relative", "//evil.example/", "/"},
			{"backslash", `/\evil.example`, "/"},
			{"absolute", "https://evil.example/", "/"},
			{"relative", "evil.example", "/"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res := e.post(actor.Anonymous("192.0.2.9"), "/login", url.Values{"email": {"k@example.org"}, "password": {"rödbetor i fönstret"}, "next": {tt.next}})
				if res.status != http.StatusSeeOther || res.location != tt.want {
					t.Errorf("status %d, location %q; want 303 to %q", res.status, res.location, tt.want)
				}
			})
		}
		t.Run("wrong password keeps next in the form", func(t *testing.T) {
			res := e.post(actor.Anonymous("192.0.2.10"), "/login", url.Values{"email": {"k@example.org"}, "password": {"fel"}, "next": {"/account"}})
			next, _ := attr(regexp.MustCompile(`<input type="hidden" name="next"[^>]*>`).FindString(res.body), "value")
			if res.status != http.StatusUnauthorized || next != "/account" {
				t.Errorf("status %d, next %q; want 401 and /account", res.status, next)
			}
		})
	})
}
