package catalog

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/teambition/rrule-go"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/ical"
)

// Stockholm is the zone every activity's times are in.
var Stockholm = ical.Zone

// Recurrence kinds.
const (
	Once     = "once"
	Weekly   = "weekly"
	Biweekly = "biweekly"
	Monthly  = "monthly" // on the n-th weekday of the month, taken from the start date
)

// Recurrences lists the recurrence kinds, in the order forms offer them.
var Recurrences = []string{Once, Weekly, Biweekly, Monthly}

// Schedule says when an activity takes place, in Stockholm local time.
type Schedule struct {
	Recurrence string `json:"recurrence"`
	StartsOn   string `json:"starts_on"`         // YYYY-MM-DD, the first occurrence
	EndsOn     string `json:"ends_on,omitempty"` // YYYY-MM-DD, the last possible day; empty: open-ended
	StartTime  string `json:"start_time"`        // HH:MM
	EndTime    string `json:"end_time"`          // HH:MM
	// Weekdays are the days a weekly or every-other-week activity meets
	// (0 = Sunday … 6 = Saturday, Monday first once validated): Lyckeby
	// BTK's table tennis on Tuesdays and Thursdays is one activity with two
	// days. Empty on input means the weekday of StartsOn; a one-off or
	// monthly activity has exactly that one day. The first occurrence is the
	// first of the days on or after StartsOn.
	Weekdays  []int    `json:"weekdays"`
	Cancelled []string `json:"cancelled,omitempty"`
}

// Occurrence is one meeting of an activity.
type Occurrence struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

func parseDay(field, s string) (time.Time, error) {
	d, err := time.ParseInLocation("2006-01-02", s, Stockholm)
	if err != nil {
		return time.Time{}, apperr.Invalidf(field, "error.date")
	}
	return d, nil
}

func parseClock(field, s string) (int, int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, 0, apperr.Invalidf(field, "error.time")
	}
	return t.Hour(), t.Minute(), nil
}

// The years a schedule's dates may lie in: a start in year 1 is a typo, and
// such a date made every search walk two thousand years of weeks.
const (
	minYear = 2000
	maxYear = 2100
)

// maxCancelled bounds the cancelled dates of one activity.
const maxCancelled = 366

// validate checks a schedule and normalises its cancelled dates. It
// reports every wrong field (apperr.Join), not only the first.
func (s *Schedule) validate() error {
	var errs []error
	switch s.Recurrence {
	case Once, Weekly, Biweekly, Monthly:
	case "":
		errs = append(errs, apperr.Invalidf("recurrence", "error.required"))
	default:
		errs = append(errs, apperr.Invalidf("recurrence", "error.choice"))
	}
	start, err := parseDay("starts_on", s.StartsOn)
	switch {
	case err != nil:
		errs = append(errs, err)
	case start.Year() < minYear || start.Year() > maxYear:
		errs = append(errs, apperr.Invalidf("starts_on", "error.range"))
	}
	startOK := err == nil
	if s.EndsOn != "" {
		end, err := parseDay("ends_on", s.EndsOn)
		switch {
		case err != nil:
			errs = append(errs, err)
		case startOK && end.Before(start):
			errs = append(errs, apperr.Invalidf("ends_on", "error.ends_before_start"))
		case end.Year() > maxYear:
			errs = append(errs, apperr.Invalidf("ends_on", "error.range"))
		}
	}
	if startOK {
		errs = append(errs, s.checkWeekdays(start))
	}
	sh, sm, err1 := parseClock("start_time", s.StartTime)
	eh, em, err2 := parseClock("end_time", s.EndTime)
	errs = append(errs, err1, err2)
	if err1 == nil && err2 == nil && eh*60+em <= sh*60+sm {
		errs = append(errs, apperr.Invalidf("end_time", "error.end_before_start"))
	}
	if len(s.Cancelled) > maxCancelled {
		return apperr.Join(append(errs, apperr.Invalidf("cancelled", "error.too_many", "max", maxCancelled))...)
	}
	seen := map[string]bool{}
	var days []string
	for _, c := range s.Cancelled {
		if _, err := parseDay("cancelled", c); err != nil {
			return apperr.Join(append(errs, err)...)
		}
		if !seen[c] {
			seen[c] = true
			days = append(days, c)
		}
	}
	if err := apperr.Join(errs...); err != nil {
		return err
	}
	sort.Strings(days)
	s.Cancelled = days
	return nil
}

// checkWeekdays fills, checks and orders the weekdays (Monday first, as a
// Swedish week is read).
func (s *Schedule) checkWeekdays(start time.Time) error {
	own := int(start.Weekday())
	if len(s.Weekdays) == 0 {
		s.Weekdays = []int{own}
		return nil
	}
	if len(s.Weekdays) > 7 {
		return apperr.Invalidf("weekdays", "error.too_many", "max", 7)
	}
	seen := [7]bool{}
	for _, d := range s.Weekdays {
		if d < 0 || d > 6 {
			return apperr.Invalidf("weekdays", "error.choice")
		}
		seen[d] = true
	}
	days := []int{}
	for i := 1; i <= 7; i++ {
		if seen[i%7] {
			days = append(days, i%7)
		}
	}
	// A one-off meets once; a monthly rule is "the n-th such weekday",
	// taken from the start date: neither has several days.
	if (s.Recurrence == Once || s.Recurrence == Monthly) && (len(days) != 1 || days[0] != own) {
		return apperr.Invalidf("weekdays", "error.weekdays_single")
	}
	s.Weekdays = days
	return nil
}

// mondayFirst orders weekdays (0 = Sunday) as a Swedish week is read.
func mondayFirst(days []int) []int {
	sort.Slice(days, func(i, j int) bool { return (days[i]+6)%7 < (days[j]+6)%7 })
	return days
}

// days are the weekdays, or the start date's when none are set (a schedule
// read for a search before its days are loaded, or never validated).
func (s Schedule) days() []int {
	if len(s.Weekdays) > 0 {
		return s.Weekdays
	}
	d, _ := parseDay("starts_on", s.StartsOn)
	return []int{int(d.Weekday())}
}

// first returns the start of the first occurrence: the first of the
// weekdays on or after the start date.
func (s Schedule) first() time.Time {
	d, _ := parseDay("starts_on", s.StartsOn)
	h, m, _ := parseClock("start_time", s.StartTime)
	if s.Recurrence == Weekly || s.Recurrence == Biweekly {
		days := s.days()
		for i := 0; i < 7; i++ {
			if slices.Contains(days, int(d.AddDate(0, 0, i).Weekday())) {
				d = d.AddDate(0, 0, i)
				break
			}
		}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, Stockholm)
}

func (s Schedule) duration() time.Duration {
	sh, sm, _ := parseClock("start_time", s.StartTime)
	eh, em, _ := parseClock("end_time", s.EndTime)
	return time.Duration((eh*60+em)-(sh*60+sm)) * time.Minute
}

// Weekday is the weekday of the first occurrence (0 = Sunday).
func (s Schedule) Weekday() int { return int(s.first().Weekday()) }

// Days are the weekdays the activity meets on, Monday first.
func (s Schedule) Days() []int { return s.days() }

var rruleDays = []rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}

// rule builds the recurrence with rrule-go. Dtstart carries the Stockholm
// zone, so a weekly 18:00 stays 18:00 local time across daylight saving.
func (s Schedule) rule() (*rrule.RRule, error) { return s.ruleFrom(time.Time{}) }

// ruleFrom is rule with its start moved forward, by whole periods, to just
// before from: rrule walks every occurrence from Dtstart, and an activity
// that began years ago must not cost a walk through those years on every
// search. Moving by whole weeks (or to a month's start, with the weekday
// rule fixed from the real first date) yields the same occurrences after
// from; occurrences before the real first are never produced.
func (s Schedule) ruleFrom(from time.Time) (*rrule.RRule, error) {
	first := s.first()
	start := first
	if from.After(first) {
		from = from.In(Stockholm)
		switch s.Recurrence {
		case Weekly, Biweekly:
			step := 7
			if s.Recurrence == Biweekly {
				step = 14
			}
			days := int(from.Sub(first).Hours()/24) - step // a period early, for the daylight-saving hour
			if days > 0 {
				start = first.AddDate(0, 0, days/step*step)
			}
		case Monthly:
			months := (from.Year()-first.Year())*12 + int(from.Month()) - int(first.Month()) - 1
			if months > 0 {
				start = time.Date(first.Year(), first.Month()+time.Month(months), 1, first.Hour(), first.Minute(), 0, 0, Stockholm)
			}
		}
	}
	opt := rrule.ROption{Dtstart: start}
	switch s.Recurrence {
	case Once:
		opt.Freq, opt.Count = rrule.DAILY, 1
	case Weekly, Biweekly:
		// BYDAY names every day, one or several; weeks begin on Monday, so
		// "every other week" pairs a Tuesday with the Thursday after it.
		opt.Freq, opt.Interval, opt.Wkst = rrule.WEEKLY, 1, rrule.MO
		if s.Recurrence == Biweekly {
			opt.Interval = 2
		}
		for _, d := range s.days() {
			opt.Byweekday = append(opt.Byweekday, rruleDays[d])
		}
	case Monthly:
		n := (first.Day()-1)/7 + 1
		if n > 4 {
			n = -1 // the fifth weekday does not exist every month: use "last"
		}
		opt.Freq, opt.Interval = rrule.MONTHLY, 1
		opt.Byweekday = []rrule.Weekday{rruleDays[first.Weekday()].Nth(n)}
	}
	if s.EndsOn != "" {
		end, _ := parseDay("ends_on", s.EndsOn)
		opt.Until = end.Add(24*time.Hour - time.Second)
	}
	return rrule.NewRRule(opt)
}

// RRule is the iCalendar recurrence rule, empty for a one-off.
func (s Schedule) RRule() string {
	if s.Recurrence == Once {
		return ""
	}
	r, err := s.rule()
	if err != nil {
		return ""
	}
	return r.OrigOptions.RRuleString()
}

// ByDay is the rule's BYDAY part ("TU,TH", "-1TU"), empty for a one-off:
// for the open-data formats that take the parts of a rule one by one.
func (s Schedule) ByDay() string {
	for _, part := range strings.Split(s.RRule(), ";") {
		if v, ok := strings.CutPrefix(part, "BYDAY="); ok {
			return v
		}
	}
	return ""
}

// FirstDay is the date of the first occurrence (YYYY-MM-DD).
func (s Schedule) FirstDay() string { return s.first().Format("2006-01-02") }

// Between lists the occurrences starting in [from, to), without the
// cancelled dates.
func (s Schedule) Between(from, to time.Time) []Occurrence {
	r, err := s.ruleFrom(from)
	if err != nil {
		return nil
	}
	cancelled := map[string]bool{}
	for _, c := range s.Cancelled {
		cancelled[c] = true
	}
	d := s.duration()
	var out []Occurrence
	for _, t := range r.Between(from, to.Add(-time.Nanosecond), true) {
		t = t.In(Stockholm)
		if cancelled[t.Format("2006-01-02")] {
			continue
		}
		out = append(out, Occurrence{Start: t, End: t.Add(d)})
	}
	return out
}

// Next returns the next occurrence starting at or after now, if any within
// two years. It asks the rule for one occurrence at a time, skipping
// cancelled dates, instead of listing two years of them.
func (s Schedule) Next(now time.Time) (Occurrence, bool) {
	r, err := s.ruleFrom(now)
	if err != nil {
		return Occurrence{}, false
	}
	cancelled := map[string]bool{}
	for _, c := range s.Cancelled {
		cancelled[c] = true
	}
	limit := now.AddDate(2, 0, 0)
	for t := r.After(now, true); !t.IsZero() && t.Before(limit); t = r.After(t, false) {
		t = t.In(Stockholm)
		if !cancelled[t.Format("2006-01-02")] {
			return Occurrence{Start: t, End: t.Add(s.duration())}, true
		}
	}
	return Occurrence{}, false
}

// Describe is a short machine-neutral description used in tests and logs.
func (s Schedule) Describe() string {
	return fmt.Sprintf("%s from %s %s–%s", s.Recurrence, s.StartsOn, s.StartTime, s.EndTime)
}
