package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/dump"
)

// generate fills an empty database with a synthetic catalogue for
// benchmarks (BENCHMARKS.md); it refuses a database holding anything.
func generate(ctx context.Context, e env, args []string) error {
	var c Config
	var n int
	var seed uint64
	fs := newFlags(e, "generate", "Fills an EMPTY database with a synthetic activity catalogue for benchmarks:\norganisations and venues in all 290 municipalities and N activities.")
	dbFlag(fs, e, &c)
	fs.IntVar(&n, "activities", 100000, "number of activities")
	fs.Uint64Var(&seed, "seed", 1, "random seed (the same seed gives the same data)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := openMigrated(ctx, c.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	empty, err := dump.IsEmpty(ctx, d)
	if err != nil {
		return err
	}
	if !empty {
		return usageError{"the database is not empty; generate writes only into an empty one"}
	}
	start := time.Now()
	if err := catalog.Generate(ctx, d, n, seed, time.Now().UTC().Truncate(time.Microsecond)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "generated %d activities in 290 municipalities in %s\n", n, time.Since(start).Round(time.Second))
	return nil
}
