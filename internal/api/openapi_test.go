package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
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
