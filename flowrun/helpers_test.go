package flowrun

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
)

const examplesDir = "../examples"

// testKey is one RSA key for the tests of this package: generating one
// takes a noticeable fraction of a second under -race.
var testKey = sync.OnceValues(func() (*crypto.PrivateKey, error) {
	return crypto.GenerateKey(nil, crypto.MinKeyBits)
})

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// exampleFlow reads a flow of examples/flows.
func exampleFlow(t *testing.T, name string) []byte {
	t.Helper()
	return readFile(t, filepath.Join(examplesDir, "flows", name))
}

// envelopeTo builds the real endpoint for a flow and its handler script
// and an EnvelopeExchanger in front of it.
func envelopeTo(t *testing.T, flowSrc []byte, scriptSrc string, env map[string]string) EnvelopeExchanger {
	t.Helper()
	key, err := testKey()
	require.NoError(t, err)
	flow, _, err := flowjson.Decode(flowSrc)
	require.NoError(t, err)
	prog, err := script.Compile("handler.js", scriptSrc)
	require.NoError(t, err)
	host := script.NewHost(script.Options{})
	t.Cleanup(func() { require.NoError(t, host.Close()) })
	h, err := endpoint.New(endpoint.Config{FlowID: "test", Flow: flow, Keys: crypto.KeySet{key}, Program: prog, Host: host, Env: env})
	require.NoError(t, err)
	return EnvelopeExchanger{Transport: h, Public: &key.PublicKey}
}

// staticWalker starts a walker on a flow without an endpoint.
func staticWalker(t *testing.T, flow string, opts Options) *Walker {
	t.Helper()
	w, err := NewWalker([]byte(flow), nil, opts)
	require.NoError(t, err)
	_, err = w.Start(context.Background())
	require.NoError(t, err)
	return w
}
