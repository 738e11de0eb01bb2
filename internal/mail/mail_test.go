package mail_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/mail"
)

// inbox is an SMTP server (emersion/go-smtp) that keeps what it receives.
type inbox struct {
	mu   sync.Mutex
	msgs []string
	rcpt []string
}

func (b *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{b: b}, nil }

type session struct{ b *inbox }

func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error {
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.rcpt = append(s.b.rcpt, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	s.b.mu.Lock()
	defer s.b.mu.Unlock()
	s.b.msgs = append(s.b.msgs, string(b))
	return err
}

func TestFlushSendsOverSMTPOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		box := &inbox{}
		srv := smtp.NewServer(box)
		srv.Domain = "localhost"
		srv.AllowInsecureAuth = true
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() { _ = srv.Serve(ln) }()
		t.Cleanup(func() { srv.Close() })

		u, _ := url.Parse("smtp://" + ln.Addr().String())
		m := &mail.Mailer{DB: d, SMTP: u, From: "samverkan@example.org", Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: db.Now}
		ctx := context.Background()
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return m.Queue(ctx, tx, mail.Message{To: "anna@example.org", Lang: "sv", Subject: "Välkommen till språkcaféet", Body: "Hej!\nVi ses på tisdag."})
		})
		if err != nil {
			t.Fatal(err)
		}
		// Two instances flushing at once send the mail once.
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); m.Flush(ctx) }()
		}
		wg.Wait()
		m.Flush(ctx)
		box.mu.Lock()
		defer box.mu.Unlock()
		if len(box.msgs) != 1 || box.rcpt[0] != "anna@example.org" {
			t.Fatalf("received %d mails to %v, want 1 to anna", len(box.msgs), box.rcpt)
		}
		msg := box.msgs[0]
		for _, want := range []string{"Subject: =?utf-8?q?V=C3=A4lkommen_till_spr=C3=A5kcaf=C3=A9et?=", "charset=utf-8", "Vi ses på tisdag."} {
			if !strings.Contains(msg, want) {
				t.Errorf("mail lacks %q:\n%s", want, msg)
			}
		}
		list, err := m.List(ctx, actor.Actor{Role: actor.RoleAdmin}, 10, "")
		if err != nil || len(list) != 1 || list[0].SentAt == nil || time.Since(*list[0].SentAt) > time.Minute {
			t.Errorf("outbox after sending: %+v %v", list, err)
		}
		if _, err := m.List(ctx, actor.Actor{Role: actor.RoleCoordinator}, 10, ""); err == nil {
			t.Error("a coordinator read the outbox")
		}
	})
}
