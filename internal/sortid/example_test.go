package sortid_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/waflow/waflow/internal/sortid"
)

// Two ids one millisecond apart, with fixed random bits: the later one sorts
// after the earlier one.
func ExampleNew() {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	first, err := sortid.New("msg_", now, bytes.NewReader(make([]byte, 10)))
	if err != nil {
		panic(err)
	}
	later, err := sortid.New("msg_", now.Add(time.Millisecond), bytes.NewReader(make([]byte, 10)))
	if err != nil {
		panic(err)
	}
	fmt.Println(first)
	fmt.Println(later)
	fmt.Println(first < later)
	// Output:
	// msg_06dqdpn8000000000000000000
	// msg_06dqdpn8040000000000000000
	// true
}
