package catalog

import (
	"context"
	"database/sql"
	"strings"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
)

// insertActivity writes a new activity row and its child rows.
func insertActivity(ctx context.Context, tx *db.Tx, a Activity) error {
	_, err := tx.Exec(ctx, `INSERT INTO activities (id, organisation_id, venue_id, online_url, municipality_code, status, cost_kr, signup, contact,
		age_min, age_max, accessibility, recurrence, starts_on, ends_on, start_time, end_time, rrule, last_confirmed_at, created_at, updated_at, review)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, a.OrganisationID, db.NullIfEmpty(a.VenueID), a.OnlineURL, a.Municipality, a.Status, a.CostKr, a.Signup, a.Contact,
		a.AgeMin, a.AgeMax, strings.Join(a.Accessibility, ","), a.Schedule.Recurrence, a.Schedule.StartsOn, a.Schedule.EndsOn,
		a.Schedule.StartTime, a.Schedule.EndTime, a.Schedule.RRule(), a.LastConfirmedAt, a.CreatedAt, a.UpdatedAt, a.Review)
	if err != nil {
		return apperr.Wrap(err, "insert activity")
	}
	return writeActivityChildren(ctx, tx, a)
}

// updateActivity updates the row in place and replaces its own child rows:
// the row is never deleted and re-inserted, so what references an activity
// (registrations, matches, actions in the domains to come) stays.
func updateActivity(ctx context.Context, tx *db.Tx, a Activity) error {
	_, err := tx.Exec(ctx, `UPDATE activities SET organisation_id = ?, venue_id = ?, online_url = ?, municipality_code = ?, status = ?, cost_kr = ?,
		signup = ?, contact = ?, age_min = ?, age_max = ?, accessibility = ?, recurrence = ?, starts_on = ?, ends_on = ?, start_time = ?, end_time = ?,
		rrule = ?, last_confirmed_at = ?, updated_at = ?, review = ? WHERE id = ?`,
		a.OrganisationID, db.NullIfEmpty(a.VenueID), a.OnlineURL, a.Municipality, a.Status, a.CostKr, a.Signup, a.Contact,
		a.AgeMin, a.AgeMax, strings.Join(a.Accessibility, ","), a.Schedule.Recurrence, a.Schedule.StartsOn, a.Schedule.EndsOn,
		a.Schedule.StartTime, a.Schedule.EndTime, a.Schedule.RRule(), a.LastConfirmedAt, a.UpdatedAt, a.Review, a.ID)
	if err != nil {
		return apperr.Wrap(err, "update activity")
	}
	return writeActivityChildren(ctx, tx, a)
}

// writeActivityChildren replaces the activity's texts, tags, co-organisers,
// weekdays and cancelled dates: tables that belong to the activity alone.
func writeActivityChildren(ctx context.Context, tx *db.Tx, a Activity) error {
	for _, t := range []string{"activity_texts", "activity_tags", "activity_coorganisers", "activity_weekdays", "activity_cancellations"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+t+` WHERE activity_id = ?`, a.ID); err != nil {
			return apperr.Wrap(err, "clear %s", t)
		}
	}
	for lang, t := range a.Texts {
		if _, err := tx.Exec(ctx, `INSERT INTO activity_texts (activity_id, lang, title, summary, description) VALUES (?, ?, ?, ?, ?)`,
			a.ID, lang, t.Title, t.Summary, t.Description); err != nil {
			return apperr.Wrap(err, "activity text")
		}
	}
	for _, tag := range []struct {
		kind string
		vals []string
	}{{tagTheme, a.Themes}, {tagTarget, a.TargetGroups}, {tagLang, a.Languages}} {
		for _, v := range tag.vals {
			if _, err := tx.Exec(ctx, `INSERT INTO activity_tags (activity_id, kind, value) VALUES (?, ?, ?)`, a.ID, tag.kind, v); err != nil {
				return apperr.Wrap(err, "activity tag")
			}
		}
	}
	for _, co := range a.CoOrganisers {
		if _, err := tx.Exec(ctx, `INSERT INTO activity_coorganisers (activity_id, organisation_id) VALUES (?, ?)`, a.ID, co); err != nil {
			return apperr.Wrap(err, "co-organiser")
		}
	}
	for _, d := range a.Schedule.Days() {
		if _, err := tx.Exec(ctx, `INSERT INTO activity_weekdays (activity_id, weekday) VALUES (?, ?)`, a.ID, d); err != nil {
			return apperr.Wrap(err, "weekday")
		}
	}
	for _, d := range a.Schedule.Cancelled {
		if _, err := tx.Exec(ctx, `INSERT INTO activity_cancellations (activity_id, day) VALUES (?, ?)`, a.ID, d); err != nil {
			return apperr.Wrap(err, "cancellation")
		}
	}
	return nil
}

// The kinds of activity_tags.
const (
	tagTheme  = "theme"
	tagTarget = "target"
	tagLang   = "lang"
)

func loadActivity(ctx context.Context, q db.Querier, id string) (Activity, error) {
	m, err := loadActivities(ctx, q, []string{id})
	if err != nil {
		return Activity{}, err
	}
	a, ok := m[id]
	if !ok {
		return Activity{}, apperr.ErrNotFound()
	}
	return *a, nil
}

// loadActivities reads activities with their texts, tags, co-organisers,
// weekdays, cancellations and organisers' names in seven queries, however many there
// are: a search page must not cost a round trip per activity and table.
func loadActivities(ctx context.Context, q db.Querier, ids []string) (map[string]*Activity, error) {
	out := make(map[string]*Activity, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.In(ids)
	orgIDs := map[string]bool{}
	err := db.Each(ctx, q, `SELECT a.id, a.organisation_id, a.venue_id, v.name, v.lat, v.lon, a.online_url, a.municipality_code, a.status, a.cost_kr,
		a.signup, a.contact, a.age_min, a.age_max, a.accessibility, a.recurrence, a.starts_on, a.ends_on, a.start_time, a.end_time,
		a.last_confirmed_at, a.created_at, a.updated_at, a.review
		FROM activities a LEFT JOIN venues v ON v.id = a.venue_id WHERE a.id IN (`+in+`)`, args, func(row db.Scanner) error {
		a := newActivity()
		var venue, venueName sql.NullString
		var lat, lon sql.NullFloat64
		var ageMin, ageMax sql.NullInt64
		var access string
		if err := row.Scan(&a.ID, &a.OrganisationID, &venue, &venueName, &lat, &lon, &a.OnlineURL, &a.Municipality, &a.Status, &a.CostKr,
			&a.Signup, &a.Contact, &ageMin, &ageMax, &access, &a.Schedule.Recurrence, &a.Schedule.StartsOn, &a.Schedule.EndsOn,
			&a.Schedule.StartTime, &a.Schedule.EndTime, &a.LastConfirmedAt, &a.CreatedAt, &a.UpdatedAt, &a.Review); err != nil {
			return err
		}
		a.VenueID, a.VenueName = venue.String, venueName.String
		if lat.Valid && lon.Valid {
			a.VenueLat, a.VenueLon = &lat.Float64, &lon.Float64
		}
		a.AgeMin, a.AgeMax = db.IntPtr(ageMin), db.IntPtr(ageMax)
		a.Accessibility = splitList(access)
		if m, ok := municipality.ByCode(a.Municipality); ok {
			a.MunicipalityName = m.Name
		}
		out[a.ID] = &a
		orgIDs[a.OrganisationID] = true
		return nil
	})
	if err == nil {
		err = db.Each(ctx, q, `SELECT activity_id, lang, title, summary, description FROM activity_texts WHERE activity_id IN (`+in+`)`, args,
			func(row db.Scanner) error {
				var id, l string
				var t Text
				if err := row.Scan(&id, &l, &t.Title, &t.Summary, &t.Description); err != nil {
					return err
				}
				out[id].Texts[l] = t
				return nil
			})
	}
	if err == nil {
		err = db.Each(ctx, q, `SELECT activity_id, kind, value FROM activity_tags WHERE activity_id IN (`+in+`) ORDER BY activity_id, kind, value`, args,
			func(row db.Scanner) error {
				var id, k, v string
				if err := row.Scan(&id, &k, &v); err != nil {
					return err
				}
				a := out[id]
				switch k {
				case tagTheme:
					a.Themes = append(a.Themes, v)
				case tagTarget:
					a.TargetGroups = append(a.TargetGroups, v)
				case tagLang:
					a.Languages = append(a.Languages, v)
				}
				return nil
			})
	}
	if err == nil {
		err = db.Each(ctx, q, `SELECT activity_id, organisation_id FROM activity_coorganisers WHERE activity_id IN (`+in+`)`, args,
			func(row db.Scanner) error {
				var id, oid string
				if err := row.Scan(&id, &oid); err != nil {
					return err
				}
				out[id].CoOrganisers = append(out[id].CoOrganisers, oid)
				orgIDs[oid] = true
				return nil
			})
	}
	if err == nil {
		err = db.Each(ctx, q, `SELECT activity_id, weekday FROM activity_weekdays WHERE activity_id IN (`+in+`)`, args,
			func(row db.Scanner) error {
				var id string
				var d int
				if err := row.Scan(&id, &d); err != nil {
					return err
				}
				out[id].Schedule.Weekdays = append(out[id].Schedule.Weekdays, d)
				return nil
			})
	}
	if err == nil {
		err = db.Each(ctx, q, `SELECT activity_id, day FROM activity_cancellations WHERE activity_id IN (`+in+`) ORDER BY activity_id, day`, args,
			func(row db.Scanner) error {
				var id, d string
				if err := row.Scan(&id, &d); err != nil {
					return err
				}
				out[id].Schedule.Cancelled = append(out[id].Schedule.Cancelled, d)
				return nil
			})
	}
	if err != nil {
		return nil, apperr.Wrap(err, "load activities")
	}
	names, err := org.NamesTx(ctx, q, keys(orgIDs))
	if err != nil {
		return nil, err
	}
	for _, a := range out {
		a.Schedule.Weekdays = mondayFirst(a.Schedule.Weekdays)
		a.OrganisationName = names[a.OrganisationID]
		org.SortNames(a.CoOrganisers, names)
		for _, co := range a.CoOrganisers {
			a.CoOrganiserNames = append(a.CoOrganiserNames, names[co])
		}
	}
	return out, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// searchBody is the folded text indexed for an activity: titles, summaries
// and descriptions in every language, the organisers and the venue.
func searchBody(a Activity) string {
	var parts []string
	for _, t := range a.Texts {
		parts = append(parts, t.Title, t.Summary, t.Description)
	}
	parts = append(parts, a.OrganisationName)
	parts = append(parts, a.CoOrganiserNames...)
	parts = append(parts, a.VenueName)
	parts = append(parts, facets(a)...)
	return Fold(strings.Join(parts, " "))
}

// facets are filter values written into the search text as tokens no word
// can be ("zzcty12"), so a word search and its filters are intersected by
// the full-text index itself instead of ranking every match first. Each ends
// in a digit so PostgreSQL's Swedish stemmer leaves it whole (it would cut
// "zzlangar" and "zzlangen" to the same stem).
func facets(a Activity) []string {
	out := []string{facetMunicipality(a.Municipality)}
	if len(a.Municipality) == 4 {
		out = append(out, facetCounty(a.Municipality[:2]))
	}
	for _, l := range a.Languages {
		out = append(out, facetLanguage(l))
	}
	for _, t := range a.Themes {
		out = append(out, facetTheme(t))
	}
	for _, t := range a.TargetGroups {
		out = append(out, facetTarget(t))
	}
	return out
}

func facetMunicipality(code string) string { return "zzmun" + code }
func facetCounty(code string) string       { return "zzcty" + code }
func facetLanguage(code string) string     { return "zzlang" + strings.Join(terms(code), "") + "9" }
func facetTheme(t string) string           { return "zztheme" + strings.ReplaceAll(t, "_", "") + "9" }
func facetTarget(t string) string          { return "zztarget" + strings.ReplaceAll(t, "_", "") + "9" }

// index writes the activity's row of the search index.
func index(ctx context.Context, tx *db.Tx, a Activity) error {
	body := searchBody(a)
	switch tx.Dialect {
	case db.SQLite:
		// Keyed by the activity's rowid: FTS5 finds rows by rowid, not by
		// the UNINDEXED activity_id.
		var rowid int64
		if err := tx.QueryRow(ctx, `SELECT rowid FROM activities WHERE id = ?`, a.ID).Scan(&rowid); err != nil {
			return apperr.Wrap(err, "index activity")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM activity_search WHERE rowid = ?`, rowid); err != nil {
			return apperr.Wrap(err, "index activity")
		}
		_, err := tx.Exec(ctx, `INSERT INTO activity_search (rowid, activity_id, body) VALUES (?, ?, ?)`, rowid, a.ID, body)
		return apperr.Wrap(err, "index activity")
	default:
		_, err := tx.Exec(ctx, `INSERT INTO activity_search (activity_id, body, vector) VALUES (?, ?, to_tsvector('swedish', ?))
			ON CONFLICT (activity_id) DO UPDATE SET body = excluded.body, vector = excluded.vector`, a.ID, body, body)
		return apperr.Wrap(err, "index activity")
	}
}

// reindex rewrites the search rows of the given activities (all when ids
// is nil), in batches so a large catalogue is not held in memory at once.
func reindex(ctx context.Context, tx *db.Tx, ids []string) error {
	if ids == nil {
		var err error
		if ids, err = db.Strings(ctx, tx, `SELECT id FROM activities ORDER BY id`); err != nil {
			return apperr.Wrap(err, "reindex")
		}
	}
	const batch = 500
	for lo := 0; lo < len(ids); lo += batch {
		part := ids[lo:min(lo+batch, len(ids))]
		loaded, err := loadActivities(ctx, tx, part)
		if err != nil {
			return err
		}
		for _, id := range part {
			if err := index(ctx, tx, *loaded[id]); err != nil {
				return err
			}
		}
	}
	return nil
}

// Reindex rebuilds the search index from the activities, e.g. after import.
func Reindex(ctx context.Context, tx *db.Tx) error { return reindex(ctx, tx, nil) }

// ReindexOrganisationTx rewrites the search rows of an organisation's
// activities (owned or co-organised), after its name changed; org calls it
// in the rename's transaction through the hook set at start.
func ReindexOrganisationTx(ctx context.Context, tx *db.Tx, orgID string) error {
	ids, err := db.Strings(ctx, tx, `SELECT id FROM activities WHERE organisation_id = ?
		UNION SELECT activity_id FROM activity_coorganisers WHERE organisation_id = ?`, orgID, orgID)
	if err != nil {
		return apperr.Wrap(err, "reindex organisation")
	}
	return reindex(ctx, tx, ids)
}
