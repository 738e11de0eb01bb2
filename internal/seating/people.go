package seating

import (
	"errors"
	"fmt"
	"strings"
)

// Party is the side of the national agreement on integration a participant
// comes from. The conferences seated and counted people by these three
// (seed 004: "idéburen sektor, offentlig sektor, näringsliv/övriga").
type Party uint8

// The three parties. Other is business and everyone else (academia, the
// unaffiliated): the source counts them together.
const (
	CivilSociety Party = iota
	Public
	Other
)

// parties is how many parties there are; arrays indexed by Party use it.
const parties = 3

// Parties lists the parties in the order reports show them.
var Parties = []Party{CivilSociety, Public, Other}

// String is the party's code, the same word as the registry's sector.
func (p Party) String() string {
	switch p {
	case CivilSociety:
		return "civil_society"
	case Public:
		return "public"
	case Other:
		return "other"
	}
	return fmt.Sprintf("party(%d)", p)
}

// words is the party in an English sentence.
func (p Party) words() string {
	return [...]string{"civil society", "public", "business/other"}[p]
}

// PartyOf maps a registry sector (org.Sectors) to its party: civil_society
// and public are parties of their own, business, academia, other and an
// unknown or empty sector count as Other.
func PartyOf(sector string) Party {
	switch sector {
	case "civil_society":
		return CivilSociety
	case "public":
		return Public
	}
	return Other
}

// Participant is one registration as both problems see it.
type Participant struct {
	// ID identifies the participant in the answer (the registration's ID).
	ID string
	// Organisation groups colleagues: the registry's organisation ID, or
	// the typed name folded by the caller. Empty means none: such a
	// participant never counts as anybody's colleague.
	Organisation string
	Party        Party
	// Preferences are workshop IDs, the most wanted first; empty when the
	// participant ranked none.
	Preferences []string
	// Workshop is the workshop the participant is in, used only when tables
	// are seated within workshops (SeatOptions.ByWorkshop).
	Workshop string
	// Had lists the themes of the workshops the participant already has
	// in earlier blocks; Assign avoids giving them one again (AssignBlocks
	// fills it).
	Had []string
}

// Limits on the input, so that every figure in the costs fits in int64
// with room to spare (see costs in assign.go and seat.go) and a run stays
// well under a second per thousand participants.
const (
	MaxParticipants = 10000
	MaxWorkshops    = 200
	MaxTables       = 2000
	MaxTableSize    = 100
	MaxCapacity     = MaxParticipants
)

// ErrInvalid is wrapped by every error about the input; the event domain
// validates its own fields first, so reaching it is a programming error
// or a tampered request.
var ErrInvalid = errors.New("seating: invalid input")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// checkParticipants refuses what neither problem can mean: no ID, the same
// ID twice, an unknown party, too many people.
func checkParticipants(people []Participant) (map[string]int, error) {
	if len(people) > MaxParticipants {
		return nil, invalid("%d participants, at most %d", len(people), MaxParticipants)
	}
	index := make(map[string]int, len(people))
	for i, p := range people {
		if strings.TrimSpace(p.ID) == "" {
			return nil, invalid("participant %d has no ID", i)
		}
		if _, dup := index[p.ID]; dup {
			return nil, invalid("participant %q listed twice", p.ID)
		}
		if p.Party >= parties {
			return nil, invalid("participant %q has unknown party %d", p.ID, p.Party)
		}
		index[p.ID] = i
	}
	return index, nil
}

// Kind names what could not be satisfied; pages translate it and fill in
// the Shortfall's figures.
type Kind string

// The kinds of shortfall.
const (
	// SeatsShort: fewer seats (workshop places or table seats) than
	// participants; Need people, Have seats, Participants left out.
	SeatsShort Kind = "seats_short"
	// Oversubscribed: more participants ranked Workshop first (Need) than
	// it has places (Have).
	Oversubscribed Kind = "oversubscribed"
	// ChoicesFull: Participants got none of the workshops they ranked,
	// because every one of them is full.
	ChoicesFull Kind = "choices_full"
	// PartyShort: Count tables cannot have a Party participant: only Have
	// of them for Need tables.
	PartyShort Kind = "party_short"
	// TableTooSmall: Count tables have fewer than three seats, so they can
	// never hold all three parties.
	TableTooSmall Kind = "table_too_small"
	// ColleaguesUnavoidable: Organisation has Need participants for Have
	// tables, so at least Count of them sit with a colleague.
	ColleaguesUnavoidable Kind = "colleagues_unavoidable"
	// NoTables: Workshop has Need participants and no tables.
	NoTables Kind = "no_tables"
	// MissingParty: Table has no Party participant.
	MissingParty Kind = "missing_party"
	// Colleagues: Table seats Count people of Organisation.
	Colleagues Kind = "colleagues"
)

// Shortfall is one thing a plan could not satisfy, with why in figures.
type Shortfall struct {
	Kind         Kind
	Workshop     string
	Table        string
	Party        Party
	Organisation string
	Need         int
	Have         int
	Count        int
	Participants []string
}

// String says the shortfall in English, for logs, tests and the command
// line; pages translate Kind with the same figures.
func (s Shortfall) String() string {
	in := ""
	if s.Workshop != "" {
		in = " in workshop " + s.Workshop
	}
	switch s.Kind {
	case SeatsShort:
		return fmt.Sprintf("%d participants left out%s: %d seats for %d participants", s.Count, in, s.Have, s.Need)
	case Oversubscribed:
		return fmt.Sprintf("workshop %s is oversubscribed: %d ranked it first, %d places", s.Workshop, s.Need, s.Have)
	case ChoicesFull:
		return fmt.Sprintf("%d participants got none of their choices: every workshop they ranked is full", s.Count)
	case PartyShort:
		return fmt.Sprintf("%d tables%s cannot have a %s participant: only %d %s participants for %d tables", s.Count, in, s.Party.words(), s.Have, s.Party.words(), s.Need)
	case TableTooSmall:
		return fmt.Sprintf("%d tables%s have fewer than 3 seats and cannot hold all three parties", s.Count, in)
	case ColleaguesUnavoidable:
		return fmt.Sprintf("organisation %s has %d participants for %d tables%s: at least %d sit with a colleague", s.Organisation, s.Need, s.Have, in, s.Count)
	case NoTables:
		if s.Workshop == "" {
			return fmt.Sprintf("%d participants without a workshop and no tables for them", s.Need)
		}
		return fmt.Sprintf("workshop %s has %d participants and no tables", s.Workshop, s.Need)
	case MissingParty:
		return fmt.Sprintf("table %s has no %s participant", s.Table, s.Party.words())
	case Colleagues:
		return fmt.Sprintf("table %s seats %d people of organisation %s", s.Table, s.Count, s.Organisation)
	}
	return string(s.Kind)
}
