// Package account holds users, their sign-in (passwords, one-time e-mail
// links, sessions), API tokens, and memberships of organisations with the
// invitations that create them. Sessions and tokens live in the database so
// that several instances behind a load balancer share them; secrets are
// stored only as SHA-256 hashes.
//
// Tables: users, user_identities, sessions, login_links, api_tokens,
// memberships, invitations.
package account

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/input"
	sendmail "github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/ratelimit"
	"github.com/samverkan/samverkan/internal/secret"
)

// Lifetimes of the secrets handed out.
const (
	SessionTTL    = 30 * 24 * time.Hour
	LoginLinkTTL  = 30 * time.Minute
	InvitationTTL = 14 * 24 * time.Hour
)

// signInRules throttle the one guessing, not the account's owner: failures
// are counted per address and account together, with backoff (5 in 15
// minutes, then 10 in two hours, 20 in a day), so five wrong passwords from
// one place do not lock the owner out from another. The per-address limit
// is higher because offices share one NAT; the per-account limit, over all
// addresses, only slows a guesser spread across many.
func signInRules(account, ip string) []ratelimit.Rule {
	pair := "signin:" + ip + "|" + account
	return []ratelimit.Rule{
		{Key: pair, Limit: 5, Window: 15 * time.Minute},
		{Key: pair + "|2h", Limit: 10, Window: 2 * time.Hour},
		{Key: pair + "|1d", Limit: 20, Window: 24 * time.Hour},
		{Key: "signin-ip:" + ip, Limit: 30, Window: 15 * time.Minute},
		{Key: "signin-account:" + account, Limit: 100, Window: time.Hour},
	}
}

// linkRules cap sign-in links mailed to one address (and requested from
// one address): each request sends a mail to someone.
func linkRules(account, ip string) []ratelimit.Rule {
	return []ratelimit.Rule{
		{Key: "link:" + account, Limit: 5, Window: 15 * time.Minute},
		{Key: "link:" + account + "|1d", Limit: 20, Window: 24 * time.Hour},
		{Key: "link-ip:" + ip, Limit: 20, Window: 15 * time.Minute},
	}
}

// User is an account.
type User struct {
	ID          string    `json:"id"`
	Email       string    `json:"email"`
	Name        string    `json:"name"`
	Lang        string    `json:"lang"`
	Role        string    `json:"role"`
	HasPassword bool      `json:"has_password"`
	Disabled    bool      `json:"disabled"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Service is the account store and its rules.
type Service struct {
	DB      *db.DB
	Mail    *sendmail.Mailer
	Catalog *i18n.Catalog
	BaseURL string
	Now     func() time.Time
	// OrgNames looks up organisations' names (org.NamesTx): the registry
	// owns its table, and org depends on account, so it is passed in.
	OrgNames func(ctx context.Context, q db.Querier, ids []string) (map[string]string, error)
	// PasswordCost is the bcrypt cost; 0 is the library's default.
	PasswordCost int
}

// orgName returns an organisation's name inside q, or not-found.
func (s *Service) orgName(ctx context.Context, q db.Querier, id string) (string, error) {
	names, err := s.OrgNames(ctx, q, []string{id})
	if err != nil {
		return "", err
	}
	name, ok := names[id]
	if !ok {
		return "", apperr.ErrNotFound()
	}
	return name, nil
}

// NewUser is the input for creating a user.
type NewUser struct {
	Email    string
	Name     string
	Role     string
	Lang     string
	Password string // optional: users may sign in by e-mail link only
}

// NormalizeEmail validates an address and returns it trimmed and its
// case-insensitive key.
func NormalizeEmail(field, raw string) (email, key string, err error) {
	email = strings.TrimSpace(raw)
	if email == "" {
		return "", "", apperr.Invalidf(field, "error.required")
	}
	a, perr := mail.ParseAddress(email)
	if perr != nil || a.Address != email || !strings.Contains(email[strings.LastIndex(email, "@"):], ".") {
		return "", "", apperr.Invalidf(field, "error.email")
	}
	return email, strings.ToLower(email), nil
}

func validRole(r string) bool {
	return r == actor.RoleAdmin || r == actor.RoleCoordinator || r == actor.RoleMember
}

// CreateUser adds a user. Only admins (and the command line) may create
// accounts with a platform role.
func (s *Service) CreateUser(ctx context.Context, a actor.Actor, in NewUser) (User, error) {
	if !a.IsAdmin() {
		return User{}, apperr.ErrForbidden()
	}
	var u User
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		u, err = s.createUser(ctx, tx, a, in)
		return err
	})
	return u, err
}

func (s *Service) createUser(ctx context.Context, tx *db.Tx, a actor.Actor, in NewUser) (User, error) {
	email, key, err := NormalizeEmail("email", in.Email)
	if err != nil {
		return User{}, err
	}
	name, err := input.Line("name", in.Name, 200, true)
	if err != nil {
		return User{}, err
	}
	if in.Role == "" {
		in.Role = actor.RoleMember
	}
	if !validRole(in.Role) {
		return User{}, apperr.Invalidf("role", "error.choice")
	}
	if _, ok := i18n.Find(in.Lang); !ok {
		in.Lang = i18n.Default
	}
	var hash any
	if in.Password != "" {
		if err := ValidatePassword(in.Password, email); err != nil {
			return User{}, err
		}
		h, err := s.hashPassword(in.Password)
		if err != nil {
			return User{}, err
		}
		hash = h
	}
	now := s.Now().UTC()
	u := User{ID: db.NewID(), Email: email, Name: name, Lang: in.Lang, Role: in.Role, HasPassword: hash != nil, CreatedAt: now, UpdatedAt: now}
	_, err = tx.Exec(ctx, `INSERT INTO users (id, email, email_key, name, lang, role, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Email, key, u.Name, u.Lang, u.Role, hash, now, now)
	if errors.Is(db.Translate(err), db.ErrUnique) {
		return User{}, apperr.New(apperr.Conflict, "email", "error.email_taken")
	}
	if err != nil {
		return User{}, apperr.Wrap(err, "insert user")
	}
	if err := audit.Record(ctx, tx, now, a, "user.create", "user", u.ID, map[string]string{"email": u.Email, "role": u.Role}); err != nil {
		return User{}, err
	}
	return u, nil
}

const userColumns = `id, email, name, lang, role, password_hash IS NOT NULL, disabled, created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Lang, &u.Role, &u.HasPassword, &u.Disabled, &u.CreatedAt, &u.UpdatedAt)
	return u, err
}

// FindUserByEmail looks a user up by e-mail, ignoring case.
func (s *Service) FindUserByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(s.DB.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email_key = ?`, strings.ToLower(strings.TrimSpace(email))))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.New(apperr.NotFound, "email", "error.not_found")
	}
	return u, apperr.Wrap(err, "find user")
}

// FindUserByID looks a user up by ID.
func (s *Service) FindUserByID(ctx context.Context, id string) (User, error) {
	u, err := scanUser(s.DB.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, apperr.ErrNotFound()
	}
	return u, apperr.Wrap(err, "find user")
}

// FindUsers lists every user; staff only, since it reveals e-mail addresses.
func (s *Service) FindUsers(ctx context.Context, a actor.Actor) ([]User, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrForbidden()
	}
	rows, err := s.DB.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY email_key`)
	if err != nil {
		return nil, apperr.Wrap(err, "list users")
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan user")
		}
		out = append(out, u)
	}
	return out, apperr.Wrap(rows.Err(), "list users")
}

// SetRole changes a user's platform role; admins only, audited.
func (s *Service) SetRole(ctx context.Context, a actor.Actor, userID, role string) error {
	if !a.IsAdmin() {
		return apperr.ErrForbidden()
	}
	if !validRole(role) {
		return apperr.Invalidf("role", "error.choice")
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var old string
		if err := tx.QueryRow(ctx, `SELECT role FROM users WHERE id = ?`, userID).Scan(&old); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.ErrNotFound()
			}
			return apperr.Wrap(err, "find user")
		}
		now := s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE users SET role = ?, updated_at = ? WHERE id = ?`, role, now, userID); err != nil {
			return apperr.Wrap(err, "set role")
		}
		return audit.Record(ctx, tx, now, a, "user.role", "user", userID, map[string]string{"from": old, "to": role})
	})
}

// Profile is the input for changing one's own account. A new password
// needs the current one (when the account has one): a session left open on
// a shared computer must not be enough to take the account over.
type Profile struct {
	Name            string
	Lang            string
	Password        string // new password; "" keeps the old
	CurrentPassword string
}

// UpdateProfile changes the signed-in user's own name, language and,
// optionally, password. A new password ends every other session of the
// user (keepSession, the cookie of the request, stays signed in).
func (s *Service) UpdateProfile(ctx context.Context, a actor.Actor, in Profile, keepSession string) error {
	if a.UserID == "" {
		return apperr.ErrUnauthorized()
	}
	name, err := input.Line("name", in.Name, 200, true)
	if err != nil {
		return err
	}
	if _, ok := i18n.Find(in.Lang); !ok {
		return apperr.Invalidf("lang", "error.choice")
	}
	var hash string
	if in.Password != "" {
		var current sql.NullString
		if err := s.DB.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = ?`, a.UserID).Scan(&current); err != nil {
			return apperr.Wrap(err, "update profile")
		}
		if current.String != "" && !s.checkPassword(current.String, in.CurrentPassword) {
			return apperr.Invalidf("current_password", "error.current_password")
		}
		if err := ValidatePassword(in.Password, a.Email); err != nil {
			return err
		}
		if hash, err = s.hashPassword(in.Password); err != nil {
			return err
		}
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE users SET name = ?, lang = ?, updated_at = ? WHERE id = ?`, name, in.Lang, now, a.UserID); err != nil {
			return apperr.Wrap(err, "update profile")
		}
		details := map[string]string{"name": name, "lang": in.Lang}
		if hash != "" {
			if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, a.UserID); err != nil {
				return apperr.Wrap(err, "set password")
			}
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, a.UserID, secret.Hash(keepSession)); err != nil {
				return apperr.Wrap(err, "end other sessions")
			}
			details["password"] = "changed"
			details["other_sessions"] = "ended"
		}
		return audit.Record(ctx, tx, now, a, "user.update", "user", a.UserID, details)
	})
}

// loadActor builds the actor for a user, with memberships.
func (s *Service) loadActor(ctx context.Context, q db.Querier, u User, ip string) (actor.Actor, error) {
	a := actor.Actor{UserID: u.ID, Name: u.Name, Email: u.Email, Lang: u.Lang, Role: u.Role, IP: ip, Memberships: map[string]string{}}
	rows, err := q.Query(ctx, `SELECT organisation_id, role FROM memberships WHERE user_id = ?`, u.ID)
	if err != nil {
		return actor.Actor{}, apperr.Wrap(err, "memberships")
	}
	defer rows.Close()
	for rows.Next() {
		var org, role string
		if err := rows.Scan(&org, &role); err != nil {
			return actor.Actor{}, apperr.Wrap(err, "memberships")
		}
		a.Memberships[org] = role
	}
	return a, apperr.Wrap(rows.Err(), "memberships")
}

// ActorFor returns the actor for a user ID, e.g. for the command line.
func (s *Service) ActorFor(ctx context.Context, userID, ip string) (actor.Actor, error) {
	u, err := s.FindUserByID(ctx, userID)
	if err != nil {
		return actor.Actor{}, err
	}
	return s.loadActor(ctx, s.DB, u, ip)
}

// UserNames returns the names of the users with the given IDs (the e-mail
// address where a user gave no name), for staff, who see them in the audit
// log. Unknown IDs are absent.
func (s *Service) UserNames(ctx context.Context, a actor.Actor, ids []string) (map[string]string, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrForbidden()
	}
	m, err := db.NamesByID(ctx, s.DB, `SELECT id, CASE WHEN name = '' THEN email ELSE name END FROM users WHERE id IN (%s)`, ids)
	return m, apperr.Wrap(err, "user names")
}

// UserIDsMatching returns the IDs of the users whose name or e-mail address
// holds every word of q, any case (at most 200), for staff: the audit log's
// "who" filter finds a person by name as well as by address.
func (s *Service) UserIDsMatching(ctx context.Context, a actor.Actor, q string) ([]string, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrForbidden()
	}
	query, args := `SELECT id FROM users WHERE 1=1`, []any{}
	for _, w := range strings.Fields(strings.ToLower(q)) {
		// email_key is the address in lower case; LOWER(name) folds ASCII on
		// SQLite and every letter on PostgreSQL.
		query += ` AND (LOWER(name) LIKE ? ESCAPE '\' OR email_key LIKE ? ESCAPE '\')`
		like := "%" + db.EscapeLike(w) + "%"
		args = append(args, like, like)
	}
	ids, err := db.Strings(ctx, s.DB, query+` ORDER BY id LIMIT 200`, args...)
	return ids, apperr.Wrap(err, "users matching")
}
