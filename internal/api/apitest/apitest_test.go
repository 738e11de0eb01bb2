package apitest

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestValidateCatchesMismatches(t *testing.T) {
	v := Validator(t)
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	org := `{"id":"x","name":"Bilda","sector":"civil_society","category":"study_association","municipality":"0180",
		"municipality_name":"Stockholm","county":"01","languages":["sv"],"description":{},"verified":false,
		"created_at":"2026-11-24T10:00:00Z","updated_at":"2026-11-24T10:00:00Z"}`
	tests := []struct {
		name   string
		method string
		url    string
		status int
		body   string
		ok     bool
	}{
		{"valid organisation", "GET", "http://127.0.0.1:4321/api/v1/organisations/x", 200, org, true},
		{"missing required field", "GET", "http://127.0.0.1:4321/api/v1/organisations/x", 200, `{"id":"x","name":"Bilda"}`, false},
		{"wrong enum", "GET", "http://127.0.0.1:4321/api/v1/organisations/x", 200, `{"error":{"code":"teapot","message":"?"}}`, false},
		{"valid error", "GET", "http://127.0.0.1:4321/api/v1/organisations/x", 404, `{"error":{"code":"not_found","message":"Finns inte"}}`, true},
		{"undocumented status", "GET", "http://127.0.0.1:4321/api/v1/organisations/x", 418, `{}`, false},
		{"undocumented path", "GET", "http://127.0.0.1:4321/api/v1/teapots", 200, `{}`, false},
		{"bad query parameter on success", "GET", "http://127.0.0.1:4321/api/v1/organisations?limit=1000", 200, `{"items":[],"total":0}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.url, nil)
			err := v.Validate(req, tt.status, jsonHeader, []byte(tt.body))
			if (err == nil) != tt.ok {
				t.Errorf("Validate = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
