package endpoint

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/waflow/waflow/crypto"
)

// MaxMediaBytes is the largest picker file WhatsApp accepts (25 MiB), plus
// the 10-byte MAC that ends every CDN file.
const MaxMediaBytes = 25<<20 + 10

// DefaultMediaHosts are the host suffixes of WhatsApp's media CDN.
func DefaultMediaHosts() []string { return []string{"whatsapp.net", "fbcdn.net"} }

// ErrMediaHost reports a cdn_url outside the allowed hosts.
var ErrMediaHost = errors.New("cdn_url host is not allowed")

// MediaFetcher downloads a PhotoPicker or DocumentPicker file from the
// cdn_url of its item and decrypts it with the item's encryption_metadata.
// Its Fetch method has the shape script.Options.Media expects, so handler
// scripts can call decryptMedia(item).
//
// The item comes out of a request anyone holding the public key can seal,
// so the URL is not trusted: only https URLs on the allowed host suffixes
// are fetched, redirects may not leave them, and the body is bounded.
type MediaFetcher struct {
	// Client makes the download; nil means a client with a 30 s timeout.
	Client *http.Client
	// Hosts are the allowed host suffixes; empty means DefaultMediaHosts.
	Hosts []string
	// AllowHTTP permits plain http, for tests against a local server.
	AllowHTTP bool
}

// Fetch downloads and decrypts one picker item.
func (f MediaFetcher) Fetch(ctx context.Context, item map[string]any) ([]byte, error) {
	rawURL, _ := item["cdn_url"].(string)
	meta, _ := item["encryption_metadata"].(map[string]any)
	if rawURL == "" || meta == nil {
		return nil, fmt.Errorf("%w: the item needs cdn_url and encryption_metadata", crypto.ErrMediaMetadata)
	}
	u, err := f.check(rawURL)
	if err != nil {
		return nil, err
	}
	enc := crypto.MediaEncryption{
		EncryptionKey: str(meta["encryption_key"]),
		HMACKey:       str(meta["hmac_key"]),
		IV:            str(meta["iv"]),
		PlaintextHash: str(meta["plaintext_hash"]),
		EncryptedHash: str(meta["encrypted_hash"]),
	}
	body, err := f.download(ctx, u)
	if err != nil {
		return nil, err
	}
	plain, err := crypto.DecryptMedia(body, enc)
	if err != nil {
		return nil, fmt.Errorf("decrypt media: %w", err)
	}
	return plain, nil
}

func (f MediaFetcher) check(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %q is not a URL", ErrMediaHost, rawURL)
	}
	if u.Scheme != "https" && !(f.AllowHTTP && u.Scheme == "http") {
		return nil, fmt.Errorf("%w: scheme %q (https only)", ErrMediaHost, u.Scheme)
	}
	host := strings.ToLower(u.Hostname())
	hosts := f.Hosts
	if len(hosts) == 0 {
		hosts = DefaultMediaHosts()
	}
	for _, h := range hosts {
		h = strings.ToLower(h)
		if host == h || strings.HasSuffix(host, "."+h) {
			return u, nil
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrMediaHost, host)
}

func (f MediaFetcher) download(ctx context.Context, u *url.URL) ([]byte, error) {
	client := f.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	guarded := *client
	guarded.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		_, err := f.check(req.URL.String())
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("download media: %w", err)
	}
	resp, err := guarded.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download media: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download media: CDN answered %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxMediaBytes+1))
	if err != nil {
		return nil, fmt.Errorf("download media: %w", err)
	}
	if len(body) > MaxMediaBytes {
		return nil, fmt.Errorf("download media: file larger than %d bytes", MaxMediaBytes)
	}
	return body, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
