package qr_test

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/samverkan/samverkan/internal/qr"
)

// decode reads a QR code back from an image with an independent decoder
// (gozxing, a port of ZXing) and returns its text and error-correction
// level.
func decode(t *testing.T, img image.Image) (string, string) {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	level, _ := res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL].(string)
	return res.GetText(), level
}

var links = []struct {
	name, url  string
	maxModules int // version 7 is 45 modules
}{
	{"check-in entry", "https://samverkan.example.org/events/01JDR8Q4ZC7M2X3S5V9TB6KW4N/checkin/01JDR8QK3P0A6H2N8EYF7GMD1R", 45},
	{"table harvest form", "https://samverkan.example.org/events/01JDR8Q4ZC7M2X3S5V9TB6KW4N/tables/12/harvest", 45},
	{"non-ASCII", "https://samverkan.example.org/sök?q=Länsstyrelsen+i+Västernorrland&lang=ar#يوم", 45},
	{"short", "https://x.se/", 25},
}

func TestPNGDecodesToTheLink(t *testing.T) {
	for _, tt := range links {
		t.Run(tt.name, func(t *testing.T) {
			c, err := qr.Encode(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if c.Modules() > tt.maxModules || (c.Modules()-21)%4 != 0 {
				t.Errorf("%d modules, want a QR size of at most %d", c.Modules(), tt.maxModules)
			}
			b, err := c.PNG(4)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if w := img.Bounds().Dx(); w != (c.Modules()+2*qr.Quiet)*4 {
				t.Errorf("width %d px, want modules and quiet zone × 4", w)
			}
			text, level := decode(t, img)
			if text != tt.url || level != "M" {
				t.Errorf("decoded %q at level %q, want %q at M", text, level, tt.url)
			}
		})
	}
}

// rasterize draws the SVG as a browser would, from its own geometry: the
// viewBox and every "M x y h w v1 h-w z" run of the path, scale px per
// unit. So the test decodes what the SVG says, not the matrix behind it.
func rasterize(t *testing.T, svg []byte, scale int) image.Image {
	t.Helper()
	var doc struct {
		ViewBox string `xml:"viewBox,attr"`
		Label   string `xml:"aria-label,attr"`
		Path    struct {
			D    string `xml:"d,attr"`
			Fill string `xml:"fill,attr"`
		} `xml:"path"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatalf("not well-formed XML: %v", err)
	}
	vb := strings.Fields(doc.ViewBox)
	if len(vb) != 4 || doc.Path.Fill != "#000" {
		t.Fatalf("viewBox %q, fill %q", doc.ViewBox, doc.Path.Fill)
	}
	n, _ := strconv.Atoi(vb[2])
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	run := regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
	if rest := run.ReplaceAllString(doc.Path.D, ""); rest != "" {
		t.Fatalf("path holds more than runs: %q", rest)
	}
	for _, m := range run.FindAllStringSubmatch(doc.Path.D, -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		for py := y * scale; py < (y+1)*scale; py++ {
			for px := x * scale; px < (x+w)*scale; px++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
	}
	return img
}

func TestSVGDecodesToTheLink(t *testing.T) {
	for _, tt := range links {
		t.Run(tt.name, func(t *testing.T) {
			c, err := qr.Encode(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			svg := c.SVG("Check-in")
			if !bytes.HasPrefix(svg, []byte(`<svg xmlns="http://www.w3.org/2000/svg" `)) {
				t.Errorf("a standalone SVG needs its namespace: %.60s", svg)
			}
			text, _ := decode(t, rasterize(t, svg, 3))
			if text != tt.url {
				t.Errorf("decoded %q, want %q", text, tt.url)
			}
		})
	}
}

func TestInlineHTML(t *testing.T) {
	c, err := qr.Encode("https://samverkan.example.org/events/1/tables/3/harvest")
	if err != nil {
		t.Fatal(err)
	}
	h := string(c.HTML(`Bord 3 <script>alert("x")</script>`))
	for _, want := range []string{`class="qr"`, `role="img"`, `aria-label="Bord 3 &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"`, `<title>Bord 3 &lt;script&gt;`} {
		if !strings.Contains(h, want) {
			t.Errorf("inline SVG lacks %s: %.300s", want, h)
		}
	}
	// The page's style-src 'self' refuses style attributes and elements.
	if strings.Contains(h, "style") || strings.Contains(h, "<script") {
		t.Errorf("inline SVG holds style or script: %.300s", h)
	}
	if text, _ := decode(t, rasterize(t, []byte(h), 2)); text != "https://samverkan.example.org/events/1/tables/3/harvest" {
		t.Errorf("inline SVG decodes to %q", text)
	}
}

func TestEncodeRefuses(t *testing.T) {
	for _, tt := range []struct{ name, text string }{
		{"empty", ""},
		{"longer than MaxLen", "https://x.se/" + strings.Repeat("a", qr.MaxLen)},
	} {
		if _, err := qr.Encode(tt.text); err == nil {
			t.Errorf("%s: encoded", tt.name)
		}
	}
	if _, err := qr.Encode("https://x.se/" + strings.Repeat("a", qr.MaxLen-13)); err != nil {
		t.Errorf("MaxLen itself: %v", err)
	}
}
