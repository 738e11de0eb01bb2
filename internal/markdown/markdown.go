// Package markdown turns what people write (an event's description, a
// report's text, a consultation's summary) into safe HTML, and writes
// Markdown for reports without letting the names and words in them become
// Markdown syntax.
//
// Rendering is two locks, so that one failing is not enough: goldmark
// (CommonMark with GitHub's tables, strikethrough and bare links) runs
// without WithUnsafe, so raw HTML in the text is dropped and dangerous
// link schemes are emptied; then bluemonday's UGC policy cleans the
// result, keeping only ordinary text markup and http(s) and mailto links.
// Links get rel="nofollow noopener": what a stranger writes earns no
// search ranking from this site, and a link that opens a window cannot
// reach back into the page. Images become links to the image: the CSP
// (img-src 'self') would block them anyway, and a stranger's image on a
// public page tells its host who is reading.
//
// Files: markdown.go (rendering), write.go (the writer for reports).
package markdown

import (
	"bytes"
	"html/template"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxLen bounds the text rendered: stored texts are bounded at input far
// below it, so only a caller's mistake reaches it, and the rest is cut.
const MaxLen = 200_000

// Render renders src as safe HTML. top is the heading level a "#" heading
// becomes (clamped to 2–6): the page's own <h1> is its title, and a
// description's headings must sit below the page's sections.
func Render(src string, top int) template.HTML {
	if len(src) > MaxLen {
		src = src[:MaxLen]
	}
	var b bytes.Buffer
	if err := renderers[max(2, min(top, 6))].Convert([]byte(src), &b); err != nil {
		// Convert fails only when writing to b fails, which a
		// bytes.Buffer does not; show nothing rather than half a text.
		return ""
	}
	return template.HTML(policy.SanitizeBytes(b.Bytes())) // cleaned just above
}

// renderers are goldmark's, one per top heading level (2–6), built once:
// a goldmark.Markdown is safe for concurrent use.
var renderers = func() map[int]goldmark.Markdown {
	m := map[int]goldmark.Markdown{}
	for top := 2; top <= 6; top++ {
		m[top] = goldmark.New(
			goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
			goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(transformer{top: top}, 100))),
		)
	}
	return m
}()

// policy is bluemonday's policy for user-generated content, with
// rel="nofollow" added by bluemonday and the "noopener" the transformer
// puts on links let through.
var policy = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^noopener$`)).OnElements("a")
	return p
}()

// transformer shifts headings below the page's and turns images into
// links; it marks every link noopener.
type transformer struct{ top int }

func (t transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(6, n.Level+t.top-1)
		case *ast.Link, *ast.AutoLink:
			n.SetAttributeString("rel", []byte("noopener"))
		case *ast.Image:
			images = append(images, n)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		link.SetAttributeString("rel", []byte("noopener"))
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if link.ChildCount() == 0 {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}
