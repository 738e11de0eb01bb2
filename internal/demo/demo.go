// Package demo fills an empty database with the organisations named in the
// source documents, a few demo accounts and memberships, so that
// `samverkan serve --demo` shows a working registry at once. Demo contacts
// use example.org; no real person's address or number is included.
package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/dump"
	"github.com/samverkan/samverkan/internal/org"
)

// The demo admin, printed on the console when the demo starts.
const (
	AdminEmail    = "admin@example.org"
	AdminPassword = "samverkan-demo-2026"
)

// Account is a demo user, one for each kind of person who signs in; they
// share AdminPassword.
type Account struct {
	Email, Name, Role, Lang string
	About                   string // what the account shows, for the console
}

// Accounts are the demo users, printed on the console when the demo starts.
var Accounts = []Account{
	{AdminEmail, "Demo Admin", actor.RoleAdmin, "sv", "everything: users, audit log, outbox, import"},
	{"samordnare@example.org", "Sara Samordnare", actor.RoleCoordinator, "sv", "verifies organisations, imports CSV, reads the audit log"},
	{"forening@example.org", "Ali Föreningsaktiv", actor.RoleMember, "ar", "owner of Vimmerby IF: its activities, venues and members (Arabic interface)"},
}

//go:embed organisations.json
var organisationsJSON []byte

type seedOrg struct {
	Name         string            `json:"name"`
	Sector       string            `json:"sector"`
	Category     string            `json:"category"`
	Municipality string            `json:"municipality"`
	Address      string            `json:"address"`
	Website      string            `json:"website"`
	Email        string            `json:"email"`
	Phone        string            `json:"phone"`
	Languages    []string          `json:"languages"`
	Verified     bool              `json:"verified"`
	Description  map[string]string `json:"description"`
	Source       string            `json:"source"`
}

// Organisations returns the demo organisations' names, for tests.
func Organisations() ([]string, error) {
	var seeds []seedOrg
	if err := json.Unmarshal(organisationsJSON, &seeds); err != nil {
		return nil, err
	}
	names := make([]string, len(seeds))
	for i, s := range seeds {
		names[i] = s.Name
	}
	return names, nil
}

// Result says what Load did.
type Result struct {
	Loaded        bool // false: the demo database from an earlier run is reused
	Organisations int
	Activities    int
	AdminID       string
}

// ErrRealData refuses demo data in a database that holds real data.
var ErrRealData = errors.New("this database holds real data, so --demo will not load demo data into it; start without --demo, or use --db with a new file for the demo")

const metaKey = "demo"

// Load puts the demo data into an empty database. A database made by an
// earlier demo run is reused as it is; one holding anything else is refused.
// The marker is written before loading and completed after, so a load that
// was interrupted is cleared and redone instead of mistaken for real data.
func Load(ctx context.Context, d *db.DB, svc *app.Services) (Result, error) {
	accounts, orgs := svc.Accounts, svc.Orgs
	state, err := db.Meta(ctx, d, metaKey)
	switch {
	case err != nil:
		return Result{}, err
	case state == "done":
		u, err := accounts.FindUserByEmail(ctx, AdminEmail)
		if err != nil {
			return Result{}, fmt.Errorf("demo database has no admin: %w", err)
		}
		page, err := orgs.FindOrganisations(ctx, org.Filter{Limit: 1})
		if err != nil {
			return Result{}, err
		}
		return Result{Organisations: page.Total, AdminID: u.ID}, nil
	case state == "loading":
		if err := dump.Clear(ctx, d); err != nil {
			return Result{}, err
		}
	default:
		empty, err := dump.IsEmpty(ctx, d)
		if err != nil {
			return Result{}, err
		}
		if !empty {
			return Result{}, ErrRealData
		}
	}
	if err := db.SetMeta(ctx, d, metaKey, "loading"); err != nil {
		return Result{}, err
	}
	res, err := load(ctx, svc)
	if err != nil {
		return Result{}, fmt.Errorf("load demo data: %w", err)
	}
	if err := db.SetMeta(ctx, d, metaKey, "done"); err != nil {
		return Result{}, err
	}
	return res, nil
}

func load(ctx context.Context, svc *app.Services) (Result, error) {
	accounts, orgs, cat := svc.Accounts, svc.Orgs, svc.Catalog
	sys := actor.System("demo")
	users := make([]account.User, len(Accounts))
	for i, da := range Accounts {
		u, err := accounts.CreateUser(ctx, sys, account.NewUser{Email: da.Email, Name: da.Name, Role: da.Role, Lang: da.Lang, Password: AdminPassword})
		if err != nil {
			return Result{}, err
		}
		users[i] = u
	}
	admin, coord, editor := users[0], users[1], users[2]
	var seeds []seedOrg
	if err := json.Unmarshal(organisationsJSON, &seeds); err != nil {
		return Result{}, err
	}
	coordActor, err := accounts.ActorFor(ctx, coord.ID, "")
	if err != nil {
		return Result{}, err
	}
	ids := map[string]string{}
	for _, s := range seeds {
		s := s
		langs := s.Languages
		o, err := orgs.CreateOrganisation(ctx, sys, org.Fields{
			Name: &s.Name, Sector: &s.Sector, Category: &s.Category, Municipality: &s.Municipality,
			Address: &s.Address, Website: &s.Website, Email: &s.Email, Phone: &s.Phone,
			Languages: &langs, Descriptions: s.Description, ConfirmDuplicate: true,
		})
		if err != nil {
			return Result{}, fmt.Errorf("%s: %w", s.Name, err)
		}
		ids[s.Name] = o.ID
		if s.Verified {
			if _, err := orgs.VerifyOrganisation(ctx, coordActor, o.ID, true); err != nil {
				return Result{}, err
			}
		}
	}
	// One association gets a member who can edit it, and an invitation waits
	// in the outbox, so the membership pages have something to show.
	for _, name := range []string{"Vimmerby IF", "Vimmerby Idrottsförening"} {
		if id, ok := ids[name]; ok {
			if err := addOwner(ctx, accounts, id, editor.ID); err != nil {
				return Result{}, err
			}
			ed, err := accounts.ActorFor(ctx, editor.ID, "")
			if err != nil {
				return Result{}, err
			}
			if _, err := accounts.Invite(ctx, ed, id, "kollega@example.org", actor.Editor); err != nil {
				return Result{}, err
			}
			break
		}
	}
	n, err := loadCatalogue(ctx, cat, ids)
	if err != nil {
		return Result{}, err
	}
	if err := loadEvents(ctx, svc, ids); err != nil {
		return Result{}, err
	}
	if err := loadHarvest(ctx, svc.Events); err != nil {
		return Result{}, err
	}
	if err := loadProgrammes(ctx, svc.Events); err != nil {
		return Result{}, err
	}
	if err := loadAfternoonBlock(ctx, svc.Events); err != nil {
		return Result{}, err
	}
	adminActor, err := accounts.ActorFor(ctx, admin.ID, "")
	if err != nil {
		return Result{}, err
	}
	if err := loadModeration(ctx, svc, adminActor); err != nil {
		return Result{}, fmt.Errorf("moderation queue: %w", err)
	}
	if err := loadReports(ctx, svc.Events, ids); err != nil {
		return Result{}, err
	}
	return Result{Loaded: true, Organisations: len(seeds), Activities: n, AdminID: admin.ID}, nil
}

func addOwner(ctx context.Context, accounts *account.Service, orgID, userID string) error {
	return accounts.DB.InTx(ctx, func(tx *db.Tx) error {
		return account.AddMemberTx(ctx, tx, accounts.Now(), actor.System("demo"), orgID, userID, actor.Owner)
	})
}
