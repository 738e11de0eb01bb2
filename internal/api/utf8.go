package api

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// invalidUTF8 finds the first byte of b that is not UTF-8 and names the
// JSON field it lies in ("texts.sv.title"), "" for none. encoding/json
// would replace such bytes with U+FFFD without a word, changing the data,
// so a body is checked before it is decoded.
func invalidUTF8(b []byte) (bad bool, field string) {
	if utf8.Valid(b) {
		return false, ""
	}
	off := 0
	for off < len(b) {
		r, size := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	return true, fieldAt(b, int64(off))
}

// fieldAt walks the JSON tokens of b and returns the path of keys to the
// value (or key) that holds the byte at off.
func fieldAt(b []byte, off int64) string {
	type frame struct {
		object    bool
		key       string
		expectKey bool
	}
	var stack []frame
	path := func() string {
		var keys []string
		for _, f := range stack {
			if f.object && f.key != "" {
				keys = append(keys, f.key)
			}
		}
		return strings.Join(keys, ".")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return path()
		}
		if off >= start && off < dec.InputOffset() {
			return path()
		}
		top := len(stack) - 1
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{object: true, expectKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:top]
				if top > 0 && stack[top-1].object {
					stack[top-1].expectKey = true
				}
			}
		case string:
			if top >= 0 && stack[top].object && stack[top].expectKey {
				stack[top].key, stack[top].expectKey = t, false
				continue
			}
			if top >= 0 && stack[top].object {
				stack[top].expectKey = true
			}
		default:
			if top >= 0 && stack[top].object {
				stack[top].expectKey = true
			}
		}
	}
}
