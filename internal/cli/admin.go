package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/samverkan/samverkan/internal/account"
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/db"
)

func migrate(ctx context.Context, e env, args []string) error {
	var c Config
	var status bool
	fs := newFlags(e, "migrate", "Applies pending database migrations and exits.")
	dbFlag(fs, e, &c)
	fs.BoolVar(&status, "status", false, "list migrations and whether each is applied, change nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := db.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer d.Close()
	if status {
		sts, err := d.Status(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VERSION\tSTATE\tAPPLIED AT\tFILE")
		for _, s := range sts {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", s.Version, state, s.At, s.Name)
		}
		return tw.Flush()
	}
	n, err := d.Migrate(ctx)
	if err != nil {
		return err
	}
	v, _ := d.SchemaVersion(ctx)
	fmt.Fprintf(e.stdout, "applied %d migration(s); schema version %d (%s)\n", n, v, d.Dialect)
	return nil
}

func users(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(e.stderr, "Usage: samverkan users add|list [flags]\n\n  add    create a user and print a one-time sign-in link\n  list   list users")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return usageError{"users needs a subcommand: add or list"}
	}
	var c Config
	switch args[0] {
	case "add":
		var in account.NewUser
		fs := newFlags(e, "users add", "Creates a user and prints a one-time sign-in link (valid 30 minutes).")
		dbFlag(fs, e, &c)
		fs.StringVar(&in.Email, "email", "", "e-mail address (required)")
		fs.StringVar(&in.Name, "name", "", "display name (required)")
		fs.StringVar(&in.Role, "role", "member", "platform role: admin, coordinator or member")
		fs.StringVar(&in.Lang, "lang", "sv", "preferred language: sv, en, ar, so, ti, fa, prs, uk")
		fs.StringVar(&c.BaseURL, "base-url", envOr(e, "SAMVERKAN_BASE_URL", "http://localhost:8080"), "public URL of the site, for the sign-in link (env SAMVERKAN_BASE_URL)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		a, err := open(ctx, c, discardLogger())
		if err != nil {
			return err
		}
		defer a.db.Close()
		u, err := a.Accounts.CreateUser(ctx, actor.System("cli"), in)
		if err != nil {
			return describe(a, err)
		}
		link, err := a.Accounts.CreateLoginLink(ctx, u.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "created %s (%s, %s)\none-time sign-in link: %s\n", u.Email, u.Name, u.Role, link)
		return nil
	case "list":
		fs := newFlags(e, "users list", "Lists users.")
		dbFlag(fs, e, &c)
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		a, err := open(ctx, c, discardLogger())
		if err != nil {
			return err
		}
		defer a.db.Close()
		us, err := a.Accounts.FindUsers(ctx, actor.System("cli"))
		if err != nil {
			return describe(a, err)
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tCREATED")
		for _, u := range us {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, u.CreatedAt.Format("2006-01-02"))
		}
		return tw.Flush()
	default:
		return usageError{fmt.Sprintf("unknown users subcommand %q: use add or list", args[0])}
	}
}

func tokens(ctx context.Context, e env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(e.stderr, "Usage: samverkan tokens create --email E --name N\n\n  create   create an API token for a user and print it once")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return nil
		}
		return usageError{"tokens needs a subcommand: create"}
	}
	var c Config
	var email, name string
	fs := newFlags(e, "tokens create", "Creates an API token for a user and prints it; only its hash is stored.")
	dbFlag(fs, e, &c)
	fs.StringVar(&email, "email", "", "the user's e-mail address (required)")
	fs.StringVar(&name, "name", "", "a name for the token, e.g. the program using it (required)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if email == "" {
		return usageError{"--email is required"}
	}
	a, err := open(ctx, c, discardLogger())
	if err != nil {
		return err
	}
	defer a.db.Close()
	u, err := a.Accounts.FindUserByEmail(ctx, email)
	if err != nil {
		return describe(a, err)
	}
	_, secret, err := a.Accounts.CreateToken(ctx, actor.System("cli"), u.ID, name)
	if err != nil {
		return describe(a, err)
	}
	fmt.Fprintln(e.stdout, secret)
	return nil
}
