package catalog

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
)

func hashToken(t string) string {
	s := sha256.Sum256([]byte(t))
	return hex.EncodeToString(s[:])
}

// SendReminders asks the owners (or, failing those, the editors) of every
// published activity unconfirmed for six months whether it still runs. The
// mail holds a one-click link; a reminder is sent once per confirmation
// period, and the conditional update lets only one instance send it.
func (s *Service) SendReminders(ctx context.Context, m *mail.Mailer, cat *i18n.Catalog, baseURL string) (int, error) {
	now := s.Now().UTC()
	rows, err := s.DB.Query(ctx, `SELECT id FROM activities WHERE status = 'published' AND last_confirmed_at < ?
		AND (reminded_at IS NULL OR reminded_at < last_confirmed_at)`, now.Add(-ConfirmAfter))
	if err != nil {
		return 0, apperr.Wrap(err, "due reminders")
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "due reminders")
		}
		ids = append(ids, id)
	}
	rows.Close()
	sent := 0
	for _, id := range ids {
		err := s.DB.InTx(ctx, func(tx *db.Tx) error {
			var b [32]byte
			_, _ = rand.Read(b[:])
			token := base64.RawURLEncoding.EncodeToString(b[:])
			res, err := tx.Exec(ctx, `UPDATE activities SET reminded_at = ?, confirm_token_hash = ? WHERE id = ?
				AND (reminded_at IS NULL OR reminded_at < last_confirmed_at)`, now, hashToken(token), id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return nil // another instance took it
			}
			a, err := loadActivity(ctx, tx, id)
			if err != nil {
				return err
			}
			recipients, err := tx.Query(ctx, `SELECT u.email, u.lang FROM memberships m JOIN users u ON u.id = m.user_id
				WHERE m.organisation_id = ? AND u.disabled = ? ORDER BY CASE m.role WHEN 'owner' THEN 0 ELSE 1 END, u.email_key`, a.OrganisationID, false)
			if err != nil {
				return err
			}
			type rcpt struct{ email, lang string }
			var to []rcpt
			for recipients.Next() {
				var r rcpt
				if err := recipients.Scan(&r.email, &r.lang); err != nil {
					recipients.Close()
					return err
				}
				to = append(to, r)
			}
			recipients.Close()
			link := strings.TrimRight(baseURL, "/") + "/activities/" + id + "/confirm/" + token
			for _, r := range to {
				p := cat.Printer(r.lang)
				text, _ := a.In(r.lang)
				if err := m.Queue(ctx, tx, mail.Message{To: r.email, Lang: r.lang,
					Subject: p.T("mail.confirm.subject", "title", text.Title),
					Body:    p.T("mail.confirm.body", "title", text.Title, "org", a.OrganisationName, "link", link)}); err != nil {
					return err
				}
			}
			if len(to) > 0 {
				sent++
			}
			return nil
		})
		if err != nil {
			return sent, apperr.Wrap(err, "reminder %s", id)
		}
	}
	return sent, nil
}

// ConfirmByToken confirms an activity from the link in a reminder mail; the
// token is single-use.
func (s *Service) ConfirmByToken(ctx context.Context, id, token, ip string) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.Now().UTC()
		res, err := tx.Exec(ctx, `UPDATE activities SET last_confirmed_at = ?, confirm_token_hash = NULL WHERE id = ? AND confirm_token_hash = ?`,
			now, id, hashToken(token))
		if err != nil {
			return apperr.Wrap(err, "confirm")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.NotFound, "", "error.link_invalid")
		}
		return audit.Record(ctx, tx, now, actor.Actor{Name: "reminder link", IP: ip}, "activity.confirm", "activity", id, nil)
	})
}
