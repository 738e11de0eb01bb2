package remind_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/remind"
)

var now = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

func claim(t *testing.T, d *db.DB, k remind.Key) bool {
	t.Helper()
	var got bool
	err := d.InTx(context.Background(), func(tx *db.Tx) (err error) {
		got, err = remind.Claim(context.Background(), tx, now, k)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestClaimOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		k := remind.Key{Kind: "event.day_before", Subject: "r1", Due: remind.DueKey(now)}
		for _, tt := range []struct {
			name string
			key  remind.Key
			want bool
		}{
			{"first claim", k, true},
			{"same reminder again", k, false},
			{"another subject", remind.Key{Kind: k.Kind, Subject: "r2", Due: k.Due}, true},
			{"another kind", remind.Key{Kind: "event.cancel_deadline", Subject: "r1", Due: k.Due}, true},
			{"a moved deadline is a new occasion", remind.Key{Kind: k.Kind, Subject: "r1", Due: remind.DueKey(now.Add(time.Hour))}, true},
		} {
			if got := claim(t, d, tt.key); got != tt.want {
				t.Errorf("%s: claimed = %v, want %v", tt.name, got, tt.want)
			}
		}
	})
}

// A claim in a transaction that rolls back (the mail could not be queued)
// is no claim: the next run sends the reminder.
func TestRolledBackClaimIsNoClaim(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		k := remind.Key{Kind: "k", Subject: "s", Due: "d"}
		boom := errors.New("queue failed")
		err := d.InTx(context.Background(), func(tx *db.Tx) error {
			if ok, err := remind.Claim(context.Background(), tx, now, k); err != nil || !ok {
				t.Fatalf("claim = %v, %v", ok, err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if !claim(t, d, k) {
			t.Error("the rolled-back claim blocked the next one")
		}
	})
}

// Two server instances (two connection pools on one database) claiming the
// same reminders at once: each reminder is claimed exactly once.
func TestConcurrentInstancesClaimOnce(t *testing.T) {
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			u := dbtest.URL(t, dialect)
			var instances []*db.DB
			for range 2 {
				d, err := db.Open(context.Background(), u)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				instances = append(instances, d)
			}
			if _, err := instances[0].Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			const subjects, workers = 40, 6
			var mu sync.Mutex
			won := map[string]int{}
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					d := instances[w%2]
					for i := range subjects {
						k := remind.Key{Kind: "k", Subject: string(rune('a' + i)), Due: "d"}
						var ok bool
						err := d.InTx(context.Background(), func(tx *db.Tx) (err error) {
							ok, err = remind.Claim(context.Background(), tx, now, k)
							return err
						})
						if err != nil {
							t.Error(err)
							return
						}
						if ok {
							mu.Lock()
							won[k.Subject]++
							mu.Unlock()
						}
					}
				})
			}
			wg.Wait()
			if len(won) != subjects {
				t.Errorf("%d subjects claimed, want %d", len(won), subjects)
			}
			for s, n := range won {
				if n != 1 {
					t.Errorf("subject %s claimed %d times", s, n)
				}
			}
		})
	}
}

func TestUnsentAndForget(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		claim(t, d, remind.Key{Kind: "k", Subject: "b", Due: "d"})
		claim(t, d, remind.Key{Kind: "other", Subject: "c", Due: "d"})
		many := []string{"a", "b", "c"}
		for i := range 1200 { // more than one IN batch
			many = append(many, string(rune(0x4e00+i)))
		}
		got, err := remind.Unsent(ctx, d, "k", "d", many)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(many)-1 || slices.Contains(got, "b") || got[0] != "a" || got[1] != "c" {
			t.Errorf("unsent = %v…, want all but b, in order", got[:3])
		}
		if got, _ := remind.Unsent(ctx, d, "k", "d", nil); len(got) != 0 {
			t.Errorf("unsent of none = %v", got)
		}
		n, err := remind.Forget(ctx, d, now.Add(time.Second))
		if err != nil || n != 2 {
			t.Errorf("forget = %d, %v; want 2", n, err)
		}
		if !claim(t, d, remind.Key{Kind: "k", Subject: "b", Due: "d"}) {
			t.Error("a forgotten reminder is still claimed")
		}
	})
}
