package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/org"
)

// TestOpenAPIDocument loads the document with kin-openapi, validates it,
// and checks that every route of the API's route table is described.
func TestOpenAPIDocument(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid: %v", err)
	}
	mux := &recordingMux{}
	(&Handler{}).Routes(mux)
	for _, p := range mux.patterns {
		method, path, ok := strings.Cut(p, " ")
		if !ok {
			continue // the catch-all
		}
		item := doc.Paths.Find(strings.TrimPrefix(path, "/api/v1"))
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("%s is in the route table but not in the OpenAPI document", p)
			continue
		}
		if op := item.GetOperation(method); op.OperationID == "" || op.Summary == "" {
			t.Errorf("%s lacks an operationId or summary", p)
		}
	}
	if len(mux.patterns) < 10 {
		t.Fatalf("only %d routes recorded", len(mux.patterns))
	}
}

type recordingMux struct{ patterns []string }

func (m *recordingMux) Handle(p string, _ http.Handler) { m.patterns = append(m.patterns, p) }
func (m *recordingMux) HandleFunc(p string, _ func(http.ResponseWriter, *http.Request)) {
	m.patterns = append(m.patterns, p)
}

// TestOpenAPIEnumsAreTheDomains: the document's lists of allowed values are
// the domain's own lists, so neither can change without the other.
func TestOpenAPIEnumsAreTheDomains(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	enum := func(schema, prop string, items bool) []string {
		s := doc.Components.Schemas[schema].Value.Properties[prop].Value
		if items {
			s = s.Items.Value
		}
		var out []string
		for _, v := range s.Enum {
			out = append(out, v.(string))
		}
		return out
	}
	tests := []struct {
		schema, prop string
		items        bool
		want         []string
	}{
		{"OrganisationInput", "sector", false, org.Sectors},
		{"OrganisationInput", "category", false, org.Categories},
		{"OrganisationPatch", "sector", false, org.Sectors},
		{"ActivityInput", "status", false, catalog.Statuses},
		{"ActivityInput", "themes", true, catalog.Themes},
		{"ActivityInput", "target_groups", true, catalog.TargetGroups},
		{"ActivityInput", "accessibility", true, catalog.Access},
		{"ActivityPatch", "themes", true, catalog.Themes},
		{"VenueInput", "accessibility", true, catalog.Access},
		{"SessionInput", "kind", false, event.Kinds},
		{"Session", "kind", false, event.Kinds},
		{"WorkshopInput", "theme", false, event.Themes},
		{"WorkshopPatch", "theme", false, event.Themes},
		{"SectorCount", "key", false, append(append([]string{}, org.Sectors...), "")},
		{"CategoryCount", "key", false, append(append([]string{}, org.Categories...), "")},
		{"ReportTheme", "theme", false, append(append([]string{}, catalog.Themes...), "")},
		{"Schedule", "recurrence", false, []string{catalog.Once, catalog.Weekly, catalog.Biweekly, catalog.Monthly}},
	}
	for _, tt := range tests {
		if got := enum(tt.schema, tt.prop, tt.items); strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s.%s: document %v, domain %v", tt.schema, tt.prop, got, tt.want)
		}
	}
}
