// Package tabular writes the tables samverkan hands out — directory
// downloads, participant lists, reports — as CSV or XLSX, through one
// writer that neutralises spreadsheet formulas: a cell beginning with =, +,
// -, @, a tab or a carriage return is written with a leading apostrophe, so
// a spreadsheet program shows the text instead of running it (a name such
// as "=HYPERLINK(…)" or "=1+cmd|…" would otherwise be a formula). Numbers
// are written as numbers and never changed.
package tabular

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Table is one sheet: a name (the XLSX sheet or the CSV file), a header
// row and rows of cells. A cell is a string, an int, an int64, a float64,
// or nil (empty).
type Table struct {
	Name   string
	Header []string
	Rows   [][]any
}

// Safe neutralises a text cell: see the package doc.
func Safe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// text is a cell as CSV text.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return Safe(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return Safe(fmt.Sprint(x))
	}
}

// WriteCSV writes a table as RFC 4180 CSV, comma-separated, UTF-8.
func WriteCSV(w io.Writer, t Table) error { return WriteCSVWith(w, t, CSVOptions{}) }

// CSVOptions shape a CSV file for the spreadsheet program that opens it.
type CSVOptions struct {
	// Comma is the separator, a comma when zero. Excel in a Swedish locale
	// splits a double-clicked file at semicolons, not commas.
	Comma rune
	// BOM writes a UTF-8 byte order mark first: without it Excel reads the
	// file as Windows-1252 and å, ä, ö come out garbled.
	BOM bool
}

// WriteCSVWith writes a table as CSV with the options; formulas are
// neutralised as in WriteCSV.
func WriteCSVWith(w io.Writer, t Table, o CSVOptions) error {
	if o.BOM {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return err
		}
	}
	c := csv.NewWriter(w)
	if o.Comma != 0 {
		c.Comma = o.Comma
	}
	header := make([]string, len(t.Header))
	for i, h := range t.Header {
		header[i] = Safe(h)
	}
	if err := c.Write(header); err != nil {
		return err
	}
	for _, row := range t.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = text(v)
		}
		if err := c.Write(rec); err != nil {
			return err
		}
	}
	c.Flush()
	return c.Error()
}

// WriteXLSX writes the tables as the sheets of one workbook, the header row
// bold and frozen, with excelize. Text cells are stored as strings (never
// as formulas) and neutralised as in CSV, since a user may copy them on.
func WriteXLSX(w io.Writer, tables ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, t := range tables {
		name := sheetName(t.Name, i)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		head := make([]any, len(t.Header))
		for j, h := range t.Header {
			head[j] = excelize.Cell{StyleID: bold, Value: Safe(h)}
		}
		if err := sw.SetRow("A1", head); err != nil {
			return err
		}
		for r, row := range t.Rows {
			cells := make([]any, len(row))
			for j, v := range row {
				switch x := v.(type) {
				case int, int64, float64, nil:
					cells[j] = x
				default:
					cells[j] = text(x)
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := sw.SetRow(cell, cells); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// sheetName is a valid, unique-enough sheet name: at most 31 characters,
// none of : \ / ? * [ ].
func sheetName(name string, i int) string {
	out := []rune{}
	for _, r := range name {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			r = '_'
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return "Sheet" + strconv.Itoa(i+1)
	}
	if len(out) > 31 {
		out = out[:31]
	}
	return string(out)
}
