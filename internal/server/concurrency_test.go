package server_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// Single-use secrets stay single-use when used at the same moment, and two
// registrations of one organisation number never both succeed.
func TestConcurrentUseIsExclusive(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u := e.user("race@example.org", "member")
		link, err := e.accounts.CreateLoginLink(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		path := strings.TrimPrefix(link, e.srv.URL)
		const n = 8
		codes := make([]int, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				req, _ := http.NewRequest("POST", e.srv.URL+path, nil)
				req.Header.Set("Origin", e.srv.URL)
				resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
				if err == nil {
					codes[i] = resp.StatusCode
					resp.Body.Close()
				}
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, c := range codes {
			if c == http.StatusSeeOther {
				ok++
			}
		}
		if ok != 1 || e.count("sessions") != 1 {
			t.Errorf("%d sign-ins and %d sessions from one link (codes %v), want 1", ok, e.count("sessions"), codes)
		}

		tok := e.token(u)
		created := make([]int, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				body := with(validOrg("Förening "+string(rune('A'+i))), "org_number", "556036-0793")
				body["municipality"] = []string{"0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127"}[i]
				created[i], _ = e.api("POST", "/api/v1/organisations", tok, body)
			}(i)
		}
		wg.Wait()
		wins := 0
		for _, c := range created {
			switch c {
			case http.StatusCreated:
				wins++
			case http.StatusConflict:
			default:
				t.Errorf("concurrent create answered %d", c)
			}
		}
		if wins != 1 || e.count("organisations") != 1 {
			t.Errorf("%d organisations share one organisation number", e.count("organisations"))
		}
	})
}
