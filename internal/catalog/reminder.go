package catalog

import (
	"context"
	"strings"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/secret"
)

// SendReminders asks the owners (or, failing those, the editors) of every
// published activity unconfirmed for six months whether it still runs. The
// mail holds a one-click link; a reminder is sent once per confirmation
// period, and the conditional update lets only one instance send it.
func (s *Service) SendReminders(ctx context.Context, m *mail.Mailer, cat *i18n.Catalog, baseURL string) (int, error) {
	now := s.Now().UTC()
	ids, err := db.Strings(ctx, s.DB, `SELECT id FROM activities WHERE status = ? AND last_confirmed_at < ?
		AND (reminded_at IS NULL OR reminded_at < last_confirmed_at)`, Published, now.Add(-ConfirmAfter))
	if err != nil {
		return 0, apperr.Wrap(err, "due reminders")
	}
	sent := 0
	for _, id := range ids {
		err := s.DB.InTx(ctx, func(tx *db.Tx) error {
			token, hash := secret.New()
			res, err := tx.Exec(ctx, `UPDATE activities SET reminded_at = ?, confirm_token_hash = ? WHERE id = ?
				AND (reminded_at IS NULL OR reminded_at < last_confirmed_at)`, now, hash, id)
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
			to, err := account.OrgContactsTx(ctx, tx, a.OrganisationID)
			if err != nil {
				return err
			}
			link := strings.TrimRight(baseURL, "/") + "/activities/" + id + "/confirm/" + token
			for _, r := range to {
				p := cat.Printer(r.Lang)
				text, _ := a.In(r.Lang)
				if err := m.Queue(ctx, tx, mail.Message{To: r.Email, Lang: r.Lang,
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

// FindByConfirmToken returns the activity a reminder's link is for, or
// not-found when the link is not (or no longer) valid: the confirmation
// page shows a title only to the holder of the link, since a draft's title
// is not public.
func (s *Service) FindByConfirmToken(ctx context.Context, id, token string) (Activity, error) {
	ids, err := db.Strings(ctx, s.DB, `SELECT id FROM activities WHERE id = ? AND confirm_token_hash = ?`, id, secret.Hash(token))
	if err != nil {
		return Activity{}, apperr.Wrap(err, "confirm link")
	}
	if len(ids) == 0 {
		return Activity{}, apperr.New(apperr.NotFound, "", "error.link_invalid")
	}
	return s.FindActivityByID(ctx, id)
}

// ConfirmByToken confirms an activity from the link in a reminder mail; the
// token is single-use.
func (s *Service) ConfirmByToken(ctx context.Context, id, token, ip string) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.Now().UTC()
		res, err := tx.Exec(ctx, `UPDATE activities SET last_confirmed_at = ?, confirm_token_hash = NULL WHERE id = ? AND confirm_token_hash = ?`,
			now, id, secret.Hash(token))
		if err != nil {
			return apperr.Wrap(err, "confirm")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.NotFound, "", "error.link_invalid")
		}
		return audit.Record(ctx, tx, now, actor.Actor{Name: "reminder link", IP: ip}, "activity.confirm", "activity", id, nil)
	})
}
