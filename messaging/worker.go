package messaging

import (
	"context"
	"log/slog"
	"time"
)

// drain is the loop of the background workers ([Inbound.Run],
// [Deliverer.Run]): it calls once until a call handles nothing or fails,
// then waits for a kick or the next poll, until ctx ends. A failure is
// logged as what, unless ctx ended; the next kick or poll tries again. It
// returns nil when ctx ends.
func drain(ctx context.Context, poll time.Duration, kick <-chan struct{},
	once func(context.Context) (int, error), log *slog.Logger, what string) error {
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		for ctx.Err() == nil {
			n, err := once(ctx)
			if err != nil {
				if ctx.Err() == nil {
					log.ErrorContext(ctx, what, "error", err)
				}
				break
			}
			if n == 0 {
				break
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-kick:
		case <-tick.C:
		}
	}
}
