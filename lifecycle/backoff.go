package lifecycle

import (
	"math/rand/v2"
	"time"
)

// Backoff spaces the retries of a failed step: Base after the first
// failure, doubling with every further one, never more than Max. The zero
// value means Base 1 s and Max 15 min.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
}

func (b Backoff) withDefaults() Backoff {
	if b.Base <= 0 {
		b.Base = time.Second
	}
	if b.Max <= 0 {
		b.Max = 15 * time.Minute
	}
	return b
}

// delay is the wait after the given number of failures in a row (from 1).
func (b Backoff) delay(failures int) time.Duration {
	d := b.Base
	for i := 1; i < failures && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// equalJitter keeps half of d and draws the other half at random, so that
// targets failing together (one BSP outage) do not retry in lockstep while
// each still waits at least half its backoff.
func equalJitter(d time.Duration) time.Duration {
	half := d / 2
	return half + rand.N(d-half+1)
}
