// The guards are unexported, so these tests are in package web; the
// handlers are tested from package web_test (handlers_test.go).
package web

import "testing"

func TestSafeNext(t *testing.T) {
	tests := []struct {
		name, next, want string
	}{
		{"root", "/", "/"},
		{"a page", "/organisations", "/organisations"},
		{"a page with a query", "/ok?x=1", "/ok?x=1"},
		{"a page with a fragment", "/activities/abc?done=1#map", "/activities/abc?done=1#map"},
		{"encoded slashes stay a path here", "/%2F%2Fevil.example", "/%2F%2Fevil.example"},
		{"a dot segment before slashes", "/.//evil.example", "/.//evil.example"}, // the browser resolves it on this host
		{"empty", "", "/"},
		{"scheme-relative", "//evil.example", "/"},
		{"scheme-relative with path", "//evil.example/login", "/"},
		{"three slashes", "///evil.example", "/"},
		{"slash backslash", `/\evil.example`, "/"},
		{"slash backslash slash", `/\/evil.example`, "/"},
		{"backslashes", `\\evil.example`, "/"},
		{"absolute https", "https://x", "/"},
		{"absolute http", "http://evil.example/", "/"},
		{"scheme without slashes", "https:evil.example", "/"},
		{"javascript", "javascript:alert(1)", "/"},
		{"data", "data:text/html,<script>alert(1)</script>", "/"},
		{"relative", "evil.example", "/"},
		{"leading space", " /ok", "/"},
		{"leading tab", "\t/ok", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := safeNext(tt.next); got != tt.want {
				t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
			}
		})
	}
}
