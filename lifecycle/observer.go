package lifecycle

import (
	"time"

	"github.com/waflow/waflow/providers"
)

// Observer is told about every step the [Reconciler] takes, for metrics
// (the server counts them in Prometheus by step, outcome and BSP).
// ObserveStep is called from many goroutines at once, after the step's
// outcome is known and before it is recorded; it must not block.
type Observer interface {
	ObserveStep(StepReport)
}

// StepReport describes one step taken.
type StepReport struct {
	FlowID   string
	AppID    string
	BSP      providers.BSP
	Step     Step
	Outcome  Outcome
	Duration time.Duration
}
