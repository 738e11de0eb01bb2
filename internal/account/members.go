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

// Member is a user's membership of an organisation.
type Member struct {
	UserID    string    `json:"user_id"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// Invitation is a pending invitation to join an organisation.
type Invitation struct {
	ID               string    `json:"id"`
	OrganisationID   string    `json:"organisation_id"`
	OrganisationName string    `json:"organisation_name"`
	Email            string    `json:"email"`
	Role             string    `json:"role"`
	ExpiresAt        time.Time `json:"expires_at"`
	UserExists       bool      `json:"-"`
}

// AddMemberTx makes a user a member inside the caller's transaction, audited.
// Organisation creation uses it to make the creator the owner.
func AddMemberTx(ctx context.Context, tx *db.Tx, now time.Time, a actor.Actor, orgID, userID, role string) error {
	_, err := tx.Exec(ctx, `INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES (?, ?, ?, ?)`, orgID, userID, role, now.UTC())
	if errors.Is(db.Translate(err), db.ErrUnique) {
		_, err = tx.Exec(ctx, `UPDATE memberships SET role = ? WHERE organisation_id = ? AND user_id = ?`, role, orgID, userID)
	}
	if err != nil {
		return apperr.Wrap(err, "add member")
	}
	return audit.Record(ctx, tx, now, a, "membership.set", "organisation", orgID, map[string]string{"user": userID, "role": role})
}

// FindMembers lists an organisation's members; visible to its members and staff.
func (s *Service) FindMembers(ctx context.Context, a actor.Actor, orgID string) ([]Member, error) {
	if a.Memberships[orgID] == "" && !a.IsStaff() {
		return nil, apperr.ErrForbidden()
	}
	rows, err := s.DB.Query(ctx, `SELECT u.id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organisation_id = ? ORDER BY m.role DESC, u.email_key`, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "members")
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.UserID, &m.Name, &m.Email, &m.Role, &m.CreatedAt); err != nil {
			return nil, apperr.Wrap(err, "members")
		}
		out = append(out, m)
	}
	return out, apperr.Wrap(rows.Err(), "members")
}

// RemoveMember ends a membership. Owners and admins may remove anyone but
// the last owner, so an organisation is never left without one.
func (s *Service) RemoveMember(ctx context.Context, a actor.Actor, orgID, userID string) error {
	if !a.CanManageOrg(orgID) && a.UserID != userID {
		return apperr.ErrForbidden()
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		var role string
		err := tx.QueryRow(ctx, `SELECT role FROM memberships WHERE organisation_id = ? AND user_id = ?`, orgID, userID).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound()
		}
		if err != nil {
			return apperr.Wrap(err, "remove member")
		}
		if role == actor.Owner {
			var owners int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM memberships WHERE organisation_id = ? AND role = ?`, orgID, actor.Owner).Scan(&owners); err != nil {
				return apperr.Wrap(err, "remove member")
			}
			if owners <= 1 {
				// Named at the field "user" (the member the request names), so
				// the members page shows it beside that member's control.
				return apperr.New(apperr.Conflict, "user", "error.last_owner")
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM memberships WHERE organisation_id = ? AND user_id = ?`, orgID, userID); err != nil {
			return apperr.Wrap(err, "remove member")
		}
		return audit.Record(ctx, tx, s.Now(), a, "membership.remove", "organisation", orgID, map[string]string{"user": userID, "role": role})
	})
}

// Invite sends an invitation to join an organisation as owner or editor.
// Only the organisation's owners and admins may invite.
func (s *Service) Invite(ctx context.Context, a actor.Actor, orgID, email, role string) (Invitation, error) {
	if !a.CanManageOrg(orgID) {
		return Invitation{}, apperr.ErrForbidden()
	}
	email, key, err := NormalizeEmail("email", email)
	if err != nil {
		return Invitation{}, err
	}
	if role != actor.Owner && role != actor.Editor {
		return Invitation{}, apperr.Invalidf("role", "error.choice")
	}
	// Each invitation mails a stranger: cap them per inviter and per
	// organisation, so an account cannot be used to send mail in bulk.
	ok, retry, err := ratelimit.Take(ctx, s.DB, s.Now(), invitationRules(a.UserID, orgID)...)
	if err != nil {
		return Invitation{}, err
	}
	if !ok {
		return Invitation{}, ratelimit.Limited("email", retry)
	}
	inv := Invitation{ID: db.NewID(), OrganisationID: orgID, Email: email, Role: role}
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		if inv.OrganisationName, err = s.orgName(ctx, tx, orgID); err != nil {
			return err
		}
		now := s.Now().UTC()
		if err := refuseSecondInvitation(ctx, tx, now, orgID, key); err != nil {
			return err
		}
		token, hash := secret.New()
		inv.ExpiresAt = now.Add(InvitationTTL)
		if _, err := tx.Exec(ctx, `INSERT INTO invitations (id, organisation_id, email, role, token_hash, invited_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, inv.ID, orgID, email, role, hash, db.NullIfEmpty(a.UserID), now, inv.ExpiresAt); err != nil {
			return apperr.Wrap(err, "invite")
		}
		if err := audit.Record(ctx, tx, now, a, "invitation.create", "organisation", orgID, map[string]string{"email": email, "role": role}); err != nil {
			return err
		}
		return s.mailInvitation(ctx, tx, a, inv, token)
	})
	if err != nil {
		return Invitation{}, err
	}
	go s.Mail.Flush(context.WithoutCancel(ctx))
	return inv, nil
}

// refuseSecondInvitation refuses an invitation to an address that already
// has a live one to the organisation, or is already a member: a second mail
// helps nobody, and two links to one membership confuse. Checked in the
// inviting transaction.
func refuseSecondInvitation(ctx context.Context, tx *db.Tx, now time.Time, orgID, key string) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM invitations WHERE organisation_id = ? AND LOWER(email) = ? AND accepted_at IS NULL AND expires_at > ?`,
		orgID, key, now).Scan(&n); err != nil {
		return apperr.Wrap(err, "invite")
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, "email", "error.invitation_pending")
	}
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = ? AND u.email_key = ?`,
		orgID, key).Scan(&n); err != nil {
		return apperr.Wrap(err, "invite")
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, "email", "error.already_member")
	}
	return nil
}

// mailInvitation queues the invitation's mail with its link, in the
// language of the address's account if it has one, else the inviter's.
func (s *Service) mailInvitation(ctx context.Context, tx *db.Tx, a actor.Actor, inv Invitation, token string) error {
	lang := a.Lang
	var existingLang string
	if err := tx.QueryRow(ctx, `SELECT lang FROM users WHERE email_key = ?`, strings.ToLower(inv.Email)).Scan(&existingLang); err == nil {
		lang = existingLang
	}
	if lang == "" {
		lang = "sv"
	}
	p := s.Catalog.Printer(lang)
	link := strings.TrimRight(s.BaseURL, "/") + "/invitations/" + token
	return s.Mail.Queue(ctx, tx, sendmail.Message{To: inv.Email, Lang: lang,
		Subject: p.T("mail.invite.subject", "org", inv.OrganisationName),
		Body: p.T("mail.invite.body", "inviter", inviterLabel(a), "org", inv.OrganisationName,
			"role", p.T("role."+inv.Role), "link", link, "days", int(InvitationTTL.Hours()/24), "report", s.Mail.From)})
}

// FindInvitations lists an organisation's pending invitations (not
// accepted, not expired), for its owners and admins: the addresses are
// personal data the organisation's editors do not need.
func (s *Service) FindInvitations(ctx context.Context, a actor.Actor, orgID string) ([]Invitation, error) {
	if !a.CanManageOrg(orgID) {
		return nil, apperr.ErrForbidden()
	}
	out, err := db.Collect(ctx, s.DB, `SELECT id, organisation_id, email, role, expires_at FROM invitations
		WHERE organisation_id = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY LOWER(email), id`,
		[]any{orgID, s.Now().UTC()}, func(row db.Scanner) (Invitation, error) {
			var inv Invitation
			err := row.Scan(&inv.ID, &inv.OrganisationID, &inv.Email, &inv.Role, &inv.ExpiresAt)
			return inv, err
		})
	return out, apperr.Wrap(err, "invitations")
}

// pendingInvitation loads a live invitation of the organisation inside tx.
func pendingInvitation(ctx context.Context, tx *db.Tx, now time.Time, orgID, id string) (Invitation, error) {
	var inv Invitation
	err := tx.QueryRow(ctx, `SELECT id, organisation_id, email, role, expires_at FROM invitations
		WHERE id = ? AND organisation_id = ? AND accepted_at IS NULL AND expires_at > ?`, id, orgID, now).
		Scan(&inv.ID, &inv.OrganisationID, &inv.Email, &inv.Role, &inv.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Invitation{}, apperr.ErrNotFound()
	}
	return inv, apperr.Wrap(err, "invitation")
}

// ResendInvitation mails a pending invitation again with a new link (the
// old one stops working: only its hash was kept) and a new expiry. It
// counts against the same limits as a new invitation.
func (s *Service) ResendInvitation(ctx context.Context, a actor.Actor, orgID, id string) (Invitation, error) {
	if !a.CanManageOrg(orgID) {
		return Invitation{}, apperr.ErrForbidden()
	}
	var inv Invitation
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.Now().UTC()
		ok, retry, err := ratelimit.Take(ctx, tx, now, invitationRules(a.UserID, orgID)...)
		if err != nil {
			return err
		}
		if !ok {
			return ratelimit.Limited("invitation", retry)
		}
		if inv, err = pendingInvitation(ctx, tx, now, orgID, id); err != nil {
			return err
		}
		if inv.OrganisationName, err = s.orgName(ctx, tx, orgID); err != nil {
			return err
		}
		token, hash := secret.New()
		inv.ExpiresAt = now.Add(InvitationTTL)
		if _, err := tx.Exec(ctx, `UPDATE invitations SET token_hash = ?, expires_at = ? WHERE id = ?`, hash, inv.ExpiresAt, id); err != nil {
			return apperr.Wrap(err, "resend invitation")
		}
		if err := audit.Record(ctx, tx, now, a, "invitation.resend", "organisation", orgID, map[string]string{"email": inv.Email}); err != nil {
			return err
		}
		return s.mailInvitation(ctx, tx, a, inv, token)
	})
	if err != nil {
		return Invitation{}, err
	}
	go s.Mail.Flush(context.WithoutCancel(ctx))
	return inv, nil
}

// WithdrawInvitation deletes a pending invitation; its link stops working.
func (s *Service) WithdrawInvitation(ctx context.Context, a actor.Actor, orgID, id string) error {
	if !a.CanManageOrg(orgID) {
		return apperr.ErrForbidden()
	}
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.Now().UTC()
		inv, err := pendingInvitation(ctx, tx, now, orgID, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM invitations WHERE id = ?`, id); err != nil {
			return apperr.Wrap(err, "withdraw invitation")
		}
		return audit.Record(ctx, tx, now, a, "invitation.withdraw", "organisation", orgID, map[string]string{"email": inv.Email})
	})
}

// UserForProvenAddressTx returns the account of an address its owner has
// just proved (they followed a link mailed to it, checked by the caller:
// an organisation request), creating a member account with the given name
// and language if there is none. created says which.
func (s *Service) UserForProvenAddressTx(ctx context.Context, tx *db.Tx, a actor.Actor, email, name, lang string) (userID string, created bool, err error) {
	err = tx.QueryRow(ctx, `SELECT id FROM users WHERE email_key = ?`, strings.ToLower(email)).Scan(&userID)
	if err == nil {
		return userID, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", false, apperr.Wrap(err, "find user")
	}
	u, err := s.createUser(ctx, tx, a, NewUser{Email: email, Name: name, Role: actor.RoleMember, Lang: lang})
	return u.ID, err == nil, err
}

// OpenSessionForNewUser signs in an account created a moment ago from a
// proven address (UserForProvenAddressTx): as with an accepted invitation,
// a mailed link opens a session only for an account it created, never for
// one that existed before (its owner signs in as usual).
func (s *Service) OpenSessionForNewUser(ctx context.Context, userID, ip, userAgent string) (Session, error) {
	return s.openSession(ctx, userID, ip, userAgent)
}

// invitationRules: ten an hour and thirty a day per inviter, fifty a day per
// organisation. Staff inviting for many organisations count per inviter.
func invitationRules(userID, orgID string) []ratelimit.Rule {
	return []ratelimit.Rule{
		{Key: "invite-user:" + userID, Limit: 10, Window: time.Hour},
		{Key: "invite-user:" + userID + "|1d", Limit: 30, Window: 24 * time.Hour},
		{Key: "invite-org:" + orgID, Limit: 50, Window: 24 * time.Hour},
	}
}

// inviterLabel names the inviter with their address, so the recipient can
// tell who it is and answer them.
func inviterLabel(a actor.Actor) string {
	if a.Name != "" && a.Email != "" {
		return a.Name + " (" + a.Email + ")"
	}
	return a.Label()
}

// FindInvitation returns a pending, unexpired invitation by its secret.
func (s *Service) FindInvitation(ctx context.Context, token string) (Invitation, error) {
	var inv Invitation
	err := s.DB.QueryRow(ctx, `SELECT id, organisation_id, email, role, expires_at FROM invitations
		WHERE token_hash = ? AND accepted_at IS NULL AND expires_at > ?`, secret.Hash(token), s.Now().UTC()).
		Scan(&inv.ID, &inv.OrganisationID, &inv.Email, &inv.Role, &inv.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Invitation{}, apperr.New(apperr.NotFound, "", "error.invitation_invalid")
	}
	if err != nil {
		return Invitation{}, apperr.Wrap(err, "invitation")
	}
	if inv.OrganisationName, err = s.orgName(ctx, s.DB, inv.OrganisationID); err != nil {
		return Invitation{}, err
	}
	var n int
	_ = s.DB.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE email_key = ?`, strings.ToLower(inv.Email)).Scan(&n)
	inv.UserExists = n > 0
	return inv, nil
}

// AcceptInvitation accepts an invitation. For an address without an account
// the link proves the address: the user is created (with the given name),
// the membership added and a session opened. For an address that has an
// account, the invitation is no way in: who must be signed in as that
// account (an invitation lives 14 days, a sign-in link 30 minutes), and no
// new session is opened. Single use.
func (s *Service) AcceptInvitation(ctx context.Context, who actor.Actor, token, name, ip, userAgent string) (Session, error) {
	inv, err := s.FindInvitation(ctx, token)
	if err != nil {
		return Session{}, err
	}
	if inv.UserExists && !strings.EqualFold(who.Email, inv.Email) {
		return Session{}, apperr.New(apperr.Unauthorized, "", "error.invitation_sign_in", "email", inv.Email)
	}
	var userID string
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		now := s.Now().UTC()
		res, err := tx.Exec(ctx, `UPDATE invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL`, now, inv.ID)
		if err != nil {
			return apperr.Wrap(err, "accept")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.NotFound, "", "error.invitation_invalid")
		}
		err = tx.QueryRow(ctx, `SELECT id FROM users WHERE email_key = ?`, strings.ToLower(inv.Email)).Scan(&userID)
		var a actor.Actor
		switch {
		case errors.Is(err, sql.ErrNoRows):
			u, err := s.createUser(ctx, tx, actor.Actor{Email: inv.Email, IP: ip}, NewUser{Email: inv.Email, Name: name, Role: actor.RoleMember})
			if err != nil {
				return err
			}
			userID = u.ID
		case err != nil:
			return apperr.Wrap(err, "accept")
		}
		a = actor.Actor{UserID: userID, Email: inv.Email, IP: ip}
		if _, err := tx.Exec(ctx, `UPDATE invitations SET accepted_by = ? WHERE id = ?`, userID, inv.ID); err != nil {
			return apperr.Wrap(err, "accept")
		}
		return AddMemberTx(ctx, tx, now, a, inv.OrganisationID, userID, inv.Role)
	})
	if err != nil || inv.UserExists {
		return Session{}, err
	}
	return s.openSession(ctx, userID, ip, userAgent)
}

// Contact is where a member of an organisation is reached, in their language.
type Contact struct{ Email, Lang string }

// OrgContactsTx lists the enabled members of an organisation, owners first,
// for mail about the organisation's records (the catalogue's reminders).
func OrgContactsTx(ctx context.Context, q db.Querier, orgID string) ([]Contact, error) {
	out, err := db.Collect(ctx, q, `SELECT u.email, u.lang FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organisation_id = ? AND u.disabled = ? ORDER BY CASE m.role WHEN ? THEN 0 ELSE 1 END, u.email_key`,
		[]any{orgID, false, actor.Owner}, func(row db.Scanner) (Contact, error) {
			var c Contact
			err := row.Scan(&c.Email, &c.Lang)
			return c, err
		})
	return out, apperr.Wrap(err, "organisation contacts")
}
