// Package municipality holds Sweden's 290 municipalities and 21 counties with
// their official SCB codes, embedded in the binary.
package municipality

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"sync"
)

// Source: the CC0 data set "Swedish Geodata" (sjbrg/swedish-geodata, 2025),
// reduced to codes and names; see data/README.md.
var (
	//go:embed data/municipalities.csv
	municipalitiesCSV []byte
	//go:embed data/counties.csv
	countiesCSV []byte
)

// Municipality is a kommun.
type Municipality struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	CountyCode string `json:"county_code"`
}

// County is a län.
type County struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
}

type registry struct {
	municipalities []Municipality
	byCode         map[string]Municipality
	counties       []County
	countyByCode   map[string]County
}

var load = sync.OnceValue(func() *registry {
	r := &registry{byCode: map[string]Municipality{}, countyByCode: map[string]County{}}
	for _, rec := range readCSV(municipalitiesCSV) {
		m := Municipality{Code: rec[0], Name: rec[1], CountyCode: rec[2]}
		r.municipalities = append(r.municipalities, m)
		r.byCode[m.Code] = m
	}
	for _, rec := range readCSV(countiesCSV) {
		c := County{Code: rec[0], Name: rec[1], ShortName: rec[2]}
		r.counties = append(r.counties, c)
		r.countyByCode[c.Code] = c
	}
	sort.Slice(r.municipalities, func(i, j int) bool { return r.municipalities[i].Name < r.municipalities[j].Name })
	return r
})

func readCSV(b []byte) [][]string {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil || len(recs) < 2 {
		panic(fmt.Sprintf("embedded municipality data broken: %v", err))
	}
	return recs[1:]
}

// All returns the municipalities sorted by name.
func All() []Municipality { return load().municipalities }

// Counties returns the counties in code order.
func Counties() []County { return load().counties }

// ByCode finds a municipality by its 4-digit code.
func ByCode(code string) (Municipality, bool) {
	m, ok := load().byCode[code]
	return m, ok
}

// CountyByCode finds a county by its 2-digit code.
func CountyByCode(code string) (County, bool) {
	c, ok := load().countyByCode[code]
	return c, ok
}

// InCounty returns the municipalities of a county.
func InCounty(countyCode string) []Municipality {
	var out []Municipality
	for _, m := range load().municipalities {
		if m.CountyCode == countyCode {
			out = append(out, m)
		}
	}
	return out
}
