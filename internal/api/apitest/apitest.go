// Package apitest checks real API requests and answers against samverkan's
// OpenAPI document with kin-openapi, so the document cannot drift from what
// the server does. Tests elsewhere import it.
package apitest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/samverkan/samverkan/internal/api"
)

// V validates requests and responses against the document.
type V struct {
	router routers.Router
}

// Validator loads and validates the embedded document.
func Validator(t testing.TB) *V {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI())
	if err != nil {
		t.Fatalf("load OpenAPI document: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("OpenAPI document invalid: %v", err)
	}
	// Route on any host: tests run on random ports.
	doc.Servers = openapi3.Servers{{URL: "/api/v1"}}
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("OpenAPI router: %v", err)
	}
	return &V{router: r}
}

// Check validates one exchange and reports a mismatch as a test error.
func (v *V) Check(t testing.TB, req *http.Request, status int, header http.Header, body []byte) {
	t.Helper()
	if err := v.Validate(req, status, header, body); err != nil {
		t.Errorf("OpenAPI: %v\nbody: %.300s", err, body)
	}
}

// Validate checks one exchange: the request's path and parameters, and the
// response's status, content type and body. The request body, if any, must
// still be readable.
func (v *V) Validate(req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		// The catch-all 404 for unknown paths is not an operation of the document.
		if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
			return nil
		}
		return fmt.Errorf("%s %s is not in the document (answered %d): %w", req.Method, req.URL.Path, status, err)
	}
	ctx := context.Background()
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	// Requests the server refused are allowed to break the document's
	// request rules: that is what the tests send them for.
	if status < 400 {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			return fmt.Errorf("request %s %s does not match the document: %w", req.Method, req.URL, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: opts}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Errorf("response %d to %s %s does not match the document: %w", status, req.Method, req.URL.Path, err)
	}
	return nil
}

// ReadBody reads and restores a request body, for callers that need it twice.
func ReadBody(r *http.Request) []byte {
	if r.Body == nil {
		return nil
	}
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b
}
