package web

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/secret"
)

// OIDC configures sign-in through an OpenID Connect provider: the
// municipality's or a larger organisation's own identity service, so their
// staff use the account they already have. The password and e-mail-link
// sign-in stay for everyone else. An empty Issuer turns it off.
type OIDC struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// Label names the provider on the sign-in button, e.g. "Sundsvalls kommun".
	Label   string
	Domains account.DomainRoles
}

// Enabled reports whether sign-in through the provider is configured.
func (o OIDC) Enabled() bool { return o.Issuer != "" }

// oidcCookie carries the state of one sign-in between the redirect to the
// provider and its answer, in the browser rather than in a table, so any
// instance behind the load balancer can take the answer.
const oidcCookie = "samverkan_oidc"

type oidcState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"next"`
}

// oidcClient discovers the provider on first use, not at start, so that a
// provider that is down does not keep the whole site from starting; a
// failed discovery is tried again on the next sign-in.
type oidcClient struct {
	cfg      OIDC
	redirect string

	mu       sync.Mutex
	provider *oidc.Provider
}

func (c *oidcClient) get(ctx context.Context) (*oidc.Provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return c.provider, nil
	}
	// The provider outlives the request: discovery must not be tied to it.
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(dctx, c.cfg.Issuer)
	if err != nil {
		return nil, err
	}
	c.provider = p
	return p, nil
}

func (c *oidcClient) oauth2(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.cfg.ClientID,
		ClientSecret: c.cfg.ClientSecret,
		Endpoint:     p.Endpoint(),
		RedirectURL:  c.redirect,
		Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
	}
}

// oidcFailed is what the person sees when the provider cannot be reached or
// answers with something that does not verify: the sign-in page again, with
// the reason next to the provider's button.
func oidcFailed(key string, args ...any) error {
	return apperr.New(apperr.Unauthorized, "oidc", key, args...)
}

// oidcStart sends the browser to the provider, with a fresh state, nonce
// and PKCE verifier kept in a short-lived cookie. It is a link, not a form:
// the site's form-action policy would stop a form's redirect to another
// origin.
func (h *Handler) oidcStart(w http.ResponseWriter, r *http.Request) error {
	p, err := h.oidc.get(r.Context())
	if err != nil {
		h.Log.Error("oidc discovery", "issuer", h.OIDC.Issuer, "err", err)
		return h.loginError(w, r, oidcFailed("error.oidc_unavailable"))
	}
	st := oidcState{Next: safeNext(r.URL.Query().Get("next")), Verifier: oauth2.GenerateVerifier()}
	st.State, _ = secret.New()
	st.Nonce, _ = secret.New()
	b, _ := json.Marshal(st)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: "/login/oidc",
		MaxAge: 600, HttpOnly: true, Secure: h.SecureCookies, SameSite: http.SameSiteLaxMode})
	u := h.oidc.oauth2(p).AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier))
	http.Redirect(w, r, u, http.StatusFound)
	return nil
}

// oidcCallback takes the provider's answer: the state must match the
// cookie (or another site could have started this sign-in), the code is
// exchanged with the PKCE verifier, and the ID token must verify against
// the provider's keys, name this client, and carry the nonce.
func (h *Handler) oidcCallback(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	c, err := r.Cookie(oidcCookie)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: "", Path: "/login/oidc", MaxAge: -1,
		HttpOnly: true, Secure: h.SecureCookies, SameSite: http.SameSiteLaxMode})
	var st oidcState
	if err == nil {
		if b, derr := base64.RawURLEncoding.DecodeString(c.Value); derr == nil {
			err = json.Unmarshal(b, &st)
		} else {
			err = derr
		}
	}
	if err != nil || st.State == "" || subtle.ConstantTimeCompare([]byte(st.State), []byte(q.Get("state"))) != 1 {
		return h.loginError(w, r, oidcFailed("error.oidc_failed"))
	}
	if e := q.Get("error"); e != "" {
		// The person cancelled at the provider, or it refused this client.
		return h.loginError(w, r, oidcFailed("error.oidc_refused"))
	}
	p, err := h.oidc.get(r.Context())
	if err != nil {
		return h.loginError(w, r, oidcFailed("error.oidc_unavailable"))
	}
	ctx, cancel := context.WithTimeout(r.Context(), 15*time.Second)
	defer cancel()
	tok, err := h.oidc.oauth2(p).Exchange(ctx, q.Get("code"), oauth2.VerifierOption(st.Verifier))
	if err != nil {
		h.Log.Warn("oidc exchange", "err", err)
		return h.loginError(w, r, oidcFailed("error.oidc_failed"))
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.Verifier(&oidc.Config{ClientID: h.OIDC.ClientID}).Verify(ctx, raw)
	if err != nil || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		h.Log.Warn("oidc id token", "err", err)
		return h.loginError(w, r, oidcFailed("error.oidc_failed"))
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified any    `json:"email_verified"`
		Name          string `json:"name"`
	}
	if err := idt.Claims(&claims); err != nil {
		return h.loginError(w, r, oidcFailed("error.oidc_failed"))
	}
	s, err := h.Accounts.SignInExternal(r.Context(), account.Identity{Issuer: idt.Issuer, Subject: idt.Subject,
		Email: claims.Email, EmailVerified: isTrue(claims.EmailVerified), Name: claims.Name}, h.OIDC.Domains, clientAddr(r), r.UserAgent())
	if err != nil {
		return h.loginError(w, r, err)
	}
	h.setSession(w, s)
	return redirect(w, r, st.Next)
}

// isTrue reads email_verified, which some providers send as the string
// "true" instead of a JSON boolean.
func isTrue(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case string:
		return strings.EqualFold(b, "true")
	}
	return false
}

// loginError shows the sign-in page with the error next to the provider's
// button; errors that are not about signing in go to the error page.
func (h *Handler) loginError(w http.ResponseWriter, r *http.Request, err error) error {
	ae := apperr.As(err)
	if ae.Code != apperr.Unauthorized && ae.Code != apperr.Forbidden {
		return err
	}
	p := h.page(r, "login.title")
	p.Data = loginData{Next: "/", OIDC: h.OIDC.Label}
	p.Errors = map[string]string{"oidc": p.P.T(ae.Key, ae.Args...)}
	h.render(w, r, apperr.Status(ae.Code), "login", p)
	return nil
}
