package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
)

// Identity is what an external identity provider (an OpenID Connect
// provider of a municipality or a larger organisation) vouches for after a
// sign-in. The web layer fills it from a verified ID token; nothing in it
// comes from the browser.
type Identity struct {
	Issuer        string
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

// DomainRoles are the e-mail domains allowed to sign in through the
// provider, with the platform role a new account from each domain gets
// (e.g. sundsvall.se → coordinator, a volunteer centre's domain → member).
type DomainRoles map[string]string

// ParseDomainRoles reads "sundsvall.se=coordinator,example.org=member". A
// domain without "=role" gets member. Admin is refused: whoever controls
// the provider's accounts in that domain would run the platform, and an
// admin is made on the command line instead.
func ParseDomainRoles(s string) (DomainRoles, error) {
	out := DomainRoles{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		domain, role, ok := strings.Cut(part, "=")
		if !ok {
			role = actor.RoleMember
		}
		domain = strings.ToLower(strings.TrimSpace(domain))
		role = strings.TrimSpace(role)
		if domain == "" || strings.ContainsAny(domain, "@ /") || !strings.Contains(domain, ".") {
			return nil, fmt.Errorf("e-mail domain %q: want a domain such as sundsvall.se", domain)
		}
		if role != actor.RoleCoordinator && role != actor.RoleMember {
			return nil, fmt.Errorf("domain %s: role %q: want coordinator or member (an admin is made with: samverkan users add --role admin)", domain, role)
		}
		out[domain] = role
	}
	return out, nil
}

// domainOf returns the lower-cased domain of an e-mail key.
func domainOf(emailKey string) string {
	return emailKey[strings.LastIndex(emailKey, "@")+1:]
}

// SignInExternal opens a session for a person an identity provider has
// signed in. A known (issuer, subject) is the same person as before. A new
// one is linked to the account with the same e-mail address, or gets a new
// account with its domain's role, but only with an address the provider
// says it has verified: linking by an unverified address would let anyone
// who can type a colleague's address at the provider take their account.
// The domain is checked on every sign-in, so removing it from the
// configuration shuts its people out of this way in (they keep any other).
func (s *Service) SignInExternal(ctx context.Context, id Identity, domains DomainRoles, ip, userAgent string) (Session, error) {
	if id.Issuer == "" || id.Subject == "" || len(id.Issuer) > 500 || len(id.Subject) > 255 {
		return Session{}, apperr.New(apperr.Unauthorized, "oidc", "error.oidc_failed")
	}
	email, key, err := NormalizeEmail("email", id.Email)
	if err != nil {
		return Session{}, apperr.New(apperr.Unauthorized, "oidc", "error.oidc_no_email")
	}
	if _, ok := domains[domainOf(key)]; !ok {
		return Session{}, apperr.New(apperr.Forbidden, "oidc", "error.oidc_domain", "domain", domainOf(key))
	}
	var userID string
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.Now().UTC()
		var disabled bool
		err := tx.QueryRow(ctx, `SELECT u.id, u.disabled FROM user_identities i JOIN users u ON u.id = i.user_id
			WHERE i.issuer = ? AND i.subject = ?`, id.Issuer, id.Subject).Scan(&userID, &disabled)
		switch {
		case err == nil:
			if disabled {
				return apperr.New(apperr.Unauthorized, "oidc", "error.login_failed")
			}
			_, err = tx.Exec(ctx, `UPDATE user_identities SET email = ?, last_used_at = ? WHERE issuer = ? AND subject = ?`, email, now, id.Issuer, id.Subject)
			return apperr.Wrap(err, "identity used")
		case !errors.Is(err, sql.ErrNoRows):
			return apperr.Wrap(err, "identity")
		}
		if !id.EmailVerified {
			return apperr.New(apperr.Unauthorized, "oidc", "error.oidc_unverified")
		}
		by := actor.Actor{Name: "OpenID Connect " + id.Issuer, IP: ip}
		err = tx.QueryRow(ctx, `SELECT id, disabled FROM users WHERE email_key = ?`, key).Scan(&userID, &disabled)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			name, _ := input.Line("name", id.Name, 200, false)
			if name == "" {
				name = email[:strings.IndexByte(email, '@')]
			}
			u, err := s.createUser(ctx, tx, by, NewUser{Email: email, Name: name, Role: domains[domainOf(key)]})
			if err != nil {
				return err
			}
			userID = u.ID
		case err != nil:
			return apperr.Wrap(err, "user by e-mail")
		case disabled:
			return apperr.New(apperr.Unauthorized, "oidc", "error.login_failed")
		}
		_, err = tx.Exec(ctx, `INSERT INTO user_identities (issuer, subject, user_id, email, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id.Issuer, id.Subject, userID, email, now, now)
		if err != nil {
			return apperr.Wrap(err, "link identity")
		}
		return audit.Record(ctx, tx, now, by, "user.identity_link", "user", userID, map[string]string{"issuer": id.Issuer, "email": email})
	})
	if err != nil {
		return Session{}, err
	}
	return s.openSession(ctx, userID, ip, userAgent)
}
