package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/org"
)

// searchGroup is how many of each kind the combined results show before
// the link to all of them.
const searchGroup = 10

type searchData struct {
	Q          string
	Orgs       org.Page
	Activities catalog.Result
	OrgsURL    string // every organisation found, on the organisation list
	ActsURL    string // every activity found, on the activity search
}

// search is the start page's search: organisations (by name, address,
// place or language) and activities (their own search) in two groups, each
// with a link to all its results. Each domain parses the words as its
// listing does, so a search here finds what the lists find.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	d := searchData{Q: q, OrgsURL: "/organisations?" + url.Values{"q": {q}}.Encode(), ActsURL: "/activities?" + url.Values{"q": {q}}.Encode()}
	p := h.page(r, "home.search_title")
	of, err := org.ParseFilter(url.Values{"q": {q}, "limit": {strconv.Itoa(searchGroup)}})
	if err == nil {
		d.Orgs, err = h.Orgs.FindOrganisations(r.Context(), of)
	}
	if err == nil {
		var af catalog.Filter
		if af, err = catalog.ParseFilter(url.Values{"q": {q}}); err == nil {
			d.Activities, err = h.Activities.FindActivities(r.Context(), af)
		}
	}
	if err != nil {
		if apperr.As(err).Code != apperr.Invalid {
			return err
		}
		p.Data = d
		p.Errors = map[string]string{"q": p.P.T(apperr.As(err).Key, apperr.As(err).Args...)}
		h.render(w, r, http.StatusBadRequest, "search", p)
		return nil
	}
	if len(d.Activities.Items) > searchGroup {
		d.Activities.Items = d.Activities.Items[:searchGroup]
	}
	p.Data = d
	h.render(w, r, http.StatusOK, "search", p)
	return nil
}
