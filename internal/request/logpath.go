package request

import "strings"

// Redacted stands in a logged path for a secret segment.
const Redacted = "{token}"

// secretPaths are the routes whose path carries a secret link's token (a
// participant's manage link, a sign-in link, an invitation, an
// organisation's confirmation, a harvest form's table-card link, an
// activity's "still running?" link): the segments before the token, "*"
// for any one segment. Whoever reads the logs must not be able to act as
// the link's holder. internal/server's TestLogPathCoversEveryTokenRoute
// fails when a route with a {token} is added and not listed here.
var secretPaths = [][]string{
	{"registrations"},
	{"api", "v1", "registrations"},
	{"login", "link"},
	{"invitations"},
	{"organisation-requests"},
	{"harvest"},
	{"api", "v1", "harvest"},
	{"activities", "*", "confirm"},
}

// LogPath is a request's path as the logs may hold it: the secret
// segment of a link replaced by Redacted ("/registrations/{token}/cancel").
// Logs never hold the query string: none of the secrets travel in one
// today, and an OIDC callback's code would.
func LogPath(path string) string {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for _, p := range secretPaths {
		if len(segs) <= len(p) || segs[len(p)] == "" {
			continue
		}
		match := true
		for i, s := range p {
			if s != "*" && s != segs[i] {
				match = false
				break
			}
		}
		if match {
			segs[len(p)] = Redacted
			return "/" + strings.Join(segs, "/")
		}
	}
	return path
}
