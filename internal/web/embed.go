package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/catalog"
)

// The embeddable search: a light page without the site's header, menu and
// footer that a municipality's own website can show in an <iframe>, so
// its readers see the local activities without leaving it. Only the
// origins in Deps.EmbedOrigins may frame it (Content-Security-Policy
// frame-ancestors); every other page keeps frame-ancestors 'none'.

type embedData struct {
	Result  catalog.Result
	MoreURL string // the same search on the full site
	PrevURL string
	NextURL string
}

// frameAncestors is the CSP directive for the embeddable pages.
func (h *Handler) frameAncestors() string {
	return strings.Join(append([]string{"frame-ancestors 'self'"}, h.EmbedOrigins...), " ")
}

func (h *Handler) embedActivities(w http.ResponseWriter, r *http.Request) error {
	f, err := catalog.ParseFilter(catalog.OnlyFilterParams(r.URL.Query()))
	if err != nil {
		return err
	}
	res, err := h.Activities.FindActivities(r.Context(), f)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	fq := url.Values{}
	for k, v := range q {
		if k != "page" {
			fq[k] = v
		}
	}
	d := embedData{Result: res, MoreURL: strings.TrimRight(h.BaseURL, "/") + "/activities?" + fq.Encode()}
	// The language stays in the links: a framed page gets no cookie.
	if res.Page > 1 {
		q.Set("page", strconv.Itoa(res.Page-1))
		d.PrevURL = "/embed/activities?" + q.Encode()
	}
	if res.Page < res.Pages {
		q.Set("page", strconv.Itoa(res.Page+1))
		d.NextURL = "/embed/activities?" + q.Encode()
	}
	p := h.page(r, "embed.title")
	p.Data = d
	hd := w.Header()
	csp := hd.Get("Content-Security-Policy")
	hd.Set("Content-Security-Policy", strings.Replace(csp, "frame-ancestors 'none'", h.frameAncestors(), 1))
	hd.Del("X-Frame-Options")
	h.render(w, r, http.StatusOK, "embed", p)
	return nil
}

// embedSnippet is the code the search page offers to copy: an iframe of
// the same search, with a title for screen readers.
func (h *Handler) embedSnippet(p Page, filter url.Values) string {
	q := url.Values{}
	for k, v := range filter {
		if k != "page" {
			q[k] = v
		}
	}
	q.Set("lang", p.Lang.Code)
	src := strings.TrimRight(h.BaseURL, "/") + "/embed/activities?" + q.Encode()
	return `<iframe src="` + template.HTMLEscapeString(src) + `" title="` + template.HTMLEscapeString(p.P.T("acts.embed_frame_title")) +
		`" width="100%" height="600" loading="lazy" style="border:0"></iframe>`
}
