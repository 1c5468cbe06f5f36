package lifecycle

import (
	"fmt"
	"io"
	"time"

	"github.com/waflow/waflow/internal/sortid"
)

// newFlowID returns "flw_" and 26 characters that sort in creation order
// (see package sortid), so that listing by ID lists flows in creation order
// and cursors stay stable.
func newFlowID(now time.Time, random io.Reader) (string, error) {
	id, err := sortid.New("flw_", now, random)
	if err != nil {
		return "", fmt.Errorf("lifecycle: new flow id: %w", err)
	}
	return id, nil
}
