package ratelimit_test

import (
	"context"
	"fmt"
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

// TestTakeAllIsTakeInOrder: one TakeAll answers exactly as Take called for
// each request in turn would, hits in the database included — on a
// second, identical history run through Take — on both engines, across a
// window's edge and with refusals that stop a request's later rules.
func TestTakeAllIsTakeInOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		rules := func(prefix string, email, ip int) []ratelimit.Rule {
			return []ratelimit.Rule{
				{Key: fmt.Sprintf("%s-email:%d", prefix, email), Limit: 2, Window: 24 * time.Hour},
				{Key: fmt.Sprintf("%s-ip:%d", prefix, ip), Limit: 3, Window: 15 * time.Minute},
			}
		}
		edge := time.Date(2026, 12, 1, 9, 15, 0, 0, time.UTC)
		cases := []struct {
			name     string
			at       time.Time
			requests [][2]int // e-mail, address
		}{
			{"before the edge", edge.Add(-time.Minute), [][2]int{{1, 1}, {1, 1}, {1, 1}, {2, 1}, {3, 1}, {3, 2}}},
			{"after the edge", edge.Add(time.Minute), [][2]int{{4, 1}, {5, 1}, {1, 2}, {6, 2}, {7, 2}, {8, 2}, {9, 3}}},
			{"one request", edge.Add(2 * time.Minute), [][2]int{{10, 3}}},
			{"none", edge.Add(3 * time.Minute), nil},
		}
		for _, c := range cases {
			var batch [][]ratelimit.Rule
			var want []bool
			for _, r := range c.requests {
				batch = append(batch, rules("all", r[0], r[1]))
				ok, _, err := ratelimit.Take(ctx, d, c.at, rules("one", r[0], r[1])...)
				if err != nil {
					t.Fatal(err)
				}
				want = append(want, ok)
			}
			got, retry, err := ratelimit.TakeAll(ctx, d, c.at, batch)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) && len(want) > 0 {
				t.Errorf("%s: TakeAll %v, Take %v", c.name, got, want)
			}
			for i, ok := range got {
				if !ok && retry[i] <= 0 {
					t.Errorf("%s: request %d refused without a retry time", c.name, i)
				}
			}
		}
		// The counts stored are the same as Take's, bucket by bucket.
		counts := func(prefix string) string {
			rows, err := db.Strings(ctx, d, `SELECT SUBSTR(bucket, LENGTH(?) + 1) || '=' || CAST(hits AS TEXT) FROM rate_limits
				WHERE bucket LIKE ? ORDER BY bucket, window_start`, prefix, prefix+"%")
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprint(rows)
		}
		if a, o := counts("all"), counts("one"); a != o {
			t.Errorf("stored hits differ:\nTakeAll %s\nTake    %s", a, o)
		}
	})
}
