package account_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/org"
)

// goodPassword passes ValidatePassword: long enough and on no list.
const goodPassword = "rödbetor i fönstret"

// clock is the services' injected time. It is read by the services and
// moved by the test; the mutex keeps the race detector quiet should a
// background mail flush read it.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is one test's services on a fresh database, with a fixed clock.
type env struct {
	t     *testing.T
	d     *db.DB
	svc   *app.Services
	acc   *account.Service
	clock *clock
	sys   actor.Actor
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	// Whole seconds, so the time reads back the same from both engines.
	c := &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	svc := app.New(d, app.Config{BaseURL: "https://samverkan.test/", MailFrom: "noreply@samverkan.test", Now: c.Now, PasswordCost: bcrypt.MinCost})
	return &env{t: t, d: d, svc: svc, acc: svc.Accounts, clock: c, sys: actor.System("test")}
}

func (e *env) user(email, role, password string) account.User {
	e.t.Helper()
	u, err := e.acc.CreateUser(context.Background(), e.sys, account.NewUser{Email: email, Name: strings.Split(email, "@")[0], Role: role, Password: password})
	if err != nil {
		e.t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

func (e *env) actor(u account.User) actor.Actor {
	e.t.Helper()
	a, err := e.acc.ActorFor(context.Background(), u.ID, "192.0.2.1")
	if err != nil {
		e.t.Fatalf("actor for %s: %v", u.Email, err)
	}
	return a
}

func (e *env) organisation(name string) string {
	e.t.Helper()
	sector, cat, muni := "civil_society", "association", "0884"
	o, err := e.svc.Orgs.CreateOrganisation(context.Background(), e.sys, org.Fields{Name: &name, Sector: &sector, Category: &cat, Municipality: &muni})
	if err != nil {
		e.t.Fatalf("create organisation %s: %v", name, err)
	}
	return o.ID
}

// member makes a user a member of an organisation with a role.
func (e *env) member(orgID string, u account.User, role string) {
	e.t.Helper()
	err := e.d.InTx(context.Background(), func(tx *db.Tx) error {
		return account.AddMemberTx(context.Background(), tx, e.clock.Now(), e.sys, orgID, u.ID, role)
	})
	if err != nil {
		e.t.Fatalf("add member %s: %v", u.Email, err)
	}
}

// audit returns the actions recorded about an entity.
func (e *env) audit(entityType, entityID string) []audit.Entry {
	e.t.Helper()
	entries, err := e.svc.Audit.List(context.Background(), e.sys, audit.Filter{EntityType: entityType, EntityID: entityID})
	if err != nil {
		e.t.Fatalf("audit: %v", err)
	}
	return entries
}

// hasEntry reports whether entries hold an action whose details include want.
func hasEntry(entries []audit.Entry, action string, want map[string]string) bool {
next:
	for _, en := range entries {
		if en.Action != action {
			continue
		}
		for k, v := range want {
			if en.Details[k] != v {
				continue next
			}
		}
		return true
	}
	return false
}

func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// mailedToken finds the secret of the newest link with the path prefix in
// mail to an address; the outbox is where mail stays without SMTP.
func (e *env) mailedToken(to, prefix string) string {
	e.t.Helper()
	msgs, err := e.svc.Mail.List(context.Background(), e.sys, 500, "")
	if err != nil {
		e.t.Fatal(err)
	}
	re := regexp.MustCompile(regexp.QuoteMeta("https://samverkan.test"+prefix) + `([A-Za-z0-9_\-]+)`)
	for _, m := range msgs { // newest first
		if m.To != to {
			continue
		}
		if sub := re.FindStringSubmatch(m.Body); sub != nil {
			return sub[1]
		}
	}
	e.t.Fatalf("no %s link in mail to %s", prefix, to)
	return ""
}

// checkErr compares an error's code and field with the wanted ones; an
// empty code wants no error.
func checkErr(t *testing.T, err error, code apperr.Code, field string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("err = %v, want none", err)
		}
		return
	}
	var ae *apperr.Error
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want %s (%s)", err, code, field)
	}
	if ae.Code != code || ae.Field != field {
		t.Fatalf("err = %s (%s), want %s (%s)", ae.Code, ae.Field, code, field)
	}
}

func TestCreateUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.user("anna@example.org", actor.RoleMember, "")
		member := e.actor(e.user("member@example.org", actor.RoleMember, ""))
		coordinator := e.actor(e.user("coord@example.org", actor.RoleCoordinator, ""))
		tests := []struct {
			name  string
			who   actor.Actor
			in    account.NewUser
			code  apperr.Code
			field string
			key   string
		}{
			{"valid without password", e.sys, account.NewUser{Email: "ny@example.org", Name: "Ny"}, "", "", ""},
			{"valid with password", e.sys, account.NewUser{Email: "ny2@example.org", Name: "Ny", Password: goodPassword}, "", "", ""},
			{"member may not create", member, account.NewUser{Email: "x@example.org", Name: "X"}, apperr.Forbidden, "", "error.forbidden"},
			{"coordinator may not create", coordinator, account.NewUser{Email: "x@example.org", Name: "X"}, apperr.Forbidden, "", "error.forbidden"},
			{"empty e-mail", e.sys, account.NewUser{Email: " ", Name: "X"}, apperr.Invalid, "email", "error.required"},
			{"e-mail without at", e.sys, account.NewUser{Email: "anna.example.org", Name: "X"}, apperr.Invalid, "email", "error.email"},
			{"e-mail without dot in domain", e.sys, account.NewUser{Email: "anna@example", Name: "X"}, apperr.Invalid, "email", "error.email"},
			{"e-mail with display name", e.sys, account.NewUser{Email: "Anna <anna2@example.org>", Name: "X"}, apperr.Invalid, "email", "error.email"},
			{"duplicate e-mail", e.sys, account.NewUser{Email: "anna@example.org", Name: "X"}, apperr.Conflict, "email", "error.email_taken"},
			{"duplicate e-mail in other case", e.sys, account.NewUser{Email: "ANNA@Example.ORG", Name: "X"}, apperr.Conflict, "email", "error.email_taken"},
			{"duplicate e-mail with spaces", e.sys, account.NewUser{Email: "  Anna@example.org ", Name: "X"}, apperr.Conflict, "email", "error.email_taken"},
			{"empty name", e.sys, account.NewUser{Email: "x@example.org", Name: "  "}, apperr.Invalid, "name", "error.required"},
			{"name too long", e.sys, account.NewUser{Email: "x@example.org", Name: strings.Repeat("n", 201)}, apperr.Invalid, "name", "error.too_long"},
			{"unknown role", e.sys, account.NewUser{Email: "x@example.org", Name: "X", Role: "superuser"}, apperr.Invalid, "role", "error.choice"},
			{"organisation role is no platform role", e.sys, account.NewUser{Email: "x@example.org", Name: "X", Role: actor.Owner}, apperr.Invalid, "role", "error.choice"},
			{"short password", e.sys, account.NewUser{Email: "x@example.org", Name: "X", Password: "kort123"}, apperr.Invalid, "password", "error.password_short"},
			{"nine runes is short", e.sys, account.NewUser{Email: "x@example.org", Name: "X", Password: "åäöåäöåäö"}, apperr.Invalid, "password", "error.password_short"},
			{"longer than bcrypt reads", e.sys, account.NewUser{Email: "x@example.org", Name: "X", Password: strings.Repeat("ö", 37)}, apperr.Invalid, "password", "error.password_long"},
			{"common password", e.sys, account.NewUser{Email: "x@example.org", Name: "X", Password: "password123"}, apperr.Invalid, "password", "error.password_common"},
			{"common password in capitals", e.sys, account.NewUser{Email: "x@example.org", Name: "X", Password: "Sommar2026"}, apperr.Invalid, "password", "error.password_common"},
			{"password is the e-mail", e.sys, account.NewUser{Email: "x@example.org", Name: "X", Password: "X@Example.org"}, apperr.Invalid, "password", "error.password_common"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := e.count("users")
				u, err := e.acc.CreateUser(ctx, tt.who, tt.in)
				checkErr(t, err, tt.code, tt.field)
				if tt.code != "" {
					if got := apperr.As(err).Key; got != tt.key {
						t.Errorf("key = %q, want %q", got, tt.key)
					}
					if got := e.count("users"); got != before {
						t.Errorf("users = %d after a refused create, want %d", got, before)
					}
					return
				}
				if got, want := u.HasPassword, tt.in.Password != ""; got != want {
					t.Errorf("HasPassword = %v, want %v", got, want)
				}
				if u.Role != actor.RoleMember || u.Lang != "sv" {
					t.Errorf("role, lang = %q, %q; want the defaults member, sv", u.Role, u.Lang)
				}
				got, err := e.acc.FindUserByEmail(ctx, strings.ToUpper(tt.in.Email))
				if err != nil || got.ID != u.ID {
					t.Errorf("FindUserByEmail in capitals = %v, %v; want %s", got.ID, err, u.ID)
				}
				if !hasEntry(e.audit("user", u.ID), "user.create", map[string]string{"email": tt.in.Email, "role": actor.RoleMember}) {
					t.Error("no user.create audit entry with the e-mail and role")
				}
			})
		}
	})
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		name, pw, email string
		key             string
	}{
		{"ten letters", "abcdefghik", "", ""},
		{"a sentence", goodPassword, "", ""},
		{"72 bytes", strings.Repeat("a", 72), "", ""},
		{"73 bytes", strings.Repeat("a", 73), "", "error.password_long"},
		{"nine letters", "abcdefghi", "", "error.password_short"},
		{"empty", "", "", "error.password_short"},
		{"listed", "qwertyuiop", "", "error.password_common"},
		{"listed, Swedish letters", "Lösenord123", "", "error.password_common"},
		{"the e-mail", "someone@example.org", "someone@example.org", "error.password_common"},
		{"the e-mail's name part is fine", "someone-someone", "someone@example.org", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := account.ValidatePassword(tt.pw, tt.email)
			got := ""
			if err != nil {
				got = apperr.As(err).Key
				if f := apperr.As(err).Field; f != "password" {
					t.Errorf("field = %q, want password", f)
				}
			}
			if got != tt.key {
				t.Errorf("ValidatePassword(%q) = %q, want %q", tt.pw, got, tt.key)
			}
		})
	}
}

func TestProfileChangesAreAudited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		u := e.user("sara@example.org", actor.RoleMember, "")
		a := e.actor(u)
		steps := []struct {
			name   string
			do     func() error
			action string
			want   map[string]string
		}{
			{"profile", func() error {
				return e.acc.UpdateProfile(ctx, a, account.Profile{Name: "Sara Ali", Lang: "ar", Password: goodPassword, CurrentPassword: goodPassword}, "")
			},
				"user.update", map[string]string{"name": "Sara Ali", "lang": "ar", "password": "changed"}},
			{"language", func() error { return e.acc.UpdateProfile(ctx, a, account.Profile{Name: "Sara Ali", Lang: "so"}, "") }, "user.update", map[string]string{"lang": "so"}},
			{"role", func() error { return e.acc.SetRole(ctx, e.sys, u.ID, actor.RoleCoordinator) },
				"user.role", map[string]string{"from": actor.RoleMember, "to": actor.RoleCoordinator}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				if err := st.do(); err != nil {
					t.Fatal(err)
				}
				if !hasEntry(e.audit("user", u.ID), st.action, st.want) {
					t.Errorf("no %s audit entry with %v", st.action, st.want)
				}
			})
		}
		got, err := e.acc.FindUserByID(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Sara Ali" || got.Lang != "so" || got.Role != actor.RoleCoordinator || !got.HasPassword {
			t.Errorf("user = %+v, want the changes stored", got)
		}
		refused := []struct {
			name  string
			err   error
			code  apperr.Code
			field string
		}{
			{"anonymous profile", e.acc.UpdateProfile(ctx, actor.Anonymous("x"), account.Profile{Name: "X", Lang: "sv"}, ""), apperr.Unauthorized, ""},
			{"empty name", e.acc.UpdateProfile(ctx, a, account.Profile{Name: " ", Lang: "sv"}, ""), apperr.Invalid, "name"},
			{"unknown language", e.acc.UpdateProfile(ctx, a, account.Profile{Name: "X", Lang: "xx"}, ""), apperr.Invalid, "lang"},
			{"new password without the current one", e.acc.UpdateProfile(ctx, a, account.Profile{Name: "X", Lang: "sv", Password: "ett-annat-långt-lösen"}, ""), apperr.Invalid, "current_password"},
			{"role by non-admin", e.acc.SetRole(ctx, a, u.ID, actor.RoleAdmin), apperr.Forbidden, ""},
			{"unknown role", e.acc.SetRole(ctx, e.sys, u.ID, "root"), apperr.Invalid, "role"},
		}
		for _, tt := range refused {
			t.Run(tt.name, func(t *testing.T) { checkErr(t, tt.err, tt.code, tt.field) })
		}
	})
}
