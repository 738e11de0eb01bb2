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
	"github.com/samverkan/samverkan/internal/secret"
)

// tokenPrefix marks samverkan API tokens so secret scanners can find leaks.
const tokenPrefix = "svk_"

// Token is a named API token; the secret is shown once, at creation.
type Token struct {
	ID         string     `json:"id"`
	UserID     string     `json:"user_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// CreateToken makes an API token for the actor (or, for the command line,
// for userID) and returns it with its secret.
func (s *Service) CreateToken(ctx context.Context, a actor.Actor, userID, name string) (Token, string, error) {
	if userID == "" {
		userID = a.UserID
	}
	if userID == "" {
		return Token{}, "", apperr.ErrUnauthorized()
	}
	if userID != a.UserID && !a.IsAdmin() {
		return Token{}, "", apperr.ErrForbidden()
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return Token{}, "", apperr.Invalidf("name", "error.required")
	}
	if len(name) > 100 {
		return Token{}, "", apperr.Invalidf("name", "error.too_long", "max", 100)
	}
	raw, _ := secret.New()
	token := tokenPrefix + raw
	hash := secret.Hash(token)
	t := Token{ID: db.NewID(), UserID: userID, Name: name, CreatedAt: s.Now().UTC()}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
			t.ID, t.UserID, t.Name, hash, t.CreatedAt); err != nil {
			if errors.Is(db.Translate(err), db.ErrForeignKey) {
				return apperr.New(apperr.NotFound, "email", "error.not_found")
			}
			return apperr.Wrap(err, "create token")
		}
		return audit.Record(ctx, tx, t.CreatedAt, a, "token.create", "api_token", t.ID, map[string]string{"name": name, "user": userID})
	})
	if err != nil {
		return Token{}, "", err
	}
	return t, token, nil
}

// FindTokens lists the actor's own tokens (revoked ones too, for the record).
func (s *Service) FindTokens(ctx context.Context, a actor.Actor) ([]Token, error) {
	if a.UserID == "" {
		return nil, apperr.ErrUnauthorized()
	}
	rows, err := s.DB.Query(ctx, `SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, a.UserID)
	if err != nil {
		return nil, apperr.Wrap(err, "list tokens")
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var used, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &used, &revoked); err != nil {
			return nil, apperr.Wrap(err, "scan token")
		}
		if used.Valid {
			t.LastUsedAt = &used.Time
		}
		if revoked.Valid {
			t.RevokedAt = &revoked.Time
		}
		out = append(out, t)
	}
	return out, apperr.Wrap(rows.Err(), "list tokens")
}

// RevokeToken revokes one of the actor's tokens (admins: anyone's).
func (s *Service) RevokeToken(ctx context.Context, a actor.Actor, id string) error {
	if a.UserID == "" && !a.System {
		return apperr.ErrUnauthorized()
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var owner string
		err := tx.QueryRow(ctx, `SELECT user_id FROM api_tokens WHERE id = ?`, id).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound()
		}
		if err != nil {
			return apperr.Wrap(err, "revoke token")
		}
		if owner != a.UserID && !a.IsAdmin() {
			return apperr.ErrNotFound()
		}
		now := s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, now, id); err != nil {
			return apperr.Wrap(err, "revoke token")
		}
		return audit.Record(ctx, tx, now, a, "token.revoke", "api_token", id, nil)
	})
}

// TokenActor authenticates a bearer token. An unknown or revoked token is
// an error, not anonymity: a client that sends a token expects it to work.
func (s *Service) TokenActor(ctx context.Context, token, ip string) (actor.Actor, error) {
	if !strings.HasPrefix(token, tokenPrefix) {
		return actor.Actor{}, apperr.New(apperr.Unauthorized, "", "error.token_invalid")
	}
	hash := secret.Hash(token)
	var id, userID string
	var revoked, used sql.NullTime
	err := s.DB.QueryRow(ctx, `SELECT id, user_id, revoked_at, last_used_at FROM api_tokens WHERE token_hash = ?`, hash).Scan(&id, &userID, &revoked, &used)
	if errors.Is(err, sql.ErrNoRows) || revoked.Valid {
		return actor.Actor{}, apperr.New(apperr.Unauthorized, "", "error.token_invalid")
	}
	if err != nil {
		return actor.Actor{}, apperr.Wrap(err, "token")
	}
	u, err := s.FindUserByID(ctx, userID)
	if err != nil || u.Disabled {
		return actor.Actor{}, apperr.New(apperr.Unauthorized, "", "error.token_invalid")
	}
	now := s.Now().UTC()
	if !used.Valid || now.Sub(used.Time) > time.Minute {
		_, _ = s.DB.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, id)
	}
	return s.loadActor(ctx, s.DB, u, ip)
}
