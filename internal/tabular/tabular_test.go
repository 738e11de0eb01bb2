package tabular

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/xuri/excelize/v2"
)

var table = Table{Name: "Deltagare", Header: []string{"namn", "antal", "=ej formel"}, Rows: [][]any{
	{"=HYPERLINK(\"https://evil.example\",\"klicka\")", 3, nil},
	{"+46 70 123", -2, 1.5},
	{"-1+cmd|' /C calc'!A0", int64(7), "@SUM(A1)"},
	{"\tflik", 0, "Röda Korset, Kalmar"},
	{"Vanlig text", 12, "åäö – ا ب"},
}}

// want is what a spreadsheet must show: text with formulas neutralised,
// numbers as they are.
var want = [][]string{
	{"namn", "antal", "'=ej formel"},
	{"'=HYPERLINK(\"https://evil.example\",\"klicka\")", "3", ""},
	{"'+46 70 123", "-2", "1.5"},
	{"'-1+cmd|' /C calc'!A0", "7", "'@SUM(A1)"},
	{"'\tflik", "0", "Röda Korset, Kalmar"},
	{"Vanlig text", "12", "åäö – ا ب"},
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, table); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	check(t, got)
}

// TestXLSXReadsBack reads the workbook back with excelize: text cells are
// strings, never formulas, and numbers stay numbers.
func TestXLSXReadsBack(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(&b, table, Table{Name: "a/b:c", Header: []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 2 || sheets[0] != "Deltagare" || sheets[1] != "a_b_c" {
		t.Errorf("sheets %v", sheets)
	}
	rows, err := f.GetRows("Deltagare")
	if err != nil {
		t.Fatal(err)
	}
	check(t, rows)
	for r := 1; r <= len(want); r++ {
		for c := 1; c <= 3; c++ {
			cell, _ := excelize.CoordinatesToCellName(c, r)
			if formula, _ := f.GetCellFormula("Deltagare", cell); formula != "" {
				t.Errorf("%s is a formula: %q", cell, formula)
			}
		}
	}
	if typ, _ := f.GetCellType("Deltagare", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("a number was stored as %v", typ)
	}
}

func check(t *testing.T, got [][]string) {
	t.Helper()
	for i, row := range want {
		if i >= len(got) {
			t.Fatalf("row %d missing", i+1)
		}
		for j, cell := range row {
			g := ""
			if j < len(got[i]) {
				g = got[i][j]
			}
			if g != cell {
				t.Errorf("row %d cell %d: %q, want %q", i+1, j+1, g, cell)
			}
		}
	}
}
