package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/request"
	"github.com/samverkan/samverkan/internal/texts"
)

type homeData struct {
	Total    int
	BySector map[string]int
	Waiting  int // for coordinators: what waits in the moderation queue
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) error {
	d := homeData{BySector: map[string]int{}}
	who := request.Actor(r.Context())
	orgs, err := h.Orgs.CountWaiting(r.Context(), who)
	if err != nil {
		return err
	}
	acts, err := h.Activities.CountAwaitingActivities(r.Context(), who)
	if err != nil {
		return err
	}
	d.Waiting = orgs + acts
	for _, s := range org.Sectors {
		page, err := h.Orgs.FindOrganisations(r.Context(), org.Filter{Sector: s, Limit: 1})
		if err != nil {
			return err
		}
		d.BySector[s] = page.Total
		d.Total += page.Total
	}
	p := h.page(r, "home.title")
	p.Data = d
	h.render(w, r, http.StatusOK, "home", p)
	return nil
}

// orgListData is the search form's state and its results.
type orgListData struct {
	Filter         org.Filter
	Verified       string
	Page           org.Page
	NextURL        string
	FirstURL       string
	Counties       []municipality.County
	Municipalities []municipality.Municipality
	Languages      []string
}

func (h *Handler) listOrganisations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := org.ParseFilter(q)
	d := orgListData{Filter: f, Verified: q.Get("verified"), Counties: municipality.Counties(), Municipalities: municipality.All(),
		Languages: i18n.Spoken}
	p := h.page(r, "orgs.title")
	var page org.Page
	if err == nil {
		page, err = h.Orgs.FindOrganisations(r.Context(), f)
	}
	if err != nil {
		p.Data = d
		return h.formError(w, r, "organisations", p, err)
	}
	d.Page = page
	if page.NextCursor != "" {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("cursor", page.NextCursor)
		nq.Del("lang")
		d.NextURL = "/organisations?" + nq.Encode()
	}
	if f.Cursor != "" {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Del("cursor")
		nq.Del("lang")
		d.FirstURL = "/organisations?" + nq.Encode()
	}
	p.Data = d
	h.render(w, r, http.StatusOK, "organisations", p)
	return nil
}

type orgView struct {
	Org         org.Organisation
	CanEdit     bool
	CanManage   bool
	CanClaim    bool // unverified and listed: someone who runs it may ask to take it over
	Description string
	DescLang    string // language the description is shown in, if not the page's
	Easy        bool   // the description has a lättläst version: the page offers the toggle
	Records     catalog.OrganisationRecords
}

// visibleOrganisation loads an organisation for a page about it: one that
// waits for review is not found, except by its members and staff.
func (h *Handler) visibleOrganisation(r *http.Request) (org.Organisation, error) {
	o, err := h.Orgs.FindOrganisationByID(r.Context(), r.PathValue("id"))
	if err == nil && !o.Visible(request.Actor(r.Context())) {
		err = apperr.ErrNotFound()
	}
	return o, err
}

func (h *Handler) showOrganisation(w http.ResponseWriter, r *http.Request) error {
	o, err := h.visibleOrganisation(r)
	if err != nil {
		return err
	}
	a := request.Actor(r.Context())
	recs, err := h.Activities.FindOrganisationRecords(r.Context(), a, o.ID)
	if err != nil {
		return err
	}
	p := h.page(r, "org.title")
	p.Title = o.Name
	v := orgView{Org: o, CanEdit: a.CanEditOrg(o.ID), CanManage: a.CanManageOrg(o.ID), Records: recs,
		CanClaim: !o.Verified && o.Review == org.Listed && a.Memberships[o.ID] == ""}
	// A description missing in the page's language falls back (texts.Pick),
	// with a note saying so.
	var lang string
	v.Description, lang = texts.PickStringEasy(o.Descriptions, p.Lang.Code, p.Easy)
	v.Easy = o.Descriptions[texts.EasySwedish] != ""
	if lang != p.Lang.Code {
		v.DescLang = lang
	}
	p.Data = v
	h.render(w, r, http.StatusOK, "organisation", p)
	return nil
}

// orgForm is the create/edit form's state, kept as typed on error.
type orgForm struct {
	ID               string
	Name             string
	OrgNumber        string
	Sector           string
	Category         string
	Municipality     string
	Address          string
	Website          string
	Email            string
	Phone            string
	Languages        map[string]bool
	OtherLanguages   string
	Descriptions     map[string]string
	ConfirmDuplicate bool
	Counties         []municipality.County
	Municipalities   []municipality.Municipality
}

// formLanguages are the languages a form takes texts in.
var formLanguages = i18n.Written()

// CheckboxLanguages lists the spoken languages offered as checkboxes; any
// other code can be typed.
func (f orgForm) CheckboxLanguages() []string { return i18n.Spoken }

// TextLanguages lists the languages a description can be written in:
// the interface's and, last, lättläst, as an activity's texts.
func (f orgForm) TextLanguages() []string { return easyTextLanguages }

// InCounty lists the form's municipalities of a county, for optgroups.
func (f orgForm) InCounty(c string) []municipality.Municipality { return municipality.InCounty(c) }

func newOrgForm() orgForm {
	return orgForm{Languages: map[string]bool{}, Descriptions: map[string]string{}, Counties: municipality.Counties()}
}

func formFromOrg(o org.Organisation) orgForm {
	f := newOrgForm()
	f.ID, f.Name, f.OrgNumber, f.Sector, f.Category, f.Municipality = o.ID, o.Name, o.OrgNumber, o.Sector, o.Category, o.MunicipalityCode
	f.Address, f.Website, f.Email, f.Phone = o.Address, o.Website, o.Email, o.Phone
	var other []string
	for _, l := range o.Languages {
		if input.Contains(i18n.Spoken, l) {
			f.Languages[l] = true
		} else {
			other = append(other, l)
		}
	}
	f.OtherLanguages = strings.Join(other, ", ")
	for k, v := range o.Descriptions {
		f.Descriptions[k] = v
	}
	return f
}

func parseOrgForm(r *http.Request) (orgForm, org.Fields, error) {
	if err := r.ParseForm(); err != nil {
		return orgForm{}, org.Fields{}, apperr.New(apperr.TooLarge, "", "error.too_large")
	}
	f := newOrgForm()
	get := r.PostForm.Get
	f.Name, f.OrgNumber, f.Sector, f.Category, f.Municipality = get("name"), get("org_number"), get("sector"), get("category"), get("municipality")
	f.Address, f.Website, f.Email, f.Phone = get("address"), get("website"), get("email"), get("phone")
	f.OtherLanguages = get("other_languages")
	f.ConfirmDuplicate = get("confirm_duplicate") == "1"
	var langs []string
	for _, l := range r.PostForm["languages"] {
		f.Languages[l] = true
		langs = append(langs, l)
	}
	langs = append(langs, strings.FieldsFunc(f.OtherLanguages, func(r rune) bool { return r == ',' || r == ' ' || r == ';' })...)
	for _, l := range easyTextLanguages {
		if v, ok := r.PostForm["description_"+l]; ok {
			f.Descriptions[l] = v[0]
		}
	}
	fields := org.Fields{Name: &f.Name, OrgNumber: &f.OrgNumber, Sector: &f.Sector, Category: &f.Category,
		Municipality: &f.Municipality, Address: &f.Address, Website: &f.Website, Email: &f.Email, Phone: &f.Phone,
		Languages: &langs, Descriptions: f.Descriptions, ConfirmDuplicate: f.ConfirmDuplicate}
	return f, fields, nil
}

func (h *Handler) newOrganisation(w http.ResponseWriter, r *http.Request) error {
	if _, err := requireSignIn(r); err != nil {
		return err
	}
	p := h.page(r, "orgform.new_title")
	f := newOrgForm()
	f.Languages["sv"] = true
	p.Data = f
	h.render(w, r, http.StatusOK, "organisation_form", p)
	return nil
}

// saveOrganisation creates (POST /organisations) or updates (POST
// /organisations/{id}) from the form; refused input is shown again at the
// field, as typed.
func (h *Handler) saveOrganisation(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	form, fields, err := parseOrgForm(r)
	if err != nil {
		return err
	}
	form.ID = r.PathValue("id")
	title, done := "orgform.new_title", "created"
	var o org.Organisation
	if form.ID == "" {
		o, err = h.Orgs.CreateOrganisation(r.Context(), a, fields)
	} else {
		title, done = "orgform.edit_title", "saved"
		o, err = h.Orgs.UpdateOrganisation(r.Context(), a, form.ID, fields)
	}
	if err != nil {
		p := h.page(r, title)
		p.Data = form
		return h.formError(w, r, "organisation_form", p, err)
	}
	return redirect(w, r, "/organisations/"+o.ID+"?done="+done)
}

func (h *Handler) editOrganisation(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	o, err := h.Orgs.FindOrganisationByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !a.CanEditOrg(o.ID) {
		return apperr.ErrForbidden()
	}
	p := h.page(r, "orgform.edit_title")
	p.Data = formFromOrg(o)
	h.render(w, r, http.StatusOK, "organisation_form", p)
	return nil
}

// confirmAction is a page that asks before an action that cannot be
// undone, and POSTs it: no JavaScript needed.
type confirmAction struct {
	Text, Action, Button, Back string
	Venues                     *venueChoice // deleting an organisation: what becomes of its venues
	HandTo                     string
}

// venueChoice offers to archive a deleted organisation's venues or hand
// them over to another organisation the person may edit.
type venueChoice struct {
	Count int
	Orgs  []orgChoice
}

func (h *Handler) deletePage(r *http.Request) (Page, confirmAction, error) {
	a, err := requireSignIn(r)
	if err != nil {
		return Page{}, confirmAction{}, err
	}
	o, err := h.visibleOrganisation(r)
	if err != nil {
		return Page{}, confirmAction{}, err
	}
	if !a.CanManageOrg(o.ID) {
		return Page{}, confirmAction{}, apperr.ErrForbidden()
	}
	p := h.page(r, "form.delete_org_title")
	d := confirmAction{Text: p.P.T("form.delete_org_text", "org", o.Name), Action: "/organisations/" + o.ID + "/delete",
		Button: p.P.T("org.delete"), Back: "/organisations/" + o.ID}
	n, err := h.Activities.CountOrganisationVenues(r.Context(), o.ID)
	if err != nil {
		return Page{}, confirmAction{}, err
	}
	if n > 0 {
		d.Venues = &venueChoice{Count: n}
		for id := range a.Memberships {
			if id == o.ID || !a.CanEditOrg(id) {
				continue
			}
			if other, err := h.Orgs.FindOrganisationByID(r.Context(), id); err == nil && other.Review == org.Listed {
				d.Venues.Orgs = append(d.Venues.Orgs, orgChoice{other.ID, other.Name})
			}
		}
		sort.Slice(d.Venues.Orgs, func(i, j int) bool { return d.Venues.Orgs[i].Name < d.Venues.Orgs[j].Name })
	}
	return p, d, nil
}

func (h *Handler) confirmDelete(w http.ResponseWriter, r *http.Request) error {
	p, d, err := h.deletePage(r)
	if err != nil {
		return err
	}
	p.Data = d
	h.render(w, r, http.StatusOK, "confirm_action", p)
	return nil
}

func (h *Handler) deleteOrganisation(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	handTo := ""
	if r.PostFormValue("venues") == "hand" {
		if handTo = r.PostFormValue("hand_to"); handTo == "" {
			err = apperr.Invalidf("hand_to", "error.hand_to")
		}
	}
	if err == nil {
		err = h.Orgs.DeleteOrganisation(r.Context(), a, r.PathValue("id"), handTo)
	}
	if err != nil {
		p, d, perr := h.deletePage(r)
		if perr != nil {
			return perr
		}
		d.HandTo = handTo
		p.Data = d
		return h.formError(w, r, "confirm_action", p, err)
	}
	return redirect(w, r, "/organisations?done=deleted")
}

func (h *Handler) verifyOrganisation(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	verified := r.PostFormValue("verified") == "true"
	o, err := h.Orgs.VerifyOrganisation(r.Context(), a, r.PathValue("id"), verified)
	if err != nil {
		return err
	}
	done := "verified"
	if !verified {
		done = "unverified"
	}
	return redirect(w, r, "/organisations/"+o.ID+"?done="+done)
}

type membersData struct {
	Org         org.Organisation
	Members     []account.Member
	Invitations []account.Invitation // pending; owners and admins see them
	CanManage   bool
	Email       string
	Role        string
}

func (h *Handler) membersPage(r *http.Request) (Page, membersData, error) {
	a, err := requireSignIn(r)
	if err != nil {
		return Page{}, membersData{}, err
	}
	o, err := h.Orgs.FindOrganisationByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return Page{}, membersData{}, err
	}
	ms, err := h.Accounts.FindMembers(r.Context(), a, o.ID)
	if err != nil {
		return Page{}, membersData{}, err
	}
	d := membersData{Org: o, Members: ms, CanManage: a.CanManageOrg(o.ID), Role: actor.Editor}
	if d.CanManage {
		if d.Invitations, err = h.Accounts.FindInvitations(r.Context(), a, o.ID); err != nil {
			return Page{}, membersData{}, err
		}
	}
	return h.page(r, "members.title"), d, nil
}

func (h *Handler) members(w http.ResponseWriter, r *http.Request) error {
	p, d, err := h.membersPage(r)
	if err != nil {
		return err
	}
	p.Data = d
	h.render(w, r, http.StatusOK, "members", p)
	return nil
}

func (h *Handler) invite(w http.ResponseWriter, r *http.Request) error {
	p, d, err := h.membersPage(r)
	if err != nil {
		return err
	}
	d.Email, d.Role = r.PostFormValue("email"), r.PostFormValue("role")
	if _, err := h.Accounts.Invite(r.Context(), request.Actor(r.Context()), d.Org.ID, d.Email, d.Role); err != nil {
		p.Data = d
		return h.formError(w, r, "members", p, err)
	}
	return redirect(w, r, "/organisations/"+d.Org.ID+"/members?done=invited")
}

// confirmRemove asks before a member is removed.
func (h *Handler) confirmRemove(w http.ResponseWriter, r *http.Request) error {
	p, d, err := h.membersPage(r)
	if err != nil {
		return err
	}
	user := r.PathValue("user")
	for _, m := range d.Members {
		if m.UserID == user {
			title := h.page(r, "members.remove_title")
			title.Data = confirmAction{Text: p.P.T("members.remove_text", "name", m.Name, "email", m.Email, "org", d.Org.Name),
				Action: "/organisations/" + d.Org.ID + "/members/" + user + "/remove", Button: p.P.T("members.remove"),
				Back: "/organisations/" + d.Org.ID + "/members"}
			h.render(w, r, http.StatusOK, "confirm_action", title)
			return nil
		}
	}
	return apperr.ErrNotFound()
}

// removeMember ends a membership; a refusal (the last owner) is shown on
// the members page beside that member's control.
func (h *Handler) removeMember(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	id, user := r.PathValue("id"), r.PathValue("user")
	if err := h.Accounts.RemoveMember(r.Context(), a, id, user); err != nil {
		p, d, perr := h.membersPage(r)
		if perr != nil {
			return perr
		}
		p.Data = d
		if ae := apperr.As(err); ae.Field == "user" {
			err = apperr.New(ae.Code, "remove_"+user, ae.Key, ae.Args...)
		}
		return h.formError(w, r, "members", p, err)
	}
	return redirect(w, r, "/organisations/"+id+"/members?done=removed")
}

// invitationAction resends or withdraws a pending invitation.
func (h *Handler) invitationAction(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	id, inv := r.PathValue("id"), r.PathValue("inv")
	done := "invitation_resent"
	switch r.PathValue("action") {
	case "resend":
		_, err = h.Accounts.ResendInvitation(r.Context(), a, id, inv)
	case "withdraw":
		done = "invitation_withdrawn"
		err = h.Accounts.WithdrawInvitation(r.Context(), a, id, inv)
	default:
		return apperr.ErrNotFound()
	}
	if err != nil {
		p, d, perr := h.membersPage(r)
		if perr != nil {
			return perr
		}
		p.Data = d
		if ae := apperr.As(err); ae.Code == apperr.RateLimited {
			err = apperr.New(ae.Code, "invitation_"+inv, ae.Key, ae.Args...)
		}
		return h.formError(w, r, "members", p, err)
	}
	return redirect(w, r, "/organisations/"+id+"/members?done="+done)
}
