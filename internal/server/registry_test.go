package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// Issue 12, items 9–11: publishing and keeping the registry right.

// simpleActivity is a weekly activity of an organisation, for the API.
func simpleActivity(orgID, title string) map[string]any {
	return map[string]any{"organisation_id": orgID, "online_url": "https://example.org/meet", "municipality": "0884", "languages": []string{"sv"},
		"texts":    map[string]any{"sv": map[string]any{"title": title}},
		"schedule": map[string]any{"recurrence": "weekly", "starts_on": "2026-11-03", "start_time": "18:00", "end_time": "20:00"}}
}

// scalar reads one value from the database.
func (e *testEnv) scalar(dest any, query string, args ...any) {
	e.t.Helper()
	if err := e.db.QueryRow(context.Background(), query, args...).Scan(dest); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
}

// TestRegisterOrganisationByMail walks the public registration: the form,
// the mailed link (stored hashed, single use), the new owner's account and
// session, the organisation and its activity hidden until a coordinator
// approves them in the moderation queue, and the number on their start page.
func TestRegisterOrganisationByMail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		guest := e.browser(nil)
		if st, page := guest.get("/"); st != 200 || !strings.Contains(page, `href="/organisations/register"`) {
			t.Fatalf("home page offers no registration: %d", st)
		}
		if st, page := guest.get("/organisations/register"); st != 200 || !strings.Contains(page, `name="person_name"`) {
			t.Fatalf("registration form: %d", st)
		}
		form := url.Values{"name": {"Somaliska kvinnoföreningen Vimmerby"}, "sector": {"civil_society"}, "category": {"womens_organisation"},
			"municipality": {"0884"}, "person_name": {"Hodan Ali"}, "email": {"hodan@example.org"}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("email", "hodan@")
		if st, page := guest.post("/organisations/register", bad); st != http.StatusBadRequest || !strings.Contains(page, `id="email-error"`) ||
			!strings.Contains(page, `value="Somaliska kvinnoföreningen Vimmerby"`) {
			t.Errorf("bad address: %d, want 400 with the error at the field and the input kept", st)
		}
		if n := e.count("organisation_requests"); n != 0 {
			t.Errorf("a refused request was stored: %d", n)
		}
		if st, page := guest.post("/organisations/register", form); st != http.StatusAccepted || !strings.Contains(page, "hodan@example.org") {
			t.Fatalf("request: %d %s", st, page)
		}
		link := e.outboxLink("hodan@example.org", "/organisation-requests/")
		var stored int
		e.scalar(&stored, `SELECT COUNT(*) FROM organisation_requests WHERE token_hash = ?`, strings.TrimPrefix(link, "/organisation-requests/"))
		if stored != 0 {
			t.Error("the link's secret is stored in the clear")
		}
		if n := e.count("organisations"); n != 0 {
			t.Errorf("registered before the link was followed: %d organisations", n)
		}
		// The link shows a button (mail scanners follow links); the button confirms.
		if st, page := guest.get(link); st != 200 || !strings.Contains(page, "Somaliska kvinnoföreningen Vimmerby") || !strings.Contains(page, `method="post"`) {
			t.Fatalf("confirmation page: %d", st)
		}
		if st, page := guest.post(link, nil); st != 200 || !strings.Contains(page, "Tack!") {
			t.Fatalf("confirm: %d %s", st, page)
		}
		if st, _ := guest.post(link, nil); st != http.StatusNotFound {
			t.Errorf("second use of the link: %d, want 404", st)
		}
		var orgID, review, owner string
		e.scalar(&orgID, `SELECT id FROM organisations`)
		e.scalar(&review, `SELECT review FROM organisations WHERE id = ?`, orgID)
		e.scalar(&owner, `SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email_key = ? AND m.organisation_id = ?`, "hodan@example.org", orgID)
		if review != "pending" || owner != "owner" {
			t.Fatalf("review %q, role %q: want pending, owner", review, owner)
		}
		// The new owner is signed in and sees the page with its note; the
		// public does not find the organisation anywhere yet.
		if st, page := guest.get("/organisations/" + orgID); st != 200 || !strings.Contains(page, "väntar på granskning") {
			t.Errorf("owner's view of the waiting organisation: %d", st)
		}
		public := e.browser(nil)
		if st, _ := public.get("/organisations/" + orgID); st != http.StatusNotFound {
			t.Errorf("public page of a waiting organisation: %d, want 404", st)
		}
		if st, _ := e.api("GET", "/api/v1/organisations/"+orgID, "", nil); st != http.StatusNotFound {
			t.Errorf("API: waiting organisation = %d, want 404", st)
		}
		if _, page := e.api("GET", "/api/v1/organisations", "", nil); page["total"].(float64) != 0 {
			t.Errorf("waiting organisation listed: %v", page)
		}
		// Its activity waits with it.
		var userID string
		e.scalar(&userID, `SELECT id FROM users WHERE email_key = ?`, "hodan@example.org")
		ownerUser, _ := e.accounts.FindUserByID(context.Background(), userID)
		st, a := e.api("POST", "/api/v1/activities", e.token(ownerUser), simpleActivity(orgID, "Syjunta"))
		if st != 201 || a["review"] != "pending" {
			t.Fatalf("activity of a waiting organisation: %d %v", st, a)
		}
		actID := a["id"].(string)
		if st, _ := e.api("GET", "/api/v1/activities/"+actID, "", nil); st != http.StatusNotFound {
			t.Errorf("waiting activity is public: %d", st)
		}
		if _, res := e.api("GET", "/api/v1/activities?q=Syjunta", "", nil); len(res["items"].([]any)) != 0 {
			t.Errorf("waiting activity found by search: %v", res)
		}

		// The coordinators' queue.
		coord := e.user("samordnare@example.org", "coordinator")
		cb := e.browser(&coord)
		if st, page := cb.get("/"); st != 200 || !strings.Contains(page, "Väntar på granskning: 2") {
			t.Errorf("coordinator's start page lacks the count: %d", st)
		}
		if st, _ := e.browser(&ownerUser).get("/admin/moderation"); st != http.StatusForbidden {
			t.Errorf("a member opens the queue: %d, want 403", st)
		}
		if st, page := cb.get("/admin/moderation"); st != 200 || !strings.Contains(page, "Somaliska kvinnoföreningen Vimmerby") || !strings.Contains(page, "Syjunta") {
			t.Fatalf("queue: %d", st)
		}
		if st, _ := e.api("GET", "/api/v1/moderation", "", nil); st != http.StatusUnauthorized {
			t.Errorf("API queue anonymously: %d", st)
		}
		if st, q := e.api("GET", "/api/v1/moderation", e.token(coord), nil); st != 200 || len(q["organisations"].([]any)) != 1 || len(q["activities"].([]any)) != 1 {
			t.Errorf("API queue: %d %v", st, q)
		}
		// The activity is approved with its organisation: said beside it.
		if st, page := cb.post("/admin/moderation/activities/"+actID, url.Values{"decision": {"approve"}}); st != http.StatusConflict ||
			!strings.Contains(page, "granska organisationen först") {
			t.Errorf("approve the activity before its organisation: %d", st)
		}
		if st, _ := cb.post("/admin/moderation/organisations/"+orgID, url.Values{"decision": {"approve"}}); st != http.StatusSeeOther {
			t.Fatalf("approve: %d", st)
		}
		if st, o := e.api("GET", "/api/v1/organisations/"+orgID, "", nil); st != 200 || o["verified"] != true || o["review"] != nil {
			t.Errorf("approved organisation: %d %v", st, o)
		}
		if st, _ := e.api("GET", "/api/v1/activities/"+actID, "", nil); st != 200 {
			t.Errorf("activity of the approved organisation: %d", st)
		}
		if st, page := public.get("/organisations/" + orgID); st != 200 || !strings.Contains(page, "Syjunta") {
			t.Errorf("public page lists its activity: %d", st)
		}
		var mails, audited int
		e.scalar(&mails, `SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND subject LIKE ?`, "hodan@example.org", "%visas nu%")
		e.scalar(&audited, `SELECT COUNT(*) FROM audit_log WHERE action IN ('organisation_request.create', 'organisation_request.confirm', 'organisation.approve')`)
		if mails != 1 || audited != 3 {
			t.Errorf("%d approval mails, %d audit entries; want 1, 3", mails, audited)
		}
		if st, page := cb.get("/"); st != 200 || !strings.Contains(page, "Väntar på granskning: 0") {
			t.Errorf("count after approval: %d", st)
		}
		if st, _ := cb.post("/admin/moderation/organisations/"+orgID, url.Values{"decision": {"reject"}}); st != http.StatusConflict {
			t.Errorf("second decision: %d, want 409", st)
		}
	})
}

// TestRejectedRegistration: a rejected organisation and its activities stay
// hidden; its owner is told.
func TestRejectedRegistration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		st, _ := e.api("POST", "/api/v1/organisation-requests", "", map[string]any{"person_name": "Pia", "email": "pia@example.org",
			"organisation": validOrg("Reklam AB")})
		if st != http.StatusAccepted {
			t.Fatalf("request: %d", st)
		}
		if st, _ := e.browser(nil).post(e.outboxLink("pia@example.org", "/organisation-requests/"), nil); st != 200 {
			t.Fatalf("confirm: %d", st)
		}
		var orgID string
		e.scalar(&orgID, `SELECT id FROM organisations`)
		coord := e.user("samordnare@example.org", "coordinator")
		if st, o := e.api("POST", "/api/v1/moderation/organisations/"+orgID, e.token(coord), map[string]any{"decision": "reject"}); st != 200 || o["review"] != "rejected" {
			t.Errorf("reject: %d %v", st, o)
		}
		if st, _ := e.api("GET", "/api/v1/organisations/"+orgID, "", nil); st != http.StatusNotFound {
			t.Errorf("rejected organisation is public: %d", st)
		}
		if st, _ := e.api("POST", "/api/v1/moderation/organisations/"+orgID, e.token(coord), map[string]any{"decision": "maybe"}); st != http.StatusBadRequest {
			t.Errorf("unknown decision: %d", st)
		}
		var mails int
		e.scalar(&mails, `SELECT COUNT(*) FROM outbox WHERE to_addr = ? AND subject LIKE ?`, "pia@example.org", "%godkändes inte%")
		if mails != 1 {
			t.Errorf("%d rejection mails", mails)
		}
	})
}

// TestOrganisationRequestsAreLimited: three requests a day per address, on
// the form and the API alike; the fourth is refused naming the field and
// sends nothing.
func TestOrganisationRequestsAreLimited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		body := func(i int) map[string]any {
			return map[string]any{"person_name": "Sam", "email": "sam@example.org", "organisation": validOrg("Förening " + string(rune('A'+i)))}
		}
		for i := 0; i < 3; i++ {
			if st, _ := e.api("POST", "/api/v1/organisation-requests", "", body(i)); st != http.StatusAccepted {
				t.Fatalf("request %d: %d", i+1, st)
			}
		}
		st, m := e.api("POST", "/api/v1/organisation-requests", "", body(3))
		if code, field, _ := errField(m); st != http.StatusTooManyRequests || code != "rate_limited" || field != "email" {
			t.Errorf("fourth request: %d %v", st, m)
		}
		if st, page := e.browser(nil).post("/organisations/register", url.Values{"name": {"Förening E"}, "sector": {"civil_society"},
			"category": {"association"}, "municipality": {"0884"}, "person_name": {"Sam"}, "email": {"SAM@example.org"}}); st != http.StatusTooManyRequests ||
			!strings.Contains(page, `id="email-error"`) {
			t.Errorf("fifth request, on the form, other case: %d", st)
		}
		var mails int
		e.scalar(&mails, `SELECT COUNT(*) FROM outbox WHERE LOWER(to_addr) = ?`, "sam@example.org")
		if mails != 3 || e.count("organisation_requests") != 3 {
			t.Errorf("%d mails, %d requests; want 3, 3", mails, e.count("organisation_requests"))
		}
		// Either a new organisation or a claim, not both, not neither.
		st, m = e.api("POST", "/api/v1/organisation-requests", "", map[string]any{"person_name": "Kim", "email": "kim@example.org"})
		if _, field, _ := errField(m); st != http.StatusBadRequest || field != "name" {
			t.Errorf("neither: %d %v", st, m)
		}
		st, m = e.api("POST", "/api/v1/organisation-requests", "", map[string]any{"person_name": "Kim", "email": "kim@example.org",
			"organisation": validOrg("X"), "organisation_id": "x"})
		if _, field, _ := errField(m); st != http.StatusBadRequest || field != "organisation_id" {
			t.Errorf("both: %d %v", st, m)
		}
	})
}

// TestClaimOrganisation: a person asks to take over an unverified
// organisation; after the mailed link a coordinator decides; approved, the
// person is an owner. A verified organisation cannot be claimed.
func TestClaimOrganisation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		coord := e.user("samordnare@example.org", "coordinator")
		_, o := e.api("POST", "/api/v1/organisations", e.token(coord), validOrg("Importerade föreningen"))
		orgID := o["id"].(string)
		if st, page := e.browser(nil).get("/organisations/" + orgID); st != 200 || !strings.Contains(page, "/organisations/register?claim="+orgID) {
			t.Errorf("unverified organisation's page offers no claim: %d", st)
		}
		if st, page := e.browser(nil).get("/organisations/register?claim=" + orgID); st != 200 || !strings.Contains(page, "Importerade föreningen") || strings.Contains(page, `name="sector"`) {
			t.Errorf("claim form: %d", st)
		}
		if st, _ := e.browser(nil).post("/organisations/register", url.Values{"claim": {orgID}, "person_name": {"Ola"}, "email": {"ola@example.org"}}); st != http.StatusAccepted {
			t.Fatalf("claim: %d", st)
		}
		guest := e.browser(nil)
		if st, page := guest.post(e.outboxLink("ola@example.org", "/organisation-requests/"), nil); st != 200 || !strings.Contains(page, "samordnare prövar") {
			t.Fatalf("confirm claim: %d %s", st, page)
		}
		_, q := e.api("GET", "/api/v1/moderation", e.token(coord), nil)
		claims := q["claims"].([]any)
		if len(claims) != 1 {
			t.Fatalf("queue: %v", q)
		}
		claimID := claims[0].(map[string]any)["id"].(string)
		if st, _ := e.api("POST", "/api/v1/moderation/claims/"+claimID, e.token(coord), map[string]any{"decision": "approve"}); st != 200 {
			t.Fatalf("approve claim: %d", st)
		}
		var role string
		e.scalar(&role, `SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email_key = ? AND m.organisation_id = ?`, "ola@example.org", orgID)
		if role != "owner" {
			t.Errorf("role after the approved claim: %q", role)
		}
		// Verified: no claims.
		e.api("PUT", "/api/v1/organisations/"+orgID+"/verified", e.token(coord), map[string]any{"verified": true})
		st, m := e.api("POST", "/api/v1/organisation-requests", "", map[string]any{"person_name": "Eve", "email": "eve@example.org", "organisation_id": orgID})
		if _, field, _ := errField(m); st != http.StatusBadRequest || field != "organisation_id" {
			t.Errorf("claim of a verified organisation: %d %v", st, m)
		}
	})
}

// TestArchivedActivityStaysVisible: archiving asks first; the archived
// activity's page says so, its feed and its organisation's carry it as
// cancelled, and the organisation page lists it to its members only.
func TestArchivedActivityStaysVisible(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		owner := e.user("owner@example.org", "member")
		tok := e.token(owner)
		_, o := e.api("POST", "/api/v1/organisations", tok, validOrg("Lyckeby BTK"))
		orgID := o["id"].(string)
		_, a := e.api("POST", "/api/v1/activities", tok, simpleActivity(orgID, "Bordtennis"))
		actID := a["id"].(string)
		ob := e.browser(&owner)
		if st, page := ob.get("/activities/" + actID); st != 200 || !strings.Contains(page, `href="/activities/`+actID+`/archive"`) {
			t.Fatalf("activity page has no archive link: %d", st)
		}
		if st, page := ob.get("/activities/" + actID + "/archive"); st != 200 || !strings.Contains(page, `action="/activities/`+actID+`/archive"`) {
			t.Fatalf("archive confirmation page: %d", st)
		}
		if st, _ := e.browser(nil).get("/activities/" + actID + "/archive"); st != http.StatusSeeOther {
			t.Errorf("anonymous confirmation page: %d, want a redirect to sign in", st)
		}
		if st, _ := ob.post("/activities/"+actID+"/archive", nil); st != http.StatusSeeOther {
			t.Fatalf("archive: %d", st)
		}
		public := e.browser(nil)
		if st, page := public.get("/activities/" + actID); st != 200 || !strings.Contains(page, "Aktiviteten är arkiverad") {
			t.Errorf("archived activity's page: %d", st)
		}
		for _, feed := range []string{"/activities/" + actID + "/calendar.ics", "/organisations/" + orgID + "/calendar.ics"} {
			if st, ics := public.get(feed); st != 200 || !strings.Contains(ics, "STATUS:CANCELLED") || !strings.Contains(ics, actID+"@samverkan") {
				t.Errorf("%s: %d, want the activity as STATUS:CANCELLED:\n%s", feed, st, ics)
			}
		}
		if _, page := public.get("/organisations/" + orgID); strings.Contains(page, "Bordtennis") {
			t.Error("the public organisation page lists the archived activity")
		}
		if _, page := ob.get("/organisations/" + orgID); !strings.Contains(page, "Bordtennis") || !strings.Contains(page, "arkiverad") {
			t.Error("the organisation page does not list the archived activity to its owner")
		}
	})
}

// TestDeleteOrganisationHandsOverVenues: deleting asks first and what
// becomes of the venues; they are handed over or archived, never orphaned.
func TestDeleteOrganisationHandsOverVenues(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		owner := e.user("owner@example.org", "member")
		tok := e.token(owner)
		_, a := e.api("POST", "/api/v1/organisations", tok, validOrg("Gamla föreningen"))
		_, b := e.api("POST", "/api/v1/organisations", tok, with(validOrg("Nya föreningen"), "municipality", "1490"))
		aID, bID := a["id"].(string), b["id"].(string)
		venue := func(orgID, name string) string {
			st, v := e.api("POST", "/api/v1/venues", tok, map[string]any{"organisation_id": orgID, "name": name, "municipality": "0884"})
			if st != 201 {
				t.Fatalf("venue: %d %v", st, v)
			}
			return v["id"].(string)
		}
		v1 := venue(aID, "Föreningslokalen")
		ob := e.browser(&owner)
		if st, page := ob.get("/organisations/" + aID); st != 200 || !strings.Contains(page, "Föreningslokalen") || !strings.Contains(page, `href="/organisations/`+aID+`/delete"`) {
			t.Fatalf("organisation page: %d", st)
		}
		st, page := ob.get("/organisations/" + aID + "/delete")
		if st != 200 || !strings.Contains(page, `name="hand_to"`) || !strings.Contains(page, `value="`+bID+`"`) {
			t.Fatalf("delete confirmation page: %d", st)
		}
		if st, page := ob.post("/organisations/"+aID+"/delete", url.Values{"venues": {"hand"}}); st != http.StatusBadRequest || !strings.Contains(page, `id="hand_to-error"`) {
			t.Errorf("hand over to nobody: %d", st)
		}
		if st, _ := ob.post("/organisations/"+aID+"/delete", url.Values{"venues": {"hand"}, "hand_to": {aID}}); st != http.StatusBadRequest {
			t.Errorf("hand over to itself: %d", st)
		}
		if n := e.count("organisations"); n != 2 {
			t.Fatalf("a refused deletion deleted: %d left", n)
		}
		if st, _ := ob.post("/organisations/"+aID+"/delete", url.Values{"venues": {"hand"}, "hand_to": {bID}}); st != http.StatusSeeOther {
			t.Fatalf("delete: %d", st)
		}
		var to string
		e.scalar(&to, `SELECT organisation_id FROM venues WHERE id = ?`, v1)
		if to != bID {
			t.Errorf("venue went to %q, want %q", to, bID)
		}
		// Archived when nobody takes over; the API deletes the same way.
		v2 := venue(bID, "Sista lokalen")
		if st, _ := e.api("DELETE", "/api/v1/organisations/"+bID, tok, nil); st != http.StatusNoContent {
			t.Fatalf("API delete: %d", st)
		}
		var archived bool
		e.scalar(&archived, `SELECT archived FROM venues WHERE id = ?`, v2)
		if !archived {
			t.Error("the venue of a deleted organisation is not archived")
		}
		if st, page := e.browser(nil).get("/venues/" + v2); st != 200 || !strings.Contains(page, "Lokalen är arkiverad") {
			t.Errorf("archived venue's page: %d", st)
		}
		if _, vs := e.api("GET", "/api/v1/venues?municipality=0884", "", nil); strings.Contains(strings.Join(venueNames(vs), ","), "Sista lokalen") {
			t.Error("archived venue listed")
		}
	})
}

func venueNames(m map[string]any) []string {
	var out []string
	items, _ := m["items"].([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any)["name"].(string))
	}
	return out
}

// TestMembersPage: pending invitations listed with resend and withdraw, a
// second invitation refused at the field, removal asked first, the last
// owner's removal refused beside the control, and another organisation's
// venue form answered with a notice, not a form.
func TestMembersPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		owner := e.user("owner@example.org", "member")
		_, o := e.api("POST", "/api/v1/organisations", e.token(owner), validOrg("Läxhjälpen"))
		id := o["id"].(string)
		ob := e.browser(&owner)
		if st, _ := ob.post("/organisations/"+id+"/members", url.Values{"email": {"kim@example.org"}, "role": {"editor"}}); st != http.StatusSeeOther {
			t.Fatalf("invite: %d", st)
		}
		first := e.outboxLink("kim@example.org", "/invitations/")
		st, page := ob.post("/organisations/"+id+"/members", url.Values{"email": {"KIM@example.org"}, "role": {"owner"}})
		if st != http.StatusConflict || !strings.Contains(page, `id="email-error"`) || !strings.Contains(page, "redan en inbjudan") {
			t.Errorf("second invitation: %d", st)
		}
		if st, _ := ob.post("/organisations/"+id+"/members", url.Values{"email": {"owner@example.org"}, "role": {"editor"}}); st != http.StatusConflict {
			t.Errorf("invitation of a member: %d, want 409", st)
		}
		st, page = ob.get("/organisations/" + id + "/members")
		if st != 200 || !strings.Contains(page, "kim@example.org") || !strings.Contains(page, "/resend") {
			t.Fatalf("members page lacks the pending invitation: %d", st)
		}
		var invID string
		e.scalar(&invID, `SELECT id FROM invitations`)
		if st, _ := ob.post("/organisations/"+id+"/invitations/"+invID+"/resend", nil); st != http.StatusSeeOther {
			t.Fatalf("resend: %d", st)
		}
		second := e.outboxLink("kim@example.org", "/invitations/")
		if second == first {
			t.Fatal("resent with the same link")
		}
		if st, _ := e.browser(nil).get(first); st != http.StatusNotFound {
			t.Errorf("old link after resend: %d, want 404", st)
		}
		if st, _ := ob.post("/organisations/"+id+"/invitations/"+invID+"/withdraw", nil); st != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", st)
		}
		if st, _ := e.browser(nil).get(second); st != http.StatusNotFound {
			t.Errorf("link after withdrawal: %d, want 404", st)
		}
		var audited int
		e.scalar(&audited, `SELECT COUNT(*) FROM audit_log WHERE action IN ('invitation.resend', 'invitation.withdraw')`)
		if audited != 2 {
			t.Errorf("%d audit entries for resend and withdraw", audited)
		}
		// Removing asks first; the last owner stays, said beside the control.
		if st, page := ob.get("/organisations/" + id + "/members/" + owner.ID + "/remove"); st != 200 || !strings.Contains(page, `action="/organisations/`+id+`/members/`+owner.ID+`/remove"`) {
			t.Errorf("removal confirmation page: %d", st)
		}
		st, page = ob.post("/organisations/"+id+"/members/"+owner.ID+"/remove", nil)
		if st != http.StatusConflict || !strings.Contains(page, "minst en ägare") || !strings.Contains(page, `id="invite-h"`) {
			t.Errorf("last owner: %d, want 409 on the members page", st)
		}
		// Another organisation's venue: a notice before anyone types.
		other := e.user("other@example.org", "member")
		_, o2 := e.api("POST", "/api/v1/organisations", e.token(other), with(validOrg("Grannföreningen"), "municipality", "1490"))
		_, v := e.api("POST", "/api/v1/venues", e.token(other), map[string]any{"organisation_id": o2["id"], "name": "Grannlokalen", "municipality": "1490"})
		st, page = ob.get("/venues/" + v["id"].(string) + "/edit")
		if st != http.StatusForbidden || !strings.Contains(page, "Grannföreningen") || strings.Contains(page, `name="name"`) {
			t.Errorf("another organisation's venue form: %d, want 403 with a notice and no form", st)
		}
	})
}
