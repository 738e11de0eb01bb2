package db_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestMigrateAndTranslate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n, err := d.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second migrate: n=%d err=%v, want 0 and nil", n, err)
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		insert := func(id string) error {
			return d.InTx(ctx, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, `INSERT INTO users (id, email, email_key, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
					id, "A@example.org", "a@example.org", "A", now, now)
				return err
			})
		}
		if err := insert(db.NewID()); err != nil {
			t.Fatal(err)
		}
		if err := insert(db.NewID()); !errors.Is(err, db.ErrUnique) {
			t.Fatalf("duplicate email: got %v, want ErrUnique", err)
		}
		var got time.Time
		var disabled bool
		if err := d.QueryRow(ctx, `SELECT created_at, disabled FROM users`).Scan(&got, &disabled); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now) || disabled {
			t.Errorf("round trip: got %v %v, want %v false", got, disabled, now)
		}
		sts, err := d.Status(ctx)
		if err != nil || len(sts) == 0 || !sts[0].Applied {
			t.Errorf("status = %+v, %v", sts, err)
		}
	})
}

func TestNewIDSortsByTime(t *testing.T) {
	a := db.NewID()
	time.Sleep(2 * time.Millisecond)
	b := db.NewID()
	if len(a) != 26 || !(a < b) {
		t.Errorf("ids %q, %q: want 26 chars and increasing", a, b)
	}
}

func TestUUIDRoundTrip(t *testing.T) {
	for i := 0; i < 100; i++ {
		id := db.NewID()
		u, ok := db.UUID(id)
		if !ok || len(u) != 36 || u[8] != '-' {
			t.Fatalf("UUID(%q) = %q, %v", id, u, ok)
		}
		back, ok := db.FromUUID(u)
		if !ok || back != id {
			t.Fatalf("FromUUID(%q) = %q, want %q", u, back, id)
		}
	}
	for _, bad := range []string{"", "nope", "00000000-0000-0000-0000-00000000000g"} {
		if _, ok := db.FromUUID(bad); ok {
			t.Errorf("FromUUID(%q) accepted", bad)
		}
	}
}
