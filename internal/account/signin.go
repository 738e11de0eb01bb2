package account

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	sendmail "github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/ratelimit"
	"github.com/samverkan/samverkan/internal/secret"
)

// Session is a signed-in browser.
type Session struct {
	Token     string // the cookie value; only its hash is stored
	UserID    string
	ExpiresAt time.Time
}

// Login checks an e-mail and password and opens a session. Every attempt
// takes a hit from the limits first (signInRules), atomically, so parallel
// guesses cannot pass the limit; a successful one gives it back. Over the
// limit every attempt is refused, right or wrong, until the window passes.
func (s *Service) Login(ctx context.Context, email, password, ip, userAgent string) (Session, error) {
	key := strings.ToLower(strings.TrimSpace(email))
	if key == "" {
		return Session{}, apperr.Invalidf("email", "error.required")
	}
	rules := signInRules(key, ip)
	now := s.Now()
	ok, retry, err := ratelimit.Take(ctx, s.DB, now, rules...)
	if err != nil {
		return Session{}, err
	}
	if !ok {
		return Session{}, ratelimit.Limited("email", retry)
	}
	var id, hash string
	var hashNull sql.NullString
	var disabled bool
	err = s.DB.QueryRow(ctx, `SELECT id, password_hash, disabled FROM users WHERE email_key = ?`, key).Scan(&id, &hashNull, &disabled)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Session{}, apperr.Wrap(err, "login")
	}
	hash = hashNull.String
	if !s.checkPassword(hash, password) || disabled {
		return Session{}, apperr.New(apperr.Unauthorized, "password", "error.login_failed")
	}
	if err := ratelimit.Give(ctx, s.DB, now, rules...); err != nil {
		return Session{}, err
	}
	return s.openSession(ctx, id, ip, userAgent)
}

func (s *Service) openSession(ctx context.Context, userID, ip, userAgent string) (Session, error) {
	token, hash := secret.New()
	now := s.Now().UTC()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	sess := Session{Token: token, UserID: userID, ExpiresAt: now.Add(SessionTTL)}
	_, err := s.DB.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		hash, userID, now, sess.ExpiresAt, now, ip, userAgent)
	if err != nil {
		return Session{}, apperr.Wrap(err, "open session")
	}
	// Housekeeping that keeps the table small; any instance may do it.
	_, _ = s.DB.Exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, now)
	_ = ratelimit.Sweep(ctx, s.DB, now)
	return sess, nil
}

// SessionActor returns the actor for a session cookie, or Anonymous.
func (s *Service) SessionActor(ctx context.Context, token, ip string) (actor.Actor, error) {
	if token == "" {
		return actor.Anonymous(ip), nil
	}
	var userID string
	var expires, lastSeen time.Time
	err := s.DB.QueryRow(ctx, `SELECT user_id, expires_at, last_seen_at FROM sessions WHERE token_hash = ?`, secret.Hash(token)).Scan(&userID, &expires, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return actor.Anonymous(ip), nil
	}
	if err != nil {
		return actor.Actor{}, apperr.Wrap(err, "session")
	}
	now := s.Now().UTC()
	if now.After(expires) {
		return actor.Anonymous(ip), nil
	}
	u, err := s.FindUserByID(ctx, userID)
	if err != nil || u.Disabled {
		return actor.Anonymous(ip), nil
	}
	if now.Sub(lastSeen) > 5*time.Minute {
		// Writing on every request would make reads write; five minutes is
		// precise enough to show "last active".
		_, _ = s.DB.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, now, secret.Hash(token))
	}
	return s.loadActor(ctx, s.DB, u, ip)
}

// Logout ends one session.
func (s *Service) Logout(ctx context.Context, token string) error {
	_, err := s.DB.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, secret.Hash(token))
	return apperr.Wrap(err, "logout")
}

// LogoutEverywhere ends every session of the actor, on every instance.
func (s *Service) LogoutEverywhere(ctx context.Context, a actor.Actor) error {
	if a.UserID == "" {
		return apperr.ErrUnauthorized()
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, a.UserID); err != nil {
			return apperr.Wrap(err, "logout everywhere")
		}
		return audit.Record(ctx, tx, s.Now(), a, "user.logout_all", "user", a.UserID, nil)
	})
}

// CreateLoginLink makes a one-time sign-in link for a user and returns it.
func (s *Service) CreateLoginLink(ctx context.Context, userID string) (string, error) {
	var link string
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		link, err = s.createLoginLink(ctx, tx, userID)
		return err
	})
	return link, err
}

func (s *Service) createLoginLink(ctx context.Context, tx *db.Tx, userID string) (string, error) {
	token, hash := secret.New()
	now := s.Now().UTC()
	if _, err := tx.Exec(ctx, `INSERT INTO login_links (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		hash, userID, now, now.Add(LoginLinkTTL)); err != nil {
		return "", apperr.Wrap(err, "login link")
	}
	return strings.TrimRight(s.BaseURL, "/") + "/login/link/" + token, nil
}

// SendLoginLink mails a one-time link to the address if it has an account.
// It answers the same whether or not the account exists, so the form cannot
// be used to find out who has one; it is throttled like password attempts.
func (s *Service) SendLoginLink(ctx context.Context, email, ip string) error {
	_, key, err := NormalizeEmail("email", email)
	if err != nil {
		return err
	}
	// Every request counts, whether or not the account exists: this caps
	// the mail sent to one address and the requests from one place.
	ok, retry, err := ratelimit.Take(ctx, s.DB, s.Now(), linkRules(key, ip)...)
	if err != nil {
		return err
	}
	if !ok {
		return ratelimit.Limited("email", retry)
	}
	u, err := s.FindUserByEmail(ctx, key)
	if apperr.CodeOf(err) == apperr.NotFound || u.Disabled {
		return nil
	}
	if err != nil {
		return err
	}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		link, err := s.createLoginLink(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		p := s.Catalog.Printer(u.Lang)
		return s.Mail.Queue(ctx, tx, sendmail.Message{To: u.Email, Lang: u.Lang,
			Subject: p.T("mail.login.subject"),
			Body:    p.T("mail.login.body", "name", u.Name, "link", link, "minutes", int(LoginLinkTTL.Minutes()))})
	})
	if err == nil {
		go s.Mail.Flush(context.WithoutCancel(ctx))
	}
	return err
}

// UseLoginLink consumes a one-time link and opens a session. A link works
// once and only before it expires; the conditional update makes two clicks
// racing each other yield one session.
func (s *Service) UseLoginLink(ctx context.Context, token, ip, userAgent string) (Session, error) {
	now := s.Now().UTC()
	res, err := s.DB.Exec(ctx, `UPDATE login_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`, now, secret.Hash(token), now)
	if err != nil {
		return Session{}, apperr.Wrap(err, "use link")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Session{}, apperr.New(apperr.Unauthorized, "", "error.link_invalid")
	}
	var userID string
	if err := s.DB.QueryRow(ctx, `SELECT user_id FROM login_links WHERE token_hash = ?`, secret.Hash(token)).Scan(&userID); err != nil {
		return Session{}, apperr.Wrap(err, "use link")
	}
	return s.openSession(ctx, userID, ip, userAgent)
}
