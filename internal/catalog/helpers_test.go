package catalog

import (
	"strings"

	"github.com/samverkan/samverkan/internal/apperr"
)

func has(s, sub string) bool { return strings.Contains(s, sub) }

func fieldOf(err error) string { return apperr.As(err).Field }

// Terms exposes terms to the external tests.
var Terms = terms
