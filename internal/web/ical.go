package web

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/request"
)

// maxFeed caps a feed: a calendar client re-reads it every few hours.
const maxFeed = 500

// feed writes the activities the filter finds, and extra ones (archived,
// carried as cancelled) after them.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request, name string, f catalog.Filter, extra ...catalog.Activity) error {
	f.Limit, f.Page = 100, 1
	if f.Sort == "" {
		f.Sort = "next"
	}
	var acts []catalog.Activity
	for len(acts) < maxFeed {
		res, err := h.Activities.FindActivities(r.Context(), f)
		if err != nil {
			return err
		}
		for _, it := range res.Items {
			acts = append(acts, it.Activity)
		}
		if f.Page >= res.Pages {
			break
		}
		f.Page++
	}
	acts = append(acts, extra[:min(len(extra), max(0, maxFeed-len(acts)))]...)
	lang := request.Printer(r.Context()).Lang.Code
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="samverkan.ics"`)
	_, err := w.Write([]byte(catalog.Calendar(name, h.BaseURL, lang, acts, h.Activities.Now())))
	return err
}

func (h *Handler) activityFeed(w http.ResponseWriter, r *http.Request) error {
	a, err := h.Activities.FindActivityByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !a.Visible(request.Actor(r.Context())) {
		return apperr.ErrNotFound()
	}
	text, _ := a.In(request.Printer(r.Context()).Lang.Code)
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	_, err = w.Write([]byte(catalog.Calendar(text.Title, h.BaseURL, request.Printer(r.Context()).Lang.Code, []catalog.Activity{a}, h.Activities.Now())))
	return err
}

func (h *Handler) organisationFeed(w http.ResponseWriter, r *http.Request) error {
	o, err := h.visibleOrganisation(r)
	if err != nil {
		return err
	}
	// Archived activities stay in the feed as cancelled, so a calendar
	// that subscribed learns the activity is over.
	archived, err := h.Activities.FindArchivedActivities(r.Context(), o.ID)
	if err != nil {
		return err
	}
	return h.feed(w, r, o.Name, catalog.Filter{OrganisationID: o.ID}, archived...)
}

func (h *Handler) venueFeed(w http.ResponseWriter, r *http.Request) error {
	v, err := h.Activities.FindVenueByID(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.feed(w, r, v.Name, catalog.Filter{VenueID: v.ID})
}

func (h *Handler) searchFeed(w http.ResponseWriter, r *http.Request) error {
	f, err := catalog.ParseFilter(catalog.OnlyFilterParams(r.URL.Query()))
	if err != nil {
		return err
	}
	return h.feed(w, r, "samverkan – "+request.Printer(r.Context()).T("acts.title"), f)
}
