// Package catalog is the activity catalogue: what organisations offer
// regularly (language cafés, homework help, sports, reading projects), where
// (venues and meeting places) and when, in which languages. Its search keeps
// Swedish letters apart and works the same on SQLite and PostgreSQL.
package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
)

// Themes (DOMAIN.md) and target groups (issue 3).
var (
	Themes       = []string{"health", "housing", "education", "anti_discrimination", "language", "work", "meeting_places", "leisure_culture", "sport", "children_youth", "democracy"}
	TargetGroups = []string{"everyone", "newcomers", "asylum_seekers", "unaccompanied_minors", "women", "parents", "children", "youth", "seniors"}
	Access       = []string{"step_free", "hearing_loop", "accessible_toilet", "sign_language", "quiet_room"}
	Statuses     = []string{"draft", "published", "archived"}
)

// Freshness: owners are asked to confirm after six months; unconfirmed for
// nine months, an activity is shown as stale.
const (
	ConfirmAfter = 6 * 30 * 24 * time.Hour
	StaleAfter   = 9 * 30 * 24 * time.Hour
)

// Text is an activity's wording in one language.
type Text struct {
	Title       string `json:"title"`
	Summary     string `json:"summary,omitempty"`
	Description string `json:"description,omitempty"`
}

// Activity is something an organisation offers.
type Activity struct {
	ID               string          `json:"id"`
	OrganisationID   string          `json:"organisation_id"`
	OrganisationName string          `json:"organisation_name"`
	CoOrganisers     []string        `json:"co_organisers"`      // organisation IDs
	CoOrganiserNames []string        `json:"co_organiser_names"` // filled on read
	VenueID          string          `json:"venue_id,omitempty"`
	VenueName        string          `json:"venue_name,omitempty"`
	OnlineURL        string          `json:"online_url,omitempty"`
	Municipality     string          `json:"municipality"`
	MunicipalityName string          `json:"municipality_name"`
	Status           string          `json:"status"`
	CostKr           int             `json:"cost_kr"`
	Signup           string          `json:"signup,omitempty"`
	Contact          string          `json:"contact,omitempty"`
	AgeMin           *int            `json:"age_min,omitempty"`
	AgeMax           *int            `json:"age_max,omitempty"`
	Accessibility    []string        `json:"accessibility"`
	Themes           []string        `json:"themes"`
	TargetGroups     []string        `json:"target_groups"`
	Languages        []string        `json:"languages"`
	Texts            map[string]Text `json:"texts"`
	Schedule         Schedule        `json:"schedule"`
	Next             *Occurrence     `json:"next,omitempty"`
	LastConfirmedAt  time.Time       `json:"last_confirmed_at"`
	Stale            bool            `json:"stale"`
	CreatedAt        time.Time       `json:"created_at"`
	UpdatedAt        time.Time       `json:"updated_at"`
}

// Free reports whether the activity costs nothing.
func (a Activity) Free() bool { return a.CostKr == 0 }

// In returns the text in lang, or the Swedish text and false when the
// activity has none in that language: a page is never empty.
func (a Activity) In(lang string) (Text, bool) {
	if t, ok := a.Texts[lang]; ok && t.Title != "" {
		return t, true
	}
	return a.Texts["sv"], lang == "sv"
}

// Service is the catalogue's store and rules.
type Service struct {
	DB  *db.DB
	Now func() time.Time
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func cleanSet(field string, in []string, allowed []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, v := range in {
		v = strings.TrimSpace(v)
		if v == "" || seen[v] {
			continue
		}
		if allowed != nil && !contains(allowed, v) {
			return nil, apperr.Invalidf(field, "error.choice")
		}
		seen[v] = true
		out = append(out, v)
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}

func textField(field, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > max {
		return "", apperr.Invalidf(field, "error.too_long", "max", max)
	}
	return s, nil
}

// validate checks an activity before anything is written.
func (s *Service) validate(a *Activity) error {
	sv, ok := a.Texts["sv"]
	if !ok || strings.TrimSpace(sv.Title) == "" {
		return apperr.Invalidf("title_sv", "error.required")
	}
	texts := map[string]Text{}
	for lang, t := range a.Texts {
		if _, ok := i18n.Find(lang); !ok {
			return apperr.Invalidf("texts", "error.language", "code", lang)
		}
		var err error
		if t.Title, err = textField("title_"+lang, t.Title, 200); err != nil {
			return err
		}
		if t.Summary, err = textField("summary_"+lang, t.Summary, 500); err != nil {
			return err
		}
		if t.Description, err = textField("description_"+lang, t.Description, 5000); err != nil {
			return err
		}
		if t.Title != "" {
			texts[lang] = t
		}
	}
	a.Texts = texts
	if !contains(Statuses, a.Status) {
		return apperr.Invalidf("status", "error.choice")
	}
	if a.CostKr < 0 || a.CostKr > 100000 {
		return apperr.Invalidf("cost_kr", "error.range")
	}
	if a.AgeMin != nil && (*a.AgeMin < 0 || *a.AgeMin > 120) {
		return apperr.Invalidf("age_min", "error.range")
	}
	if a.AgeMax != nil && (*a.AgeMax < 0 || *a.AgeMax > 120 || a.AgeMin != nil && *a.AgeMax < *a.AgeMin) {
		return apperr.Invalidf("age_max", "error.range")
	}
	var err error
	if a.Themes, err = cleanSet("themes", a.Themes, Themes); err != nil {
		return err
	}
	if a.TargetGroups, err = cleanSet("target_groups", a.TargetGroups, TargetGroups); err != nil {
		return err
	}
	if a.Accessibility, err = cleanSet("accessibility", a.Accessibility, Access); err != nil {
		return err
	}
	if a.Languages, err = cleanSet("languages", a.Languages, nil); err != nil {
		return err
	}
	for _, l := range a.Languages {
		if len(l) < 2 || len(l) > 3 || strings.ToLower(l) != l {
			return apperr.Invalidf("languages", "error.language", "code", l)
		}
	}
	if a.Signup, err = textField("signup", a.Signup, 500); err != nil {
		return err
	}
	if a.Contact, err = textField("contact", a.Contact, 300); err != nil {
		return err
	}
	if a.OnlineURL = strings.TrimSpace(a.OnlineURL); a.OnlineURL != "" && !strings.HasPrefix(a.OnlineURL, "https://") && !strings.HasPrefix(a.OnlineURL, "http://") {
		return apperr.Invalidf("online_url", "error.url")
	}
	if a.VenueID == "" && a.OnlineURL == "" {
		return apperr.Invalidf("venue_id", "error.venue_or_online")
	}
	if a.VenueID == "" {
		if _, ok := municipality.ByCode(a.Municipality); !ok {
			return apperr.Invalidf("municipality", "error.choice")
		}
	}
	return a.Schedule.validate()
}

// searchBody is the folded text indexed for an activity: titles, summaries
// and descriptions in every language, the organisers and the venue.
func searchBody(a Activity, orgNames []string, venue string) string {
	var parts []string
	for _, t := range a.Texts {
		parts = append(parts, t.Title, t.Summary, t.Description)
	}
	parts = append(parts, orgNames...)
	parts = append(parts, venue)
	parts = append(parts, facets(a)...)
	return Fold(strings.Join(parts, " "))
}

// facets are filter values written into the search text as tokens no word
// can be ("zzcty12"), so a word search and its filters are intersected by
// the full-text index itself instead of ranking every match first. Each ends
// in a digit so PostgreSQL's Swedish stemmer leaves it whole (it would cut
// "zzlangar" and "zzlangen" to the same stem).
func facets(a Activity) []string {
	out := []string{"zzmun" + a.Municipality}
	if len(a.Municipality) == 4 {
		out = append(out, "zzcty"+a.Municipality[:2])
	}
	for _, l := range a.Languages {
		out = append(out, "zzlang"+l+"9")
	}
	for _, t := range a.Themes {
		out = append(out, "zztheme"+strings.ReplaceAll(t, "_", "")+"9")
	}
	for _, t := range a.TargetGroups {
		out = append(out, "zztarget"+strings.ReplaceAll(t, "_", "")+"9")
	}
	return out
}

func (s *Service) index(ctx context.Context, tx *db.Tx, id, body string) error {
	switch tx.Dialect {
	case db.SQLite:
		// Keyed by the activity's rowid: FTS5 finds rows by rowid, not by
		// the UNINDEXED activity_id.
		var rowid int64
		if err := tx.QueryRow(ctx, `SELECT rowid FROM activities WHERE id = ?`, id).Scan(&rowid); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM activity_search WHERE rowid = ?`, rowid); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO activity_search (rowid, activity_id, body) VALUES (?, ?, ?)`, rowid, id, body)
		return err
	default:
		_, err := tx.Exec(ctx, `INSERT INTO activity_search (activity_id, body, vector) VALUES (?, ?, to_tsvector('swedish', ?))
			ON CONFLICT (activity_id) DO UPDATE SET body = excluded.body, vector = excluded.vector`, id, body, body)
		return err
	}
}

// Reindex rebuilds the search index from the activities, e.g. after import.
func Reindex(ctx context.Context, tx *db.Tx) error {
	rows, err := tx.Query(ctx, `SELECT id FROM activities`)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	s := &Service{}
	for _, id := range ids {
		a, err := loadActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.index(ctx, tx, id, searchBody(a, append([]string{a.OrganisationName}, a.CoOrganiserNames...), a.VenueName)); err != nil {
			return err
		}
	}
	return nil
}

// SaveActivity creates (empty ID) or updates an activity. Members of the
// owning organisation and staff may; a new owner must be one the actor may
// edit too.
func (s *Service) SaveActivity(ctx context.Context, who actor.Actor, a Activity) (Activity, error) {
	if !who.SignedIn() {
		return Activity{}, apperr.New(apperr.Unauthorized, "", "error.unauthorized")
	}
	if a.Status == "" {
		a.Status = "published"
	}
	if err := s.validate(&a); err != nil {
		return Activity{}, err
	}
	now := s.Now().UTC()
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		var orgName string
		if err := tx.QueryRow(ctx, `SELECT name FROM organisations WHERE id = ?`, a.OrganisationID).Scan(&orgName); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.Invalidf("organisation_id", "error.not_found")
			}
			return apperr.Wrap(err, "activity owner")
		}
		if !who.CanEditOrg(a.OrganisationID) {
			return apperr.New(apperr.Forbidden, "", "error.forbidden")
		}
		venueName := ""
		if a.VenueID != "" {
			if err := tx.QueryRow(ctx, `SELECT name, municipality_code FROM venues WHERE id = ?`, a.VenueID).Scan(&venueName, &a.Municipality); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return apperr.Invalidf("venue_id", "error.not_found")
				}
				return apperr.Wrap(err, "venue")
			}
		}
		names := []string{orgName}
		for _, co := range a.CoOrganisers {
			var n string
			if err := tx.QueryRow(ctx, `SELECT name FROM organisations WHERE id = ?`, co).Scan(&n); err != nil {
				return apperr.Invalidf("co_organisers", "error.not_found")
			}
			names = append(names, n)
		}
		action := "activity.update"
		if a.ID == "" {
			action = "activity.create"
			a.ID, a.CreatedAt, a.LastConfirmedAt = db.NewID(), now, now
		} else {
			old, err := loadActivity(ctx, tx, a.ID)
			if err != nil {
				return err
			}
			if !who.CanEditOrg(old.OrganisationID) {
				return apperr.New(apperr.Forbidden, "", "error.forbidden")
			}
			a.CreatedAt = old.CreatedAt
			// Saving is confirming that the activity still runs.
			a.LastConfirmedAt = now
			if _, err := tx.Exec(ctx, `DELETE FROM activities WHERE id = ?`, a.ID); err != nil {
				return apperr.Wrap(err, "replace activity")
			}
		}
		a.UpdatedAt = now
		var venue any
		if a.VenueID != "" {
			venue = a.VenueID
		}
		_, err := tx.Exec(ctx, `INSERT INTO activities (id, organisation_id, venue_id, online_url, municipality_code, status, cost_kr, signup, contact,
			age_min, age_max, accessibility, recurrence, starts_on, ends_on, start_time, end_time, weekday, rrule, last_confirmed_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, a.OrganisationID, venue, a.OnlineURL, a.Municipality, a.Status, a.CostKr, a.Signup, a.Contact,
			a.AgeMin, a.AgeMax, strings.Join(a.Accessibility, ","), a.Schedule.Recurrence, a.Schedule.StartsOn, a.Schedule.EndsOn,
			a.Schedule.StartTime, a.Schedule.EndTime, a.Schedule.Weekday(), a.Schedule.RRule(), a.LastConfirmedAt, a.CreatedAt, a.UpdatedAt)
		if err != nil {
			return apperr.Wrap(err, "save activity")
		}
		for lang, t := range a.Texts {
			if _, err := tx.Exec(ctx, `INSERT INTO activity_texts (activity_id, lang, title, summary, description) VALUES (?, ?, ?, ?, ?)`,
				a.ID, lang, t.Title, t.Summary, t.Description); err != nil {
				return apperr.Wrap(err, "activity text")
			}
		}
		for kind, vals := range map[string][]string{"theme": a.Themes, "target": a.TargetGroups, "lang": a.Languages} {
			for _, v := range vals {
				if _, err := tx.Exec(ctx, `INSERT INTO activity_tags (activity_id, kind, value) VALUES (?, ?, ?)`, a.ID, kind, v); err != nil {
					return apperr.Wrap(err, "activity tag")
				}
			}
		}
		for _, co := range a.CoOrganisers {
			if _, err := tx.Exec(ctx, `INSERT INTO activity_coorganisers (activity_id, organisation_id) VALUES (?, ?)`, a.ID, co); err != nil {
				return apperr.Wrap(err, "co-organiser")
			}
		}
		for _, d := range a.Schedule.Cancelled {
			if _, err := tx.Exec(ctx, `INSERT INTO activity_cancellations (activity_id, day) VALUES (?, ?)`, a.ID, d); err != nil {
				return apperr.Wrap(err, "cancellation")
			}
		}
		if err := s.index(ctx, tx, a.ID, searchBody(a, names, venueName)); err != nil {
			return apperr.Wrap(err, "index activity")
		}
		return audit.Record(ctx, tx, now, who, action, "activity", a.ID, map[string]string{"title": a.Texts["sv"].Title, "status": a.Status})
	})
	if err != nil {
		return Activity{}, err
	}
	return s.FindActivityByID(ctx, a.ID)
}

// ConfirmActivity records that an activity still runs (the one click from
// the reminder mail).
func (s *Service) ConfirmActivity(ctx context.Context, who actor.Actor, id string) error {
	return s.DB.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		if !who.CanEditOrg(a.OrganisationID) {
			return apperr.New(apperr.Forbidden, "", "error.forbidden")
		}
		now := s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE activities SET last_confirmed_at = ?, reminded_at = NULL WHERE id = ?`, now, id); err != nil {
			return apperr.Wrap(err, "confirm")
		}
		return audit.Record(ctx, tx, now, who, "activity.confirm", "activity", id, nil)
	})
}

// FindActivityByID returns one activity. Drafts are returned too; callers
// showing it publicly check Status.
func (s *Service) FindActivityByID(ctx context.Context, id string) (Activity, error) {
	a, err := loadActivity(ctx, s.DB, id)
	if err != nil {
		return Activity{}, err
	}
	s.derive(&a)
	return a, nil
}

func (s *Service) derive(a *Activity) {
	now := s.Now()
	a.Stale = now.Sub(a.LastConfirmedAt) > StaleAfter
	if o, ok := a.Schedule.Next(now); ok {
		a.Next = &o
	}
}

func loadActivity(ctx context.Context, q db.Querier, id string) (Activity, error) {
	m, err := loadActivities(ctx, q, []string{id})
	if err != nil {
		return Activity{}, err
	}
	a, ok := m[id]
	if !ok {
		return Activity{}, apperr.New(apperr.NotFound, "", "error.not_found")
	}
	return a, nil
}

// loadActivities reads activities with their texts, tags, co-organisers and
// cancellations in five queries, however many there are: a search page must
// not cost a round trip per activity and table.
func loadActivities(ctx context.Context, q db.Querier, ids []string) (map[string]Activity, error) {
	out := make(map[string]Activity, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := q.Query(ctx, `SELECT a.id, a.organisation_id, o.name, a.venue_id, v.name, a.online_url, a.municipality_code, a.status, a.cost_kr,
		a.signup, a.contact, a.age_min, a.age_max, a.accessibility, a.recurrence, a.starts_on, a.ends_on, a.start_time, a.end_time,
		a.last_confirmed_at, a.created_at, a.updated_at
		FROM activities a JOIN organisations o ON o.id = a.organisation_id LEFT JOIN venues v ON v.id = a.venue_id WHERE a.id IN (`+ph+`)`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "load activities")
	}
	for rows.Next() {
		var a Activity
		var venue, venueName sql.NullString
		var ageMin, ageMax sql.NullInt64
		var access string
		if err := rows.Scan(&a.ID, &a.OrganisationID, &a.OrganisationName, &venue, &venueName, &a.OnlineURL, &a.Municipality, &a.Status, &a.CostKr,
			&a.Signup, &a.Contact, &ageMin, &ageMax, &access, &a.Schedule.Recurrence, &a.Schedule.StartsOn, &a.Schedule.EndsOn,
			&a.Schedule.StartTime, &a.Schedule.EndTime, &a.LastConfirmedAt, &a.CreatedAt, &a.UpdatedAt); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "load activities")
		}
		a.VenueID, a.VenueName = venue.String, venueName.String
		if ageMin.Valid {
			n := int(ageMin.Int64)
			a.AgeMin = &n
		}
		if ageMax.Valid {
			n := int(ageMax.Int64)
			a.AgeMax = &n
		}
		a.Accessibility = splitList(access)
		if m, ok := municipality.ByCode(a.Municipality); ok {
			a.MunicipalityName = m.Name
		}
		a.Texts = map[string]Text{}
		a.Themes, a.TargetGroups, a.Languages, a.CoOrganisers, a.CoOrganiserNames = []string{}, []string{}, []string{}, []string{}, []string{}
		out[a.ID] = a
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "load activities")
	}
	// Each child query fills its part of every activity on the page.
	each := func(query string, scan func(rows *sql.Rows) error) error {
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err = each(`SELECT activity_id, lang, title, summary, description FROM activity_texts WHERE activity_id IN (`+ph+`)`, func(rows *sql.Rows) error {
		var id, l string
		var t Text
		if err := rows.Scan(&id, &l, &t.Title, &t.Summary, &t.Description); err != nil {
			return err
		}
		out[id].Texts[l] = t
		return nil
	})
	if err == nil {
		err = each(`SELECT activity_id, kind, value FROM activity_tags WHERE activity_id IN (`+ph+`) ORDER BY activity_id, kind, value`, func(rows *sql.Rows) error {
			var id, k, v string
			if err := rows.Scan(&id, &k, &v); err != nil {
				return err
			}
			a := out[id]
			switch k {
			case "theme":
				a.Themes = append(a.Themes, v)
			case "target":
				a.TargetGroups = append(a.TargetGroups, v)
			case "lang":
				a.Languages = append(a.Languages, v)
			}
			out[id] = a
			return nil
		})
	}
	if err == nil {
		err = each(`SELECT c.activity_id, o.id, o.name FROM activity_coorganisers c JOIN organisations o ON o.id = c.organisation_id
			WHERE c.activity_id IN (`+ph+`) ORDER BY c.activity_id, o.sort_name, o.id`, func(rows *sql.Rows) error {
			var id, oid, n string
			if err := rows.Scan(&id, &oid, &n); err != nil {
				return err
			}
			a := out[id]
			a.CoOrganisers = append(a.CoOrganisers, oid)
			a.CoOrganiserNames = append(a.CoOrganiserNames, n)
			out[id] = a
			return nil
		})
	}
	if err == nil {
		err = each(`SELECT activity_id, day FROM activity_cancellations WHERE activity_id IN (`+ph+`) ORDER BY activity_id, day`, func(rows *sql.Rows) error {
			var id, d string
			if err := rows.Scan(&id, &d); err != nil {
				return err
			}
			a := out[id]
			a.Schedule.Cancelled = append(a.Schedule.Cancelled, d)
			out[id] = a
			return nil
		})
	}
	if err != nil {
		return nil, apperr.Wrap(err, "load activities")
	}
	return out, nil
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

type nullFloat = sql.NullFloat64

// ArchiveActivity takes an activity out of the catalogue without deleting
// its history.
func (s *Service) ArchiveActivity(ctx context.Context, who actor.Actor, id string) (Activity, error) {
	if !who.SignedIn() {
		return Activity{}, apperr.New(apperr.Unauthorized, "", "error.unauthorized")
	}
	err := s.DB.InTx(ctx, func(tx *db.Tx) error {
		a, err := loadActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		if !who.CanEditOrg(a.OrganisationID) {
			return apperr.New(apperr.Forbidden, "", "error.forbidden")
		}
		now := s.Now().UTC()
		if _, err := tx.Exec(ctx, `UPDATE activities SET status = 'archived', updated_at = ? WHERE id = ?`, now, id); err != nil {
			return apperr.Wrap(err, "archive")
		}
		return audit.Record(ctx, tx, now, who, "activity.archive", "activity", id, nil)
	})
	if err != nil {
		return Activity{}, err
	}
	return s.FindActivityByID(ctx, id)
}

// Visible reports whether who may see the activity: published ones are
// public, drafts and archived ones only for their organisation and staff.
func (a Activity) Visible(who actor.Actor) bool {
	return a.Status == "published" || who.CanEditOrg(a.OrganisationID)
}

// ValidateActivity checks an activity as SaveActivity would, without
// writing (references to organisations and venues are the caller's).
func (s *Service) ValidateActivity(a Activity) (Activity, error) {
	if a.Status == "" {
		a.Status = "published"
	}
	err := s.validate(&a)
	return a, err
}

// ValidateVenue checks a venue as SaveVenue would, without writing.
func (s *Service) ValidateVenue(v Venue) (Venue, error) {
	err := s.validateVenue(&v)
	return v, err
}

// ActivityKey identifies an activity for matching imported rows: the same
// organisation, Swedish title and venue (or online link) is the same activity.
type ActivityKey struct {
	ID, OrganisationID, Title, VenueID, OnlineURL string
}

// FindActivityKeys lists every activity's matching key.
func (s *Service) FindActivityKeys(ctx context.Context) ([]ActivityKey, error) {
	rows, err := s.DB.Query(ctx, `SELECT a.id, a.organisation_id, t.title, COALESCE(a.venue_id, ''), a.online_url
		FROM activities a JOIN activity_texts t ON t.activity_id = a.id AND t.lang = 'sv'`)
	if err != nil {
		return nil, apperr.Wrap(err, "activity keys")
	}
	defer rows.Close()
	var out []ActivityKey
	for rows.Next() {
		var k ActivityKey
		if err := rows.Scan(&k.ID, &k.OrganisationID, &k.Title, &k.VenueID, &k.OnlineURL); err != nil {
			return nil, apperr.Wrap(err, "activity keys")
		}
		out = append(out, k)
	}
	return out, apperr.Wrap(rows.Err(), "activity keys")
}

// Version changes whenever anything shown in search results changes:
// activities, venues or organisations added, changed or removed. It is a
// few aggregate reads, cheap enough to check about once a second, and it is
// the same on every instance, so caches stay coherent across instances.
func (s *Service) Version(ctx context.Context) (string, error) {
	var v [6]sql.NullString
	err := s.DB.QueryRow(ctx, `SELECT
		(SELECT CAST(COUNT(*) AS TEXT) FROM activities), (SELECT CAST(MAX(updated_at) AS TEXT) FROM activities),
		(SELECT CAST(COUNT(*) AS TEXT) FROM venues), (SELECT CAST(MAX(updated_at) AS TEXT) FROM venues),
		(SELECT CAST(COUNT(*) AS TEXT) FROM organisations), (SELECT CAST(MAX(updated_at) AS TEXT) FROM organisations)`).
		Scan(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5])
	if err != nil {
		return "", apperr.Wrap(err, "catalogue version")
	}
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = x.String
	}
	return strings.Join(parts, "|"), nil
}
