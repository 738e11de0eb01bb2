package markdown

import (
	"strconv"
	"strings"
	"unicode"
)

// Escape returns s as literal inline Markdown: whatever it holds — "#",
// "|", "*", "[x](…)", "<script>", "&amp;", a bare web address — renders as
// the same characters, never as syntax. Every ASCII punctuation character
// is backslash-escaped (CommonMark allows that for each one, so the rule
// needs no list that a new extension could outgrow); line breaks and
// control characters become spaces, since inline text is one line.
func Escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for _, r := range s {
		switch {
		case r < 0x80 && unicode.IsPunct(r) || r < 0x80 && unicode.IsSymbol(r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case unicode.IsControl(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Doc builds a Markdown document (a report) from text that is never
// syntax: headings, paragraphs, lists and tables take plain strings and
// escape them.
type Doc struct{ b strings.Builder }

func (d *Doc) block(s string) {
	if d.b.Len() > 0 {
		d.b.WriteString("\n")
	}
	d.b.WriteString(s)
	d.b.WriteString("\n")
}

// line is one line of inline text: escaped, outer spaces trimmed (four
// leading spaces would start a code block).
func line(s string) string { return strings.TrimSpace(Escape(s)) }

// Heading adds a heading of level 1–6 (clamped).
func (d *Doc) Heading(level int, text string) {
	d.block(strings.Repeat("#", max(1, min(level, 6))) + " " + line(text))
}

// Paragraph adds text as paragraphs: its line breaks stay line breaks, an
// empty line starts a new paragraph.
func (d *Doc) Paragraph(text string) {
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		var lines []string
		for _, l := range strings.Split(p, "\n") {
			if l = line(l); l != "" {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			// A backslash at the end of a line is CommonMark's hard break.
			paras = append(paras, strings.Join(lines, "\\\n"))
		}
	}
	if len(paras) > 0 {
		d.block(strings.Join(paras, "\n\n"))
	}
}

// List adds a bulleted list, one line per item.
func (d *Doc) List(items ...string) {
	if len(items) == 0 {
		return
	}
	var b strings.Builder
	for _, it := range items {
		b.WriteString("- " + line(it) + "\n")
	}
	d.block(strings.TrimSuffix(b.String(), "\n"))
}

// Table adds a table (GitHub's syntax). A column whose cells are all
// numbers is right-aligned, as counts are read. Short rows are padded;
// cells past the header are dropped.
func (d *Doc) Table(header []string, rows [][]string) {
	if len(header) == 0 {
		return
	}
	cell := func(s string) string {
		if s = line(s); s == "" {
			return " "
		}
		return s
	}
	numeric := make([]bool, len(header))
	for i := range header {
		numeric[i] = len(rows) > 0
		for _, r := range rows {
			if i < len(r) && !isNumber(r[i]) {
				numeric[i] = false
			}
		}
	}
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("|")
		for i := range header {
			v := ""
			if i < len(cells) {
				v = cells[i]
			}
			b.WriteString(" " + cell(v) + " |")
		}
		b.WriteString("\n")
	}
	row(header)
	b.WriteString("|")
	for i := range header {
		if numeric[i] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		row(r)
	}
	d.block(strings.TrimSuffix(b.String(), "\n"))
}

func isNumber(s string) bool {
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	s = strings.TrimSpace(s)
	_, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	return s != "" && err == nil
}

// String returns the document.
func (d *Doc) String() string { return d.b.String() }
