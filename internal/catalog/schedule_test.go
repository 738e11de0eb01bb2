package catalog

import (
	"fmt"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
)

func TestScheduleAcrossDaylightSaving(t *testing.T) {
	// Weekly Saturday 18:00 across the spring change (2027-03-28) and the
	// autumn change (2027-10-31): always 18:00 in Stockholm.
	s := Schedule{Recurrence: Weekly, StartsOn: "2027-03-20", StartTime: "18:00", EndTime: "20:00", Cancelled: []string{"2027-04-03"}}
	if err := s.validate(); err != nil {
		t.Fatal(err)
	}
	occ := s.Between(time.Date(2027, 3, 1, 0, 0, 0, 0, Stockholm), time.Date(2027, 4, 11, 0, 0, 0, 0, Stockholm))
	want := []string{"2027-03-20 18:00 +0100", "2027-03-27 18:00 +0100", "2027-04-10 18:00 +0200"}
	if len(occ) != len(want) {
		t.Fatalf("got %d occurrences %v, want %v", len(occ), occ, want)
	}
	for i, o := range occ {
		if got := o.Start.Format("2006-01-02 15:04 -0700"); got != want[i] {
			t.Errorf("occurrence %d = %s, want %s", i, got, want[i])
		}
		if o.End.Sub(o.Start) != 2*time.Hour {
			t.Errorf("duration %v", o.End.Sub(o.Start))
		}
	}
	autumn := s.Between(time.Date(2027, 10, 25, 0, 0, 0, 0, Stockholm), time.Date(2027, 11, 8, 0, 0, 0, 0, Stockholm))
	if len(autumn) != 2 || autumn[0].Start.Format("15:04 -0700") != "18:00 +0200" || autumn[1].Start.Format("15:04 -0700") != "18:00 +0100" {
		t.Errorf("autumn change: %v", autumn)
	}
}

func TestScheduleKinds(t *testing.T) {
	from := time.Date(2026, 12, 1, 0, 0, 0, 0, Stockholm)
	to := time.Date(2027, 3, 1, 0, 0, 0, 0, Stockholm)
	tests := []struct {
		name  string
		s     Schedule
		want  int
		rrule string
	}{
		{"once", Schedule{Recurrence: Once, StartsOn: "2026-12-10", StartTime: "10:00", EndTime: "12:00"}, 1, ""},
		{"weekly with end", Schedule{Recurrence: Weekly, StartsOn: "2026-12-01", EndsOn: "2026-12-31", StartTime: "17:00", EndTime: "19:00"}, 5, "FREQ=WEEKLY"},
		{"every other week", Schedule{Recurrence: Biweekly, StartsOn: "2026-12-01", EndsOn: "2027-01-31", StartTime: "17:00", EndTime: "19:00"}, 5, "INTERVAL=2"},
		// Tuesdays and Thursdays: 13 weeks, two a week, less 31 December.
		{"weekly on two days", Schedule{Recurrence: Weekly, StartsOn: "2026-12-01", Weekdays: []int{4, 2}, StartTime: "17:00", EndTime: "19:00"}, 26, "BYDAY=TU,TH"},
		// From a Wednesday: Thursday 3, then the weeks of 14 and 28 December.
		{"every other week, Monday and Thursday", Schedule{Recurrence: Biweekly, StartsOn: "2026-12-02", EndsOn: "2026-12-31", Weekdays: []int{1, 4}, StartTime: "17:00", EndTime: "19:00"}, 5, "BYDAY=MO,TH"},
		// 2026-12-08 is the second Tuesday of December.
		{"second Tuesday monthly", Schedule{Recurrence: Monthly, StartsOn: "2026-12-08", StartTime: "18:00", EndTime: "20:00"}, 3, "BYDAY=+2TU"},
		// 2026-12-29 is the fifth Tuesday: becomes the last Tuesday.
		{"last Tuesday monthly", Schedule{Recurrence: Monthly, StartsOn: "2026-12-29", StartTime: "18:00", EndTime: "20:00"}, 3, "BYDAY=-1TU"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.s.validate(); err != nil {
				t.Fatal(err)
			}
			if got := len(tt.s.Between(from, to)); got != tt.want {
				t.Errorf("%d occurrences, want %d", got, tt.want)
			}
			if r := tt.s.RRule(); tt.rrule != "" && !has(r, tt.rrule) || tt.rrule == "" && r != "" {
				t.Errorf("RRULE %q, want it to contain %q", r, tt.rrule)
			}
		})
	}
}

func TestScheduleValidation(t *testing.T) {
	tests := []struct {
		name  string
		s     Schedule
		field string
	}{
		{"no recurrence", Schedule{StartsOn: "2026-12-01", StartTime: "10:00", EndTime: "11:00"}, "recurrence"},
		{"bad date", Schedule{Recurrence: Once, StartsOn: "2026-13-01", StartTime: "10:00", EndTime: "11:00"}, "starts_on"},
		{"end before start", Schedule{Recurrence: Weekly, StartsOn: "2026-12-01", EndsOn: "2026-11-01", StartTime: "10:00", EndTime: "11:00"}, "ends_on"},
		{"bad time", Schedule{Recurrence: Once, StartsOn: "2026-12-01", StartTime: "25:00", EndTime: "11:00"}, "start_time"},
		{"ends before it starts", Schedule{Recurrence: Once, StartsOn: "2026-12-01", StartTime: "10:00", EndTime: "09:00"}, "end_time"},
		{"bad cancellation", Schedule{Recurrence: Weekly, StartsOn: "2026-12-01", StartTime: "10:00", EndTime: "11:00", Cancelled: []string{"jul"}}, "cancelled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.validate()
			if err == nil || fieldOf(err) != tt.field {
				t.Errorf("err = %v, want field %s", err, tt.field)
			}
		})
	}
}

// TestShiftedStartGivesTheSameOccurrences: moving the rule's start forward
// to near the window (ruleFrom) must not change a single occurrence, across
// daylight saving and for every kind of recurrence, whatever the window.
func TestShiftedStartGivesTheSameOccurrences(t *testing.T) {
	starts := []string{"2020-01-06", "2021-03-28", "2023-10-29", "2024-02-29", "2025-01-31", "2026-05-30"}
	for _, rec := range []string{Weekly, Biweekly, Monthly} {
		for _, start := range starts {
			s := Schedule{Recurrence: rec, StartsOn: start, StartTime: "18:00", EndTime: "19:30", Cancelled: []string{"2027-03-30"}}
			for _, from := range []time.Time{
				time.Date(2027, 3, 27, 12, 0, 0, 0, Stockholm), time.Date(2027, 10, 30, 23, 0, 0, 0, Stockholm),
				time.Date(2026, 12, 1, 9, 0, 0, 0, Stockholm), time.Date(2020, 1, 1, 0, 0, 0, 0, Stockholm),
			} {
				to := from.AddDate(0, 3, 0)
				want := allBetween(t, s, from, to)
				got := s.Between(from, to)
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s from %s, window %s: got %v, want %v", rec, start, from.Format("2006-01-02"), got, want)
				}
			}
		}
	}
}

// allBetween is Between the slow way: the rule from its real start.
func allBetween(t *testing.T, s Schedule, from, to time.Time) []Occurrence {
	r, err := s.rule()
	if err != nil {
		t.Fatal(err)
	}
	var out []Occurrence
	for _, o := range r.Between(from, to.Add(-time.Nanosecond), true) {
		o = o.In(Stockholm)
		if o.Format("2006-01-02") == "2027-03-30" {
			continue
		}
		out = append(out, Occurrence{Start: o, End: o.Add(s.duration())})
	}
	return out
}

func BenchmarkNextOfAnOldWeekly(b *testing.B) {
	s := Schedule{Recurrence: Weekly, StartsOn: "2000-01-03", StartTime: "18:00", EndTime: "19:00"}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, Stockholm)
	for b.Loop() {
		if _, ok := s.Next(now); !ok {
			b.Fatal("no next")
		}
	}
}

// TestScheduleWeekdays: the set of days is checked and ordered, the first
// occurrence is the first of them on or after the start, and a search far
// after the start (ruleFrom's shortcut) finds the same days.
func TestScheduleWeekdays(t *testing.T) {
	tests := []struct {
		name  string
		s     Schedule
		field string // the refused field, or "" when valid
		days  string // the days after validation
		first string
	}{
		{"none: the start's", Schedule{Recurrence: Weekly, StartsOn: "2026-12-02"}, "", "[3]", "2026-12-02"},
		{"Monday first, once each", Schedule{Recurrence: Weekly, StartsOn: "2026-12-02", Weekdays: []int{0, 4, 2, 4}}, "", "[2 4 0]", "2026-12-03"},
		{"biweekly from a day not in the set", Schedule{Recurrence: Biweekly, StartsOn: "2026-12-05", Weekdays: []int{1}}, "", "[1]", "2026-12-07"},
		{"out of range", Schedule{Recurrence: Weekly, StartsOn: "2026-12-02", Weekdays: []int{7}}, "weekdays", "", ""},
		{"too many", Schedule{Recurrence: Weekly, StartsOn: "2026-12-02", Weekdays: []int{1, 2, 3, 4, 5, 6, 0, 1}}, "weekdays", "", ""},
		{"once on two days", Schedule{Recurrence: Once, StartsOn: "2026-12-02", Weekdays: []int{3, 4}}, "weekdays", "", ""},
		{"monthly on another day", Schedule{Recurrence: Monthly, StartsOn: "2026-12-02", Weekdays: []int{4}}, "weekdays", "", ""},
		{"monthly on its own day", Schedule{Recurrence: Monthly, StartsOn: "2026-12-02", Weekdays: []int{3}}, "", "[3]", "2026-12-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.s.StartTime, tt.s.EndTime = "18:00", "19:00"
			err := tt.s.validate()
			if tt.field != "" {
				if err == nil || apperr.As(err).Field != tt.field {
					t.Fatalf("error %v, want one at %s", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(tt.s.Weekdays); got != tt.days {
				t.Errorf("days %s, want %s", got, tt.days)
			}
			if got := tt.s.FirstDay(); got != tt.first {
				t.Errorf("first %s, want %s", got, tt.first)
			}
		})
	}
	// Years after the start, both days still come, at 18:00 local.
	s := Schedule{Recurrence: Biweekly, StartsOn: "2020-01-07", Weekdays: []int{2, 4}, StartTime: "18:00", EndTime: "19:00"}
	if err := s.validate(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range s.Between(time.Date(2027, 3, 22, 0, 0, 0, 0, Stockholm), time.Date(2027, 4, 5, 0, 0, 0, 0, Stockholm)) {
		got = append(got, o.Start.Format("01-02 15:04"))
	}
	// The same as rrule's own walk from 2020: one week of the two, both days.
	want := []string{}
	r, _ := s.rule()
	for _, o := range r.Between(time.Date(2027, 3, 22, 0, 0, 0, 0, Stockholm), time.Date(2027, 4, 5, 0, 0, 0, 0, Stockholm), true) {
		want = append(want, o.In(Stockholm).Format("01-02 15:04"))
	}
	if len(got) != 2 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("far from the start: %v, want the full walk's %v", got, want)
	}
}
