package sortid_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/waflow/waflow/internal/sortid"
)

func TestNewSortsByTime(t *testing.T) {
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	ones := bytes.NewReader(bytes.Repeat([]byte{0xff}, 10))
	zeros := bytes.NewReader(make([]byte, 10))
	a, err := sortid.New("app_", at, ones)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sortid.New("app_", at.Add(time.Millisecond), zeros)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a, "app_") || len(a) != len("app_")+26 {
		t.Errorf("New = %q, want app_ and 26 characters", a)
	}
	if a >= b {
		t.Errorf("%q made a millisecond before %q does not sort first", a, b)
	}
}

func TestNewReturnsRandomError(t *testing.T) {
	_, err := sortid.New("app_", time.Now(), bytes.NewReader(nil))
	if !errors.Is(err, io.EOF) {
		t.Errorf("err = %v, want io.EOF", err)
	}
}
