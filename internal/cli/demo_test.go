package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveUntilListening starts `serve`, waits until it listens, then stops it
// the way SIGTERM would and returns its exit code and output.
func serveUntilListening(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"samverkan", "serve", "--addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	}()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case code := <-done:
			return code, out.String(), errb.String()
		case <-deadline:
			t.Fatalf("serve did not start: %s %s", out.String(), errb.String())
		case <-time.After(20 * time.Millisecond):
		}
		if strings.Contains(out.String(), "listening on") {
			cancel()
			return <-done, out.String(), errb.String()
		}
	}
}

func TestServeDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		url := dbtest.URL(t, d.Dialect)
		code, out, stderr := serveUntilListening(t, "--demo", "--db", url)
		if code != 0 || !strings.Contains(out, "Demo data loaded") || !strings.Contains(out, demo.AdminEmail) || !strings.Contains(out, "/login/link/") {
			t.Fatalf("first demo run: %d\n%s\n%s", code, out, stderr)
		}
		// Every demo account is printed with how to sign in.
		if !strings.Contains(out, "/login with the e-mail address and the password "+demo.AdminPassword) || strings.Count(out, "one-time link: ") != len(demo.Accounts) {
			t.Errorf("the console does not say how to sign in:\n%s", out)
		}
		for _, role := range []string{"admin", "coordinator", "member"} {
			found := false
			for _, da := range demo.Accounts {
				if da.Role == role && strings.Contains(out, "  "+role+" ") && strings.Contains(out, da.Email) {
					found = true
				}
			}
			if !found {
				t.Errorf("no %s account on the console:\n%s", role, out)
			}
		}
		names, _ := demo.Organisations()
		if len(names) < 40 && !testing.Short() {
			t.Errorf("demo has %d organisations, want at least 40", len(names))
		}
		// The same command again serves the demo database it made.
		code, out, stderr = serveUntilListening(t, "--demo", "--db", url)
		if code != 0 || !strings.Contains(out, "Serving the demo database made earlier") || strings.Count(out, "one-time link: ") != len(demo.Accounts) {
			t.Fatalf("second demo run: %d\n%s\n%s", code, out, stderr)
		}
		// A database with real data refuses demo data and says why.
		real := dbtest.URL(t, d.Dialect)
		if code, _, stderr := run(t, "", nil, "users", "add", "--db", real, "--email", "riktig@example.org", "--name", "Riktig"); code != 0 {
			t.Fatal(stderr)
		}
		code, _, stderr = serveUntilListening(t, "--demo", "--db", real)
		if code == 0 || !strings.Contains(stderr, "holds real data") {
			t.Errorf("demo into real data: %d %s", code, stderr)
		}
	})
}
