package event

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRegQueue: every job is written exactly once and answered, batches
// stay within maxBatch, no more than maxLeaders run at once, and a batch
// that panics answers its jobs with an error instead of leaving them
// waiting; a burst is written in batches.
func TestRegQueue(t *testing.T) {
	cases := []struct {
		name    string
		jobs    int
		panicAt int // the write that panics; 0: none
	}{
		{"one", 1, 0},
		{"a burst", 500, 0},
		{"a burst with a panicking batch", 300, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var q regQueue
			var running, most, writes, biggest atomic.Int64
			seen := make([]atomic.Int64, c.jobs)
			write := func(_ context.Context, batch []*regJob) {
				n := running.Add(1)
				defer running.Add(-1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				if len(batch) > maxBatch {
					t.Errorf("batch of %d", len(batch))
				}
				w := writes.Add(1)
				time.Sleep(time.Millisecond) // a commit
				if w == int64(c.panicAt) {
					panic("boom")
				}
				for m := biggest.Load(); int64(len(batch)) > m && !biggest.CompareAndSwap(m, int64(len(batch))); m = biggest.Load() {
				}
				for _, j := range batch {
					n, _ := strconv.Atoi(j.key)
					seen[n].Add(1)
				}
			}
			var wg sync.WaitGroup
			var failed atomic.Int64
			for i := range c.jobs {
				wg.Go(func() {
					j := &regJob{key: strconv.Itoa(i), wake: make(chan bool, 1)}
					defer func() {
						if recover() != nil || j.err != nil {
							failed.Add(1)
						}
					}()
					q.run(context.Background(), j, write)
				})
			}
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("callers still waiting")
			}
			written := 0
			for i := range seen {
				switch seen[i].Load() {
				case 0:
				case 1:
					written++
				default:
					t.Errorf("job %d written %d times", i, seen[i].Load())
				}
			}
			if written+int(failed.Load()) != c.jobs || (c.panicAt == 0) != (failed.Load() == 0) {
				t.Errorf("%d written, %d failed, of %d", written, failed.Load(), c.jobs)
			}
			if most.Load() > maxLeaders {
				t.Errorf("%d batches at once, at most %d allowed", most.Load(), maxLeaders)
			}
			if c.jobs > 100 && biggest.Load() < 2 {
				t.Errorf("a burst of %d was written one by one", c.jobs)
			}
			if q.leaders != 0 || len(q.pending) != 0 {
				t.Errorf("queue left with %d leaders, %d pending", q.leaders, len(q.pending))
			}
		})
	}
}
