package apps

import (
	"fmt"
	"io"
	"time"

	"github.com/waflow/waflow/internal/sortid"
)

// newID returns "app_" and 26 characters that sort in creation order (see
// package sortid), so listing by ID lists in creation order.
func newID(now time.Time, random io.Reader) (string, error) {
	id, err := sortid.New("app_", now, random)
	if err != nil {
		return "", fmt.Errorf("apps: new id: %w", err)
	}
	return id, nil
}
