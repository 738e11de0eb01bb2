package input

import "encoding/json"

// Nullable is an optional input that can also be cleared, as JSON Merge
// Patch (RFC 7396) reads a document: a field left out keeps its value, null
// clears it, a value sets it. A plain pointer cannot tell the first two apart.
type Nullable[T any] struct {
	Set   bool // the field was given, as a value or as null
	Value *T   // nil: cleared
}

// Of is a Nullable holding v.
func Of[T any](v T) Nullable[T] { return Nullable[T]{Set: true, Value: &v} }

// Clear is a Nullable that clears the value.
func Clear[T any]() Nullable[T] { return Nullable[T]{Set: true} }

// UnmarshalJSON records that the field was present; encoding/json calls it
// for null too.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n.Value = &v
	return nil
}

// Apply writes the input to dst when it was given.
func (n Nullable[T]) Apply(dst **T) {
	if n.Set {
		*dst = n.Value
	}
}
