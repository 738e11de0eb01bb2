package i18n

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// These tests hold every catalogue to the rules in docs/TRANSLATING.md.

// placeholder matches anything in braces, so that a translated or misspelt
// placeholder name ({nombre}, {الاسم}, { name}) counts as a different one.
var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// placeholders returns the distinct placeholders of a message, sorted, and
// whether the message has a brace outside a placeholder.
func placeholders(msg string) ([]string, bool) {
	set := map[string]bool{}
	for _, p := range placeholder.FindAllString(msg, -1) {
		set[p] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	rest := placeholder.ReplaceAllString(msg, "")
	return out, strings.ContainsAny(rest, "{}")
}

func TestEveryKeyHasAClass(t *testing.T) {
	c := MustLoad()
	for _, k := range c.Keys(Default) {
		if ClassOf(k) == Unclassified {
			t.Errorf("key %q: prefix is neither public nor signed-in; add it to publicPrefixes or signedInPrefixes in class.go", k)
		}
	}
}

// TestRequiredKeysPresent: en and ar hold every Swedish key; so, ti, fa,
// prs and uk hold every public one. A plural message is one message: a
// language holds it when it has every form its plural rules use.
func TestRequiredKeysPresent(t *testing.T) {
	c := MustLoad()
	for _, l := range Languages {
		if l.Code == Default {
			continue
		}
		missing := 0
		for _, k := range messages(c) {
			if !Required(l.Code, k) {
				continue
			}
			for _, want := range requiredKeys(c, l.Code, k) {
				if !c.Has(l.Code, want) {
					missing++
					t.Errorf("%s lacks %q (%s class)", l.Code, want, className(k))
				}
			}
		}
		if missing > 0 {
			t.Logf("%s: %d required keys missing", l.Code, missing)
		}
	}
}

// messages lists the Swedish catalogue's messages: its keys, with the
// forms of a plural message counted once, by the message's key.
func messages(c *Catalog) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range c.Keys(Default) {
		base, _ := c.PluralBase(k)
		if !seen[base] {
			seen[base] = true
			out = append(out, base)
		}
	}
	return out
}

// requiredKeys are the catalogue keys a language needs for a message: the
// key itself, or the forms of a plural message the language's rules use.
func requiredKeys(c *Catalog, lang, msg string) []string {
	if !c.IsPlural(msg) {
		return []string{msg}
	}
	var out []string
	for _, f := range RequiredPluralForms(lang) {
		out = append(out, msg+"."+f)
	}
	return out
}

// swedishFor returns the Swedish message a key of lang translates: the
// same key, or for a plural form the Swedish "other" form; and whether the
// key is a known one at all (a plural form the language does not use is
// not).
func swedishFor(c *Catalog, lang, key string) (string, bool) {
	if sv, ok := c.msgs[Default][key]; ok {
		return sv, true
	}
	base, form := c.PluralBase(key)
	if form == "" {
		return "", false
	}
	for _, f := range RequiredPluralForms(lang) {
		if f == form {
			return c.msgs[Default][base+".other"], true
		}
	}
	return "", false
}

func TestPluralMessages(t *testing.T) {
	c := MustLoad()
	if !c.IsPlural("orgs.count") || c.IsPlural("sector") || c.IsPlural("orgs.count.one") {
		t.Fatal("orgs.count is not read as the one plural message, or sector.other is taken for one")
	}
	for _, tt := range []struct {
		lang  string
		forms string
	}{
		{"sv", "one other"}, {"en", "one other"}, {"ar", "zero one two few many other"},
		{"so", "one other"}, {"ti", "one other"}, {"fa", "one other"}, {"prs", "one other"},
		{"uk", "one few many other"},
	} {
		if got := strings.Join(RequiredPluralForms(tt.lang), " "); got != tt.forms {
			t.Errorf("%s: plural forms %q, want %q", tt.lang, got, tt.forms)
		}
	}
	if got := requiredKeys(c, "uk", "orgs.count"); strings.Join(got, " ") != "orgs.count.one orgs.count.few orgs.count.many orgs.count.other" {
		t.Errorf("Ukrainian needs %v of orgs.count", got)
	}
	if _, ok := swedishFor(c, "sv", "orgs.count.few"); ok {
		t.Error("a Swedish few form passes as a known key")
	}
	if _, ok := swedishFor(c, "uk", "orgs.count.other"); !ok {
		t.Error("the Ukrainian other form is not a known key")
	}
}

func className(k string) string {
	switch ClassOf(k) {
	case PublicClass:
		return "public"
	case SignedInClass:
		return "signed-in"
	}
	return "unclassified"
}

func TestRequiredCoverage(t *testing.T) {
	// Required itself: the complete languages need signed-in keys, the
	// others only public ones.
	for _, tt := range []struct {
		lang, key string
		want      bool
	}{
		{"en", "account.heading", true},
		{"ar", "account.heading", true},
		{"so", "account.heading", false},
		{"prs", "nav.login", true},
		{"uk", "mail.login.body", true},
		{"ti", "error.internal", true},
		{"fa", "flash.saved", true},
		{"de", "nav.login", false},
	} {
		if got := Required(tt.lang, tt.key); got != tt.want {
			t.Errorf("Required(%q, %q) = %v, want %v", tt.lang, tt.key, got, tt.want)
		}
	}
}

func TestNoStaleKeys(t *testing.T) {
	c := MustLoad()
	for _, l := range Languages {
		for _, k := range c.Keys(l.Code) {
			if _, ok := swedishFor(c, l.Code, k); !ok {
				t.Errorf("%s has key %q that Swedish does not have (or a plural form the language does not use): remove it", l.Code, k)
			}
		}
	}
}

func TestNoEmptyMessages(t *testing.T) {
	c := MustLoad()
	for _, l := range Languages {
		for _, k := range c.Keys(l.Code) {
			if strings.TrimSpace(c.msgs[l.Code][k]) == "" {
				t.Errorf("%s %q is empty: translate it or remove the key (Swedish is shown instead)", l.Code, k)
			}
		}
	}
}

// TestPlaceholdersMatchSwedish: a translation has the Swedish message's
// placeholders; a plural form has those of the Swedish "other" form, and a
// form that stands for one number only (Arabic zero, one, two) may write
// the number as a word and leave out {count}.
func TestPlaceholdersMatchSwedish(t *testing.T) {
	c := MustLoad()
	for _, l := range Languages {
		for _, k := range c.Keys(l.Code) {
			sv, ok := swedishFor(c, l.Code, k)
			if !ok {
				continue // TestNoStaleKeys reports it
			}
			want, _ := placeholders(sv)
			got, stray := placeholders(c.msgs[l.Code][k])
			if _, form := c.PluralBase(k); form != "" && SingleNumberForm(l.Code, form) && !contains(got, "{count}") {
				got = append(got, "{count}")
				sort.Strings(got)
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s %q: placeholders %v, Swedish has %v", l.Code, k, got, want)
			}
			if _, svStray := placeholders(sv); stray && !svStray {
				t.Errorf("%s %q: a brace outside a placeholder: %q", l.Code, k, c.msgs[l.Code][k])
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestPlaceholderCheckCatchesMistakes keeps the placeholder rule honest.
func TestPlaceholderCheckCatchesMistakes(t *testing.T) {
	want, _ := placeholders("Hej {name}! {link}")
	for _, bad := range []string{"Hello! {link}", "Hello {name}! {link} {org}", "Hello {nombre}! {link}", "Hello {الاسم}! {link}", "Hello { name}! {link}"} {
		if got, _ := placeholders(bad); strings.Join(got, " ") == strings.Join(want, " ") {
			t.Errorf("%q passes as having the placeholders of the Swedish message", bad)
		}
	}
	if _, stray := placeholders("Hello {name! {link}"); !stray {
		t.Error("an unclosed brace is not caught")
	}
	if got, _ := placeholders("{link} – {name}, {link}"); strings.Join(got, " ") != "{link} {name}" {
		t.Errorf("placeholders = %v", got)
	}
}

// publicTemplates are the pages a visitor sees without signing in. The
// handlers behind them do not call requireSignIn.
var publicTemplates = []string{"layout", "home", "organisations", "organisation", "activities", "activity",
	"venue", "sheet", "login", "login_link", "invitation", "confirm", "error", "embed", "harvest", "wall", "partials/note_fields", "search",
	"report", "series_report"}

// editorTools are keys of the signed-in class that public pages show only to
// a signed-in editor: the tools on the organisation and activity pages.
var editorTools = map[string]bool{
	"actform.archive":     true,
	"actform.new_title":   true,
	"members.title":       true,
	"venueform.new_title": true,
}

// TestPublicTemplatesUsePublicKeys: a key a public page shows to everyone
// belongs to the public class, so that the coverage test above covers what
// visitors read.
func TestPublicTemplatesUsePublicKeys(t *testing.T) {
	literal := regexp.MustCompile(`\.T "([a-z_]+\.[a-z_.0-9]+)"`)
	dynamic := regexp.MustCompile(`\.T \(print "([a-z_]+)\.`)
	for _, name := range publicTemplates {
		p := filepath.Join("..", "web", "templates", name+".html")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("public template %s: %v (update publicTemplates in this test)", name, err)
			continue
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			if !Public(m[1]) && !editorTools[m[1]] {
				t.Errorf("%s uses %q, which is not in the public class", p, m[1])
			}
		}
		for _, m := range dynamic.FindAllStringSubmatch(string(b), -1) {
			if !Public(m[1] + ".x") {
				t.Errorf("%s builds keys with prefix %q, which is not in the public class", p, m[1])
			}
		}
	}
}

// TestCatalogueFormat keeps the files as Weblate and the scripts write
// them: one object, keys sorted, one space of indent, UTF-8 unescaped, so
// that a diff shows only the messages that changed.
func TestCatalogueFormat(t *testing.T) {
	for _, p := range CatalogueFiles() {
		b, err := ReadCatalogueFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", " ")
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
		if want := bytes.TrimSuffix(buf.Bytes(), []byte("\n")); !bytes.Equal(bytes.TrimSuffix(b, []byte("\n")), want) {
			t.Errorf("%s is not sorted with a one-space indent; rewrite it as docs/TRANSLATING.md shows", p)
		}
	}
}
