package api

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// searchCache keeps encoded answers to anonymous catalogue searches, keyed
// by the parsed, normalised filter (so extra or reordered parameters cannot
// make new entries), least recently used first out, within a byte budget. An
// entry is served while the catalogue version it was made at is current;
// the version is read at most once per checkEvery, so a change made on
// another instance shows within that time. Entries also expire after maxAge,
// since "next occurrence" and "stale" move with the clock.
type searchCache struct {
	mu        sync.Mutex
	version   func(context.Context) (string, error)
	current   string
	checkedAt time.Time
	entries   *simplelru.LRU[string, cacheEntry]
	bytes     int
}

type cacheEntry struct {
	body    []byte
	version string
	at      time.Time
}

const (
	checkEvery = time.Second
	maxAge     = time.Minute
	// maxCacheBytes bounds the memory the cache holds; maxEntryBytes keeps
	// one large answer from pushing out many small ones.
	maxCacheBytes = 32 << 20
	maxEntryBytes = 512 << 10
)

func newSearchCache(version func(context.Context) (string, error)) *searchCache {
	c := &searchCache{version: version}
	// The count bound is never reached before the byte bound; the byte
	// bound is kept by put, with the eviction callback keeping the count.
	c.entries, _ = simplelru.NewLRU[string, cacheEntry](maxCacheBytes/256, func(k string, e cacheEntry) {
		c.bytes -= len(k) + len(e.body)
	})
	return c
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
		c.entries.Purge()
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
	e, ok := c.entries.Get(key)
	if !ok || e.version != v || now.Sub(e.at) > maxAge {
		return nil, false
	}
	return e.body, true
}

func (c *searchCache) put(key string, body []byte) {
	if len(body) > maxEntryBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries.Remove(key)
	c.entries.Add(key, cacheEntry{body: body, version: c.current, at: time.Now()})
	c.bytes += len(key) + len(body)
	for c.bytes > maxCacheBytes {
		if _, _, ok := c.entries.RemoveOldest(); !ok {
			break
		}
	}
}

// size reports the entries and bytes held, for tests.
func (c *searchCache) size() (int, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries.Len(), c.bytes
}
