package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
)

// benchQuery is "a word and two filters" (issue 3).
const benchQuery = "/api/v1/activities?q=spr%C3%A5kcaf%C3%A9&county=12&language=ar"

// BenchmarkSearch100k serves the catalogue search through HTTP over 100,000
// activities in 290 municipalities and, in the same run, a baseline handler
// that returns the same bytes from memory. It reports median and p99 latency
// (sequential requests) and requests per second (8 concurrent clients) for
// both, and their ratio. SAMVERKAN_BENCH_SQLITE may name a database made by
// `samverkan generate`, and SAMVERKAN_BENCH_POSTGRES a URL of one; otherwise
// one is generated (about 16 s on SQLite, 90 s on PostgreSQL).
func BenchmarkSearch100k(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			ctx := context.Background()
			var d *db.DB
			existing := ""
			if p := os.Getenv("SAMVERKAN_BENCH_SQLITE"); p != "" && dialect == db.SQLite {
				existing = "sqlite:" + p
			}
			if u := os.Getenv("SAMVERKAN_BENCH_POSTGRES"); u != "" && dialect == db.Postgres {
				existing = u
			}
			if existing != "" {
				var err error
				if d, err = db.Open(ctx, existing); err != nil {
					b.Fatal(err)
				}
				defer d.Close()
			} else {
				d = dbtest.Open(b, dialect)
				if err := catalog.Generate(ctx, d, 100000, 1, db.Now()); err != nil {
					b.Fatal(err)
				}
			}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			svc := app.New(d, app.Config{BaseURL: "http://localhost", Log: log})
			h, err := server.New(server.Deps{DB: d, Services: svc, Log: log, BaseURL: "http://localhost"})
			if err != nil {
				b.Fatal(err)
			}
			real := httptest.NewServer(h)
			defer real.Close()
			body := get(b, real.URL+benchQuery)
			base := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				_, _ = w.Write(body)
			}))
			defer base.Close()

			b.ResetTimer()
			for b.Loop() {
				get(b, real.URL+benchQuery)
			}
			b.StopTimer()
			p50, p99 := latencies(b, func(int) string { return real.URL + benchQuery }, 200)
			// A signed-in client bypasses the search cache (which is keyed by
			// the parsed filter, so no query string can miss it on purpose):
			// the cost of the same search when nobody asked it in the last
			// minute, plus the token check.
			u, err := svc.Accounts.CreateUser(ctx, actor.System("bench"), account.NewUser{Email: fmt.Sprintf("bench%d@example.org", time.Now().UnixNano()), Name: "Bench"})
			if err != nil {
				b.Fatal(err)
			}
			_, token, err := svc.Accounts.CreateToken(ctx, actor.System("bench"), u.ID, "bench")
			if err != nil {
				b.Fatal(err)
			}
			coldP50, coldP99 := latenciesWith(b, real.URL+benchQuery, token, 200)
			rps := throughput(b, real.URL+benchQuery, 8, 2*time.Second)
			baseRPS := throughput(b, base.URL+benchQuery, 8, 2*time.Second)
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50_ms")
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99_ms")
			b.ReportMetric(float64(coldP50.Microseconds())/1000, "uncached_p50_ms")
			b.ReportMetric(float64(coldP99.Microseconds())/1000, "uncached_p99_ms")
			b.ReportMetric(rps, "req/s")
			b.ReportMetric(baseRPS, "baseline_req/s")
			b.ReportMetric(rps/baseRPS*100, "%_of_baseline")
			b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap_MiB")
			b.ReportMetric(float64(len(body)), "bytes/answer")
		})
	}
}

func get(b *testing.B, u string) []byte { return getWith(b, u, "") }

func getWith(b *testing.B, u, token string) []byte {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		b.Fatalf("%s: %d %s", u, resp.StatusCode, body)
	}
	return body
}

func latencies(b *testing.B, u func(i int) string, n int) (p50, p99 time.Duration) {
	ds := make([]time.Duration, n)
	for i := range ds {
		start := time.Now()
		get(b, u(i))
		ds[i] = time.Since(start)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[n/2], ds[n*99/100]
}

func latenciesWith(b *testing.B, u, token string, n int) (p50, p99 time.Duration) {
	ds := make([]time.Duration, n)
	for i := range ds {
		start := time.Now()
		getWith(b, u, token)
		ds[i] = time.Since(start)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[n/2], ds[n*99/100]
}

func throughput(b *testing.B, u string, clients int, d time.Duration) float64 {
	var count atomic.Int64
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				get(b, u)
				count.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(count.Load()) / d.Seconds()
}
