package account_test

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestAPITokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		owner := e.user("owner@example.org", actor.RoleMember, "")
		other := e.user("other@example.org", actor.RoleMember, "")
		a, b := e.actor(owner), e.actor(other)

		create := []struct {
			name    string
			who     actor.Actor
			userID  string
			tokName string
			code    apperr.Code
			field   string
		}{
			{"own token", a, "", "kalender", "", ""},
			{"own token by ID", a, owner.ID, "export", "", ""},
			{"admin for another user", e.sys, owner.ID, "från admin", "", ""},
			{"member for another user", b, owner.ID, "stulen", apperr.Forbidden, ""},
			{"anonymous", actor.Anonymous("x"), "", "x", apperr.Unauthorized, ""},
			{"empty name", a, "", "  ", apperr.Invalid, "name"},
			{"name too long", a, "", strings.Repeat("n", 101), apperr.Invalid, "name"},
			{"unknown user", e.sys, "no-such-user", "x", apperr.NotFound, "email"},
		}
		secrets := map[string]string{} // token ID → secret
		var order []string             // token IDs as created
		for _, tt := range create {
			t.Run("create/"+tt.name, func(t *testing.T) {
				tok, secret, err := e.acc.CreateToken(ctx, tt.who, tt.userID, tt.tokName)
				checkErr(t, err, tt.code, tt.field)
				if err != nil {
					return
				}
				if !strings.HasPrefix(secret, "svk_") || tok.UserID != owner.ID || tok.LastUsedAt != nil || tok.RevokedAt != nil {
					t.Errorf("token = %+v, secret %q; want svk_ secret for %s, unused", tok, secret, owner.ID)
				}
				if !hasEntry(e.audit("api_token", tok.ID), "token.create", map[string]string{"name": strings.TrimSpace(tt.tokName), "user": owner.ID}) {
					t.Error("no token.create audit entry")
				}
				secrets[tok.ID] = secret
				order = append(order, tok.ID)
			})
		}
		if len(secrets) != 3 {
			t.Fatalf("%d tokens created, want 3", len(secrets))
		}
		id, secret := order[0], secrets[order[0]]

		t.Run("token resolves to its user", func(t *testing.T) {
			got, err := e.acc.TokenActor(ctx, secret, "192.0.2.5")
			if err != nil || got.UserID != owner.ID || got.IP != "192.0.2.5" {
				t.Fatalf("TokenActor = %+v, %v; want user %s", got, err, owner.ID)
			}
		})
		lastUsed := func(t *testing.T) *time.Time {
			t.Helper()
			toks, err := e.acc.FindTokens(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			for _, tok := range toks {
				if tok.ID == id {
					return tok.LastUsedAt
				}
			}
			t.Fatalf("token %s not listed", id)
			return nil
		}
		t.Run("last use is recorded", func(t *testing.T) {
			if got := lastUsed(t); got == nil || !got.Equal(e.clock.Now()) {
				t.Errorf("LastUsedAt = %v, want %v", got, e.clock.Now())
			}
			// Within a minute the record is left alone; after it, moved on.
			e.clock.Advance(30 * time.Second)
			if _, err := e.acc.TokenActor(ctx, secret, ""); err != nil {
				t.Fatal(err)
			}
			if got, want := lastUsed(t), e.clock.Now().Add(-30*time.Second); got == nil || !got.Equal(want) {
				t.Errorf("LastUsedAt within a minute = %v, want %v", got, want)
			}
			e.clock.Advance(2 * time.Minute)
			if _, err := e.acc.TokenActor(ctx, secret, ""); err != nil {
				t.Fatal(err)
			}
			if got := lastUsed(t); got == nil || !got.Equal(e.clock.Now()) {
				t.Errorf("LastUsedAt later = %v, want %v", got, e.clock.Now())
			}
		})
		t.Run("other users do not list it", func(t *testing.T) {
			toks, err := e.acc.FindTokens(ctx, b)
			if err != nil || len(toks) != 0 {
				t.Errorf("other user's tokens = %d, %v; want none", len(toks), err)
			}
		})

		revoke := []struct {
			name string
			who  actor.Actor
			id   string
			code apperr.Code
		}{
			{"by another member", b, id, apperr.NotFound},
			{"anonymous", actor.Anonymous("x"), id, apperr.Unauthorized},
			{"unknown token", a, "no-such-token", apperr.NotFound},
			{"by its owner", a, id, ""},
			{"again", a, id, ""},
		}
		for _, tt := range revoke {
			t.Run("revoke/"+tt.name, func(t *testing.T) {
				checkErr(t, e.acc.RevokeToken(ctx, tt.who, tt.id), tt.code, "")
			})
		}
		t.Run("revoke/by an admin", func(t *testing.T) {
			checkErr(t, e.acc.RevokeToken(ctx, e.sys, order[1]), "", "")
		})

		resolve := []struct {
			name, secret string
		}{
			{"revoked", secret},
			{"revoked by an admin", secrets[order[1]]},
			{"unknown", "svk_" + strings.Repeat("A", 43)},
			{"without prefix", strings.TrimPrefix(secret, "svk_")},
			{"empty", ""},
		}
		for _, tt := range resolve {
			t.Run("refused/"+tt.name, func(t *testing.T) {
				got, err := e.acc.TokenActor(ctx, tt.secret, "")
				checkErr(t, err, apperr.Unauthorized, "")
				if got.UserID != "" {
					t.Errorf("actor = %s, want none", got.UserID)
				}
			})
		}
		t.Run("revoked tokens stay listed", func(t *testing.T) {
			toks, err := e.acc.FindTokens(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			revoked := map[string]bool{}
			for _, tok := range toks {
				revoked[tok.ID] = tok.RevokedAt != nil
			}
			want := map[string]bool{order[0]: true, order[1]: true, order[2]: false}
			if !maps.Equal(revoked, want) {
				t.Errorf("revoked = %v, want %v", revoked, want)
			}
		})
		if !hasEntry(e.audit("api_token", id), "token.revoke", nil) {
			t.Error("no token.revoke audit entry")
		}
	})
}
