package web

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/request"
)

func (h *Handler) setSession(w http.ResponseWriter, s account.Session) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: s.Token, Path: "/", Expires: s.ExpiresAt,
		HttpOnly: true, Secure: h.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (h *Handler) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: h.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func clientAddr(r *http.Request) string {
	if ip := request.Actor(r.Context()).IP; ip != "" {
		return ip
	}
	ip, _, _ := net.SplitHostPort(r.RemoteAddr)
	return ip
}

// safeNext keeps redirects after sign-in on this site.
// safeNext returns next if it is a path on this site, else "/". It is
// parsed, not prefix-matched: browsers drop tabs and line breaks from URLs
// and read a backslash as a slash, so "/\t/evil.example" would be read
// as "//evil.example". A path only: no scheme, no host, no control
// characters, spaces or backslashes anywhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\ ") {
		return "/"
	}
	for _, r := range next {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil || !strings.HasPrefix(u.EscapedPath(), "/") || strings.HasPrefix(u.EscapedPath(), "//") {
		return "/"
	}
	return u.RequestURI() + fragment(u)
}

func fragment(u *url.URL) string {
	if u.Fragment == "" {
		return ""
	}
	return "#" + u.EscapedFragment()
}

type loginData struct {
	Email string
	Next  string
	Sent  bool
	OIDC  string // the identity provider's label; empty: not offered
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "login.title")
	p.Data = loginData{Next: safeNext(r.URL.Query().Get("next")), Sent: r.URL.Query().Get("sent") == "1", OIDC: h.OIDC.Label}
	h.render(w, r, http.StatusOK, "login", p)
	return nil
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) error {
	d := loginData{Email: r.PostFormValue("email"), Next: safeNext(r.PostFormValue("next")), OIDC: h.OIDC.Label}
	s, err := h.Accounts.Login(r.Context(), d.Email, r.PostFormValue("password"), clientAddr(r), r.UserAgent())
	if err != nil {
		p := h.page(r, "login.title")
		p.Data = d
		if c := apperr.CodeOf(err); c == apperr.Unauthorized || c == apperr.RateLimited {
			p.Errors = map[string]string{"password": p.P.T(apperr.As(err).Key, apperr.As(err).Args...)}
			h.render(w, r, apperr.Status(c), "login", p)
			return nil
		}
		return h.formError(w, r, "login", p, err)
	}
	h.setSession(w, s)
	return redirect(w, r, d.Next)
}

func (h *Handler) requestLink(w http.ResponseWriter, r *http.Request) error {
	d := loginData{Email: r.PostFormValue("email"), Next: "/", OIDC: h.OIDC.Label}
	if err := h.Accounts.SendLoginLink(r.Context(), d.Email, clientAddr(r)); err != nil {
		p := h.page(r, "login.title")
		p.Data = d
		ae := apperr.As(err)
		if ae.Code == apperr.Invalid || ae.Code == apperr.RateLimited {
			p.Errors = map[string]string{"link_email": p.P.T(ae.Key, ae.Args...)}
			h.render(w, r, apperr.Status(ae.Code), "login", p)
			return nil
		}
		return err
	}
	return redirect(w, r, "/login?sent=1")
}

// confirmLink shows a button instead of signing in on GET: mail scanners
// fetch links, and a single-use link must survive that.
func (h *Handler) confirmLink(w http.ResponseWriter, r *http.Request) error {
	p := h.page(r, "link.title")
	p.Data = r.PathValue("token")
	h.render(w, r, http.StatusOK, "login_link", p)
	return nil
}

func (h *Handler) useLink(w http.ResponseWriter, r *http.Request) error {
	s, err := h.Accounts.UseLoginLink(r.Context(), r.PathValue("token"), clientAddr(r), r.UserAgent())
	if err != nil {
		return err
	}
	h.setSession(w, s)
	return redirect(w, r, "/account?done=signed_in")
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) error {
	if tok := request.Session(r.Context()); tok != "" {
		if err := h.Accounts.Logout(r.Context(), tok); err != nil {
			return err
		}
	}
	h.clearSession(w)
	return redirect(w, r, "/?done=signed_out")
}

func (h *Handler) logoutAll(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	if err := h.Accounts.LogoutEverywhere(r.Context(), a); err != nil {
		return err
	}
	h.clearSession(w)
	return redirect(w, r, "/?done=signed_out_all")
}

type invitationData struct {
	Inv    account.Invitation
	Token  string
	Name   string
	SignIn bool // the address has an account: accepting needs signing in as it
}

func (h *Handler) showInvitation(w http.ResponseWriter, r *http.Request) error {
	inv, err := h.Accounts.FindInvitation(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	p := h.page(r, "invitation.title")
	p.Data = invitationData{Inv: inv, Token: r.PathValue("token"),
		SignIn: inv.UserExists && !strings.EqualFold(request.Actor(r.Context()).Email, inv.Email)}
	h.render(w, r, http.StatusOK, "invitation", p)
	return nil
}

func (h *Handler) acceptInvitation(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	name := r.PostFormValue("name")
	s, err := h.Accounts.AcceptInvitation(r.Context(), request.Actor(r.Context()), token, name, clientAddr(r), r.UserAgent())
	if err != nil {
		inv, ferr := h.Accounts.FindInvitation(r.Context(), token)
		if ferr != nil {
			return err
		}
		p := h.page(r, "invitation.title")
		p.Data = invitationData{Inv: inv, Token: token, Name: name}
		return h.formError(w, r, "invitation", p, err)
	}
	if s.Token != "" {
		h.setSession(w, s)
	}
	inv := r.PostFormValue("org")
	if inv != "" && !strings.ContainsAny(inv, "/?#") {
		return redirect(w, r, "/organisations/"+inv+"?done=joined")
	}
	return redirect(w, r, "/account?done=joined")
}
