// Package archtest holds the tests that keep the code in the shape
// docs/ARCHITECTURE.md describes: which package may import which, and which
// package may query which table. It has no code of its own.
package archtest

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/samverkan/samverkan/internal/"

type pkg struct {
	ImportPath string
	Dir        string
	Imports    []string
	GoFiles    []string
	Doc        string
}

// packages reads the import graph with go list, as the go tool sees it.
func packages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "github.com/samverkan/samverkan/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

func short(path string) string { return strings.TrimPrefix(path, module) }

// domains are the packages that hold rules and SQL: they know nothing of
// HTTP, so the same rules serve the web pages, the API and the commands.
var domains = []string{"account", "org", "catalog", "event", "audit", "mail", "csvimport", "hsds", "demo", "dump",
	"input", "texts", "secret", "municipality", "actor", "i18n", "db",
	"remind", "qr", "chart", "markdown"}

// forbidden lists imports a package may not have, with the reason.
func forbidden(p string) map[string]string {
	m := map[string]string{}
	switch p {
	case "web":
		m[module+"api"] = "web and api are siblings: shared code belongs in a domain"
	case "api":
		m[module+"web"] = "web and api are siblings: shared code belongs in a domain"
	}
	for _, d := range domains {
		if p == d {
			m["net/http"] = "a domain knows nothing of HTTP"
			m[module+"web"] = "a domain does not depend on a surface"
			m[module+"api"] = "a domain does not depend on a surface"
			m[module+"server"] = "a domain does not depend on a surface"
			m[module+"request"] = "a domain gets the actor as an argument, not from a request"
		}
	}
	return m
}

func TestImportGraph(t *testing.T) {
	for _, p := range packages(t) {
		name := short(p.ImportPath)
		for _, imp := range p.Imports {
			if why, bad := forbidden(name)[imp]; bad {
				t.Errorf("%s imports %s: %s", name, imp, why)
			}
		}
	}
}

// pure are the algorithm packages: no database, no HTTP, no other
// samverkan package, only the standard library, so they can be tested and
// measured alone (docs/ARCHITECTURE.md, STYLE.md "seating/ match/").
var pure = []string{"seating"}

// impure says why an import is not for a pure package, or "".
func impure(imp string) string {
	switch {
	case strings.HasPrefix(imp, module):
		return "a pure algorithm imports no other samverkan package"
	case strings.Contains(strings.Split(imp, "/")[0], "."):
		return "a pure algorithm uses the standard library only"
	case imp == "net/http" || imp == "database/sql":
		return "a pure algorithm knows no HTTP and no database"
	}
	return ""
}

func TestPureAlgorithms(t *testing.T) {
	found := 0
	for _, p := range packages(t) {
		name := short(p.ImportPath)
		for _, want := range pure {
			if name != want {
				continue
			}
			found++
			for _, imp := range p.Imports {
				if why := impure(imp); why != "" {
					t.Errorf("%s imports %s: %s", name, imp, why)
				}
			}
		}
	}
	if found != len(pure) {
		t.Errorf("found %d of the pure packages %v", found, pure)
	}
	for _, imp := range []string{module + "db", "github.com/x/y", "net/http"} {
		if impure(imp) == "" {
			t.Errorf("a pure package may import %s", imp)
		}
	}
}

// TestForbiddenIsEnforced makes sure the rule above can fail.
func TestForbiddenIsEnforced(t *testing.T) {
	if _, bad := forbidden("catalog")["net/http"]; !bad {
		t.Error("a domain may import net/http")
	}
	if _, bad := forbidden("web")[module+"api"]; !bad {
		t.Error("web may import api")
	}
}

// tablesLine is a package doc's ownership sentence: "Tables: a, b, c."
var tablesLine = regexp.MustCompile(`(?s)Tables: ([a-z_, \n]+?)(?:\.|\(|$)`)

// owners maps each table to the package whose doc comment claims it.
func owners(t *testing.T, pkgs []pkg) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range pkgs {
		m := tablesLine.FindStringSubmatch(p.Doc + "\n" + docOf(t, p))
		if m == nil {
			continue
		}
		for _, tbl := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
			if prev, ok := out[tbl]; ok {
				t.Errorf("table %s is claimed by %s and %s", tbl, prev, short(p.ImportPath))
			}
			out[tbl] = short(p.ImportPath)
		}
	}
	return out
}

// docOf returns the whole package doc comment (go list gives its first
// sentence only).
func docOf(t *testing.T, p pkg) string {
	t.Helper()
	fset := token.NewFileSet()
	var b strings.Builder
	for _, f := range p.GoFiles {
		file, err := parser.ParseFile(fset, filepath.Join(p.Dir, f), nil, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil {
			t.Fatal(err)
		}
		if file.Doc != nil {
			b.WriteString(file.Doc.Text())
		}
	}
	return b.String()
}

// sqlTable finds the tables a SQL string names after FROM, JOIN, INTO,
// UPDATE or TABLE.
var sqlTable = regexp.MustCompile(`\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)`)

// sqlCTE finds the names a WITH clause gives its parts ("WITH v (a, b) AS
// (…), up AS (…)"): the statement's own, not tables.
var sqlCTE = regexp.MustCompile(`(?:\bWITH\s+|,\s*)([a-z_][a-z0-9_]*)\s*(?:\([a-z_, ]*\)\s*)?AS\s*\(`)

// tablesQueried returns, for each table a package's SQL names, one place.
func tablesQueried(t *testing.T, p pkg) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, f := range p.GoFiles {
		file, err := parser.ParseFile(fset, filepath.Join(p.Dir, f), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		// A statement built of several literals names its WITH parts in
		// one and uses them in another: the file's WITH names are collected
		// first.
		var lits []*ast.BasicLit
		ctes := map[string]bool{}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				lits = append(lits, lit)
				if s, err := strconv.Unquote(lit.Value); err == nil {
					for _, m := range sqlCTE.FindAllStringSubmatch(s, -1) {
						ctes[m[1]] = true
					}
				}
			}
			return true
		})
		for _, lit := range lits {
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				continue
			}
			for _, m := range sqlTable.FindAllStringSubmatch(s, -1) {
				if _, seen := out[m[1]]; !seen && !ctes[m[1]] {
					out[m[1]] = fset.Position(lit.Pos()).String()
				}
			}
		}
	}
	return out
}

// readsEverything are the packages that may touch every table: the dump
// moves whole databases, and db runs the migrations.
var readsEverything = map[string]bool{"dump": true, "db": true}

func TestEachTableHasOneOwner(t *testing.T) {
	pkgs := packages(t)
	own := owners(t, pkgs)
	for _, tbl := range []string{"organisations", "activities", "users", "audit_log", "outbox", "meta"} {
		if own[tbl] == "" {
			t.Errorf("no package claims table %s in its doc comment", tbl)
		}
	}
	var problems []string
	for _, p := range pkgs {
		name := short(p.ImportPath)
		if readsEverything[name] || strings.HasPrefix(p.ImportPath, "github.com/samverkan/samverkan/cmd") {
			continue
		}
		for tbl, where := range tablesQueried(t, p) {
			owner, known := own[tbl]
			switch {
			case !known:
				problems = append(problems, where+": table "+tbl+" has no owner (add it to a package doc's \"Tables:\" line)")
			case owner != name:
				problems = append(problems, where+": "+name+" queries "+tbl+", which belongs to "+owner+"; call a function "+owner+" exports")
			}
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

// TestSQLScanFindsTables checks the scanner on a known string, so the
// ownership test cannot pass by finding nothing.
func TestSQLScanFindsTables(t *testing.T) {
	got := sqlTable.FindAllStringSubmatch("SELECT a.id FROM activities a JOIN organisations o ON o.id = a.organisation_id WHERE x IN (SELECT 1 FROM users)", -1)
	var names []string
	for _, m := range got {
		names = append(names, m[1])
	}
	if strings.Join(names, ",") != "activities,organisations,users" {
		t.Errorf("got %v", names)
	}
	var ctes []string
	for _, m := range sqlCTE.FindAllStringSubmatch("WITH v (bucket, hits) AS (VALUES (1, 2)), up AS (INSERT INTO rate_limits SELECT * FROM v RETURNING bucket) SELECT up.bucket, COALESCE(a, b) FROM up", -1) {
		ctes = append(ctes, m[1])
	}
	if strings.Join(ctes, ",") != "v,up" {
		t.Errorf("WITH names: got %v, want v,up", ctes)
	}
}
