package org

import (
	"context"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
)

// Named is an organisation's name and category, what another domain's
// report shows of an organisation it references.
type Named struct {
	Name     string
	Category string
}

// NamedTx returns the names and categories of the organisations with the
// given IDs, in the caller's transaction or on the pool; unknown IDs are
// absent (the events' reports count participants per kind of organisation
// without reading this package's tables).
func NamedTx(ctx context.Context, q db.Querier, ids []string) (map[string]Named, error) {
	out := map[string]Named{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.In(ids)
	err := db.Each(ctx, q, `SELECT id, name, category FROM organisations WHERE id IN (`+in+`)`, args, func(row db.Scanner) error {
		var id string
		var n Named
		if err := row.Scan(&id, &n.Name, &n.Category); err != nil {
			return err
		}
		out[id] = n
		return nil
	})
	return out, apperr.Wrap(err, "organisation names")
}
