package demo

import (
	"context"
	"fmt"
	"regexp"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/org"
)

// Demo names of the registration waiting for a coordinator, for tests.
const (
	PendingOrganisation = "Ukrainska föreningen i Vimmerby"
	PendingActivity     = "Språkcafé på ukrainska och svenska"
)

var requestLink = regexp.MustCompile(`/organisation-requests/([A-Za-z0-9_\-]+)`)

// loadModeration registers an organisation the way a visitor does — the
// public form, the mailed link followed — with one activity, so the
// coordinators' moderation queue (and the count on their start page) has
// something to show. The association is made up; it is not in the seeds.
func loadModeration(ctx context.Context, svc *app.Services, admin actor.Actor) error {
	visitor := actor.Actor{IP: "127.0.0.1", Lang: "uk"}
	name, sector, category, muni := PendingOrganisation, "civil_society", "ethnic_association", "0884"
	langs := []string{"uk", "sv"}
	req, err := svc.Orgs.RequestOrganisation(ctx, visitor, org.RequestInput{PersonName: "Olena Demo", Email: "olena@example.org",
		Organisation: &org.Fields{Name: &name, Sector: &sector, Category: &category, Municipality: &muni, Languages: &langs, ConfirmDuplicate: true}})
	if err != nil {
		return err
	}
	// The link is only in the mail (its secret is stored hashed); the
	// admin reads the outbox.
	mails, err := svc.Mail.List(ctx, admin, 20, "")
	if err != nil {
		return err
	}
	var m []string
	for _, msg := range mails {
		if msg.To == req.Email {
			m = requestLink.FindStringSubmatch(msg.Body)
			break
		}
	}
	if m == nil {
		return fmt.Errorf("no confirmation link mailed to %s", req.Email)
	}
	c, err := svc.Orgs.ConfirmRequest(ctx, visitor, m[1])
	if err != nil {
		return err
	}
	owner, err := svc.Accounts.ActorFor(ctx, c.UserID, "")
	if err != nil {
		return err
	}
	// At a meeting place, which any organisation may use.
	venues, err := svc.Catalog.FindVenues(ctx, owner, catalog.VenueFilter{Municipality: muni})
	if err != nil {
		return err
	}
	venueID := ""
	for _, v := range venues {
		if v.Name == "Mötesplats FABRIKEN" {
			venueID = v.ID
		}
	}
	_, err = svc.Catalog.CreateActivity(ctx, owner, catalog.FieldsOf(catalog.Activity{OrganisationID: c.OrganisationID, Municipality: muni, VenueID: venueID,
		Status: catalog.Published, Languages: []string{"uk", "sv"}, Themes: []string{"language"}, TargetGroups: []string{"newcomers"},
		Texts: map[string]catalog.Text{"sv": {Title: PendingActivity, Summary: "Vi pratar svenska och ukrainska över en kopp te."},
			"uk": {Title: "Мовне кафе українською та шведською", Summary: "Розмовляємо шведською та українською за чашкою чаю."}},
		Schedule: catalog.Schedule{Recurrence: "weekly", StartsOn: "2026-11-05", StartTime: "17:00", EndTime: "19:00"}}))
	return err
}
