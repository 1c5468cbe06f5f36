package messaging

import (
	"math/rand/v2"
	"time"
)

// RetryBackoff spaces retries: Base after the first failure, doubling with
// each further one, never more than Max. Zero fields mean the defaults of
// the option that holds it. Jitter turns a delay into the one waited; nil
// means equal jitter (half the delay fixed, half drawn at random), so that
// work failing together does not retry in lockstep.
type RetryBackoff struct {
	Base   time.Duration
	Max    time.Duration
	Jitter func(d time.Duration) time.Duration
}

func (b RetryBackoff) withDefaults(base, maxDelay time.Duration) RetryBackoff {
	if b.Base <= 0 {
		b.Base = base
	}
	if b.Max <= 0 {
		b.Max = maxDelay
	}
	if b.Jitter == nil {
		b.Jitter = equalJitter
	}
	return b
}

// delay is the wait after the given number of failures in a row (from 1).
func (b RetryBackoff) delay(failures int) time.Duration {
	d := b.Base
	for i := 1; i < failures && d < b.Max; i++ {
		d *= 2
	}
	return b.Jitter(min(d, b.Max))
}

func equalJitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}
