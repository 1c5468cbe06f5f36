package preview

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
)

// Files previews a flow on disk ("waflow preview"): the Flow JSON file and
// its handler script are read again on every load, so an edit shows on
// the next poll of the page, and the script is compiled again only when
// one of them changed. A file that does not compile or a flow that does
// not decode leaves the page without an endpoint, saying why, rather than
// failing: the author is in the middle of editing.
type Files struct {
	// Flow is the Flow JSON file; Script the handler script, "" for none.
	Flow, Script string
	// Env is the script's env.
	Env map[string]string
	// Key seals and opens the requests: a throwaway key, since nothing
	// outside the process sees it.
	Key *crypto.PrivateKey
	// Host runs the script.
	Host *script.Host
	// Logger receives the endpoint's failures; nil discards them.
	Logger *slog.Logger

	mu   sync.Mutex
	last *Flow
}

// filesFlowToken is the flow token of a preview on disk. The endpoint
// has no token secret, so any non-empty token passes, as with "waflow
// endpoint" run without --token-secret-env.
const filesFlowToken = "preview"

// Load is a [Loader]: pass files.Load as Options.Load.
func (fs *Files) Load(ctx context.Context) (*Flow, error) {
	src, err := os.ReadFile(fs.Flow)
	if err != nil {
		return nil, fmt.Errorf("read the flow: %w", err)
	}
	var code []byte
	if fs.Script != "" {
		if code, err = os.ReadFile(fs.Script); err != nil {
			return nil, fmt.Errorf("read the script: %w", err)
		}
	}
	sum := sha256.New()
	sum.Write(src)
	sum.Write([]byte{0})
	sum.Write(code)
	version := hex.EncodeToString(sum.Sum(nil)[:8])

	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.last != nil && fs.last.Version == version {
		return fs.last, nil
	}
	name := strings.TrimSuffix(filepath.Base(fs.Flow), filepath.Ext(fs.Flow))
	f := &Flow{Name: name, JSON: src, Version: version, Key: &fs.Key.PublicKey,
		KeyLabel: "a throwaway key made for this preview", FlowToken: filesFlowToken}
	f.Endpoint, f.NoEndpoint = fs.endpoint(name, src, code)
	fs.last = f
	return f, nil
}

// endpoint builds the flow's data endpoint, or says why there is none.
func (fs *Files) endpoint(name string, src, code []byte) (*endpoint.Handler, string) {
	flow, _, err := flowjson.Decode(src)
	switch {
	case err != nil:
		return nil, "the flow does not decode: " + err.Error()
	case !flow.HasEndpoint():
		return nil, "the flow declares no data_api_version, so it never calls one"
	case fs.Script == "":
		return nil, "the flow has a data_api_version; run waflow preview with --script FILE to answer its requests"
	}
	prog, err := script.Compile(fs.Script, string(code))
	if err != nil {
		return nil, "the script does not compile: " + err.Error()
	}
	h, err := endpoint.New(endpoint.Config{FlowID: name, Flow: flow, Keys: crypto.KeySet{fs.Key}, Program: prog,
		Host: fs.Host, Env: fs.Env, Logger: fs.Logger})
	if err != nil {
		return nil, err.Error()
	}
	return h, ""
}
