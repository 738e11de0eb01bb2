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
