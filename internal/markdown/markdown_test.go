package markdown_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/samverkan/samverkan/internal/markdown"
)

// parsed is the rendered HTML as elements and attributes, for checks that
// do not depend on spacing.
type parsed struct {
	tags  []string
	attrs map[string][]string // "a.href" → values
	text  string
}

func parse(t *testing.T, s string) parsed {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	p := parsed{attrs: map[string][]string{}}
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			p.tags = append(p.tags, n.Data)
			for _, a := range n.Attr {
				p.attrs[n.Data+"."+a.Key] = append(p.attrs[n.Data+"."+a.Key], a.Val)
			}
		case html.TextNode:
			text.WriteString(n.Data)
		case html.CommentNode:
			p.tags = append(p.tags, "!--")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	p.text = text.String()
	return p
}

func TestRenderRefusesXSS(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		absent    []string // substrings the output must not hold (lower case)
	}{
		{"script element", "Hej <script>alert(1)</script> du", []string{"<script", "alert(1)</script"}},
		{"script as a block", "<script>\nalert(document.cookie)\n</script>", []string{"<script", "document.cookie"}},
		{"javascript: link", "[klicka](javascript:alert(1))", []string{"javascript:"}},
		{"javascript: with entities", "[klicka](jav&#x61;script:alert(1))", []string{"javascript:", "jav&#x61;script"}},
		{"JavaScript: in capitals", "[x](JaVaScRiPt:alert(1))", []string{"javascript:"}},
		{"vbscript: link", "[x](vbscript:msgbox(1))", []string{"vbscript:"}},
		{"onerror attribute", `<img src=x onerror="alert(1)">`, []string{"onerror", "<img"}},
		{"onerror in an image title", `![a](https://x.se/a.png "x\" onerror=\"alert(1)")`, []string{"onerror=\""}},
		{"data: URI link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", []string{"data:"}},
		{"data: URI image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", []string{"data:", "<img"}},
		{"autolink to javascript", "<javascript:alert(1)>", []string{"href=\"javascript"}},
		{"iframe", `<iframe src="https://evil.example"></iframe>`, []string{"<iframe"}},
		{"style element", "<style>body{display:none}</style>", []string{"<style"}},
		{"inline style attribute", `<p style="position:fixed">x</p>`, []string{"style="}},
		{"svg onload", `<svg onload=alert(1)>`, []string{"<svg", "onload"}},
		{"form", `<form action="https://evil.example"><input name=p></form>`, []string{"<form", "<input"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := strings.ToLower(string(markdown.Render(tt.src, 2)))
			for _, bad := range tt.absent {
				if strings.Contains(out, bad) {
					t.Errorf("output holds %q:\n%s", bad, out)
				}
			}
			for _, tag := range parse(t, out).tags {
				switch tag {
				case "p", "a", "em", "strong", "code", "pre", "!--":
				default:
					t.Errorf("output holds a <%s>:\n%s", tag, out)
				}
			}
		})
	}
}

func TestRenderMarkup(t *testing.T) {
	src := "# Program\n\nVälkommen till **dialogdagen** i _Ronneby_.\n\n## Workshops\n\n- Hinder\n- Möjligheter\n\n" +
		"| Sektor | Antal |\n| --- | ---: |\n| Ideell | 42 |\n\nLäs mer på https://www.lansstyrelsen.se/blekinge eller [programmet](https://example.org/p).\n\n" +
		"![Karta](https://example.org/karta.png)\n\n~~inställt~~"
	p := parse(t, string(markdown.Render(src, 2)))
	for _, want := range []string{"h2", "h3", "strong", "em", "ul", "li", "table", "thead", "th", "td", "del"} {
		if !contains(p.tags, want) {
			t.Errorf("no <%s> in %v", want, p.tags)
		}
	}
	if contains(p.tags, "h1") || contains(p.tags, "img") {
		t.Errorf("an <h1> or <img> in %v", p.tags)
	}
	hrefs := p.attrs["a.href"]
	for _, want := range []string{"https://www.lansstyrelsen.se/blekinge", "https://example.org/p", "https://example.org/karta.png"} {
		if !contains(hrefs, want) {
			t.Errorf("no link to %s in %v", want, hrefs)
		}
	}
	if len(p.attrs["a.rel"]) != len(hrefs) {
		t.Fatalf("rel on %d of %d links", len(p.attrs["a.rel"]), len(hrefs))
	}
	for _, rel := range p.attrs["a.rel"] {
		if f := strings.Fields(rel); !contains(f, "nofollow") || !contains(f, "noopener") {
			t.Errorf("rel = %q, want nofollow and noopener", rel)
		}
	}
	if !strings.Contains(p.text, "Karta") {
		t.Errorf("the image's alt text is lost: %q", p.text)
	}
}

func TestRenderHeadingLevels(t *testing.T) {
	for _, tt := range []struct {
		top  int
		want string
	}{{1, "h2"}, {2, "h2"}, {3, "h3"}, {9, "h6"}} {
		if got := parse(t, string(markdown.Render("# Rubrik", tt.top))).tags; len(got) != 1 || got[0] != tt.want {
			t.Errorf("top %d: %v, want %s", tt.top, got, tt.want)
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
