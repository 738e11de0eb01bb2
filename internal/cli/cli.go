// Package cli is samverkan's command line and its composition root: it reads
// configuration from flags and SAMVERKAN_* variables, opens the database and
// wires the services together.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"

	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/db"
)

// env is how the CLI reads the environment; tests pass their own.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	name, summary string
	run           func(ctx context.Context, e env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run the web server and API", serve},
		{"migrate", "apply database migrations (--status to list them)", migrate},
		{"users", "manage users: add, list", users},
		{"tokens", "manage API tokens: create", tokens},
		{"export", "write the whole database as a versioned JSON-lines dump to stdout", export},
		{"import", "read a dump from stdin into the database", importCmd},
		{"import-csv", "import organisations, venues or activities from CSV (dry run unless --apply)", importCSV},
		{"generate", "fill an empty database with a synthetic catalogue for benchmarks", generate},
	}
}

// Run executes the command line and returns the process exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) < 2 || args[1] == "-h" || args[1] == "--help" || args[1] == "help" {
		usage(stderr)
		if len(args) < 2 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name == args[1] {
			err := c.run(ctx, e, args[2:])
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			if err != nil {
				fmt.Fprintf(stderr, "samverkan %s: %v\n", c.name, err)
				var ue usageError
				if errors.As(err, &ue) {
					return 2
				}
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(stderr, "samverkan: unknown command %q\n\n", args[1])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "samverkan – the platform for local integration work\n\nUsage: samverkan COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'samverkan COMMAND --help' for the flags of a command.")
}

type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// Config is the typed configuration, from flags with SAMVERKAN_* fallbacks.
type Config struct {
	Addr        string
	DB          string
	BaseURL     string
	SMTP        string
	MailFrom    string
	Demo        bool
	LogFormat   string
	LogLevel    string
	TrustProxy  int
	TileURL     string
	MetricsAddr string
}

func newFlags(e env, name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet("samverkan "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: samverkan %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

func envOr(e env, key, def string) string {
	if v := e.getenv(key); v != "" {
		return v
	}
	return def
}

// dbFlag adds --db, which every command that touches data takes.
func dbFlag(fs *flag.FlagSet, e env, c *Config) {
	fs.StringVar(&c.DB, "db", envOr(e, "SAMVERKAN_DB", "sqlite:samverkan.db"), "database URL: sqlite:FILE or postgres://… (env SAMVERKAN_DB)")
}

func logFlags(fs *flag.FlagSet, e env, c *Config) {
	fs.StringVar(&c.LogFormat, "log-format", envOr(e, "SAMVERKAN_LOG_FORMAT", "text"), "log format: text or json (env SAMVERKAN_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", envOr(e, "SAMVERKAN_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env SAMVERKAN_LOG_LEVEL)")
}

func (c Config) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, usageError{fmt.Sprintf("--log-level %q: use debug, info, warn or error", c.LogLevel)}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch c.LogFormat {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, usageError{fmt.Sprintf("--log-format %q: use text or json", c.LogFormat)}
	}
}

// app is the wired set of services.
// instance is an opened database with the services wired to it.
type instance struct {
	db  *db.DB
	log *slog.Logger
	*app.Services
}

func open(ctx context.Context, c Config, log *slog.Logger) (*instance, error) {
	d, err := openMigrated(ctx, c.DB)
	if err != nil {
		return nil, err
	}
	return wire(d, c, log)
}

// openMigrated opens the database and brings its schema up to date, as
// every command that reads or writes data needs.
func openMigrated(ctx context.Context, url string) (*db.DB, error) {
	d, err := db.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func wire(d *db.DB, c Config, log *slog.Logger) (*instance, error) {
	ac := app.Config{BaseURL: c.BaseURL, MailFrom: c.MailFrom, Log: log}
	if c.SMTP != "" {
		u, err := url.Parse(c.SMTP)
		if err != nil || (u.Scheme != "smtp") || u.Host == "" {
			return nil, usageError{fmt.Sprintf("--smtp %q: use smtp://[user:password@]host[:port]", c.SMTP)}
		}
		ac.SMTP = u
	}
	return &instance{db: d, log: log, Services: app.New(d, ac)}, nil
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
