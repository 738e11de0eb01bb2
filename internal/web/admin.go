package web

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/request"
)

type accountData struct {
	User      account.User
	Tokens    []account.Token
	NewSecret string
	TokenName string
	Orgs      []accountOrg
}

type accountOrg struct{ ID, Name, Role string }

func (h *Handler) accountData(r *http.Request) (Page, accountData, error) {
	a, err := requireSignIn(r)
	if err != nil {
		return Page{}, accountData{}, err
	}
	if a.UserID == "" {
		return Page{}, accountData{}, apperr.ErrUnauthorized()
	}
	u, err := h.Accounts.FindUserByID(r.Context(), a.UserID)
	if err != nil {
		return Page{}, accountData{}, err
	}
	toks, err := h.Accounts.FindTokens(r.Context(), a)
	if err != nil {
		return Page{}, accountData{}, err
	}
	d := accountData{User: u, Tokens: toks}
	for id, role := range a.Memberships {
		o, err := h.Orgs.FindOrganisationByID(r.Context(), id)
		if err == nil {
			d.Orgs = append(d.Orgs, accountOrg{ID: id, Name: o.Name, Role: role})
		}
	}
	return h.page(r, "account.title"), d, nil
}

func (h *Handler) accountPage(w http.ResponseWriter, r *http.Request) error {
	p, d, err := h.accountData(r)
	if err != nil {
		return err
	}
	p.Data = d
	h.render(w, r, http.StatusOK, "account", p)
	return nil
}

func (h *Handler) updateAccount(w http.ResponseWriter, r *http.Request) error {
	p, d, err := h.accountData(r)
	if err != nil {
		return err
	}
	d.User.Name, d.User.Lang = r.PostFormValue("name"), r.PostFormValue("lang")
	a := p.Actor
	in := account.Profile{Name: d.User.Name, Lang: d.User.Lang, Password: r.PostFormValue("password"), CurrentPassword: r.PostFormValue("current_password")}
	if err := h.Accounts.UpdateProfile(r.Context(), a, in, request.Session(r.Context())); err != nil {
		p.Data = d
		return h.formError(w, r, "account", p, err)
	}
	return redirect(w, r, "/account?done=saved&lang="+d.User.Lang)
}

func (h *Handler) createToken(w http.ResponseWriter, r *http.Request) error {
	p, d, err := h.accountData(r)
	if err != nil {
		return err
	}
	d.TokenName = r.PostFormValue("token_name")
	_, secret, err := h.Accounts.CreateToken(r.Context(), p.Actor, "", d.TokenName)
	if err != nil {
		p.Data = d
		if ae := apperr.As(err); ae.Field == "name" {
			ae.Field = "token_name"
		}
		return h.formError(w, r, "account", p, err)
	}
	// The secret is shown once, on this response, and never again.
	p, d, err = h.accountData(r)
	if err != nil {
		return err
	}
	d.NewSecret = secret
	p.Data = d
	h.render(w, r, http.StatusCreated, "account", p)
	return nil
}

func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	if err := h.Accounts.RevokeToken(r.Context(), a, r.PathValue("id")); err != nil {
		return err
	}
	return redirect(w, r, "/account?done=revoked")
}

func (h *Handler) outboxPage(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	msgs, err := h.Mail.List(r.Context(), a, 100, "")
	if err != nil {
		return err
	}
	p := h.page(r, "outbox.title")
	p.Data = msgs
	h.render(w, r, http.StatusOK, "outbox", p)
	return nil
}

type usersData struct {
	Users []account.User
	New   account.NewUser
	Link  string
}

// Roles lists the platform roles for the select.
func (usersData) Roles() []string {
	return []string{actor.RoleMember, actor.RoleCoordinator, actor.RoleAdmin}
}

func (h *Handler) usersPage(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	us, err := h.Accounts.FindUsers(r.Context(), a)
	if err != nil {
		return err
	}
	p := h.page(r, "users.title")
	p.Data = usersData{Users: us, New: account.NewUser{Role: actor.RoleMember}}
	h.render(w, r, http.StatusOK, "users", p)
	return nil
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	in := account.NewUser{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: r.PostFormValue("role"), Lang: r.PostFormValue("lang")}
	u, err := h.Accounts.CreateUser(r.Context(), a, in)
	p := h.page(r, "users.title")
	if err != nil {
		us, lerr := h.Accounts.FindUsers(r.Context(), a)
		if lerr != nil {
			return err
		}
		p.Data = usersData{Users: us, New: in}
		return h.formError(w, r, "users", p, err)
	}
	link, err := h.Accounts.CreateLoginLink(r.Context(), u.ID)
	if err != nil {
		return err
	}
	us, err := h.Accounts.FindUsers(r.Context(), a)
	if err != nil {
		return err
	}
	p.Data = usersData{Users: us, New: account.NewUser{Role: actor.RoleMember}, Link: link}
	h.render(w, r, http.StatusCreated, "users", p)
	return nil
}

func (h *Handler) setRole(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	if err := h.Accounts.SetRole(r.Context(), a, r.PathValue("id"), r.PostFormValue("role")); err != nil {
		return err
	}
	return redirect(w, r, "/admin/users?done=saved")
}
