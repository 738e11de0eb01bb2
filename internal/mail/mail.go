// Package mail queues e-mail in the database outbox and, when an SMTP server
// is configured, delivers it. Queuing happens in the caller's transaction, so
// a mail exists exactly when the change that caused it was committed. Without
// SMTP the outbox is the delivery: admins read it at /admin/outbox.
//
// Tables: outbox.
package mail

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
)

// Message is one e-mail, already rendered in the recipient's language.
type Message struct {
	ID        string     `json:"id"`
	CreatedAt time.Time  `json:"created_at"`
	To        string     `json:"to"`
	Lang      string     `json:"lang"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
	Error     string     `json:"error,omitempty"`
}

// Mailer queues and delivers mail.
type Mailer struct {
	DB   *db.DB
	SMTP *url.URL // nil: keep mail in the outbox only
	From string
	Log  *slog.Logger
	Now  func() time.Time
}

// Queue stores a message in the outbox inside tx.
func (m *Mailer) Queue(ctx context.Context, tx *db.Tx, msg Message) error {
	_, err := tx.Exec(ctx, `INSERT INTO outbox (id, created_at, to_addr, lang, subject, body) VALUES (?, ?, ?, ?, ?, ?)`,
		db.NewID(), m.Now().UTC(), msg.To, msg.Lang, msg.Subject, msg.Body)
	if err != nil {
		return apperr.Wrap(err, "queue mail")
	}
	m.Log.Info("mail queued", "to", msg.To, "subject", msg.Subject)
	return nil
}

// Inserts are the statements that queue several messages (a batch of
// registrations), for the caller to run in the transaction of the change
// that sends them (db.Tx.ExecAll).
func (m *Mailer) Inserts(msgs []Message) ([]db.Statement, error) {
	now := m.Now().UTC()
	rows := make([][]any, 0, len(msgs))
	for _, msg := range msgs {
		rows = append(rows, []any{db.NewID(), now, msg.To, msg.Lang, msg.Subject, msg.Body})
	}
	return db.Inserts("outbox", []string{"id", "created_at", "to_addr", "lang", "subject", "body"}, rows)
}

// Flush delivers queued mail over SMTP. Each message is claimed with a
// conditional update first, so two instances never send the same mail.
func (m *Mailer) Flush(ctx context.Context) {
	if m.SMTP == nil {
		return
	}
	// Failed mail is retried on every flush for three days, then left in the
	// outbox with its last error for an admin to see.
	rows, err := m.DB.Query(ctx, `SELECT id, to_addr, subject, body FROM outbox WHERE sent_at IS NULL AND created_at > ? ORDER BY id LIMIT 50`,
		m.Now().UTC().Add(-72*time.Hour))
	if err != nil {
		m.Log.Error("outbox", "err", err)
		return
	}
	var pending []Message
	for rows.Next() {
		var msg Message
		if err := rows.Scan(&msg.ID, &msg.To, &msg.Subject, &msg.Body); err == nil {
			pending = append(pending, msg)
		}
	}
	rows.Close()
	for _, msg := range pending {
		res, err := m.DB.Exec(ctx, `UPDATE outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL`, m.Now().UTC(), msg.ID)
		if err != nil {
			continue
		}
		if n, _ := res.RowsAffected(); n != 1 {
			continue
		}
		if err := m.send(msg); err != nil {
			m.Log.Error("smtp send", "to", msg.To, "err", err)
			_, _ = m.DB.Exec(ctx, `UPDATE outbox SET sent_at = NULL, error = ? WHERE id = ?`, err.Error(), msg.ID)
		}
	}
}

func (m *Mailer) send(msg Message) error {
	host := m.SMTP.Host
	if _, _, err := net.SplitHostPort(host); err != nil {
		host = net.JoinHostPort(host, "25")
	}
	var auth smtp.Auth
	if u := m.SMTP.User; u != nil {
		pw, _ := u.Password()
		auth = smtp.PlainAuth("", u.Username(), pw, m.SMTP.Hostname())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\nDate: %s\r\n\r\n",
		m.From, msg.To, mime.QEncoding.Encode("utf-8", msg.Subject), m.Now().Format(time.RFC1123Z))
	b.WriteString(strings.ReplaceAll(msg.Body, "\n", "\r\n"))
	return smtp.SendMail(host, auth, m.From, []string{msg.To}, []byte(b.String()))
}

// List returns the newest outbox messages. Admins only: mail holds login links.
// before is a cursor: the ID of the last message of the previous page.
func (m *Mailer) List(ctx context.Context, a actor.Actor, limit int, before string) ([]Message, error) {
	if !a.IsAdmin() {
		return nil, apperr.ErrForbidden()
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	cond, args := "", []any{}
	if before != "" {
		cond, args = " WHERE id < ?", append(args, before)
	}
	rows, err := m.DB.Query(ctx, `SELECT id, created_at, to_addr, lang, subject, body, sent_at, error FROM outbox`+cond+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, apperr.Wrap(err, "list outbox")
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var msg Message
		var sent sql.NullTime
		if err := rows.Scan(&msg.ID, &msg.CreatedAt, &msg.To, &msg.Lang, &msg.Subject, &msg.Body, &sent, &msg.Error); err != nil {
			return nil, apperr.Wrap(err, "scan outbox")
		}
		if sent.Valid {
			msg.SentAt = &sent.Time
		}
		out = append(out, msg)
	}
	return out, apperr.Wrap(rows.Err(), "list outbox")
}

// EraseToTx deletes the outbox's mail to addresses inside tx, sent or
// not: erasing a participant's data (internal/event) reaches the copies
// of the mail they were sent. It returns the number of mails deleted.
func EraseToTx(ctx context.Context, tx *db.Tx, addresses []string) (int, error) {
	n := 0
	for _, a := range addresses {
		res, err := tx.Exec(ctx, `DELETE FROM outbox WHERE LOWER(to_addr) = LOWER(?)`, a)
		if err != nil {
			return n, apperr.Wrap(err, "erase mail")
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}
