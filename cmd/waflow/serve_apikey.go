package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/waflow/waflow/apikeys"
)

// apiKeyFileName keeps the first API key in the data directory, so that
// every start can print it again for "make run". The directory holds the
// master key already, which unlocks far more; both files are 0600.
const apiKeyFileName = "api-key"

// apiKeyNotice is what the start banner says about the API key.
type apiKeyNotice struct {
	// Line follows "API key: ".
	Line string
	// Bearer is what the curl lines send: the key, a shell variable
	// holding it, or a placeholder.
	Bearer string
	// Note follows on a line of its own; "" for none.
	Note string
}

// ensureAPIKey applies WAFLOW_ADMIN_TOKEN and decides what the banner says
// about the key:
//
//   - with WAFLOW_ADMIN_TOKEN set, that token works (the stored key file is
//     not shown, so the banner never prints a second way in);
//   - with none, the key saved in DATA_DIR/api-key when it still
//     authenticates;
//   - on a first start (no key at all), a new key, saved there with mode
//     0600;
//   - else (keys exist but the file is gone or its key revoked) how to get
//     a working one.
func (d *serverDeps) ensureAPIKey(ctx context.Context) (apiKeyNotice, error) {
	if err := d.apiKeys.EnsureAdmin(ctx, d.cfg.AdminToken); err != nil {
		return apiKeyNotice{}, fmt.Errorf("%s: %w", envAdminToken, err)
	}
	if d.cfg.AdminToken != "" {
		return apiKeyNotice{Line: "the value of " + envAdminToken, Bearer: "$" + envAdminToken}, nil
	}
	path := filepath.Join(d.cfg.DataDir, apiKeyFileName)
	saved, err := readPrivateFile(path, "API key file", "delete it")
	switch {
	case err == nil:
		token := strings.TrimSpace(string(saved))
		_, err := d.apiKeys.Authenticate(ctx, token)
		if err == nil {
			return savedKey(token, path), nil
		}
		if !errors.Is(err, apikeys.ErrUnauthorized) {
			return apiKeyNotice{}, err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return apiKeyNotice{}, err
	}
	n, err := d.apiKeys.Count(ctx)
	if err != nil {
		return apiKeyNotice{}, err
	}
	if n > 0 {
		return apiKeyNotice{Line: "not shown", Bearer: "YOUR_API_KEY", Note: fmt.Sprintf(
			"  The first key was printed at the first start and saved in %s, which is gone or holds a revoked key.\n"+
				"  Set %s to a random value of at least %d characters and restart: that value is then a key.",
			path, envAdminToken, apikeys.MinAdminTokenLength)}, nil
	}
	token, key, err := d.apiKeys.Issue(ctx, "initial key")
	if err != nil {
		return apiKeyNotice{}, err
	}
	if err := installPrivateFile(path, "API key file", []byte(string(token)+"\n"), true); err != nil {
		return apiKeyNotice{}, err
	}
	d.log.Info("issued the first API key", "key_id", key.ID, "saved_in", path)
	return savedKey(string(token), path), nil
}

func savedKey(token, path string) apiKeyNotice {
	return apiKeyNotice{Line: token, Bearer: token,
		Note: "  (saved in " + path + ", mode 0600; delete the file to stop showing it)"}
}

// printBanner tells the user where the server is, which key to use and
// three requests to try.
func printBanner(w io.Writer, base, publicURL string, key apiKeyNotice, ex examplesLoaded) {
	fmt.Fprintf(w, "Base URL: %s\n", base)
	if publicURL != base {
		fmt.Fprintf(w, "Public URL: %s\n", publicURL)
	}
	fmt.Fprintf(w, "API key: %s\n", key.Line)
	if key.Note != "" {
		fmt.Fprintln(w, key.Note)
	}
	flowID, file := "FLOW_ID", "flow.json"
	if len(ex.Flows) > 0 {
		fmt.Fprintf(w, "Examples: %d flows on app %s (%s)\n", len(ex.Flows), demoAppName, ex.AppID)
		flowID, file = ex.Flows[0].ID, ex.Flows[0].File
	}
	auth := `-H "Authorization: Bearer ` + key.Bearer + `"`
	fmt.Fprintln(w, "Try:")
	fmt.Fprintf(w, "  curl %s %s/wa/v2/flows/\n", auth, base)
	fmt.Fprintf(w, "  curl %s %s/wa/v2/flows/%s/targets\n", auth, base, flowID)
	fmt.Fprintf(w, "  curl %s -H \"Content-Type: application/json\" --data-binary @%s %s/wa/v2/flows/validate\n", auth, file, base)
}
