package account_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestInvite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		orgID, otherOrg := e.organisation("Vimmerby IF"), e.organisation("Vimmerby bibliotek")
		owner, editor := e.user("owner@example.org", actor.RoleMember, ""), e.user("editor@example.org", actor.RoleMember, "")
		elsewhere := e.user("elsewhere@example.org", actor.RoleMember, "")
		coord := e.user("coord@example.org", actor.RoleCoordinator, "")
		e.member(orgID, owner, actor.Owner)
		e.member(orgID, editor, actor.Editor)
		e.member(otherOrg, elsewhere, actor.Owner)
		tests := []struct {
			name        string
			who         actor.Actor
			org, email  string
			role        string
			code        apperr.Code
			field       string
			wantOrgName string
		}{
			{"owner invites an editor", e.actor(owner), orgID, "ny@example.org", actor.Editor, "", "", "Vimmerby IF"},
			{"owner invites an owner", e.actor(owner), orgID, "ny2@example.org", actor.Owner, "", "", "Vimmerby IF"},
			{"admin invites", e.sys, orgID, "ny3@example.org", actor.Editor, "", "", "Vimmerby IF"},
			{"editor may not invite", e.actor(editor), orgID, "x@example.org", actor.Editor, apperr.Forbidden, "", ""},
			{"coordinator may not invite", e.actor(coord), orgID, "x@example.org", actor.Editor, apperr.Forbidden, "", ""},
			{"owner of another organisation may not invite", e.actor(elsewhere), orgID, "x@example.org", actor.Editor, apperr.Forbidden, "", ""},
			{"anonymous may not invite", actor.Anonymous("x"), orgID, "x@example.org", actor.Editor, apperr.Forbidden, "", ""},
			{"invalid e-mail", e.actor(owner), orgID, "x@", actor.Editor, apperr.Invalid, "email", ""},
			{"platform role", e.actor(owner), orgID, "x@example.org", actor.RoleAdmin, apperr.Invalid, "role", ""},
			{"no role", e.actor(owner), orgID, "x@example.org", "", apperr.Invalid, "role", ""},
			{"unknown organisation", e.sys, "no-such-org", "x@example.org", actor.Editor, apperr.NotFound, "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				mails := e.count("outbox")
				inv, err := e.acc.Invite(ctx, tt.who, tt.org, tt.email, tt.role)
				checkErr(t, err, tt.code, tt.field)
				if err != nil {
					if got := e.count("outbox"); got != mails {
						t.Errorf("outbox = %d after a refused invitation, want %d", got, mails)
					}
					return
				}
				if inv.OrganisationName != tt.wantOrgName || inv.Role != tt.role || inv.Email != tt.email ||
					!inv.ExpiresAt.Equal(e.clock.Now().Add(account.InvitationTTL)) {
					t.Errorf("invitation = %+v", inv)
				}
				// The secret travels only in the mail.
				found, err := e.acc.FindInvitation(ctx, e.mailedToken(tt.email, "/invitations/"))
				if err != nil || found.ID != inv.ID || found.OrganisationName != tt.wantOrgName || found.UserExists {
					t.Errorf("FindInvitation = %+v, %v; want %s for a new user", found, err, inv.ID)
				}
				if !hasEntry(e.audit("organisation", tt.org), "invitation.create", map[string]string{"email": tt.email, "role": tt.role}) {
					t.Error("no invitation.create audit entry")
				}
			})
		}
	})
}

func TestFindInvitation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		orgID := e.organisation("Vimmerby IF")
		e.user("finns@example.org", actor.RoleMember, "")
		invite := func(email string) string {
			if _, err := e.acc.Invite(ctx, e.sys, orgID, email, actor.Editor); err != nil {
				t.Fatal(err)
			}
			return e.mailedToken(email, "/invitations/")
		}
		newTok, existingTok := invite("ny@example.org"), invite("FINNS@example.org")
		tests := []struct {
			name       string
			token      string
			after      time.Duration
			wantExists bool
			code       apperr.Code
		}{
			{"new address", newTok, 0, false, ""},
			{"existing user, other case", existingTok, 0, true, ""},
			{"unknown token", "no-such-token", 0, false, apperr.NotFound},
			{"just before the TTL", newTok, account.InvitationTTL - time.Second, false, ""},
			{"expired", newTok, account.InvitationTTL + time.Second, false, apperr.NotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e.clock.Advance(tt.after)
				defer e.clock.Advance(-tt.after)
				inv, err := e.acc.FindInvitation(ctx, tt.token)
				checkErr(t, err, tt.code, "")
				if err != nil {
					if k := apperr.As(err).Key; k != "error.invitation_invalid" {
						t.Errorf("key = %q, want error.invitation_invalid", k)
					}
					return
				}
				if inv.UserExists != tt.wantExists || inv.OrganisationID != orgID || inv.OrganisationName != "Vimmerby IF" {
					t.Errorf("invitation = %+v, want UserExists %v for Vimmerby IF", inv, tt.wantExists)
				}
			})
		}
	})
}

func TestAcceptInvitation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		orgID := e.organisation("Vimmerby IF")
		existing := e.user("finns@example.org", actor.RoleMember, "")
		invite := func(email, role string) string {
			if _, err := e.acc.Invite(ctx, e.sys, orgID, email, role); err != nil {
				t.Fatal(err)
			}
			return e.mailedToken(email, "/invitations/")
		}
		// accept takes an invitation, anonymously or as who, and reports the
		// actor: the new session's, or who's own after accepting.
		acceptAs := func(who actor.Actor, token, name string) (actor.Actor, error) {
			s, err := e.acc.AcceptInvitation(ctx, who, token, name, "192.0.2.1", "")
			if err != nil {
				return actor.Actor{}, err
			}
			if s.Token == "" {
				return e.acc.ActorFor(ctx, who.UserID, "192.0.2.1")
			}
			return e.acc.SessionActor(ctx, s.Token, "192.0.2.1")
		}
		accept := func(token, name string) (actor.Actor, error) {
			return acceptAs(actor.Anonymous("192.0.2.1"), token, name)
		}

		t.Run("new address creates the user", func(t *testing.T) {
			users := e.count("users")
			tok := invite("Ny@Example.org", actor.Editor)
			a, err := accept(tok, "Ny Medlem")
			if err != nil {
				t.Fatal(err)
			}
			if got := e.count("users"); got != users+1 {
				t.Errorf("users = %d, want %d", got, users+1)
			}
			u, err := e.acc.FindUserByEmail(ctx, "ny@example.org")
			if err != nil || u.ID != a.UserID || u.Name != "Ny Medlem" || u.Role != actor.RoleMember {
				t.Errorf("user = %+v, %v; want Ny Medlem, member, signed in", u, err)
			}
			if got := a.Memberships[orgID]; got != actor.Editor {
				t.Errorf("membership = %q, want editor", got)
			}
			if !hasEntry(e.audit("user", u.ID), "user.create", map[string]string{"email": "Ny@Example.org"}) {
				t.Error("no user.create audit entry")
			}
			if !hasEntry(e.audit("organisation", orgID), "membership.set", map[string]string{"user": u.ID, "role": actor.Editor}) {
				t.Error("no membership.set audit entry")
			}
			t.Run("second use fails", func(t *testing.T) {
				_, err := accept(tok, "Ny Medlem")
				checkErr(t, err, apperr.NotFound, "")
				if _, err := e.acc.FindInvitation(ctx, tok); apperr.CodeOf(err) != apperr.NotFound {
					t.Errorf("FindInvitation after use: %v, want not_found", err)
				}
			})
		})
		t.Run("existing user gets the membership", func(t *testing.T) {
			users := e.count("users")
			tok := invite("finns@example.org", actor.Owner)
			// The invitation is no sign-in: the account must be signed in.
			if _, err := accept(tok, "ignored"); apperr.CodeOf(err) != apperr.Unauthorized {
				t.Fatalf("anonymous accept for an existing account: %v, want unauthorized", err)
			}
			a, err := acceptAs(e.actor(existing), tok, "ignored")
			if err != nil {
				t.Fatal(err)
			}
			if a.UserID != existing.ID || a.Memberships[orgID] != actor.Owner {
				t.Errorf("actor = %s with %v, want %s as owner", a.UserID, a.Memberships, existing.ID)
			}
			if got := e.count("users"); got != users {
				t.Errorf("users = %d, want %d", got, users)
			}
			u, _ := e.acc.FindUserByID(ctx, existing.ID)
			if u.Name != existing.Name {
				t.Errorf("name = %q, want it unchanged %q", u.Name, existing.Name)
			}
		})
		t.Run("a refused name leaves the invitation open", func(t *testing.T) {
			tok := invite("namnlos@example.org", actor.Editor)
			_, err := accept(tok, "  ")
			checkErr(t, err, apperr.Invalid, "name")
			if _, err := e.acc.FindUserByEmail(ctx, "namnlos@example.org"); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("user after refused accept: %v, want not_found", err)
			}
			if _, err := accept(tok, "Namn Given"); err != nil {
				t.Errorf("accept with a name: %v", err)
			}
		})
		t.Run("expired", func(t *testing.T) {
			tok := invite("sen@example.org", actor.Editor)
			e.clock.Advance(account.InvitationTTL + time.Second)
			defer e.clock.Advance(-account.InvitationTTL - time.Second)
			_, err := accept(tok, "Sen")
			checkErr(t, err, apperr.NotFound, "")
		})
	})
}

func TestMembers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		orgID := e.organisation("Vimmerby IF")
		owner, second := e.user("owner@example.org", actor.RoleMember, ""), e.user("second@example.org", actor.RoleMember, "")
		editor, outsider := e.user("editor@example.org", actor.RoleMember, ""), e.user("outsider@example.org", actor.RoleMember, "")
		e.member(orgID, owner, actor.Owner)
		e.member(orgID, editor, actor.Editor)
		coord := e.actor(e.user("coord@example.org", actor.RoleCoordinator, ""))

		t.Run("who sees the members", func(t *testing.T) {
			for _, tt := range []struct {
				name string
				who  actor.Actor
				code apperr.Code
			}{
				{"owner", e.actor(owner), ""},
				{"editor", e.actor(editor), ""},
				{"coordinator", coord, ""},
				{"outsider", e.actor(outsider), apperr.Forbidden},
				{"anonymous", actor.Anonymous("x"), apperr.Forbidden},
			} {
				t.Run(tt.name, func(t *testing.T) {
					ms, err := e.acc.FindMembers(ctx, tt.who, orgID)
					checkErr(t, err, tt.code, "")
					if err == nil && len(ms) != 2 {
						t.Errorf("%d members, want 2", len(ms))
					}
				})
			}
		})
		removals := []struct {
			name   string
			before func()
			who    func() actor.Actor // after before: memberships are read then
			user   string
			code   apperr.Code
			key    string
		}{
			{"the last owner", nil, func() actor.Actor { return e.sys }, owner.ID, apperr.Conflict, "error.last_owner"},
			{"the last owner by themself", nil, func() actor.Actor { return e.actor(owner) }, owner.ID, apperr.Conflict, "error.last_owner"},
			{"an editor removes another", nil, func() actor.Actor { return e.actor(editor) }, owner.ID, apperr.Forbidden, "error.forbidden"},
			{"an outsider removes someone", nil, func() actor.Actor { return e.actor(outsider) }, editor.ID, apperr.Forbidden, "error.forbidden"},
			{"no such membership", nil, func() actor.Actor { return e.sys }, outsider.ID, apperr.NotFound, "error.not_found"},
			{"one of two owners", func() { e.member(orgID, second, actor.Owner) }, func() actor.Actor { return e.actor(second) }, owner.ID, "", ""},
			{"an editor leaves", nil, func() actor.Actor { return e.actor(editor) }, editor.ID, "", ""},
			{"the owner left is the last", nil, func() actor.Actor { return e.sys }, second.ID, apperr.Conflict, "error.last_owner"},
		}
		for _, tt := range removals {
			t.Run("remove/"+tt.name, func(t *testing.T) {
				if tt.before != nil {
					tt.before()
				}
				err := e.acc.RemoveMember(ctx, tt.who(), orgID, tt.user)
				field := ""
				if tt.code == apperr.Conflict {
					field = "user" // the members page shows it beside that member
				}
				checkErr(t, err, tt.code, field)
				if err != nil {
					if k := apperr.As(err).Key; k != tt.key {
						t.Errorf("key = %q, want %q", k, tt.key)
					}
					return
				}
				if !hasEntry(e.audit("organisation", orgID), "membership.remove", map[string]string{"user": tt.user}) {
					t.Error("no membership.remove audit entry")
				}
			})
		}
		ms, err := e.acc.FindMembers(ctx, e.sys, orgID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, m.Email+":"+m.Role)
		}
		if want := []string{"second@example.org:owner"}; !slices.Equal(got, want) {
			t.Errorf("members = %v, want %v", got, want)
		}
	})
}

func TestOrgContacts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		orgID, otherOrg := e.organisation("Vimmerby IF"), e.organisation("Vimmerby bibliotek")
		members := []struct {
			email, role, lang string
			disabled          bool
		}{
			{"aaa-editor@example.org", actor.Editor, "ar", false},
			{"zzz-owner@example.org", actor.Owner, "sv", false},
			{"Mmm-Owner@example.org", actor.Owner, "so", false},
			{"bbb-editor@example.org", actor.Editor, "sv", true},
			{"ccc-owner@example.org", actor.Owner, "sv", true},
		}
		for _, m := range members {
			u, err := e.acc.CreateUser(ctx, e.sys, account.NewUser{Email: m.email, Name: "N", Lang: m.lang})
			if err != nil {
				t.Fatal(err)
			}
			e.member(orgID, u, m.role)
			if m.disabled {
				// No exported function disables a user; the column is set directly.
				if _, err := d.Exec(ctx, `UPDATE users SET disabled = ? WHERE id = ?`, true, u.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		e.member(otherOrg, e.user("annan@example.org", actor.RoleMember, ""), actor.Owner)
		tests := []struct {
			name string
			org  string
			want []account.Contact
		}{
			{"owners first, then by e-mail, disabled skipped", orgID, []account.Contact{
				{Email: "Mmm-Owner@example.org", Lang: "so"}, {Email: "zzz-owner@example.org", Lang: "sv"}, {Email: "aaa-editor@example.org", Lang: "ar"}}},
			{"another organisation's", otherOrg, []account.Contact{{Email: "annan@example.org", Lang: "sv"}}},
			{"no members", "no-such-org", nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := account.OrgContactsTx(ctx, d, tt.org)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("contacts = %v, want %v", got, tt.want)
				}
			})
		}
	})
}
