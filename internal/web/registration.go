package web

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/request"
)

// Registering an organisation from the public form (or claiming an
// unverified one), by e-mail, and the coordinators' moderation queue. The
// rules are org's (request.go, moderation.go) and catalog's.

// registerForm is the public form's state, kept as typed on error.
type registerForm struct {
	orgForm
	Claim      org.Organisation // set when claiming an existing organisation
	PersonName string
	Email      string
}

func (h *Handler) registerPage(r *http.Request, f *registerForm) error {
	f.orgForm.Counties = newOrgForm().Counties
	if f.Claim.ID == "" {
		return nil
	}
	o, err := h.Orgs.FindOrganisationByID(r.Context(), f.Claim.ID)
	if err != nil || !o.Visible(request.Actor(r.Context())) {
		return apperr.ErrNotFound()
	}
	f.Claim = o
	return nil
}

func (h *Handler) newRegistration(w http.ResponseWriter, r *http.Request) error {
	f := registerForm{orgForm: newOrgForm(), Claim: org.Organisation{ID: r.URL.Query().Get("claim")}}
	if err := h.registerPage(r, &f); err != nil {
		return err
	}
	p := h.page(r, "register.title")
	p.Data = f
	h.render(w, r, http.StatusOK, "register", p)
	return nil
}

func (h *Handler) requestRegistration(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.TooLarge, "", "error.too_large")
	}
	g := r.PostForm.Get
	f := registerForm{orgForm: newOrgForm(), Claim: org.Organisation{ID: g("claim")}, PersonName: g("person_name"), Email: g("email")}
	in := org.RequestInput{OrganisationID: f.Claim.ID, PersonName: f.PersonName, Email: f.Email}
	if f.Claim.ID == "" {
		f.Name, f.OrgNumber, f.Sector, f.Category, f.Municipality = g("name"), g("org_number"), g("sector"), g("category"), g("municipality")
		f.ConfirmDuplicate = g("confirm_duplicate") == "1"
		in.Organisation = &org.Fields{Name: &f.Name, OrgNumber: &f.OrgNumber, Sector: &f.Sector, Category: &f.Category,
			Municipality: &f.Municipality, ConfirmDuplicate: f.ConfirmDuplicate}
	}
	who := request.Actor(r.Context())
	who.IP = clientAddr(r)
	req, err := h.Orgs.RequestOrganisation(r.Context(), who, in)
	if err != nil {
		if perr := h.registerPage(r, &f); perr != nil {
			return perr
		}
		p := h.page(r, "register.title")
		p.Data = f
		return h.formError(w, r, "register", p, err)
	}
	p := h.page(r, "register.sent_title")
	p.Data = notice{Text: p.P.T("register.sent_text", "email", req.Email, "hours", int(org.RequestTTL.Hours()))}
	h.render(w, r, http.StatusAccepted, "notice", p)
	return nil
}

// notice is a page that only says something: a mail was sent, a form is
// not yours to edit.
type notice struct{ Text, Link, LinkText string }

// confirmRegistrationPage shows a button: mail scanners follow links, and
// the link works once.
func (h *Handler) confirmRegistrationPage(w http.ResponseWriter, r *http.Request) error {
	req, err := h.Orgs.FindRequest(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	p := h.page(r, "register.confirm_title")
	p.Data = struct {
		Req   org.Request
		Token string
	}{req, r.PathValue("token")}
	h.render(w, r, http.StatusOK, "register_confirm", p)
	return nil
}

func (h *Handler) confirmRegistration(w http.ResponseWriter, r *http.Request) error {
	who := request.Actor(r.Context())
	who.IP = clientAddr(r)
	c, err := h.Orgs.ConfirmRequest(r.Context(), who, r.PathValue("token"))
	if err != nil {
		return err
	}
	if c.NewUser {
		sess, err := h.Accounts.OpenSessionForNewUser(r.Context(), c.UserID, clientAddr(r), r.UserAgent())
		if err != nil {
			return err
		}
		h.setSession(w, sess)
	}
	p := h.page(r, "register.done_title")
	n := notice{Text: p.P.T("register.done_" + c.Kind), Link: "/organisations/" + c.OrganisationID, LinkText: p.P.T("register.to_org")}
	if !c.NewUser && who.UserID != c.UserID {
		n.Text += " " + p.P.T("register.sign_in")
		n.Link, n.LinkText = "/login?next=/organisations/"+c.OrganisationID, p.P.T("login.title")
	}
	p.Data = n
	h.render(w, r, http.StatusOK, "notice", p)
	return nil
}

// moderationData is the coordinators' queue.
type moderationData struct {
	Queue      org.Queue
	Activities []catalog.Activity
}

func (h *Handler) moderationPage(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	q, err := h.Orgs.FindQueue(r.Context(), who)
	if err != nil {
		return err
	}
	acts, err := h.Activities.FindAwaitingActivities(r.Context(), who)
	if err != nil {
		return err
	}
	p := h.page(r, "moderation.title")
	p.Data, p.Errors = moderationData{Queue: q, Activities: acts}, errs
	h.render(w, r, status, "moderation", p)
	return nil
}

func (h *Handler) moderation(w http.ResponseWriter, r *http.Request) error {
	return h.moderationPage(w, r, http.StatusOK, nil)
}

// decide approves or rejects one item of the queue; a refusal (an activity
// whose organisation waits) is shown beside the item's buttons.
func (h *Handler) decide(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	id, approve := r.PathValue("id"), r.PostFormValue("decision") == "approve"
	switch r.PathValue("kind") {
	case "organisations":
		_, err = h.Orgs.ReviewOrganisation(r.Context(), who, id, approve)
	case "claims":
		_, err = h.Orgs.DecideClaim(r.Context(), who, id, approve)
	case "activities":
		_, err = h.Activities.ReviewActivity(r.Context(), who, id, approve)
	default:
		return apperr.ErrNotFound()
	}
	if ae := apperr.As(err); err != nil && ae.Code == apperr.Conflict {
		return h.moderationPage(w, r, http.StatusConflict, map[string]string{id: request.Printer(r.Context()).T(ae.Key, ae.Args...)})
	}
	if err != nil {
		return err
	}
	done := "approved"
	if !approve {
		done = "rejected"
	}
	return redirect(w, r, "/admin/moderation?done="+done)
}
