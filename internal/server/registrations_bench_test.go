package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/server"
)

// BenchmarkRegistrations measures public registrations per second through
// HTTP: concurrent clients (16, and 64 — the moments after an invitation
// goes out, when a thousand a second means some fifty in flight), each
// registration a distinct e-mail from a distinct address (so the rate
// limits are counted but not hit), spread over two server instances on
// one database. It reports reg/s and checks that no event was overbooked.
//
//	go test -run '^$' -bench BenchmarkRegistrations -benchtime 4000x ./internal/server/
func BenchmarkRegistrations(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		for _, clients := range []int{16, 64} {
			b.Run(fmt.Sprintf("%s/clients=%d", dialect, clients), func(b *testing.B) { benchRegistrations(b, dialect, clients) })
		}
	}
}

func benchRegistrations(b *testing.B, dialect db.Dialect, clients int) {
	d := dbtest.Open(b, dialect)
	e := newBenchEnv(b, d)
	defer e.close()
	capacity := b.N / 2
	if capacity < 1 {
		capacity = 1
	}
	id := e.event(b, capacity)
	var next atomic.Int64
	var failed atomic.Int64
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				base := e.urls[i%2]
				body, _ := json.Marshal(map[string]any{"name": "Deltagare", "email": fmt.Sprintf("b%d@example.org", i), "accept_privacy": true, "sector": "civil_society"})
				req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/events/"+id+"/registrations", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
				resp, err := client.Do(req)
				if err != nil || resp.StatusCode != http.StatusCreated {
					failed.Add(1)
				}
				if resp != nil {
					resp.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	var confirmed int
	if err := d.QueryRow(b.Context(), `SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'`, id).Scan(&confirmed); err != nil {
		b.Fatal(err)
	}
	if confirmed > capacity || failed.Load() > 0 {
		b.Fatalf("%d confirmed for %d seats, %d failed", confirmed, capacity, failed.Load())
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "reg/s")
}

type benchEnv struct {
	urls    []string
	servers []*httptest.Server
	svc     *app.Services
}

func newBenchEnv(b *testing.B, d *db.DB) *benchEnv {
	e := &benchEnv{}
	for i := 0; i < 2; i++ {
		svc := app.New(d, app.Config{BaseURL: "http://localhost"})
		if i == 0 {
			e.svc = svc
		}
		h, err := server.New(server.Deps{DB: d, Services: svc, BaseURL: "http://localhost", TrustProxy: 1, Log: svc.Mail.Log})
		if err != nil {
			b.Fatal(err)
		}
		s := httptest.NewServer(h)
		e.servers, e.urls = append(e.servers, s), append(e.urls, s.URL)
	}
	return e
}

func (e *benchEnv) close() {
	for _, s := range e.servers {
		s.Close()
	}
}

func (e *benchEnv) event(b *testing.B, capacity int) string {
	ctx := b.Context()
	sector, cat, muni, name := "public", "municipality", "1081", fmt.Sprintf("Bänk %d", time.Now().UnixNano())
	o, err := e.svc.Orgs.CreateOrganisation(ctx, systemActor(), orgFields(name, sector, cat, muni))
	if err != nil {
		b.Fatal(err)
	}
	body := dialogueDay(o.ID)
	body["capacity"] = capacity
	raw, _ := json.Marshal(body)
	var f eventFields
	if err := json.Unmarshal(raw, &f); err != nil {
		b.Fatal(err)
	}
	ev, err := e.svc.Events.CreateEvent(ctx, systemActor(), f)
	if err != nil {
		b.Fatal(err)
	}
	return ev.ID
}
