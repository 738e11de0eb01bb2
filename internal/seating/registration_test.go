package seating

import "testing"

func TestFromRegistrations(t *testing.T) {
	got := FromRegistrations([]Registration{
		{ID: "r1", OrganisationID: "org-1", Sector: "public", Preferences: []string{"w1"}},
		{ID: "r2", OrganisationName: "Röda  Korset ", Sector: "civil_society"},
		{ID: "r3", OrganisationName: "röda korset", Sector: "academia"},
		{ID: "r4", Sector: ""},
	})
	want := []Participant{
		{ID: "r1", Organisation: "id:org-1", Party: Public, Preferences: []string{"w1"}},
		{ID: "r2", Organisation: "name:röda korset", Party: CivilSociety},
		{ID: "r3", Organisation: "name:röda korset", Party: Other},
		{ID: "r4", Party: Other},
	}
	for i := range want {
		if got[i].ID != want[i].ID || got[i].Organisation != want[i].Organisation || got[i].Party != want[i].Party || len(got[i].Preferences) != len(want[i].Preferences) {
			t.Errorf("%d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestConferenceDay runs the whole day as the event domain would:
// registrations, the workshop assignment, then tables within workshops.
func TestConferenceDay(t *testing.T) {
	people, ws := conference(9, 300)
	a, err := Assign(people, ws, AssignOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkAssignment(t, a, people, ws)
	in := WithWorkshops(people, a)
	s, err := Seat(in, WorkshopTables(a, 8), SeatOptions{Seed: 3, ByWorkshop: true})
	if err != nil {
		t.Fatal(err)
	}
	checkSeating(t, s, in)
	if s.Quality.Unseated != 0 {
		t.Errorf("%d unseated though every workshop has enough tables", s.Quality.Unseated)
	}
	for _, st := range s.Tables {
		for _, id := range st.Seats {
			if id != "" && a.Of[id] != st.Workshop {
				t.Errorf("%s of workshop %s at table %s", id, a.Of[id], st.ID)
			}
		}
	}
}
