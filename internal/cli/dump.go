package cli

import (
	"bufio"
	"context"
	"fmt"

	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/dump"
)

func export(ctx context.Context, e env, args []string) error {
	var c Config
	fs := newFlags(e, "export", "Writes the whole database to stdout as a versioned JSON-lines dump.\nMove data between engines with: samverkan export --db sqlite:a.db | samverkan import --db postgres://…")
	dbFlag(fs, e, &c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := openMigrated(ctx, c.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	w := bufio.NewWriter(e.stdout)
	n, err := dump.Export(ctx, d, w)
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "exported %d rows\n", n)
	return nil
}

func importCmd(ctx context.Context, e env, args []string) error {
	var c Config
	var replace bool
	fs := newFlags(e, "import", "Reads a dump made by 'samverkan export' from stdin, in one transaction:\na broken or truncated dump is rejected with its line number and nothing is written.")
	dbFlag(fs, e, &c)
	fs.BoolVar(&replace, "replace", false, "delete everything in the database before importing (otherwise a non-empty database is refused)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := openMigrated(ctx, c.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	n, err := dump.Import(ctx, d, e.stdin, replace, catalog.Reindex)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %d rows into %s\n", n, d.Dialect)
	return nil
}
