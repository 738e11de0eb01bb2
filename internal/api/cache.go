package api

import (
	"context"
	"sync"
	"time"
)

// searchCache keeps encoded answers to anonymous catalogue searches. An
// entry is served while the catalogue version it was made at is current; the
// version is read at most once per checkEvery, so a change made on another
// instance shows within that time. Entries also expire after maxAge, since
// "next occurrence" and "stale" move with the clock.
type searchCache struct {
	mu        sync.Mutex
	version   func(context.Context) (string, error)
	current   string
	checkedAt time.Time
	entries   map[string]cacheEntry
}

type cacheEntry struct {
	body    []byte
	version string
	at      time.Time
}

const (
	checkEvery   = time.Second
	maxAge       = time.Minute
	maxCacheSize = 2000
)

func newSearchCache(version func(context.Context) (string, error)) *searchCache {
	return &searchCache{version: version, entries: map[string]cacheEntry{}}
}

// currentVersion returns the catalogue version, read again when the last
// read is older than checkEvery.
func (c *searchCache) currentVersion(ctx context.Context, now time.Time) (string, bool) {
	c.mu.Lock()
	fresh := now.Sub(c.checkedAt) < checkEvery
	v := c.current
	c.mu.Unlock()
	if fresh {
		return v, true
	}
	nv, err := c.version(ctx)
	if err != nil {
		return "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if nv != c.current {
		c.entries = map[string]cacheEntry{}
	}
	c.current, c.checkedAt = nv, now
	return nv, true
}

func (c *searchCache) get(ctx context.Context, key string) ([]byte, bool) {
	now := time.Now()
	v, ok := c.currentVersion(ctx, now)
	if !ok {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.version != v || now.Sub(e.at) > maxAge {
		return nil, false
	}
	return e.body, true
}

func (c *searchCache) put(key string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCacheSize {
		c.entries = map[string]cacheEntry{}
	}
	c.entries[key] = cacheEntry{body: body, version: c.current, at: time.Now()}
}
