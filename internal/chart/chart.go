// Package chart draws the charts of reports as tables: participants per
// sector for one event, or per event side by side for a series (issue 13:
// "a chart that is also a table, readable without JavaScript"). The
// numbers are a real <table> — caption, column and row headers, counts,
// percentages — so a screen reader, a printout and a copy into a
// spreadsheet all get them; the bar in each share cell is a picture of the
// same number, an inline SVG hidden from assistive technology.
//
// The bars are drawn with SVG attributes (width, x, fill), not style
// attributes: the CSP is style-src 'self' (internal/server/server.go), and
// SVG fills print without the browser's "print backgrounds" setting. A
// bar is the share of its own series, against a light track for 100 %,
// so events of different sizes compare by their mix; the counts stand
// beside it. Right-to-left pages draw the bars from the right (Chart.RTL).
//
// Percentages are whole numbers that add up to 100 in every series
// (largest remainders), since report readers add columns up.
package chart

import (
	"bytes"
	"html/template"
	"strconv"
)

// Series is one column of counts, aligned with Chart.Labels: one event of
// a series, or the only one.
type Series struct {
	Name   string
	Counts []int
}

// Chart is a titled table of labelled counts in one or more series.
type Chart struct {
	Caption     string // what the table shows, e.g. "Participants per sector"
	LabelHeader string // the first column's header, e.g. "Sector"
	CountHeader string // e.g. "Participants"
	ShareHeader string // e.g. "Share"
	TotalLabel  string // the footer row's header; empty: no total row
	Labels      []string
	Series      []Series
	RTL         bool             // bars grow from the right
	Percent     func(int) string // a percentage in the reader's notation; nil: "42%"
}

// Cell is one series' value in a row.
type Cell struct {
	Count   int
	Percent int     // whole percent; a series' percentages add up to 100
	Share   float64 // exact share, 0–1
}

// Row is one label's cells, one per series.
type Row struct {
	Label string
	Cells []Cell
}

// Rows computes the table: one row per label, one cell per series.
// Missing counts are 0, negative ones count as 0.
func (c Chart) Rows() []Row {
	rows := make([]Row, len(c.Labels))
	for i, l := range c.Labels {
		rows[i] = Row{Label: l, Cells: make([]Cell, len(c.Series))}
	}
	for j, s := range c.Series {
		counts := make([]int, len(c.Labels))
		for i := range counts {
			if i < len(s.Counts) && s.Counts[i] > 0 {
				counts[i] = s.Counts[i]
			}
		}
		total := sum(counts)
		pct := percents(counts)
		for i, n := range counts {
			cell := Cell{Count: n, Percent: pct[i]}
			if total > 0 {
				cell.Share = float64(n) / float64(total)
			}
			rows[i].Cells[j] = cell
		}
	}
	return rows
}

// Totals is each series' total.
func (c Chart) Totals() []int {
	out := make([]int, len(c.Series))
	for _, row := range c.Rows() {
		for j, cell := range row.Cells {
			out[j] += cell.Count
		}
	}
	return out
}

func sum(v []int) int {
	t := 0
	for _, n := range v {
		t += n
	}
	return t
}

// percents rounds shares to whole percents that add up to 100 (largest
// remainder method; ties to the earlier label), or all 0 for no counts.
func percents(counts []int) []int {
	total := sum(counts)
	out := make([]int, len(counts))
	if total == 0 {
		return out
	}
	left := 100
	rem := make([]int, len(counts))
	for i, n := range counts {
		out[i] = n * 100 / total
		rem[i] = n * 100 % total
		left -= out[i]
	}
	for ; left > 0; left-- {
		best := -1
		for i := range rem {
			if rem[i] > 0 && (best < 0 || rem[i] > rem[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		out[best]++
		rem[best] = 0
	}
	return out
}

// Cells is the same table as text, header first, for the report's
// Markdown (markdown.Doc.Table) and XLSX (tabular): one count and one
// share column per series.
func (c Chart) Cells() (header []string, rows [][]string) {
	header = []string{c.LabelHeader}
	for _, s := range c.Series {
		name := ""
		if len(c.Series) > 1 {
			name = s.Name + ": "
		}
		header = append(header, name+c.CountHeader, name+c.ShareHeader)
	}
	for _, r := range c.Rows() {
		line := []string{r.Label}
		for _, cell := range r.Cells {
			line = append(line, strconv.Itoa(cell.Count), c.percent(cell.Percent))
		}
		rows = append(rows, line)
	}
	if c.TotalLabel != "" {
		line := []string{c.TotalLabel}
		for _, t := range c.Totals() {
			line = append(line, strconv.Itoa(t), c.percent(map[bool]int{true: 100}[t > 0]))
		}
		rows = append(rows, line)
	}
	return header, rows
}

func (c Chart) percent(p int) string {
	if c.Percent != nil {
		return c.Percent(p)
	}
	return strconv.Itoa(p) + "%"
}

// palette colours the series: dark enough against white and the track
// (at least 3:1, WCAG's non-text contrast) and told apart by people with
// the common colour-vision deficiencies (Okabe–Ito, darkened). Colour is
// never the only cue: each series has its own named columns.
var palette = []string{"#1f4e79", "#a6501a", "#1b6e54", "#7a3d7a", "#5c5c00", "#8a2433", "#005f73", "#4d4d4d"}

// track is the bar's 100 %: light, yet visible on paper.
const track = "#e3e6ea"

// BarWidth is a bar's full width in CSS pixels.
const BarWidth = 120

type bar struct {
	X, W  float64
	Fill  string
	Track string
	Width int
}

type view struct {
	Chart
	Grouped bool
	Rows    []viewRow
	Swatch  []string
	Totals  []viewCell
}

type viewRow struct {
	Label string
	Cells []viewCell
}

type viewCell struct {
	Count   int
	Percent string
	Bar     bar
}

func (c Chart) bar(share float64, series int) bar {
	w := share * 100
	x := 0.0
	if c.RTL {
		x = 100 - w
	}
	return bar{X: x, W: w, Fill: palette[series%len(palette)], Track: track, Width: BarWidth}
}

// HTML renders the chart as an accessible table for a page (html/template
// escapes every label). A grouped chart (several series) has a header
// row of series names over their count and share columns, in a region
// that scrolls sideways by itself on a narrow screen (a series of seven
// events is wider than a phone), reachable by keyboard.
func (c Chart) HTML() template.HTML {
	v := view{Chart: c, Grouped: len(c.Series) > 1}
	for j := range c.Series {
		v.Swatch = append(v.Swatch, palette[j%len(palette)])
	}
	for _, r := range c.Rows() {
		vr := viewRow{Label: r.Label}
		for j, cell := range r.Cells {
			vr.Cells = append(vr.Cells, viewCell{Count: cell.Count, Percent: c.percent(cell.Percent), Bar: c.bar(cell.Share, j)})
		}
		v.Rows = append(v.Rows, vr)
	}
	if c.TotalLabel != "" {
		for j, t := range c.Totals() {
			share := 0.0
			if t > 0 {
				share = 1
			}
			v.Totals = append(v.Totals, viewCell{Count: t, Percent: c.percent(int(share * 100)), Bar: c.bar(share, j)})
		}
	}
	var b bytes.Buffer
	if err := page.Execute(&b, v); err != nil {
		// The template is fixed and its data plain values: an error here
		// is a bug in this file, caught by the tests.
		panic("chart: " + err.Error())
	}
	return template.HTML(b.String()) // rendered by html/template
}

var page = template.Must(template.New("chart").Parse(`{{define "bar"}}<svg class="chart-bar" width="{{.Width}}" height="12" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="100" height="12" fill="{{.Track}}"/><rect x="{{printf "%.2f" .X}}" width="{{printf "%.2f" .W}}" height="12" fill="{{.Fill}}"/></svg>{{end -}}
{{if .Grouped}}<div class="chart-scroll" role="region" tabindex="0" aria-label="{{.Caption}}">{{end}}
<table class="chart">
<caption>{{.Caption}}</caption>
{{- if .Grouped}}
<colgroup><col></colgroup>{{range .Series}}<colgroup span="2"></colgroup>{{end}}
{{- end}}
<thead>
{{- if .Grouped}}
<tr><th scope="col" rowspan="2">{{.LabelHeader}}</th>{{range $i, $s := .Series}}<th scope="colgroup" colspan="2"><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><rect width="12" height="12" fill="{{index $.Swatch $i}}"/></svg> {{$s.Name}}</th>{{end}}</tr>
<tr>{{range .Series}}<th scope="col">{{$.CountHeader}}</th><th scope="col">{{$.ShareHeader}}</th>{{end}}</tr>
{{- else}}
<tr><th scope="col">{{.LabelHeader}}</th><th scope="col">{{.CountHeader}}</th><th scope="col">{{.ShareHeader}}</th></tr>
{{- end}}
</thead>
<tbody>
{{- range .Rows}}
<tr><th scope="row">{{.Label}}</th>{{range .Cells}}<td class="num">{{.Count}}</td><td class="share">{{.Percent}} {{template "bar" .Bar}}</td>{{end}}</tr>
{{- end}}
</tbody>
{{- if .Totals}}
<tfoot><tr><th scope="row">{{.TotalLabel}}</th>{{range .Totals}}<td class="num">{{.Count}}</td><td class="share">{{.Percent}} {{template "bar" .Bar}}</td>{{end}}</tr></tfoot>
{{- end}}
</table>
{{- if .Grouped}}</div>{{end}}`))
