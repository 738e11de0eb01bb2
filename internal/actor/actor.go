// Package actor describes who is acting in a request — a signed-in user, an
// API token's owner, the command line, or nobody — and answers the questions
// every domain package asks before it changes anything.
package actor

// Platform roles.
const (
	RoleAdmin       = "admin"
	RoleCoordinator = "coordinator"
	RoleMember      = "member"
)

// Organisation membership roles.
const (
	Owner  = "owner"
	Editor = "editor"
)

// Actor is who performs an action, and from where.
type Actor struct {
	UserID      string
	Name        string
	Email       string
	Lang        string
	Role        string            // admin, coordinator or member; "" for anonymous
	Memberships map[string]string // organisation ID → owner/editor
	IP          string
	System      bool // the command line or demo loader: trusted, no user
}

// Anonymous is a visitor who is not signed in.
func Anonymous(ip string) Actor { return Actor{IP: ip} }

// System is the command line acting with the operator's authority.
func System(label string) Actor { return Actor{Name: label, Role: RoleAdmin, System: true} }

// SignedIn reports whether the actor is a user or the system.
func (a Actor) SignedIn() bool { return a.UserID != "" || a.System }

// IsAdmin reports whether the actor runs the platform.
func (a Actor) IsAdmin() bool { return a.Role == RoleAdmin }

// IsStaff reports whether the actor is an admin or coordinator: those who
// verify organisations and read the audit log.
func (a Actor) IsStaff() bool { return a.Role == RoleAdmin || a.Role == RoleCoordinator }

// CanEditOrg reports whether the actor may change an organisation.
func (a Actor) CanEditOrg(orgID string) bool {
	if a.IsStaff() {
		return true
	}
	r := a.Memberships[orgID]
	return r == Owner || r == Editor
}

// CanManageOrg reports whether the actor may invite members to, or delete,
// an organisation.
func (a Actor) CanManageOrg(orgID string) bool {
	return a.IsAdmin() || a.Memberships[orgID] == Owner
}

// Label names the actor in the audit log.
func (a Actor) Label() string {
	switch {
	case a.Email != "":
		return a.Email
	case a.Name != "":
		return a.Name
	default:
		return "anonymous"
	}
}
