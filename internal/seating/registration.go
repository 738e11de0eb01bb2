package seating

import "strings"

// Registration is what the event domain passes for one confirmed
// registration: its ID, the organisation picked from the registry or typed,
// the sector (org.Sectors), the ranked workshop IDs and, once assigned, the
// workshop.
type Registration struct {
	ID               string
	OrganisationID   string
	OrganisationName string
	Sector           string
	Preferences      []string
	Workshop         string
}

// FromRegistrations maps registrations to participants. Colleagues are
// those with the same registry organisation, or — for a typed name — the
// same name folded to lower case with its spaces collapsed, so "Röda
// Korset" and "röda  korset" sit apart; a registration with neither has no
// colleagues.
func FromRegistrations(regs []Registration) []Participant {
	out := make([]Participant, len(regs))
	for i, r := range regs {
		org := ""
		switch {
		case r.OrganisationID != "":
			org = "id:" + r.OrganisationID
		case strings.TrimSpace(r.OrganisationName) != "":
			org = "name:" + strings.Join(strings.Fields(strings.ToLower(r.OrganisationName)), " ")
		}
		out[i] = Participant{
			ID:           r.ID,
			Organisation: org,
			Party:        PartyOf(r.Sector),
			Preferences:  r.Preferences,
			Workshop:     r.Workshop,
		}
	}
	return out
}

// WithWorkshops returns the participants with the workshop an assignment
// gave them, for seating within workshops.
func WithWorkshops(people []Participant, a Assignment) []Participant {
	out := make([]Participant, len(people))
	for i, p := range people {
		p.Workshop = a.Of[p.ID]
		out[i] = p
	}
	return out
}
