package api

import (
	"net/http"
)

// The API's one paging model, for every list under /api/v1: a client asks
// for limit= items and gets, while there are more, next_cursor and next
// (this request's URL with cursor= set) in the answer; it follows next
// until the answer has none. A cursor is opaque. Lists that are always
// short (members, municipalities, counties, venues) come whole, without
// next. HSDS keeps its own page numbers (/hsds/, its standard).

// list is a list answer with the paging fields.
func list[T any](r *http.Request, items []T, cursor string) map[string]any {
	m := map[string]any{"items": items}
	if cursor != "" {
		m["next_cursor"] = cursor
		m["next"] = nextURL(r, cursor)
	}
	return m
}

// nextURL is the request's path and query with cursor= replaced (the
// language parameter dropped: the client's Accept-Language stays).
func nextURL(r *http.Request, cursor string) string {
	q := r.URL.Query()
	q.Del("lang")
	q.Del("page")
	q.Set("cursor", cursor)
	return r.URL.Path + "?" + q.Encode()
}
