package cli

import (
	"fmt"

	"github.com/samverkan/samverkan/internal/apperr"
)

// describe turns a domain error into the English message an operator reads,
// naming the field.
func describe(a *instance, err error) error {
	ae := apperr.As(err)
	if ae.Code == apperr.Internal {
		return err
	}
	msg := a.Messages.Printer("en").T(ae.Key, ae.Args...)
	if ae.Field != "" {
		return fmt.Errorf("--%s: %s", ae.Field, msg)
	}
	return fmt.Errorf("%s", msg)
}
