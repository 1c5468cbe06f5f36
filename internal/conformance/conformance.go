package conformance

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Case is one named check of a suite.
type Case[R any] struct {
	Name string
	Run  func(t *testing.T, repo R)
}

// Run runs every case in its own subtest, in order, with a fresh repository
// from newRepo.
func Run[R any](t *testing.T, newRepo func(t *testing.T) R, cases []Case[R]) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { c.Run(t, newRepo(t)) })
	}
}

// Concurrently calls write(i) for every i from 0 to n-1, each on its own
// goroutine, and returns the errors by i once all have returned. write must
// not call t.FailNow (require): build its inputs before.
func Concurrently(n int, write func(i int) error) []error {
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = write(i) })
	}
	wg.Wait()
	return errs
}

// OneWins runs n competing writes as [Concurrently] does and checks that
// exactly one succeeds and that every other fails with an error matching
// conflict. msgAndArgs describe the rule, as in testify.
func OneWins(t *testing.T, n int, conflict error, write func(i int) error, msgAndArgs ...any) {
	t.Helper()
	won := 0
	for _, err := range Concurrently(n, write) {
		if err == nil {
			won++
		} else {
			assert.ErrorIs(t, err, conflict)
		}
	}
	assert.Equal(t, 1, won, msgAndArgs...)
}
