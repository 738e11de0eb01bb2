package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
)

const hsdsBase = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

// localSchemas answers the published schema URLs from the copies in
// internal/hsds/testdata (nothing is fetched from the network).
type localSchemas struct{}

func (localSchemas) Load(url string) (any, error) {
	rel, ok := strings.CutPrefix(url, hsdsBase)
	if !ok {
		rel = strings.TrimPrefix(url, "file://")
	}
	f, err := os.Open(filepath.Join("..", "hsds", "testdata", "schema", filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return jsonschema.UnmarshalJSON(f)
}

func hsdsSchema(t *testing.T, file string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.UseLoader(localSchemas{})
	s, err := c.Compile(hsdsBase + file)
	if err != nil {
		t.Fatalf("compile %s: %v", file, err)
	}
	return s
}

// TestHSDS validates every /hsds/ answer against the published HSDS 3.0
// schemas (formats asserted: uuid, uri, email, date-time), on the demo data.
func TestHSDS(t *testing.T) {
	schemas := map[string]*jsonschema.Schema{}
	for _, f := range []string{"compiled/service_list.json", "compiled/service.json", "compiled/organization_list.json",
		"compiled/organization.json", "compiled/service_at_location_list.json", "taxonomy.json", "taxonomy_term.json"} {
		schemas[f] = hsdsSchema(t, f)
	}
	// The check can fail: a service with a non-UUID id and no status.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"id": "06h0v58hv9dypmjd7ram8nh960", "name": "Språkcafé"}`))
	if err := schemas["compiled/service_list.json"].Validate(bad); err == nil {
		t.Fatal("the HSDS schema accepted a service without status and with a non-UUID id")
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := demo.Load(context.Background(), e.db, e.svc); err != nil {
			t.Fatal(err)
		}
		fetch := func(path string) map[string]any {
			t.Helper()
			resp, err := http.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			return m
		}
		validate := func(path, schema string, v any) {
			t.Helper()
			b, _ := json.Marshal(v)
			inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err := schemas[schema].Validate(inst); err != nil {
				t.Errorf("%s is not valid %s: %v", path, schema, err)
			}
		}
		page := func(path, schema string, wantMin int) []any {
			t.Helper()
			p := fetch(path)
			for _, k := range []string{"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"} {
				if _, ok := p[k]; !ok {
					t.Errorf("%s lacks paging field %s", path, k)
				}
			}
			items, _ := p["contents"].([]any)
			if len(items) < wantMin {
				t.Errorf("%s: %d items, want at least %d", path, len(items), wantMin)
			}
			for _, it := range items {
				validate(path, schema, it)
			}
			return items
		}
		services := page("/hsds/services?per_page=100", "compiled/service_list.json", 10)
		orgs := page("/hsds/organizations?per_page=100", "compiled/organization_list.json", 40)
		page("/hsds/organizations?per_page=10&page=2", "compiled/organization_list.json", 10)
		// Nine of the demo's activities have a venue (the table tennis is one
		// activity on two days).
		sals := page("/hsds/service_at_locations", "compiled/service_at_location_list.json", 9)
		page("/hsds/taxonomies", "taxonomy.json", 2)
		terms := page("/hsds/taxonomy_terms", "taxonomy_term.json", 20)

		sid := services[0].(map[string]any)["id"].(string)
		validate("/hsds/services/{id}", "compiled/service.json", fetch("/hsds/services/"+sid))
		validate("/hsds/service_at_locations/{id}", "compiled/service.json", fetch("/hsds/service_at_locations/"+sals[0].(map[string]any)["id"].(string)))
		validate("/hsds/organizations/{id}", "compiled/organization.json", fetch("/hsds/organizations/"+orgs[0].(map[string]any)["id"].(string)))
		validate("/hsds/taxonomy_terms/{id}", "taxonomy_term.json", fetch("/hsds/taxonomy_terms/"+terms[0].(map[string]any)["id"].(string)))

		// Filters: by organisation and by taxonomy term.
		byOrg := fetch("/hsds/services?organization_id=" + services[0].(map[string]any)["organization_id"].(string))
		if n := int(byOrg["total_items"].(float64)); n < 1 || n >= len(services) {
			t.Errorf("services by organization: %d of %d", n, len(services))
		}
		var languageTerm string
		for _, tt := range terms {
			if tt.(map[string]any)["code"] == "language" {
				languageTerm = tt.(map[string]any)["id"].(string)
			}
		}
		if n := int(fetch("/hsds/services?taxonomy_term_id=" + languageTerm)["total_items"].(float64)); n < 3 || n >= len(services) {
			t.Errorf("services with the language theme: %d", n)
		}
		if got := fetch("/hsds/services?search=spr%C3%A5kcaf%C3%A9"); int(got["total_items"].(float64)) < 2 {
			t.Errorf("search: %v", got["total_items"])
		}

		// The whole directory, as JSON and as CSV tables.
		all := fetch("/hsds/export.json")
		if len(all["services"].([]any)) != len(services) || len(all["organizations"].([]any)) != len(orgs) {
			t.Errorf("export.json: %d services, %d organisations", len(all["services"].([]any)), len(all["organizations"].([]any)))
		}
		for _, s := range all["services"].([]any) {
			validate("export.json services", "compiled/service_list.json", s)
		}
		resp, err := http.Get(e.srv.URL + "/hsds/export.zip")
		if err != nil {
			t.Fatal(err)
		}
		zb, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		for _, f := range zr.File {
			rc, _ := f.Open()
			recs, err := csv.NewReader(rc).ReadAll()
			rc.Close()
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			counts[f.Name] = len(recs) - 1
		}
		if counts["services.csv"] != len(services) || counts["organizations.csv"] != len(orgs) || counts["locations.csv"] < 5 || counts["taxonomy_terms.csv"] != len(terms) {
			t.Errorf("export.zip tables: %v", counts)
		}
	})
}
