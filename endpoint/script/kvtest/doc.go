// Package kvtest is the conformance suite for implementations of
// [script.KV]: every store that backs handler scripts' key-value state runs
// the same [Test].
//
// # Use
//
// An implementation's test calls Test with a constructor taking the clock
// the suite controls:
//
//	func TestKV(t *testing.T) {
//	  kvtest.Test(t, func(now func() time.Time) script.KV {
//	    return mystore.NewKV(db, now)
//	  })
//	}
//
// The suite checks the contract written on [script.KV]: values per flow
// token, ok=false for missing and expired keys, replacement, deletion of
// missing keys, expiry by the given clock, context cancellation, and safety
// under concurrent use (run it with -race).
package kvtest
