// Package qr draws QR codes for print and screen: the badges and table
// cards of an event carry one that opens the check-in entry (staff) or the
// table's harvest form (issue 13). The encoding — versions, masks,
// Reed–Solomon — is github.com/yeqown/go-qrcode/v2's; this package only
// takes its module matrix and draws it, as SVG (vector: crisp on any
// printer at any size, and inline in a page without an extra request) or
// PNG (for what cannot take SVG: a spreadsheet, a mail). Drawing it here
// instead of through the library's image writer keeps the image stack
// (fonts, gg) out of the binary and makes both outputs exact multiples of
// the module grid, which scanners like best.
//
// Error correction is level M (about 15 % of the code can be lost). The
// codes hold short links (under 120 characters) printed by the organiser
// on the day and scanned from a few decimetres: M keeps such a link at
// version 5–7 (37–45 modules), so on a 25 mm badge square each module is
// still over half a millimetre — what a cheap phone camera needs on an
// office printer's output. Q or H would cost a version or two of smaller
// modules to guard against damage (folds, stains, a logo in the middle)
// that a card printed that morning rarely has.
package qr

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"strings"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// MaxLen bounds what a code may hold: a link of this site is far shorter,
// and a bound keeps a request from asking for a huge image.
const MaxLen = 500

// Quiet is the light margin around the code in modules: the four the
// standard (ISO/IEC 18004) asks for, without which scanners fail near
// the edge of a card.
const Quiet = 4

// Code is an encoded QR code: its dark modules, without the quiet zone.
type Code struct {
	dark [][]bool
}

// ErrTooLong is returned for text longer than MaxLen.
var ErrTooLong = errors.New("qr: text too long")

// Encode encodes text (normally an absolute URL) at level M.
func Encode(text string) (*Code, error) {
	if len(text) > MaxLen {
		return nil, ErrTooLong
	}
	if text == "" {
		return nil, errors.New("qr: empty text")
	}
	q, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium),
		qrcode.WithEncodingMode(qrcode.EncModeByte))
	if err != nil {
		return nil, fmt.Errorf("qr: %w", err)
	}
	var m matrixWriter
	if err := q.Save(&m); err != nil {
		return nil, fmt.Errorf("qr: %w", err)
	}
	return &Code{dark: m.bits}, nil
}

// matrixWriter is a qrcode.Writer that keeps the module matrix.
type matrixWriter struct{ bits [][]bool }

func (w *matrixWriter) Write(m qrcode.Matrix) error { w.bits = m.Bitmap(); return nil }
func (w *matrixWriter) Close() error                { return nil }

// Modules is the code's width in modules, without the quiet zone.
func (c *Code) Modules() int { return len(c.dark) }

// Dark reports whether the module at column x, row y is dark.
func (c *Code) Dark(x, y int) bool { return c.dark[y][x] }

// SVG draws the code as a standalone SVG document (for an image/svg+xml
// answer or an <img>) whose one unit is one module. label is its
// accessible name, e.g. "Check-in: Amina Hassan". Each row's dark runs are
// one rectangle; shape-rendering="crispEdges" keeps the edges sharp when
// the viewer scales it; the size is set by the page (width/height or CSS).
func (c *Code) SVG(label string) []byte {
	var b bytes.Buffer
	c.writeSVG(&b, label, `xmlns="http://www.w3.org/2000/svg" `)
	return b.Bytes()
}

// HTML is the code as inline SVG for a template (a badge, a table card):
// no extra request, printed as vector. The page's CSS sizes it (class
// "qr"); the colours are attributes, not style, so the CSP's style-src
// 'self' holds.
func (c *Code) HTML(label string) template.HTML {
	var b bytes.Buffer
	c.writeSVG(&b, label, `class="qr" `)
	return template.HTML(b.String()) // built here; the label is escaped
}

func (c *Code) writeSVG(b *bytes.Buffer, label, attrs string) {
	n := len(c.dark) + 2*Quiet
	esc := html.EscapeString(label)
	fmt.Fprintf(b, `<svg %sviewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" shape-rendering="crispEdges">`, attrs, n, n, n*4, n*4, esc)
	fmt.Fprintf(b, `<title>%s</title><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, esc, n, n)
	var d strings.Builder
	for y, row := range c.dark {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			fmt.Fprintf(&d, "M%d %dh%dv1h-%dz", start+Quiet, y+Quiet, x-start, x-start)
		}
	}
	b.WriteString(d.String())
	b.WriteString(`"/></svg>`)
}

// PNG draws the code as a black-and-white PNG, scale pixels per module
// (clamped to 1–40), quiet zone included.
func (c *Code) PNG(scale int) ([]byte, error) {
	scale = max(1, min(scale, 40))
	n := (len(c.dark) + 2*Quiet) * scale
	img := image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{color.White, color.Black})
	for y, row := range c.dark {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range scale {
				for dx := range scale {
					img.SetColorIndex((x+Quiet)*scale+dx, (y+Quiet)*scale+dy, 1)
				}
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("qr: %w", err)
	}
	return b.Bytes(), nil
}
