package db

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// Sentinels that driver errors are translated into, so domain code never
// inspects driver types or message text.
var (
	ErrUnique     = errors.New("unique constraint violated")
	ErrForeignKey = errors.New("foreign key constraint violated")
)

// SQLite extended result codes (sqlite3.h).
const (
	sqliteConstraintForeignKey = 787
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
)

// Translate maps driver errors to the sentinels above, keeping the original
// as context. Other errors pass through unchanged.
func Translate(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqliteConstraintUnique, sqliteConstraintPrimaryKey:
			return fmt.Errorf("%w: %w", ErrUnique, err)
		case sqliteConstraintForeignKey:
			return fmt.Errorf("%w: %w", ErrForeignKey, err)
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return fmt.Errorf("%w: %w", ErrUnique, err)
		case "23503":
			return fmt.Errorf("%w: %w", ErrForeignKey, err)
		}
	}
	return err
}
