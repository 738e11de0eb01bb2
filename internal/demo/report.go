package demo

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/event"
)

// loadReports gives each past conference its participants — synthetic
// people (example.org addresses) from the organisations of each sector,
// as many per sector as the report counts (series.go), recorded as
// attended in one transaction per conference — and publishes its summary
// report, which takes the snapshot of those counts, so the event and
// series reports can be seen without signing in.
func loadReports(ctx context.Context, ev *event.Service, ids map[string]string) error {
	sys := actor.System("demo")
	page, err := ev.FindEvents(ctx, event.Filter{Limit: event.MaxLimit})
	if err != nil {
		return err
	}
	byTitle := map[string]event.Event{}
	for _, e := range page.Items {
		byTitle[e.Texts["sv"].Title] = e
	}
	for _, c := range conferences {
		e, ok := byTitle[c.Title()]
		if !ok {
			return fmt.Errorf("demo reports: no event %q", c.Title())
		}
		people, err := c.participants(ids)
		if err != nil {
			return err
		}
		if err := ev.RecordAttendance(ctx, sys, e.ID, people); err != nil {
			return fmt.Errorf("demo participants %s: %w", c.Title(), err)
		}
		yes := true
		if _, err := ev.UpdateReport(ctx, sys, e.ID, event.ReportFields{Published: &yes, Summaries: map[string]string{"sv": c.sv, "en": c.en}}); err != nil {
			return fmt.Errorf("demo report %s: %w", c.Title(), err)
		}
	}
	return nil
}
