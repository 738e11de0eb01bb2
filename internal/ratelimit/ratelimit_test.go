package ratelimit_test

import (
	"context"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/ratelimit"
)

// TestNoDoubleBurstAtAWindowsEdge: five allowed at the end of one window
// leave (almost) none at the start of the next, on both engines.
func TestNoDoubleBurstAtAWindowsEdge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rule := ratelimit.Rule{Key: "k", Limit: 5, Window: 15 * time.Minute}
		edge := time.Date(2026, 12, 1, 9, 15, 0, 0, time.UTC)
		allowed := 0
		for i := 0; i < 8; i++ {
			if ok, _, err := ratelimit.Take(ctx, d, edge.Add(-time.Second), rule); err != nil {
				t.Fatal(err)
			} else if ok {
				allowed++
			}
		}
		for i := 0; i < 8; i++ {
			if ok, _, _ := ratelimit.Take(ctx, d, edge.Add(time.Second), rule); ok {
				allowed++
			}
		}
		if allowed != 5 {
			t.Errorf("%d allowed across the edge, want 5", allowed)
		}
		// A whole window later the limit is whole again.
		later := 0
		for i := 0; i < 8; i++ {
			if ok, _, _ := ratelimit.Take(ctx, d, edge.Add(31*time.Minute), rule); ok {
				later++
			}
		}
		if later != 5 {
			t.Errorf("%d allowed two windows later, want 5", later)
		}
	})
}
