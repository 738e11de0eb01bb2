package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/samverkan/samverkan/internal/catalog"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/dump"
)

// TestExportSQLiteImportPostgres moves the demo database from SQLite to
// PostgreSQL (and back) and checks that every API list answers the same.
func TestExportSQLiteImportPostgres(t *testing.T) {
	dialects := dbtest.Dialects()
	if len(dialects) < 2 {
		dbtest.Open(t, db.Postgres) // skips with the reason
	}
	ctx := context.Background()
	src := newEnv(t, dbtest.Open(t, db.SQLite))
	res, err := demo.Load(ctx, src.db, src.svc)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := src.accounts.FindUserByID(ctx, res.AdminID)
	if err != nil {
		t.Fatal(err)
	}
	token := src.token(admin) // in the dump too, so it works on the copy
	var buf bytes.Buffer
	if _, err := dump.Export(ctx, src.db, &buf); err != nil {
		t.Fatal(err)
	}
	for _, d := range []db.Dialect{db.Postgres, db.SQLite} {
		t.Run("into "+string(d), func(t *testing.T) {
			dst := newEnv(t, dbtest.Open(t, d))
			if _, err := dump.Import(ctx, dst.db, bytes.NewReader(buf.Bytes()), false, catalog.Reindex); err != nil {
				t.Fatal(err)
			}
			_, orgs := src.api("GET", "/api/v1/organisations?limit=100", "", nil)
			var paths []string
			for _, it := range orgs["items"].([]any) {
				id := it.(map[string]any)["id"].(string)
				paths = append(paths, "/api/v1/organisations/"+id, "/api/v1/organisations/"+id+"/members")
			}
			paths = append(paths,
				"/api/v1/organisations?limit=100",
				"/api/v1/organisations?limit=7",
				"/api/v1/organisations?sector=public",
				"/api/v1/organisations?county=08&language=sv",
				"/api/v1/organisations?q=f%C3%B6rening",
				"/api/v1/organisations?verified=true",
				"/api/v1/audit?limit=500",
				"/api/v1/outbox",
				"/api/v1/me",
				"/api/v1/municipalities",
				"/api/v1/counties",
				"/api/v1/venues",
				"/api/v1/events?limit=100",
				"/api/v1/activities?limit=100",
				"/api/v1/activities?q=spr%C3%A5kcaf%C3%A9&sort=next", // relevance ranks differ by engine (bm25, ts_rank)
				"/api/v1/activities?county=08&language=ar",
			)
			for _, p := range paths {
				st1, a := src.api("GET", p, token, nil)
				st2, b := dst.api("GET", p, token, nil)
				if st1 != 200 || st2 != 200 {
					t.Errorf("%s: %d and %d", p, st1, st2)
					continue
				}
				if !reflect.DeepEqual(a, b) {
					ja, _ := json.Marshal(a)
					jb, _ := json.Marshal(b)
					t.Errorf("%s differs:\nsqlite:  %.400s\n%s: %.400s", p, ja, d, jb)
				}
			}
		})
	}
}
