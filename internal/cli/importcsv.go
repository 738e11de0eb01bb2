package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/csvimport"
)

// importCSV runs a CSV import from the command line: a dry run unless
// --apply, with the same rules and audit log as the web import.
func importCSV(ctx context.Context, e env, args []string) error {
	var c Config
	var kind, file string
	var apply, template bool
	fs := newFlags(e, "import-csv", "Imports organisations, venues or activities from a CSV file (comma or semicolon separated, header row).\nWithout --apply nothing is written: it prints what would be created, updated, left unchanged or rejected.")
	dbFlag(fs, e, &c)
	fs.StringVar(&kind, "kind", "", "organisations, venues or activities (required)")
	fs.StringVar(&file, "file", "-", "CSV file, - for stdin")
	fs.BoolVar(&apply, "apply", false, "write the valid rows (rejected rows are never written)")
	fs.BoolVar(&template, "template", false, "print the kind's empty template (semicolons, required columns marked *) and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, ok := csvimport.Columns[kind]; !ok {
		return usageError{"--kind must be organisations, venues or activities"}
	}
	if template {
		return csvimport.WriteTemplate(e.stdout, kind)
	}
	var in io.Reader = e.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	a, err := open(ctx, c, discardLogger())
	if err != nil {
		return err
	}
	defer a.db.Close()
	im := a.Importer
	p, err := im.Run(ctx, actor.System("import-csv"), kind, in, apply)
	if err != nil {
		return describe(a, err)
	}
	en := a.Messages.Printer("en")
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROW\tACTION\tNAME\tPROBLEM")
	for _, r := range p.Rows {
		// Every error of the row, one line each, the row named on the first.
		problems := []string{""}
		for i, ce := range r.Errors {
			pr := fmt.Sprintf("column %s: %s", ce.Column, en.T(ce.Key, ce.Args...))
			if i == 0 {
				problems[0] = pr
			} else {
				problems = append(problems, pr)
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", r.Row, r.Action, r.Name, problems[0])
		for _, pr := range problems[1:] {
			fmt.Fprintf(tw, "\t\t\t%s\n", pr)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verb := "would be"
	if apply {
		verb = "were"
	}
	fmt.Fprintf(e.stdout, "%d %s created, %d updated, %d unchanged, %d rejected", p.Created, verb, p.Updated, p.Unchanged, p.Rejected)
	if !apply {
		fmt.Fprint(e.stdout, " (dry run: nothing written; add --apply)")
	}
	fmt.Fprintln(e.stdout)
	return nil
}
