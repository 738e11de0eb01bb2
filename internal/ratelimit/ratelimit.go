// Package ratelimit counts what must be limited — sign-in attempts, forms
// that send mail, invitations — in the database, so the limits hold across
// instances. Counting and checking are one atomic statement (an upsert that
// returns the new count), so parallel requests cannot slip past a limit the
// way a count-then-record check lets them.
//
// Tables: rate_limits.
package ratelimit

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
)

// Rule allows Limit hits per Window for one key.
type Rule struct {
	Key    string
	Limit  int
	Window time.Duration
}

// bucketStart is the start of the fixed window holding now.
func (r Rule) bucketStart(now time.Time) time.Time { return now.UTC().Truncate(r.Window) }

// Take counts one hit against the rules, in order, and reports whether all
// of them allow it. The first rule that refuses stops the count: its hit is
// counted (hammering does not help), the later rules' are not, so a burst
// refused by the first rule cannot use up a later one for the hits the first
// let through. retry is how long until the refusing window ends.
//
// Windows slide: the hits of the previous fixed window count in proportion
// to how much of it still lies within one window's length of now. A fixed
// window alone lets a burst at its end and another at the next one's start
// pass twice the limit.
func Take(ctx context.Context, q db.Querier, now time.Time, rules ...Rule) (ok bool, retry time.Duration, err error) {
	for _, r := range rules {
		start := r.bucketStart(now)
		var hits, prev int
		err := q.QueryRow(ctx, `INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)
			ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
			RETURNING hits`, r.Key, start).Scan(&hits)
		if err != nil {
			return false, 0, apperr.Wrap(err, "rate limit %s", r.Key)
		}
		err = q.QueryRow(ctx, `SELECT COALESCE(MAX(hits), 0) FROM rate_limits WHERE bucket = ? AND window_start = ?`, r.Key, start.Add(-r.Window)).Scan(&prev)
		if err != nil {
			return false, 0, apperr.Wrap(err, "rate limit %s", r.Key)
		}
		left := 1 - float64(now.Sub(start))/float64(r.Window)
		if float64(hits)+float64(prev)*left > float64(r.Limit) {
			return false, start.Add(r.Window).Sub(now), nil
		}
	}
	return true, 0, nil
}

// bucket is one key's window in TakeAll.
type bucket struct {
	start, prevStart time.Time
	asked            int // hits this call may add
	base, prev, hits int // before the call; previous window; counted so far
}

func dialectOf(q db.Querier) db.Dialect {
	switch v := q.(type) {
	case *db.Tx:
		return v.Dialect
	case *db.DB:
		return v.Dialect
	}
	return ""
}

// countAll adds each bucket's asked hits and reads back its count before
// them (base) and its previous window's (prev). On PostgreSQL that is one
// statement; on SQLite, in process, two.
func countAll(ctx context.Context, q db.Querier, keys []string, buckets map[string]*bucket) error {
	scan := func(row db.Scanner) error {
		var k string
		var hits, prev int
		if err := row.Scan(&k, &hits, &prev); err != nil {
			return err
		}
		if b := buckets[k]; b != nil {
			b.base, b.prev = hits-b.asked, prev
			b.hits = b.base
		}
		return nil
	}
	values := make([]string, len(keys))
	args := make([]any, 0, 4*len(keys))
	if dialectOf(q) == db.Postgres {
		for i, k := range keys {
			values[i] = "(?::text, ?::timestamptz, ?::timestamptz, ?::integer)"
			args = append(args, k, buckets[k].start, buckets[k].prevStart, buckets[k].asked)
		}
		// The previous windows are read in the statement's snapshot; the
		// upsert never touches them (another window_start). Each is one
		// primary-key lookup: a join would let the planner hash the whole
		// table, which grows with every hit of the day.
		return db.Each(ctx, q, `WITH v (bucket, window_start, prev_start, hits) AS (VALUES `+strings.Join(values, ", ")+`),
			up AS (INSERT INTO rate_limits (bucket, window_start, hits) SELECT bucket, window_start, hits FROM v ORDER BY bucket
				ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + excluded.hits RETURNING bucket, hits)
			SELECT up.bucket, up.hits, COALESCE((SELECT p.hits FROM rate_limits p WHERE p.bucket = v.bucket AND p.window_start = v.prev_start), 0)
			FROM up JOIN v ON v.bucket = up.bucket`, args, scan)
	}
	for i, k := range keys {
		values[i] = "(?, ?, ?)"
		args = append(args, k, buckets[k].start, buckets[k].asked)
	}
	err := db.Each(ctx, q, `INSERT INTO rate_limits (bucket, window_start, hits) VALUES `+strings.Join(values, ", ")+`
		ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + excluded.hits
		RETURNING bucket, hits, 0`, args, scan)
	if err != nil {
		return err
	}
	where := make([]string, len(keys))
	args = args[:0]
	for i, k := range keys {
		where[i] = "(bucket = ? AND window_start = ?)"
		args = append(args, k, buckets[k].prevStart)
	}
	return db.Each(ctx, q, `SELECT bucket, hits FROM rate_limits WHERE `+strings.Join(where, " OR "), args, func(row db.Scanner) error {
		var k string
		var hits int
		if err := row.Scan(&k, &hits); err != nil {
			return err
		}
		if b := buckets[k]; b != nil {
			b.prev = hits
		}
		return nil
	})
}

// TakeAll is Take for many requests at once, each with its own rules, in
// the caller's transaction: a batch of registrations (internal/event)
// counts its limits in one statement on PostgreSQL (two on SQLite)
// instead of two per rule per request. The answer is exactly what Take
// would give called for each request in order: request k sees the hits of the requests before it, and
// a refused rule stops that request's count. Buckets are written in sorted
// order, so two batches never wait for each other's rows in a cycle. A key
// must name one window within one call.
func TakeAll(ctx context.Context, q db.Querier, now time.Time, requests [][]Rule) (ok []bool, retry []time.Duration, err error) {
	buckets := map[string]*bucket{}
	var keys []string
	for _, rules := range requests {
		for _, r := range rules {
			start := r.bucketStart(now)
			b, seen := buckets[r.Key]
			if !seen {
				b = &bucket{start: start, prevStart: start.Add(-r.Window)}
				buckets[r.Key] = b
				keys = append(keys, r.Key)
			} else if !b.start.Equal(start) {
				return nil, nil, apperr.Wrap(errors.New("one key, two windows"), "rate limit %s", r.Key)
			}
			b.asked++
		}
	}
	if len(keys) == 0 {
		return make([]bool, len(requests)), make([]time.Duration, len(requests)), nil
	}
	sort.Strings(keys)
	if err := countAll(ctx, q, keys, buckets); err != nil {
		return nil, nil, apperr.Wrap(err, "rate limits")
	}
	ok, retry = make([]bool, len(requests)), make([]time.Duration, len(requests))
	for i, rules := range requests {
		ok[i] = true
		for _, r := range rules {
			b := buckets[r.Key]
			b.hits++
			left := 1 - float64(now.Sub(b.start))/float64(r.Window)
			if float64(b.hits)+float64(b.prev)*left > float64(r.Limit) {
				ok[i], retry[i] = false, b.start.Add(r.Window).Sub(now)
				break
			}
		}
	}
	// The hits a refusal stopped were added above; take them back.
	for _, k := range keys {
		b := buckets[k]
		if extra := b.base + b.asked - b.hits; extra > 0 {
			if _, err := q.Exec(ctx, `UPDATE rate_limits SET hits = hits - ? WHERE bucket = ? AND window_start = ?`, extra, k, b.start); err != nil {
				return nil, nil, apperr.Wrap(err, "rate limit %s", k)
			}
		}
	}
	return ok, retry, nil
}

// Give returns one hit to every rule: a sign-in that succeeded does not
// count against its owner.
func Give(ctx context.Context, q db.Querier, now time.Time, rules ...Rule) error {
	for _, r := range rules {
		if _, err := q.Exec(ctx, `UPDATE rate_limits SET hits = hits - 1 WHERE bucket = ? AND window_start = ? AND hits > 0`,
			r.Key, r.bucketStart(now)); err != nil {
			return apperr.Wrap(err, "rate limit %s", r.Key)
		}
	}
	return nil
}

// Limited is the error for a refused hit: 429, naming the field of the form
// it came from, with the minutes to wait.
func Limited(field string, retry time.Duration) error {
	minutes := int(retry.Minutes() + 0.999)
	if minutes < 1 {
		minutes = 1
	}
	return apperr.New(apperr.RateLimited, field, "error.rate_limited", "minutes", minutes)
}

// Sweep deletes windows that ended more than a day ago; any instance may run
// it, as often as it likes.
func Sweep(ctx context.Context, q db.Querier, now time.Time) error {
	_, err := q.Exec(ctx, `DELETE FROM rate_limits WHERE window_start < ?`, now.UTC().Add(-48*time.Hour))
	return apperr.Wrap(err, "sweep rate limits")
}

// ForgetTx deletes every window of the given buckets inside q's
// transaction: erasing a participant's data (internal/event) reaches the
// buckets named by their e-mail address. Buckets named by an IP address
// fall to Sweep within two days.
func ForgetTx(ctx context.Context, q db.Querier, buckets []string) error {
	for _, b := range buckets {
		if _, err := q.Exec(ctx, `DELETE FROM rate_limits WHERE bucket = ?`, b); err != nil {
			return apperr.Wrap(err, "forget rate limits")
		}
	}
	return nil
}
