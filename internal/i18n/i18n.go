// Package i18n holds samverkan's message catalogues and picks the language
// for a request. Each language has one JSON file of the core messages,
// catalog/<code>.json, and one per component that keeps its own messages
// (catalog/<component>/<code>.json, e.g. catalog/events/sv.json), so that a
// domain's texts are reviewed, and changed, apart from the others'. Swedish is the source
// language: a message missing in another catalogue falls back to Swedish,
// never to its key.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed catalog
var files embed.FS

// Default is the language used when nothing else is known.
const Default = "sv"

// Lang describes one supported language.
type Lang struct {
	Code   string // BCP 47 tag, also the catalogue's file name
	Native string // the language's own name, shown in the switcher
	RTL    bool
}

// Dir is the value for the HTML dir attribute.
func (l Lang) Dir() string {
	if l.RTL {
		return "rtl"
	}
	return "ltr"
}

// Languages are the supported languages, in switcher order. Swedish, English
// and Arabic must be complete; the others must cover the public class (see
// Public) and fall back to Swedish for a missing message. docs/TRANSLATING.md
// tells how to add or review one.
var Languages = []Lang{
	{Code: "sv", Native: "Svenska"},
	{Code: "en", Native: "English"},
	{Code: "ar", Native: "العربية", RTL: true},
	{Code: "so", Native: "Soomaali"},
	{Code: "ti", Native: "ትግርኛ"},
	{Code: "fa", Native: "فارسی", RTL: true},
	{Code: "prs", Native: "دری", RTL: true},
	{Code: "uk", Native: "Українська"},
}

// Find returns the language with the code, and whether it is supported.
func Find(code string) (Lang, bool) {
	for _, l := range Languages {
		if l.Code == code {
			return l, true
		}
	}
	return Lang{}, false
}

// Catalog holds every language's messages.
type Catalog struct {
	msgs    map[string]map[string]string
	plural  map[string]bool // the keys of plural messages (see Printer.Lookup)
	matcher language.Matcher
	num     map[string]*message.Printer
}

// Load reads the embedded catalogues. A key defined in two files of one
// language is an error: each message has one home.
func Load() (*Catalog, error) {
	msgs := map[string]map[string]string{}
	for _, l := range Languages {
		msgs[l.Code] = map[string]string{}
	}
	for _, p := range CatalogueFiles() {
		code := strings.TrimSuffix(path.Base(p), ".json")
		all, ok := msgs[code]
		if !ok {
			return nil, fmt.Errorf("catalogue %s: no supported language %q", p, code)
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", p, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", p, err)
		}
		for k, v := range m {
			if _, dup := all[k]; dup {
				return nil, fmt.Errorf("catalogue %s: key %q is also in another %s file", p, k, code)
			}
			all[k] = v
		}
	}
	return FromMessages(msgs), nil
}

// FromMessages makes a catalogue of the messages given, by language code
// and key: Load's, or a test's (a language lacking a key, to see the
// fallback). Languages not given have no messages of their own.
func FromMessages(msgs map[string]map[string]string) *Catalog {
	c := &Catalog{msgs: map[string]map[string]string{}, num: map[string]*message.Printer{}}
	tags := make([]language.Tag, 0, len(Languages))
	for _, l := range Languages {
		c.msgs[l.Code] = map[string]string{}
		for k, v := range msgs[l.Code] {
			c.msgs[l.Code][k] = v
		}
		tags = append(tags, language.MustParse(l.Code))
		c.num[l.Code] = message.NewPrinter(numberTag(l.Code))
	}
	c.matcher = language.NewMatcher(tags)
	c.plural = pluralKeys(c.msgs[Default])
	return c
}

// Messages returns a copy of every language's messages, for a test that
// changes some and makes a catalogue of them with FromMessages.
func (c *Catalog) Messages() map[string]map[string]string {
	out := map[string]map[string]string{}
	for code, m := range c.msgs {
		out[code] = map[string]string{}
		for k, v := range m {
			out[code][k] = v
		}
	}
	return out
}

// CatalogueFiles lists the embedded catalogue files: catalog/<code>.json
// and catalog/<component>/<code>.json, sorted.
func CatalogueFiles() []string {
	var out []string
	_ = fs.WalkDir(files, "catalog", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			out = append(out, p)
		}
		return err
	})
	sort.Strings(out)
	return out
}

// ReadCatalogueFile returns one embedded catalogue file, for the tests that
// hold its format.
func ReadCatalogueFile(p string) ([]byte, error) { return files.ReadFile(p) }

// MustLoad is Load for program start and tests, where a broken embedded
// catalogue is a build error.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Keys returns the message keys of a language, sorted.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.msgs[lang]))
	for k := range c.msgs[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether the language's catalogue has the key itself.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// Match picks a supported language from an Accept-Language header.
func (c *Catalog) Match(acceptLanguage string) string {
	if acceptLanguage == "" {
		return Default
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return Languages[idx].Code
}

// Printer formats messages in one language.
type Printer struct {
	Lang Lang
	c    *Catalog
}

// Printer returns a printer for the language code (Swedish if unsupported).
func (c *Catalog) Printer(code string) *Printer {
	l, ok := Find(code)
	if !ok {
		l, _ = Find(Default)
	}
	return &Printer{Lang: l, c: c}
}

// T translates key; args are name/value pairs filling {name} placeholders.
// A plural message (see Lookup) picks its form by the "count" argument.
// Numbers are written as the language writes them (Number).
func (p *Printer) T(key string, args ...any) string {
	text, _ := p.Lookup(key, args...)
	return Fill(text, func(name string) (string, bool) {
		v, ok := Arg(args, name)
		if !ok {
			return "", false
		}
		return p.Value(v), true
	})
}

// Lookup returns the message for key with its placeholders still in, and
// the language it is written in: the printer's, or Swedish (then English)
// where the printer's catalogue lacks the key, so that a page can mark the
// fallback with its own lang and dir.
//
// A plural message is a key the Swedish catalogue defines only in forms,
// key.one and key.other (and, in other languages, key.zero, key.two,
// key.few, key.many as CLDR's plural rules for the language use them).
// The "count" argument picks the form; a language lacking that form uses
// its key.other, and one lacking the message altogether falls back to
// Swedish, with the Swedish form for the count.
func (p *Printer) Lookup(key string, args ...any) (string, Lang) {
	langs := []string{p.Lang.Code, Default, "en"}
	if p.c.plural[key] {
		n, _ := Arg(args, "count")
		for _, code := range langs {
			m := p.c.msgs[code]
			if s, ok := m[key+"."+PluralForm(code, toInt(n))]; ok {
				return s, mustFind(code)
			}
			if s, ok := m[key+".other"]; ok {
				return s, mustFind(code)
			}
		}
	}
	for _, code := range langs {
		if s, ok := p.c.msgs[code][key]; ok {
			return s, mustFind(code)
		}
	}
	// A missing Swedish key is caught by the catalogue test; at run time
	// show something readable rather than nothing.
	return key, mustFind("en")
}

func mustFind(code string) Lang {
	l, _ := Find(code)
	return l
}

// Arg returns the value of the named argument among name/value pairs.
func Arg(args []any, name string) (any, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if fmt.Sprint(args[i]) == name {
			return args[i+1], true
		}
	}
	return nil, false
}

// Fill replaces each {name} placeholder of text by value(name); a
// placeholder without a value is left as it is.
func Fill(text string, value func(name string) (string, bool)) string {
	if !strings.Contains(text, "{") {
		return text
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			break
		}
		v, ok := value(text[i+1 : i+j])
		if !ok {
			v = text[i : i+j+1]
		}
		b.WriteString(text[:i])
		b.WriteString(v)
		text = text[i+j+1:]
	}
	b.WriteString(text)
	return b.String()
}

// Known reports whether the key is a message at all: Swedish, the source,
// defines it (a plural message by its forms).
func (p *Printer) Known(key string) bool {
	return p.c.plural[key] || p.c.Has(Default, key)
}

// Has reports whether the printer's own language has the key (no fallback);
// for a plural message, whether it has the message's other form.
func (p *Printer) Has(key string) bool {
	if p.c.plural[key] {
		return p.c.Has(p.Lang.Code, key+".other")
	}
	return p.c.Has(p.Lang.Code, key)
}
