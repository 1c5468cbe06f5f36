package messaging

import (
	"fmt"
	"io"
	"time"

	"github.com/waflow/waflow/internal/sortid"
)

// newID returns prefix and 26 characters that sort in creation order (see
// package sortid), so that list cursors can be ids.
func newID(prefix string, now time.Time, random io.Reader) (string, error) {
	id, err := sortid.New(prefix, now, random)
	if err != nil {
		return "", fmt.Errorf("messaging: new id: %w", err)
	}
	return id, nil
}
