package apikeys_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/store"
)

func Example() {
	dir, err := os.MkdirTemp("", "apikeys-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{URL: filepath.Join(dir, "waflow.db")})
	if err != nil {
		panic(err)
	}
	defer db.Close()

	// A fixed random source makes the example's key predictable.
	keys := apikeys.NewService(db.APIKeys(), apikeys.Options{Random: bytes.NewReader(make([]byte, 42))})
	tok, _, err := keys.Issue(ctx, "ci deploy")
	if err != nil {
		panic(err)
	}
	fmt.Println("issued", tok) // the secret never prints

	key, err := keys.Authenticate(ctx, string(tok))
	if err != nil {
		panic(err)
	}
	fmt.Println("authenticated", key.Name)
	// Output:
	// issued wf_0000000000000000_[REDACTED]
	// authenticated ci deploy
}
