package script

import (
	"runtime/metrics"
	"sync"
	"time"
)

const (
	heapMetric      = "/memory/classes/heap/objects:bytes"
	heapSampleEvery = 5 * time.Millisecond
)

// watchdog samples the Go heap while calls run and interrupts those during
// whose run it grew past the limit. It sleeps while no call runs.
type watchdog struct {
	limit uint64
	wake  chan struct{}
	done  chan struct{}

	mu    sync.Mutex
	calls map[*call]uint64 // heap size when the call started
}

func newWatchdog(limit uint64) *watchdog {
	w := &watchdog{
		limit: limit,
		wake:  make(chan struct{}, 1),
		done:  make(chan struct{}),
		calls: map[*call]uint64{},
	}
	go w.loop()
	return w
}

func heapBytes() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

func (w *watchdog) add(c *call) {
	start := heapBytes()
	w.mu.Lock()
	w.calls[c] = start
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *watchdog) remove(c *call) {
	w.mu.Lock()
	delete(w.calls, c)
	w.mu.Unlock()
}

func (w *watchdog) stop() { close(w.done) }

func (w *watchdog) loop() {
	timer := time.NewTimer(heapSampleEvery)
	defer timer.Stop()
	for {
		w.mu.Lock()
		idle := len(w.calls) == 0
		w.mu.Unlock()
		if idle {
			select {
			case <-w.wake:
			case <-w.done:
				return
			}
		}
		timer.Reset(heapSampleEvery)
		select {
		case <-timer.C:
			w.check()
		case <-w.done:
			return
		}
	}
}

func (w *watchdog) check() {
	now := heapBytes()
	w.mu.Lock()
	defer w.mu.Unlock()
	for c, start := range w.calls {
		if now > start && now-start > w.limit {
			c.interrupt(&interruption{fault: FaultMemory, msg: "the Go heap grew past the script memory limit"})
		}
	}
}
