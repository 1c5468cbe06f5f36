package preview

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint/script"
)

// testKey is one throwaway key for every test: making an RSA key takes
// long enough to matter when each test makes its own.
var testKey = sync.OnceValues(func() (*crypto.PrivateKey, error) {
	return crypto.GenerateKey(nil, crypto.MinKeyBits)
})

// filesOf previews an example flow (or one of testdata), with an example
// script when scriptName is not "".
func filesOf(t *testing.T, flowName, scriptName string) *Files {
	t.Helper()
	key, err := testKey()
	require.NoError(t, err)
	host := script.NewHost(script.Options{})
	t.Cleanup(func() { require.NoError(t, host.Close()) })
	flowPath := filepath.Join("..", "examples", "flows", flowName)
	if _, err := os.Stat(flowPath); err != nil {
		flowPath = filepath.Join("testdata", flowName)
	}
	fs := &Files{Flow: flowPath, Key: key, Host: host,
		Env: map[string]string{"CURRENCY": "EUR", "DELIVERY_MINUTES": "35"}}
	if scriptName != "" {
		fs.Script = filepath.Join("..", "examples", "scripts", scriptName)
	}
	return fs
}
