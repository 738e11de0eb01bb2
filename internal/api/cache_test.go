package api

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// TestSearchCacheStaysWithinItsBytes: however many distinct searches come,
// the cache holds at most maxCacheBytes, drops the least recently used
// first, and skips answers too large to be worth keeping.
func TestSearchCacheStaysWithinItsBytes(t *testing.T) {
	c := newSearchCache(func(context.Context) (string, error) { return "v1", nil })
	ctx := context.Background()
	c.get(ctx, "warm") // reads the version
	body := []byte(strings.Repeat("x", 100<<10))
	for i := 0; i < 1000; i++ {
		c.put("k"+strconv.Itoa(i), body)
		if _, n := c.size(); n > maxCacheBytes {
			t.Fatalf("after %d entries the cache holds %d bytes, more than %d", i+1, n, maxCacheBytes)
		}
	}
	if _, ok := c.get(ctx, "k0"); ok {
		t.Error("the oldest entry was kept")
	}
	if got, ok := c.get(ctx, "k999"); !ok || len(got) != len(body) {
		t.Error("the newest entry was dropped")
	}
	c.put("huge", make([]byte, maxEntryBytes+1))
	if _, ok := c.get(ctx, "huge"); ok {
		t.Error("an answer over maxEntryBytes was cached")
	}
	if entries, bytes := c.size(); entries == 0 || bytes > maxCacheBytes {
		t.Errorf("%d entries, %d bytes", entries, bytes)
	}
}
