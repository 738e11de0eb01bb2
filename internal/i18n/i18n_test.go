package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// usedKeys collects message keys from templates and Go source: literal
// {{.T "key"}} calls, apperr keys, and the dynamic families built with print.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	tplKey := regexp.MustCompile(`\.T "([a-z_]+\.[a-z_.]+)"`)
	goKey := regexp.MustCompile(`"((?:error|mail|flash)\.[a-z_.]+)"`)
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		var re *regexp.Regexp
		switch {
		case strings.HasSuffix(p, ".html"):
			re = tplKey
		case strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go"):
			re = goKey
		default:
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestSwedishAndEnglishAreComplete(t *testing.T) {
	c := MustLoad()
	for key, where := range usedKeys(t) {
		for _, lang := range []string{"sv", "en"} {
			if !c.Printer(lang).Has(key) {
				t.Errorf("%s: key %q (used in %s) missing", lang, key, where)
			}
		}
	}
	sv, en := c.Keys("sv"), c.Keys("en")
	if strings.Join(sv, ",") != strings.Join(en, ",") {
		for _, k := range sv {
			if !c.Has("en", k) {
				t.Errorf("en lacks %q", k)
			}
		}
		for _, k := range en {
			if !c.Has("sv", k) {
				t.Errorf("sv lacks %q", k)
			}
		}
	}
	// Dynamic families: every value the code can produce has a message.
	for _, fam := range []struct {
		prefix string
		values []string
	}{
		{"role.", []string{"admin", "coordinator", "member", "owner", "editor"}},
		{"flash.", []string{"created", "saved", "deleted", "verified", "unverified", "invited", "removed", "signed_in", "signed_out", "signed_out_all", "joined", "revoked"}},
	} {
		for _, v := range fam.values {
			for _, lang := range []string{"sv", "en"} {
				if !c.Has(lang, fam.prefix+v) {
					t.Errorf("%s lacks %s%s", lang, fam.prefix, v)
				}
			}
		}
	}
}

func TestFallbackAndMatching(t *testing.T) {
	c := MustLoad()
	tests := []struct {
		name, lang, key, want string
	}{
		{"Swedish", "sv", "nav.login", "Logga in"},
		{"English", "en", "nav.login", "Sign in"},
		{"unsupported language is Swedish", "de", "nav.login", "Logga in"},
		{"placeholder", "en", "orgs.count", "3 results"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.Printer(tt.lang).T(tt.key, "count", 3); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	// A key missing in a partial catalogue falls back to Swedish, not the key.
	for _, l := range Languages {
		if got := c.Printer(l.Code).T("error.org_number_check"); got == "error.org_number_check" || got == "" {
			t.Errorf("%s shows the key", l.Code)
		}
	}
	for header, want := range map[string]string{"": "sv", "ar-SA,ar;q=0.9": "ar", "so": "so", "ti-ER": "ti", "fa-AF": "fa", "uk-UA": "uk", "nb-NO": "sv", "en-GB": "en"} {
		if got := c.Match(header); got != want {
			t.Errorf("Match(%q) = %q, want %q", header, got, want)
		}
	}
	if l, _ := Find("ar"); l.Dir() != "rtl" {
		t.Error("Arabic is not right-to-left")
	}
}
