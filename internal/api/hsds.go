package api

import (
	"archive/zip"
	"context"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/hsds"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/request"
	"github.com/samverkan/samverkan/internal/tabular"
)

// HSDSRoutes serves the Open Referral HSDS 3.0 API under /hsds, read-only
// and public, so any HSDS consumer can read the directory.
func (h *Handler) HSDSRoutes(mux Mux) {
	mux.Handle("GET /hsds/{$}", h.fn(h.hsdsRoot))
	mux.Handle("GET /hsds/services", h.fn(h.hsdsServices))
	mux.Handle("GET /hsds/services/{id}", h.fn(h.hsdsService))
	mux.Handle("GET /hsds/organizations", h.fn(h.hsdsOrganizations))
	mux.Handle("GET /hsds/organizations/{id}", h.fn(h.hsdsOrganization))
	mux.Handle("GET /hsds/service_at_locations", h.fn(h.hsdsServiceAtLocations))
	mux.Handle("GET /hsds/service_at_locations/{id}", h.fn(h.hsdsService))
	mux.Handle("GET /hsds/taxonomies", h.fn(h.hsdsTaxonomies))
	mux.Handle("GET /hsds/taxonomies/{id}", h.fn(h.hsdsTaxonomy))
	mux.Handle("GET /hsds/taxonomy_terms", h.fn(h.hsdsTerms))
	mux.Handle("GET /hsds/taxonomy_terms/{id}", h.fn(h.hsdsTerm))
	mux.Handle("GET /hsds/export.json", h.fn(h.hsdsExportJSON))
	mux.Handle("GET /hsds/export.zip", h.fn(h.hsdsExportCSV))
}

// maxHSDSPage bounds page numbers so an offset never overflows.
const maxHSDSPage = 100000

func paging(r *http.Request) (page, perPage int, err error) {
	page, perPage = 1, 50
	if v := r.URL.Query().Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > maxHSDSPage {
			return 0, 0, apperr.Invalidf("page", "error.range")
		}
	}
	if v := r.URL.Query().Get("per_page"); v != "" {
		if perPage, err = strconv.Atoi(v); err != nil || perPage < 1 || perPage > 100 {
			return 0, 0, apperr.Invalidf("per_page", "error.limit", "max", 100)
		}
	}
	return page, perPage, nil
}

func (h *Handler) hsdsRoot(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]string{"version": hsds.Version, "profile": "https://openreferral.org/",
		"openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"})
	return nil
}

func (h *Handler) hsdsTermFilter(r *http.Request, f *catalog.Filter) error {
	id := r.URL.Query().Get("taxonomy_term_id")
	if id == "" {
		return nil
	}
	for _, t := range hsds.Terms(request.Printer(r.Context()).T, request.Printer(r.Context()).Lang.Code) {
		if t.ID == id {
			if t.Kind == "theme" {
				f.Theme = t.Value
			} else {
				f.TargetGroup = t.Value
			}
			return nil
		}
	}
	return apperr.Invalidf("taxonomy_term_id", "error.not_found")
}

func (h *Handler) hsdsServices(w http.ResponseWriter, r *http.Request) error {
	page, perPage, err := paging(r)
	if err != nil {
		return err
	}
	f := catalog.Filter{Query: r.URL.Query().Get("search"), Limit: perPage, Page: page, Sort: catalog.SortNext}
	if o := r.URL.Query().Get("organization_id"); o != "" {
		id, ok := db.FromUUID(o)
		if !ok {
			return apperr.Invalidf("organization_id", "error.not_found")
		}
		f.OrganisationID = id
	}
	if err := h.hsdsTermFilter(r, &f); err != nil {
		return err
	}
	res, err := h.Catalog.FindActivities(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]hsds.Service, 0, len(res.Items))
	for _, it := range res.Items {
		items = append(items, hsds.FromActivity(h.BaseURL, it.Activity))
	}
	writeJSON(w, http.StatusOK, hsds.NewPage(items, len(items), res.Total, page, perPage))
	return nil
}

func (h *Handler) hsdsService(w http.ResponseWriter, r *http.Request) error {
	id, ok := db.FromUUID(r.PathValue("id"))
	if !ok {
		return apperr.ErrNotFound()
	}
	a, err := h.Catalog.FindActivityByID(r.Context(), id)
	if err != nil {
		return err
	}
	if a.Status != catalog.Published {
		return apperr.ErrNotFound()
	}
	writeJSON(w, http.StatusOK, hsds.FromActivity(h.BaseURL, a))
	return nil
}

func (h *Handler) hsdsOrganizations(w http.ResponseWriter, r *http.Request) error {
	page, perPage, err := paging(r)
	if err != nil {
		return err
	}
	all, err := h.Orgs.FindAllOrganisations(r.Context())
	if err != nil {
		return err
	}
	items := []hsds.Organization{}
	for i := (page - 1) * perPage; i < len(all) && i < page*perPage; i++ {
		items = append(items, hsds.FromOrganisation(h.BaseURL, all[i]))
	}
	writeJSON(w, http.StatusOK, hsds.NewPage(items, len(items), len(all), page, perPage))
	return nil
}

func (h *Handler) hsdsOrganization(w http.ResponseWriter, r *http.Request) error {
	id, ok := db.FromUUID(r.PathValue("id"))
	if !ok {
		return apperr.ErrNotFound()
	}
	o, err := h.Orgs.FindOrganisationByID(r.Context(), id)
	if err != nil {
		return err
	}
	if o.Review != org.Listed { // open data holds listed organisations only
		return apperr.ErrNotFound()
	}
	writeJSON(w, http.StatusOK, hsds.FromOrganisation(h.BaseURL, o))
	return nil
}

func (h *Handler) placements(ctx context.Context, limit, offset int) ([]hsds.ServiceAtLocation, int, error) {
	ps, total, err := h.Catalog.FindPlacements(ctx, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	items := []hsds.ServiceAtLocation{}
	venues := map[string]*hsds.Location{}
	for _, p := range ps {
		loc, ok := venues[p.VenueID]
		if !ok {
			v, err := h.Catalog.FindVenueByID(ctx, actor.Actor{}, p.VenueID)
			if err != nil {
				return nil, 0, err
			}
			l := hsds.FromVenue(h.BaseURL, v)
			loc, venues[p.VenueID] = &l, &l
		}
		u, _ := db.UUID(p.ActivityID)
		items = append(items, hsds.ServiceAtLocation{ID: u, ServiceID: u, LocationID: loc.ID, Location: loc})
	}
	return items, total, nil
}

func (h *Handler) hsdsServiceAtLocations(w http.ResponseWriter, r *http.Request) error {
	page, perPage, err := paging(r)
	if err != nil {
		return err
	}
	items, total, err := h.placements(r.Context(), perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, hsds.NewPage(items, len(items), total, page, perPage))
	return nil
}

func (h *Handler) hsdsTaxonomies(w http.ResponseWriter, r *http.Request) error {
	t := hsds.Taxonomies()
	writeJSON(w, http.StatusOK, hsds.NewPage(t, len(t), len(t), 1, len(t)))
	return nil
}

func (h *Handler) hsdsTaxonomy(w http.ResponseWriter, r *http.Request) error {
	for _, t := range hsds.Taxonomies() {
		if t.ID == r.PathValue("id") {
			writeJSON(w, http.StatusOK, t)
			return nil
		}
	}
	return apperr.ErrNotFound()
}

func (h *Handler) terms(r *http.Request) []hsds.TaxonomyTerm {
	p := request.Printer(r.Context())
	return hsds.Terms(p.T, p.Lang.Code)
}

func (h *Handler) hsdsTerms(w http.ResponseWriter, r *http.Request) error {
	page, perPage, err := paging(r)
	if err != nil {
		return err
	}
	all := h.terms(r)
	if tx := r.URL.Query().Get("taxonomy_id"); tx != "" {
		var kept []hsds.TaxonomyTerm
		for _, t := range all {
			if t.TaxonomyID == tx {
				kept = append(kept, t)
			}
		}
		all = kept
	}
	items := []hsds.TaxonomyTerm{}
	for i := (page - 1) * perPage; i < len(all) && i < page*perPage; i++ {
		items = append(items, all[i])
	}
	writeJSON(w, http.StatusOK, hsds.NewPage(items, len(items), len(all), page, perPage))
	return nil
}

func (h *Handler) hsdsTerm(w http.ResponseWriter, r *http.Request) error {
	for _, t := range h.terms(r) {
		if t.ID == r.PathValue("id") {
			writeJSON(w, http.StatusOK, t)
			return nil
		}
	}
	return apperr.ErrNotFound()
}

// directory is the whole catalogue in HSDS form, for the downloads.
type directory struct {
	Services           []hsds.Service           `json:"services"`
	Organizations      []hsds.Organization      `json:"organizations"`
	ServiceAtLocations []hsds.ServiceAtLocation `json:"service_at_locations"`
	Taxonomies         []hsds.Taxonomy          `json:"taxonomies"`
	TaxonomyTerms      []hsds.TaxonomyTerm      `json:"taxonomy_terms"`
}

func (h *Handler) directory(r *http.Request) (directory, error) {
	d := directory{Services: []hsds.Service{}, Organizations: []hsds.Organization{}, Taxonomies: hsds.Taxonomies(), TaxonomyTerms: h.terms(r)}
	for page := 1; ; page++ {
		res, err := h.Catalog.FindActivities(r.Context(), catalog.Filter{Limit: catalog.MaxLimit, Page: page, Sort: catalog.SortRelevance})
		if err != nil {
			return d, err
		}
		for _, it := range res.Items {
			d.Services = append(d.Services, hsds.FromActivity(h.BaseURL, it.Activity))
		}
		if page >= res.Pages {
			break
		}
	}
	orgs, err := h.Orgs.FindAllOrganisations(r.Context())
	if err != nil {
		return d, err
	}
	for _, o := range orgs {
		d.Organizations = append(d.Organizations, hsds.FromOrganisation(h.BaseURL, o))
	}
	if d.ServiceAtLocations, _, err = h.placements(r.Context(), 1<<30, 0); err != nil {
		return d, err
	}
	return d, nil
}

func (h *Handler) hsdsExportJSON(w http.ResponseWriter, r *http.Request) error {
	d, err := h.directory(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="samverkan-hsds.json"`)
	writeJSON(w, http.StatusOK, d)
	return nil
}

// hsdsExportCSV writes HSDS's tabular form: one CSV file per table, zipped.
func (h *Handler) hsdsExportCSV(w http.ResponseWriter, r *http.Request) error {
	d, err := h.directory(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="samverkan-hsds.zip"`)
	z := zip.NewWriter(w)
	for _, t := range hsdsTables(d) {
		f, err := z.Create(t.Name + ".csv")
		if err != nil {
			return err
		}
		if err := tabular.WriteCSV(f, t); err != nil {
			return err
		}
	}
	return z.Close()
}

// hsdsTables lays the directory out as the HSDS tabular format's files.
func hsdsTables(d directory) []tabular.Table {
	num := func(p *int) any {
		if p == nil {
			return nil
		}
		return *p
	}
	flt := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	services := tabular.Table{Name: "services", Header: []string{"id", "organization_id", "name", "alternate_name", "description", "url", "status", "fees_description", "minimum_age", "maximum_age", "last_modified"}}
	for _, s := range d.Services {
		services.Rows = append(services.Rows, []any{s.ID, s.OrganizationID, s.Name, s.AlternateName, s.Description, s.URL, s.Status, s.FeesDescription, num(s.MinimumAge), num(s.MaximumAge), s.LastModified})
	}
	orgs := tabular.Table{Name: "organizations", Header: []string{"id", "name", "description", "email", "website", "tax_id", "uri"}}
	for _, o := range d.Organizations {
		orgs.Rows = append(orgs.Rows, []any{o.ID, o.Name, o.Description, o.Email, o.Website, o.TaxID, o.URI})
	}
	sal := tabular.Table{Name: "service_at_locations", Header: []string{"id", "service_id", "location_id"}}
	locs := tabular.Table{Name: "locations", Header: []string{"id", "location_type", "organization_id", "name", "description", "latitude", "longitude", "url"}}
	seen := map[string]bool{}
	for _, s := range d.ServiceAtLocations {
		sal.Rows = append(sal.Rows, []any{s.ID, s.ServiceID, s.LocationID})
		if l := s.Location; l != nil && !seen[l.ID] {
			seen[l.ID] = true
			locs.Rows = append(locs.Rows, []any{l.ID, l.LocationType, l.OrganizationID, l.Name, l.Description, flt(l.Latitude), flt(l.Longitude), l.URL})
		}
	}
	taxes := tabular.Table{Name: "taxonomies", Header: []string{"id", "name", "description", "version"}}
	for _, t := range d.Taxonomies {
		taxes.Rows = append(taxes.Rows, []any{t.ID, t.Name, t.Description, t.Version})
	}
	terms := tabular.Table{Name: "taxonomy_terms", Header: []string{"id", "code", "name", "description", "taxonomy_id", "language"}}
	for _, t := range d.TaxonomyTerms {
		terms.Rows = append(terms.Rows, []any{t.ID, t.Code, t.Name, t.Description, t.TaxonomyID, t.Language})
	}
	return []tabular.Table{services, orgs, sal, locs, taxes, terms}
}
