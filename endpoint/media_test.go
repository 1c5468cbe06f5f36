package endpoint_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
)

// mediaCDN serves the public media vector of crypto/testdata over TLS, and
// returns a picker item pointing at it.
func mediaCDN(t *testing.T) (*httptest.Server, map[string]any, []byte) {
	t.Helper()
	file, err := os.ReadFile("../crypto/testdata/public/media-cdn-file.bin")
	require.NoError(t, err)
	plain, err := os.ReadFile("../crypto/testdata/public/media-plaintext.jpg")
	require.NoError(t, err)
	metaJSON, err := os.ReadFile("../crypto/testdata/public/media-encryption-metadata.json")
	require.NoError(t, err)
	var meta map[string]any
	require.NoError(t, json.Unmarshal(metaJSON, &meta))
	if inner, ok := meta["encryption_metadata"].(map[string]any); ok {
		meta = inner
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/file.enc", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write(file) })
	mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://attacker.example/x", http.StatusFound)
	})
	srv := httptest.NewTLSServer(mux)
	t.Cleanup(srv.Close)
	item := map[string]any{
		"media_id":            "m1",
		"file_name":           "photo.jpg",
		"cdn_url":             srv.URL + "/file.enc",
		"encryption_metadata": meta,
	}
	return srv, item, plain
}

func TestMediaFetcherDecryptsTheCDNFile(t *testing.T) {
	srv, item, plain := mediaCDN(t)
	f := endpoint.MediaFetcher{Client: srv.Client(), Hosts: []string{"127.0.0.1"}}
	got, err := f.Fetch(context.Background(), item)
	require.NoError(t, err)
	require.Equal(t, plain, got)
}

func TestMediaFetcherRefusesUntrustedURLs(t *testing.T) {
	srv, item, _ := mediaCDN(t)
	tests := []struct {
		name string
		url  string
		f    endpoint.MediaFetcher
	}{
		{"host not allowed", srv.URL + "/file.enc", endpoint.MediaFetcher{Client: srv.Client()}},
		{"plain http", "http://mmg.whatsapp.net/x", endpoint.MediaFetcher{}},
		{"look-alike host", "https://evilwhatsapp.net/x", endpoint.MediaFetcher{}},
		{"redirect off the allowed hosts", srv.URL + "/elsewhere", endpoint.MediaFetcher{Client: srv.Client(), Hosts: []string{"127.0.0.1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := map[string]any{"cdn_url": tt.url, "encryption_metadata": item["encryption_metadata"]}
			_, err := tt.f.Fetch(context.Background(), bad)
			require.ErrorIs(t, err, endpoint.ErrMediaHost)
		})
	}
}

func TestMediaFetcherRejectsTamperedMetadata(t *testing.T) {
	srv, item, _ := mediaCDN(t)
	meta := map[string]any{}
	for k, v := range item["encryption_metadata"].(map[string]any) {
		meta[k] = v
	}
	meta["encrypted_hash"] = base64.StdEncoding.EncodeToString(make([]byte, 32))
	item["encryption_metadata"] = meta
	f := endpoint.MediaFetcher{Client: srv.Client(), Hosts: []string{"127.0.0.1"}}
	_, err := f.Fetch(context.Background(), item)
	require.ErrorIs(t, err, crypto.ErrMediaIntegrity)

	_, err = f.Fetch(context.Background(), map[string]any{"cdn_url": srv.URL})
	require.ErrorIs(t, err, crypto.ErrMediaMetadata)
}

func TestHandlerScriptDecryptsMedia(t *testing.T) {
	srv, item, plain := mediaCDN(t)
	f := endpoint.MediaFetcher{Client: srv.Client(), Hosts: []string{"127.0.0.1"}}
	host := script.NewHost(script.Options{Media: f.Fetch})
	t.Cleanup(func() { _ = host.Close() })
	prog, err := script.Compile("media.js", `
async function handle(req, ctx) {
  const b64 = await decryptMedia(req.data.photo[0]);
  return {screen: "DONE", data: {size: b64.length}};
}`)
	require.NoError(t, err)
	ans, err := host.Run(context.Background(), prog, script.Request{
		FlowID: "f1",
		Body: map[string]any{
			"version": "3.0", "action": "data_exchange", "screen": "UPLOAD", "flow_token": "t",
			"data": map[string]any{"photo": []any{item}},
		},
	})
	require.NoError(t, err)
	data := ans.Body["data"].(map[string]any)
	require.EqualValues(t, len(base64.StdEncoding.EncodeToString(plain)), data["size"])
}
