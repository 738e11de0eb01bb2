package org

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/account"
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

// Kinds of organisation request: a new organisation, or taking over an
// existing unverified one (imported, or registered by someone who left).
const (
	RequestRegister = "register"
	RequestClaim    = "claim"
)

// Decisions on a claim.
const (
	Approved = "approved"
	Declined = "rejected"
)

// RequestTTL is how long the confirmation link of a request works: a day,
// so it can wait until the person is back at their desk; it is single use.
const RequestTTL = 24 * time.Hour

// RequestInput is what the public form and POST /api/v1/organisation-requests
// take: either a new organisation's fields or the ID of an unverified one to
// claim, and who the person is.
type RequestInput struct {
	Organisation   *Fields `json:"organisation,omitempty"`
	OrganisationID string  `json:"organisation_id,omitempty"`
	PersonName     string  `json:"person_name"`
	Email          string  `json:"email"`
}

// Request is a pending request as its confirmation page shows it.
type Request struct {
	ID               string
	Kind             string
	OrganisationID   string
	OrganisationName string
	PersonName       string
	Email            string
	ExpiresAt        time.Time
}

// Confirmed is what confirming a request did: the organisation it is about,
// whether the person's account was created by it (and so may be signed in)
// and its ID.
type Confirmed struct {
	Kind           string
	OrganisationID string
	UserID         string
	NewUser        bool
}

// requestRules: three requests a day per address (each mails it), twenty an
// hour per client address (an office or a school shares one).
func requestRules(ip, emailKey string) []ratelimit.Rule {
	return []ratelimit.Rule{
		{Key: "orgrequest-email:" + emailKey, Limit: 3, Window: 24 * time.Hour},
		{Key: "orgrequest-ip:" + ip, Limit: 20, Window: time.Hour},
	}
}

// claimable reports whether an organisation may be claimed from the public
// form: listed and not verified. A verified one has a coordinator's word on
// who runs it; its owners invite colleagues.
func claimable(o Organisation) bool { return o.Review == Listed && !o.Verified }

// RequestOrganisation takes a registration or a claim from the public form:
// it checks everything, counts the request against the limits and mails a
// confirmation link to the address, all in one transaction. Nothing is
// registered until the link is followed (ConfirmRequest). who is anonymous
// or signed in; its IP is what the per-address limit counts.
func (s *Service) RequestOrganisation(ctx context.Context, who actor.Actor, in RequestInput) (Request, error) {
	email, key, err := account.NormalizeEmail("email", in.Email)
	if err != nil {
		return Request{}, err
	}
	name, err := input.Line("person_name", in.PersonName, 200, true)
	if err != nil {
		return Request{}, err
	}
	req := Request{ID: db.NewID(), Kind: RequestRegister, PersonName: name, Email: email}
	var fields []byte
	var o Organisation
	switch {
	case in.Organisation != nil && in.OrganisationID != "":
		return Request{}, apperr.Invalidf("organisation_id", "error.request_one_of")
	case in.OrganisationID != "":
		req.Kind, req.OrganisationID = RequestClaim, in.OrganisationID
		fields = []byte("{}")
	case in.Organisation != nil:
		o = Organisation{Languages: []string{}, Descriptions: map[string]string{}}
		if err := apply(&o, *in.Organisation); err != nil {
			return Request{}, err
		}
		f := *in.Organisation
		f.ConfirmDuplicate = false
		fields, _ = json.Marshal(f)
		req.OrganisationName = o.Name
	default:
		return Request{}, apperr.Invalidf("name", "error.required")
	}
	lang := who.Lang
	if _, ok := i18n.Find(lang); !ok {
		lang = i18n.Default
	}
	now := s.Now().UTC()
	req.ExpiresAt = now.Add(RequestTTL)
	token, hash := secret.New()
	err = s.DB.InTx(ctx, func(tx *db.Tx) error {
		ok, retry, err := ratelimit.Take(ctx, tx, now, requestRules(who.IP, key)...)
		if err != nil {
			return err
		}
		if !ok {
			return ratelimit.Limited("email", retry)
		}
		if req.Kind == RequestClaim {
			c, err := findOne(ctx, tx, req.OrganisationID)
			if apperr.CodeOf(err) == apperr.NotFound || err == nil && !claimable(c) {
				return apperr.Invalidf("organisation_id", "error.claim_not_possible")
			}
			if err != nil {
				return err
			}
			req.OrganisationName = c.Name
		} else {
			o.ID = ""
			if err := s.checkDuplicates(ctx, tx, o, in.Organisation.ConfirmDuplicate); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO organisation_requests (id, kind, organisation_id, fields, person_name, email, email_key, lang,
			token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			req.ID, req.Kind, db.NullIfEmpty(req.OrganisationID), string(fields), name, email, key, lang, hash, now, req.ExpiresAt); err != nil {
			return apperr.Wrap(err, "organisation request")
		}
		anon := who
		if !anon.SignedIn() {
			anon.Email = email
		}
		if err := audit.Record(ctx, tx, now, anon, "organisation_request.create", "organisation_request", req.ID,
			map[string]string{"kind": req.Kind, "organisation": req.OrganisationName, "email": email}); err != nil {
			return err
		}
		p := s.Messages.Printer(lang)
		link := strings.TrimRight(s.BaseURL, "/") + "/organisation-requests/" + token
		return s.Mail.Queue(ctx, tx, sendmail.Message{To: email, Lang: lang,
			Subject: p.T("mail.org_request.subject", "org", req.OrganisationName),
			Body: p.T("mail.org_request.body", "name", name, "org", req.OrganisationName, "link", link,
				"hours", int(RequestTTL.Hours()), "report", s.Mail.From)})
	})
	if err != nil {
		return Request{}, err
	}
	go s.Mail.Flush(context.WithoutCancel(ctx))
	return req, nil
}

// requestRow is a request as stored.
type requestRow struct {
	Request
	fields  string
	lang    string
	userID  sql.NullString
	created time.Time
}

const requestColumns = `r.id, r.kind, COALESCE(r.organisation_id, ''), r.fields, r.person_name, r.email, r.lang, r.expires_at, r.user_id, r.created_at`

func scanRequest(row db.Scanner) (requestRow, error) {
	var r requestRow
	err := row.Scan(&r.ID, &r.Kind, &r.OrganisationID, &r.fields, &r.PersonName, &r.Email, &r.lang, &r.ExpiresAt, &r.userID, &r.created)
	return r, err
}

// pendingRequest loads an unconfirmed, unexpired request by its link's secret.
func (s *Service) pendingRequest(ctx context.Context, q db.Querier, token string) (requestRow, error) {
	r, err := scanRequest(q.QueryRow(ctx, `SELECT `+requestColumns+` FROM organisation_requests r
		WHERE r.token_hash = ? AND r.confirmed_at IS NULL AND r.expires_at > ?`, secret.Hash(token), s.Now().UTC()))
	if errors.Is(err, sql.ErrNoRows) {
		return requestRow{}, apperr.New(apperr.NotFound, "", "error.request_invalid")
	}
	if err != nil {
		return requestRow{}, apperr.Wrap(err, "organisation request")
	}
	if r.Kind == RequestClaim {
		names, err := NamesTx(ctx, q, []string{r.OrganisationID})
		if err != nil {
			return requestRow{}, err
		}
		r.OrganisationName = names[r.OrganisationID]
	} else {
		var f Fields
		if err := json.Unmarshal([]byte(r.fields), &f); err != nil {
			return requestRow{}, apperr.Wrap(err, "organisation request fields")
		}
		if f.Name != nil {
			r.OrganisationName = *f.Name
		}
	}
	return r, nil
}

// FindRequest returns a pending request by its link's secret, for the page
// that asks to confirm it (mail scanners follow links: the confirmation is
// a button).
func (s *Service) FindRequest(ctx context.Context, token string) (Request, error) {
	r, err := s.pendingRequest(ctx, s.DB, token)
	return r.Request, err
}

// ConfirmRequest is the person following the mailed link: the address is
// proven, the account is found or created (package account), and then a
// registration creates the organisation, awaiting review, with the person
// as its owner; a claim waits for a coordinator's decision. Single use: two
// clicks racing each other confirm once.
func (s *Service) ConfirmRequest(ctx context.Context, who actor.Actor, token string) (Confirmed, error) {
	var c Confirmed
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.pendingRequest(ctx, tx, token)
		if err != nil {
			return err
		}
		now := s.Now().UTC()
		res, err := tx.Exec(ctx, `UPDATE organisation_requests SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL`, now, r.ID)
		if err != nil {
			return apperr.Wrap(err, "confirm request")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.New(apperr.NotFound, "", "error.request_invalid")
		}
		by := actor.Actor{Email: r.Email, IP: who.IP, Lang: r.lang}
		c.Kind, c.OrganisationID = r.Kind, r.OrganisationID
		if c.UserID, c.NewUser, err = s.Accounts.UserForProvenAddressTx(ctx, tx, by, r.Email, r.PersonName, r.lang); err != nil {
			return err
		}
		by.UserID = c.UserID
		if _, err := tx.Exec(ctx, `UPDATE organisation_requests SET user_id = ? WHERE id = ?`, c.UserID, r.ID); err != nil {
			return apperr.Wrap(err, "confirm request")
		}
		if err := audit.Record(ctx, tx, now, by, "organisation_request.confirm", "organisation_request", r.ID, nil); err != nil {
			return err
		}
		if r.Kind == RequestClaim {
			return nil
		}
		var f Fields
		if err := json.Unmarshal([]byte(r.fields), &f); err != nil {
			return apperr.Wrap(err, "organisation request fields")
		}
		o := Organisation{Languages: []string{}, Descriptions: map[string]string{}}
		if err := apply(&o, f); err != nil {
			return err
		}
		o.ID, o.CreatedAt, o.UpdatedAt, o.Review = db.NewID(), now, now, AwaitingReview
		// The registry may have changed in the day the link waited.
		if err := s.checkDuplicates(ctx, tx, o, true); err != nil {
			return err
		}
		if err := insert(ctx, tx, o, c.UserID); err != nil {
			return err
		}
		c.OrganisationID = o.ID
		if _, err := tx.Exec(ctx, `UPDATE organisation_requests SET organisation_id = ? WHERE id = ?`, o.ID, r.ID); err != nil {
			return apperr.Wrap(err, "confirm request")
		}
		if err := audit.Record(ctx, tx, now, by, "organisation.create", "organisation", o.ID, map[string]string{"name": o.Name, "review": o.Review}); err != nil {
			return err
		}
		return account.AddMemberTx(ctx, tx, now, by, o.ID, c.UserID, actor.Owner)
	})
	return c, err
}
