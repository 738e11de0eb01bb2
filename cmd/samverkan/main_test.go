package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestEndToEnd builds the binary, starts it on a free port with a fresh
// database, signs in with a one-time link taken from the outbox, creates an
// organisation through the HTML form and reads it back through the API.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "samverkan")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			dbURL := dbtest.URL(t, d)
			cli := func(args ...string) string {
				t.Helper()
				cmd := exec.Command(bin, args...)
				cmd.Env = append(os.Environ(), "SAMVERKAN_DB="+dbURL)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("samverkan %v: %v\n%s", args, err, out)
				}
				return string(out)
			}
			cli("migrate")

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			srv := exec.CommandContext(ctx, bin, "serve", "--addr", "127.0.0.1:0", "--db", dbURL, "--log-format", "json")
			srv.Cancel = func() error { return srv.Process.Signal(os.Interrupt) }
			stdout, _ := srv.StdoutPipe()
			srv.Stderr = io.Discard
			if err := srv.Start(); err != nil {
				t.Fatal(err)
			}
			base := waitForListen(t, stdout)
			t.Cleanup(func() {
				cancel()
				_ = srv.Wait()
			})

			// An admin made on the command line, and a colleague.
			adminLink := regexp.MustCompile(`/login/link/\S+`).FindString(cli("users", "add", "--email", "admin@example.org", "--name", "Admin", "--role", "admin", "--base-url", base))
			cli("users", "add", "--email", "anna@example.org", "--name", "Anna", "--base-url", base)

			admin := newBrowser(t, base)
			admin.form("POST", adminLink, nil, http.StatusSeeOther)

			// Anna asks for a sign-in link; it arrives in the outbox.
			anna := newBrowser(t, base)
			anna.form("POST", "/login/link", url.Values{"email": {"anna@example.org"}}, http.StatusSeeOther)
			outbox := admin.get("/admin/outbox", http.StatusOK)
			// The mail's link uses the server's base URL (localhost), not the address
			// the test dialled; only the path matters here.
			link := regexp.MustCompile(`/login/link/[A-Za-z0-9_\-]+`).FindString(outbox)
			if link == "" || !strings.Contains(outbox, "anna@example.org") {
				t.Fatalf("no sign-in link for anna in the outbox:\n%s", outbox)
			}
			anna.form("POST", link, nil, http.StatusSeeOther)

			// She registers her association with the HTML form.
			loc := anna.form("POST", "/organisations", url.Values{
				"name": {"Somaliska kvinnoföreningen i Borås"}, "org_number": {"802429-6389"},
				"sector": {"civil_society"}, "category": {"womens_organisation"}, "municipality": {"1490"},
				"languages": {"sv", "so"}, "description_sv": {"Läxhjälp och språkcafé"},
			}, http.StatusSeeOther)
			id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/organisations/")
			if page := anna.get(loc, http.StatusOK); !strings.Contains(page, "Somaliska kvinnoföreningen i Borås") {
				t.Fatal("organisation page lacks the name")
			}

			// And reads it back through the API with a token from the CLI.
			token := strings.TrimSpace(cli("tokens", "create", "--email", "anna@example.org", "--name", "e2e"))
			req, _ := http.NewRequest("GET", base+"/api/v1/organisations/"+id, nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var o map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&o); err != nil || resp.StatusCode != 200 {
				t.Fatalf("API: %d %v", resp.StatusCode, err)
			}
			if o["name"] != "Somaliska kvinnoföreningen i Borås" || o["org_number"] != "802429-6389" || o["municipality"] != "1490" {
				t.Errorf("API returned %v", o)
			}
			// The change is in the audit log, with who made it.
			if audit := admin.get("/admin/audit", http.StatusOK); !strings.Contains(audit, "anna@example.org") || !strings.Contains(audit, "organisation.create") {
				t.Error("audit log lacks anna's organisation.create")
			}
		})
	}
}

func waitForListen(t *testing.T, r io.Reader) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start")
		return ""
	}
}

type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(path string, want int) string {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		b.t.Fatalf("GET %s: %d, want %d\n%s", path, resp.StatusCode, want, body)
	}
	return string(body)
}

// form posts like a browser on the same site and returns the redirect target.
func (b *browser) form(method, path string, v url.Values, want int) string {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.base+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		b.t.Fatalf("%s %s: %d, want %d\n%s", method, path, resp.StatusCode, want, body)
	}
	return resp.Header.Get("Location")
}
