package chart_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/samverkan/samverkan/internal/chart"
	"github.com/samverkan/samverkan/internal/markdown"
)

// Participants per sector at two of the 2011–2013 conferences (the numbers
// are the test's, the shape is seed 004's report).
func sectors(series ...chart.Series) chart.Chart {
	return chart.Chart{Caption: "Deltagare per sektor", LabelHeader: "Sektor", CountHeader: "Deltagare", ShareHeader: "Andel",
		TotalLabel: "Totalt", Labels: []string{"Ideell sektor", "Offentlig sektor", "Näringsliv"}, Series: series}
}

var (
	stockholm = chart.Series{Name: "Stockholm", Counts: []int{40, 50, 10}}
	boden     = chart.Series{Name: "Boden <i>", Counts: []int{1, 1, 1}}
)

func doc(t *testing.T, h string) *html.Node {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(h), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		t.Fatal(err)
	}
	root := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root
}

func find(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func TestOneSeriesIsATable(t *testing.T) {
	h := string(sectors(stockholm).HTML())
	root := doc(t, h)
	if c := find(root, "caption"); len(c) != 1 || text(c[0]) != "Deltagare per sektor" {
		t.Errorf("caption: %v", h)
	}
	var cols []string
	for _, th := range find(find(root, "thead")[0], "th") {
		if attr(th, "scope") != "col" {
			t.Errorf("column header %q without scope=col", text(th))
		}
		cols = append(cols, text(th))
	}
	if !slices.Equal(cols, []string{"Sektor", "Deltagare", "Andel"}) {
		t.Errorf("columns %v", cols)
	}
	rows := find(find(root, "tbody")[0], "tr")
	want := [][]string{{"Ideell sektor", "40", "40%"}, {"Offentlig sektor", "50", "50%"}, {"Näringsliv", "10", "10%"}}
	if len(rows) != len(want) {
		t.Fatalf("%d rows", len(rows))
	}
	for i, tr := range rows {
		th := find(tr, "th")
		if len(th) != 1 || attr(th[0], "scope") != "row" || text(th[0]) != want[i][0] {
			t.Errorf("row %d header: %v", i, text(tr))
		}
		td := find(tr, "td")
		if len(td) != 2 || text(td[0]) != want[i][1] || text(td[1]) != want[i][2] {
			t.Errorf("row %d: %q, want %v", i, text(tr), want[i])
		}
		// The bar: hidden from screen readers, its width the share.
		svg := find(td[1], "svg")
		if len(svg) != 1 || attr(svg[0], "aria-hidden") != "true" || attr(svg[0], "focusable") != "false" {
			t.Fatalf("row %d: bar %v", i, h)
		}
		bar := find(svg[0], "rect")[1]
		share, _ := strconv.Atoi(strings.TrimSuffix(want[i][2], "%"))
		if w, _ := strconv.ParseFloat(attr(bar, "width"), 64); w != float64(share) || attr(bar, "x") != "0.00" {
			t.Errorf("row %d: bar x %s width %s, want 0 and %d", i, attr(bar, "x"), attr(bar, "width"), share)
		}
	}
	if foot := find(root, "tfoot"); len(foot) != 1 || text(foot[0]) != "Totalt100100%" {
		t.Errorf("total row %q", text(foot[0]))
	}
	// The CSP (style-src 'self') refuses style attributes; no script either.
	if strings.Contains(h, "style") || strings.Contains(h, "<script") {
		t.Errorf("style or script in %s", h)
	}
}

func TestGroupedSideBySide(t *testing.T) {
	h := string(sectors(stockholm, boden).HTML())
	root := doc(t, h)
	if n := len(find(root, "colgroup")); n != 3 {
		t.Errorf("%d colgroups, want the labels' and one per series", n)
	}
	head := find(find(root, "thead")[0], "tr")
	if len(head) != 2 {
		t.Fatalf("%d header rows", len(head))
	}
	var groups []string
	for _, th := range find(head[0], "th")[1:] {
		if attr(th, "scope") != "colgroup" || attr(th, "colspan") != "2" {
			t.Errorf("series header %q: scope %q colspan %q", text(th), attr(th, "scope"), attr(th, "colspan"))
		}
		groups = append(groups, text(th))
	}
	if !slices.Equal(groups, []string{"Stockholm", "Boden <i>"}) {
		t.Errorf("series headers %v (names are text, escaped)", groups)
	}
	if strings.Contains(h, "<i>") {
		t.Errorf("a series name became markup: %s", h)
	}
	if n := len(find(head[1], "th")); n != 4 {
		t.Errorf("%d count/share headers, want 4", n)
	}
	first := find(find(root, "tbody")[0], "tr")[0]
	var cells []string
	for _, td := range find(first, "td") {
		cells = append(cells, text(td))
	}
	// Boden's three equal counts: 34 + 33 + 33 = 100.
	if !slices.Equal(cells, []string{"40", "40%", "1", "34%"}) {
		t.Errorf("first row %v", cells)
	}
	fills := map[string]bool{}
	for _, svg := range find(first, "svg") {
		fills[attr(find(svg, "rect")[1], "fill")] = true
	}
	if len(fills) != 2 {
		t.Errorf("the two series' bars share a colour: %v", fills)
	}
}

func TestRightToLeftBarsStartAtTheRight(t *testing.T) {
	c := sectors(stockholm)
	c.RTL = true
	bar := find(find(find(doc(t, string(c.HTML())), "tbody")[0], "svg")[0], "rect")[1]
	if attr(bar, "x") != "60.00" || attr(bar, "width") != "40.00" {
		t.Errorf("RTL bar x %s width %s, want 60 and 40", attr(bar, "x"), attr(bar, "width"))
	}
}

func TestPercentagesAddUp(t *testing.T) {
	for _, tt := range []struct {
		counts []int
		want   []int
	}{
		{[]int{1, 1, 1}, []int{34, 33, 33}},
		{[]int{2, 1}, []int{67, 33}},
		{[]int{0, 0, 0}, []int{0, 0, 0}},
		{[]int{7}, []int{100, 0, 0}},        // missing counts are 0
		{[]int{-5, 3, 1}, []int{0, 75, 25}}, // negative counts as 0
		{[]int{1, 1, 1, 1, 1, 1, 1}, []int{15, 15, 14, 14, 14, 14, 14}},
	} {
		c := chart.Chart{Labels: make([]string, len(tt.want)), Series: []chart.Series{{Counts: tt.counts}}}
		var got []int
		for _, r := range c.Rows() {
			got = append(got, r.Cells[0].Percent)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%v: %v, want %v", tt.counts, got, tt.want)
		}
	}
}

// The same table goes into the report's Markdown.
func TestCellsForMarkdown(t *testing.T) {
	c := sectors(stockholm, boden)
	c.Percent = func(p int) string { return strconv.Itoa(p) + "\u00a0%" }
	header, rows := c.Cells()
	if !slices.Equal(header, []string{"Sektor", "Stockholm: Deltagare", "Stockholm: Andel", "Boden <i>: Deltagare", "Boden <i>: Andel"}) {
		t.Errorf("header %v", header)
	}
	if len(rows) != 4 || !slices.Equal(rows[3], []string{"Totalt", "100", "100\u00a0%", "3", "100\u00a0%"}) {
		t.Errorf("rows %v", rows)
	}
	var d markdown.Doc
	d.Table(header, rows)
	out := string(markdown.Render(d.String(), 2))
	if !strings.Contains(out, "<table>") || strings.Contains(out, "<i>") || strings.Count(out, "<tr>") != 5 {
		t.Errorf("markdown table:\n%s\n%s", d.String(), out)
	}
}
