package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// run executes the CLI as the binary would, with its own stdin.
func run(t *testing.T, stdin string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code = Run(context.Background(), append([]string{"samverkan"}, args...), getenv, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpDocumentsEveryFlag(t *testing.T) {
	tests := []struct {
		args  []string
		flags []string
	}{
		{[]string{"serve", "--help"}, []string{"-addr", "-db", "-base-url", "-smtp", "-demo", "-oidc-issuer", "-oidc-domains", "SAMVERKAN_OIDC_CLIENT_SECRET", "SAMVERKAN_ADDR", "SAMVERKAN_DB", "SAMVERKAN_SMTP"}},
		{[]string{"migrate", "--help"}, []string{"-db", "-status"}},
		{[]string{"users", "add", "--help"}, []string{"-db", "-email", "-name", "-role"}},
		{[]string{"users", "list", "--help"}, []string{"-db"}},
		{[]string{"tokens", "create", "--help"}, []string{"-db", "-email", "-name"}},
		{[]string{"export", "--help"}, []string{"-db"}},
		{[]string{"import", "--help"}, []string{"-db", "-replace"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := run(t, "", nil, tt.args...)
			if code != 0 {
				t.Errorf("exit %d", code)
			}
			for _, f := range tt.flags {
				if !strings.Contains(stderr, f) {
					t.Errorf("help lacks %s:\n%s", f, stderr)
				}
			}
		})
	}
	if code, _, _ := run(t, "", nil, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

func TestUsersTokensExportImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		src := dbtest.URL(t, d.Dialect)
		code, out, stderr := run(t, "", nil, "users", "add", "--db", src, "--email", "Chef@Example.org", "--name", "Chef", "--role", "admin")
		if code != 0 || !strings.Contains(out, "/login/link/") {
			t.Fatalf("users add: %d %s %s", code, out, stderr)
		}
		if code, _, stderr := run(t, "", nil, "users", "add", "--db", src, "--email", "chef@example.org", "--name", "Again"); code == 0 || !strings.Contains(stderr, "--email") {
			t.Errorf("duplicate user: exit %d, %s", code, stderr)
		}
		if code, _, stderr := run(t, "", nil, "users", "add", "--db", src, "--email", "x@example.org", "--name", "X", "--role", "king"); code == 0 || !strings.Contains(stderr, "--role") {
			t.Errorf("bad role: exit %d, %s", code, stderr)
		}
		code, tok, _ := run(t, "", map[string]string{"SAMVERKAN_DB": src}, "tokens", "create", "--email", "chef@example.org", "--name", "ci")
		if code != 0 || !strings.HasPrefix(tok, "svk_") {
			t.Fatalf("tokens create: %d %q", code, tok)
		}
		if code, out, _ := run(t, "", nil, "users", "list", "--db", src); code != 0 || !strings.Contains(out, "Chef@Example.org") {
			t.Errorf("users list: %d %s", code, out)
		}
		if code, out, _ := run(t, "", nil, "migrate", "--status", "--db", src); code != 0 || !strings.Contains(out, "applied") {
			t.Errorf("migrate --status: %d %s", code, out)
		}

		code, dumpText, stderr := run(t, "", nil, "export", "--db", src)
		if code != 0 {
			t.Fatalf("export: %s", stderr)
		}
		lines := strings.Split(strings.TrimSpace(dumpText), "\n")
		if !strings.Contains(lines[0], `"format":"samverkan-dump"`) || !strings.Contains(lines[len(lines)-1], `"end":true`) {
			t.Fatalf("dump framing: %s … %s", lines[0], lines[len(lines)-1])
		}
		// Into both engines: the dump is engine-neutral.
		for _, target := range dbtest.Dialects() {
			t.Run("into "+string(target), func(t *testing.T) {
				dst := dbtest.URL(t, target)
				if code, out, stderr := run(t, dumpText, nil, "import", "--db", dst); code != 0 || !strings.Contains(out, "imported") {
					t.Fatalf("import: %d %s %s", code, out, stderr)
				}
				code, again, _ := run(t, "", nil, "export", "--db", dst)
				if code != 0 || dropHeader(again) != dropHeader(dumpText) {
					t.Errorf("export after import differs from the original dump")
				}
				if code, _, stderr := run(t, dumpText, nil, "import", "--db", dst); code == 0 || !strings.Contains(stderr, "not empty") {
					t.Errorf("import into non-empty: %d %s", code, stderr)
				}
				if code, _, stderr := run(t, dumpText, nil, "import", "--replace", "--db", dst); code != 0 {
					t.Errorf("import --replace: %d %s", code, stderr)
				}
			})
		}
		broken := []struct {
			name, text, want string
		}{
			{"truncated", strings.Join(lines[:len(lines)-2], "\n") + "\n", "truncated"},
			{"cut mid-line", dumpText[:len(dumpText)-40], "line"},
			{"garbage row", strings.Join(append([]string{lines[0], lines[1], "{not json"}, lines[2:]...), "\n"), "line 3"},
			{"unknown table", strings.Join(append([]string{lines[0], `{"t":"nope","r":{}}`}, lines[1:]...), "\n"), "line 2: unknown table"},
			{"wrong count", strings.Join(append(lines[:len(lines)-1], `{"end":true,"rows":1}`), "\n"), "end marker"},
			{"not a dump", "hello\n", "line 1"},
			{"empty", "", "empty input"},
		}
		for _, tt := range broken {
			t.Run(tt.name, func(t *testing.T) {
				dst := dbtest.URL(t, d.Dialect)
				code, _, stderr := run(t, tt.text, nil, "import", "--db", dst)
				if code == 0 || !strings.Contains(stderr, tt.want) {
					t.Errorf("exit %d, stderr %q, want it to mention %q", code, stderr, tt.want)
				}
				code, again, _ := run(t, "", nil, "export", "--db", dst)
				if code != 0 || strings.Count(again, "\n") != 2 {
					t.Errorf("a rejected import wrote rows:\n%s", again)
				}
			})
		}
	})
}

func dropHeader(dump string) string {
	_, rest, _ := strings.Cut(dump, "\n")
	return rest
}

// TestServeChecksOIDCFlags: a half-configured identity provider stops the
// server at start with the flag to fix, instead of a sign-in button that
// always fails.
func TestServeChecksOIDCFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--oidc-client-id", "c"}, "need --oidc-issuer"},
		{[]string{"--oidc-issuer", "http://login.example.org", "--oidc-client-id", "c", "--oidc-domains", "example.org"}, "https://"},
		{[]string{"--oidc-issuer", "https://login.example.org", "--oidc-domains", "example.org"}, "--oidc-client-id"},
		{[]string{"--oidc-issuer", "https://login.example.org", "--oidc-client-id", "c"}, "--oidc-domains"},
		{[]string{"--oidc-issuer", "https://login.example.org", "--oidc-client-id", "c", "--oidc-domains", "example.org=admin"}, "samverkan users add --role admin"},
		{[]string{"--oidc-issuer", "https://login.example.org", "--oidc-client-id", "c", "--oidc-domains", "nodot=member"}, "want a domain"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := run(t, "", nil, append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}

func TestServeChecksEmbedOrigins(t *testing.T) {
	for _, bad := range []string{"www.sundsvall.se", "https://*.sundsvall.se", "https://www.sundsvall.se/aktiviteter", "ftp://x.se", "https://u:p@x.se"} {
		code, _, stderr := run(t, "", nil, "serve", "--addr", "127.0.0.1:0", "--embed-origins", "https://ronneby.se,"+bad)
		if code != 2 || !strings.Contains(stderr, "--embed-origins: "+bad) {
			t.Errorf("%s: exit %d, %q", bad, code, stderr)
		}
	}
}

// TestServeChecksEraseAfter: a wrong erasure period stops the server at
// start rather than keeping or erasing participants' data by surprise.
func TestServeChecksEraseAfter(t *testing.T) {
	code, _, stderr := run(t, "", nil, "serve", "--addr", "127.0.0.1:0", "--erase-after", "-1")
	if code != 2 || !strings.Contains(stderr, "--erase-after") {
		t.Errorf("negative: exit %d, %q", code, stderr)
	}
	code, _, stderr = run(t, "", map[string]string{"SAMVERKAN_ERASE_AFTER": "90d"}, "serve", "--addr", "127.0.0.1:0")
	if code != 2 || !strings.Contains(stderr, "SAMVERKAN_ERASE_AFTER") {
		t.Errorf("env 90d: exit %d, %q", code, stderr)
	}
	_, _, stderr = run(t, "", nil, "serve", "--help")
	if !strings.Contains(stderr, "-erase-after") || !strings.Contains(stderr, "(default 90)") {
		t.Errorf("help lacks the flag or its default: %q", stderr)
	}
}
