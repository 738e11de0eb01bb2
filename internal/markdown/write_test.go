package markdown_test

import (
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/markdown"
)

// hostile are texts people type (names of organisations, obstacles from
// group work) that would be Markdown syntax if written as they are.
var hostile = []string{
	"# Inte en rubrik",
	"Rubrik\n===",
	"| a | b |",
	"* inte en lista",
	"- inte heller",
	"1. inte numrerad",
	"> inte ett citat",
	"[länk](javascript:alert(1))",
	"<script>alert(1)</script>",
	"Föreningen &amp; vänner",
	"`kod` och **fet** och _kursiv_ och ~~struken~~",
	"www.example.org och https://example.org/x",
	"---",
	"    fyra blanksteg",
	`bak\snedstreck\`,
	"ABF | Studieförbund",
	"!important [x]: https://ref.example",
	"تعاون بين القطاعات: ٤٢٪",
	"tab\there",
}

// TestEscapeIsLiteral renders every hostile text written by Escape and
// Doc and requires back exactly its characters and no markup.
func TestEscapeIsLiteral(t *testing.T) {
	for _, s := range hostile {
		want := strings.Join(strings.Fields(s), " ")
		var d markdown.Doc
		d.Paragraph(strings.ReplaceAll(s, "\n", " "))
		p := parse(t, string(markdown.Render(d.String(), 2)))
		if len(p.tags) != 1 || p.tags[0] != "p" {
			t.Errorf("%q became %v", s, p.tags)
		}
		if got := strings.Join(strings.Fields(p.text), " "); got != want {
			t.Errorf("%q rendered as %q", s, got)
		}
	}
}

func TestDocBlocks(t *testing.T) {
	var d markdown.Doc
	d.Heading(1, "Dialogdag # Ronneby")
	d.Paragraph("Första raden\nandra raden\n\nNytt stycke med *stjärna*")
	d.List("Hinder: språk | tid", "Möjlighet: [samverkan]")
	d.Table([]string{"Sektor", "Antal", "Andel"}, [][]string{
		{"Ideell | förening", "42", "42 %"},
		{"Offentlig\nsektor", "51", "51 %"},
		{"Näringsliv", "7"}, // short row
	})
	d.Heading(9, "level clamped")
	md := d.String()
	if !strings.Contains(md, "| ---: |") || !strings.Contains(md, "| --- | ---: | ---: |") {
		t.Errorf("numeric columns not right-aligned:\n%s", md)
	}
	p := parse(t, string(markdown.Render(md, 1)))
	count := map[string]int{}
	for _, tag := range p.tags {
		count[tag]++
	}
	for tag, n := range map[string]int{"h2": 1, "h6": 1, "p": 2, "br": 1, "ul": 1, "li": 2, "table": 1, "tr": 4, "th": 3, "td": 9, "em": 0, "a": 0} {
		if count[tag] != n {
			t.Errorf("%d <%s>, want %d; tags %v\n%s", count[tag], tag, n, p.tags, md)
		}
	}
	for _, want := range []string{"Dialogdag # Ronneby", "*stjärna*", "språk | tid", "[samverkan]", "Ideell | förening", "Offentlig sektor"} {
		if !strings.Contains(p.text, want) {
			t.Errorf("text lacks %q: %q", want, p.text)
		}
	}
}

func TestDocEmpty(t *testing.T) {
	var d markdown.Doc
	d.Paragraph("\n\n  \n")
	d.List()
	d.Table(nil, [][]string{{"x"}})
	if d.String() != "" {
		t.Errorf("empty blocks wrote %q", d.String())
	}
}
