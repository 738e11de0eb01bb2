package db

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns a 26-character, URL-safe, time-ordered identifier: the same
// text ID works on both engines and sorts by creation time, which keeps
// cursor pagination and exports stable.
func NewID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixMilli())<<16)
	_, _ = rand.Read(b[6:])
	return strings.ToLower(idEncoding.EncodeToString(b[:]))
}

// UUID writes a 26-character ID as the UUID of the same 128 bits, for
// formats such as Open Referral HSDS that require UUIDs; FromUUID reverses it.
func UUID(id string) (string, bool) {
	b, err := idEncoding.DecodeString(strings.ToLower(id))
	if err != nil || len(b) != 16 || len(id) != 26 {
		return "", false
	}
	h := fmt.Sprintf("%x", b)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32], true
}

// FromUUID turns a UUID made by UUID back into the ID.
func FromUUID(u string) (string, bool) {
	h := strings.ReplaceAll(u, "-", "")
	if len(h) != 32 || len(u) != 36 {
		return "", false
	}
	b, err := hex.DecodeString(h)
	if err != nil {
		return "", false
	}
	return idEncoding.EncodeToString(b), true
}
