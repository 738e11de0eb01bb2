package municipality

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Source: the boundaries in the okfse/sweden-geojson data set (from
// Valmyndigheten's open boundary data), reduced to each municipality's inner
// point (geo_point_2d); see data/README.md.
//
//go:embed data/points.csv
var pointsCSV []byte

// Point is a WGS 84 position.
type Point struct{ Lat, Lon float64 }

type places struct {
	point  map[string]Point // by municipality code
	byName map[string]Municipality
	// byFolded is by the name without diacritics, where that is unambiguous
	// (Håbo and Habo are both municipalities).
	byFolded map[string]Municipality
}

var loadPlaces = sync.OnceValue(func() *places {
	p := &places{point: map[string]Point{}, byName: map[string]Municipality{}, byFolded: map[string]Municipality{}}
	for _, rec := range readCSV(pointsCSV) {
		lat, err1 := strconv.ParseFloat(rec[1], 64)
		lon, err2 := strconv.ParseFloat(rec[2], 64)
		if err1 != nil || err2 != nil {
			panic("embedded municipality points broken: " + rec[0])
		}
		p.point[rec[0]] = Point{Lat: lat, Lon: lon}
	}
	ambiguous := map[string]bool{}
	for _, m := range All() {
		p.byName[foldName(m.Name, false)] = m
		f := foldName(m.Name, true)
		if _, dup := p.byFolded[f]; dup {
			ambiguous[f] = true
		}
		p.byFolded[f] = m
	}
	for f := range ambiguous {
		delete(p.byFolded, f)
	}
	return p
})

// PointOf returns a point inside the municipality: the middle of a search
// "near" it. Not the centroid, which can fall outside (the archipelago).
func PointOf(code string) (Point, bool) {
	pt, ok := loadPlaces().point[code]
	return pt, ok
}

// Locate finds the municipality a place name names, as people write it:
// any case, with or without å, ä, ö and accents, with "kommun" or "stad"
// after it, in the genitive ("Göteborgs stad"). Localities and postcodes are
// not known: the embedded data has municipalities only.
func Locate(name string) (Municipality, Point, bool) {
	p := loadPlaces()
	for _, folded := range []bool{false, true} {
		names := p.byName
		if folded {
			names = p.byFolded
		}
		n := foldName(name, folded)
		for _, suffix := range []string{" kommun", " stad"} {
			n = strings.TrimSuffix(n, suffix)
		}
		m, ok := names[n]
		if !ok && strings.HasSuffix(n, "s") {
			m, ok = names[strings.TrimSuffix(n, "s")]
		}
		if ok {
			return m, p.point[m.Code], true
		}
	}
	return Municipality{}, Point{}, false
}

// foldName is the form names are compared in: lower case, hyphens and runs
// of spaces as one space, and with diacritics dropped the marks of å, ä, ö
// and accents too (a visitor on a foreign keyboard writes "Malmo").
func foldName(s string, diacritics bool) string {
	var b strings.Builder
	space := false
	s = strings.ToLower(s)
	if diacritics {
		s = norm.NFD.String(s)
	}
	for _, r := range s {
		switch {
		case diacritics && unicode.Is(unicode.Mn, r):
		case unicode.IsSpace(r) || r == '-':
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return b.String()
}
