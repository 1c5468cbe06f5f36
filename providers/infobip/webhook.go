package infobip

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"net/url"
	"strings"

	"github.com/waflow/waflow/providers"
)

// WebhookScheme is the security type of the Infobip subscription profile
// that delivers the webhooks.
type WebhookScheme string

// Security types of a subscription profile that waflow verifies. Infobip
// also offers OAUTH (it fetches a bearer token from a URL of yours), which
// waflow does not serve.
const (
	// SchemeBasic: Infobip sends "Authorization: Basic base64(user:password)"
	// with the credentials of the profile; each secret is "user:password".
	SchemeBasic WebhookScheme = "BASIC"
	// SchemeHMAC: Infobip signs the raw body with the profile's key; each
	// secret is that key.
	SchemeHMAC WebhookScheme = "HMAC"
)

// HMAC algorithms, as Infobip names them in security settings.
const (
	HMACSHA1   = "HMAC_SHA_1"
	HMACSHA256 = "HMAC_SHA_256"
	HMACSHA512 = "HMAC_SHA_512"
)

// DefaultHMACHeader is the header read for SchemeHMAC when
// Webhooks.HMACHeader is empty. Infobip's header name is not documented
// where waflow's reference could see it: set the one your profile uses.
const DefaultHMACHeader = "X-Signature"

// Webhooks reads Infobip's webhooks: it checks the subscription profile's
// security and turns the batched bodies into normalized events. The zero
// value verifies BASIC; it keeps no state and is safe for concurrent use.
type Webhooks struct {
	// Scheme is the profile's security type; empty means SchemeBasic.
	Scheme WebhookScheme
	// HMACHeader carries the signature for SchemeHMAC; empty means
	// DefaultHMACHeader.
	HMACHeader string
	// HMACAlgorithm is one of HMACSHA1, HMACSHA256 and HMACSHA512; empty
	// means HMACSHA256.
	HMACAlgorithm string
}

var _ providers.WebhookReceiver = Webhooks{}

// Handshake implements [providers.WebhookReceiver]: Infobip makes no
// subscription check, so it always answers false.
func (Webhooks) Handshake(url.Values, []string) (string, bool) { return "", false }

// VerifyWebhook implements [providers.WebhookReceiver] for the
// configured scheme. Secrets are tried in turn, so a rotated one keeps
// working while the profile changes; comparisons are in constant time.
func (w Webhooks) VerifyWebhook(secrets [][]byte, header http.Header, body []byte) error {
	if w.Scheme == SchemeHMAC {
		return w.verifyHMAC(secrets, header, body)
	}
	if w.Scheme != "" && w.Scheme != SchemeBasic {
		return fmt.Errorf("infobip: %w: scheme %q is not served", providers.ErrWebhookNoSecret, w.Scheme)
	}
	return verifyBasic(secrets, header)
}

// verifyBasic compares the Basic credentials with each "user:password"
// secret; secrets without a colon are not usable.
func verifyBasic(secrets [][]byte, header http.Header) error {
	usable := make([][]byte, 0, len(secrets))
	for _, s := range secrets {
		if strings.Contains(string(s), ":") {
			usable = append(usable, s)
		}
	}
	if len(usable) == 0 {
		return fmt.Errorf("infobip: %w: BASIC needs a user:password secret", providers.ErrWebhookNoSecret)
	}
	auth := header.Get("Authorization")
	if auth == "" {
		return fmt.Errorf("infobip: %w: no Authorization header", providers.ErrWebhookUnsigned)
	}
	scheme, encoded, _ := strings.Cut(auth, " ")
	if !strings.EqualFold(scheme, "Basic") {
		return fmt.Errorf("infobip: %w: Authorization is not Basic", providers.ErrWebhookSignature)
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(encoded))
	if err != nil {
		return fmt.Errorf("infobip: %w: Basic credentials are not base64", providers.ErrWebhookSignature)
	}
	gotSum := sha256.Sum256(got)
	match := 0
	for _, s := range usable {
		want := sha256.Sum256(s)
		match |= subtle.ConstantTimeCompare(gotSum[:], want[:])
	}
	if match != 1 {
		return fmt.Errorf("infobip: %w: Basic credentials do not match", providers.ErrWebhookSignature)
	}
	return nil
}

// verifyHMAC checks the signature header, hex or base64, with an optional
// "<algorithm>=" prefix, against the body's HMAC under each secret.
func (w Webhooks) verifyHMAC(secrets [][]byte, header http.Header, body []byte) error {
	newHash, err := hmacHash(w.HMACAlgorithm)
	if err != nil {
		return fmt.Errorf("infobip: %w: %w", providers.ErrWebhookNoSecret, err)
	}
	usable := 0
	for _, s := range secrets {
		if len(s) > 0 {
			usable++
		}
	}
	if usable == 0 {
		return fmt.Errorf("infobip: %w: HMAC needs a key", providers.ErrWebhookNoSecret)
	}
	name := w.HMACHeader
	if name == "" {
		name = DefaultHMACHeader
	}
	value := strings.TrimSpace(header.Get(name))
	if value == "" {
		return fmt.Errorf("infobip: %w: no %s header", providers.ErrWebhookUnsigned, name)
	}
	if label, rest, ok := strings.Cut(value, "="); ok && signaturePrefixes[strings.ToLower(label)] {
		value = rest
	}
	for _, s := range secrets {
		if len(s) == 0 {
			continue
		}
		m := hmac.New(newHash, s)
		m.Write(body)
		sum := m.Sum(nil)
		hexSum, b64Sum := hex.EncodeToString(sum), base64.StdEncoding.EncodeToString(sum)
		if subtle.ConstantTimeCompare([]byte(strings.ToLower(value)), []byte(hexSum)) == 1 ||
			subtle.ConstantTimeCompare([]byte(value), []byte(b64Sum)) == 1 {
			return nil
		}
	}
	return fmt.Errorf("infobip: %w: %s does not match the body", providers.ErrWebhookSignature, name)
}

// signaturePrefixes are the algorithm labels a signature value may start
// with ("sha256=…").
var signaturePrefixes = map[string]bool{"sha1": true, "sha256": true, "sha512": true,
	"hmac_sha_1": true, "hmac_sha_256": true, "hmac_sha_512": true}

func hmacHash(algorithm string) (func() hash.Hash, error) {
	switch algorithm {
	case "", HMACSHA256:
		return sha256.New, nil
	case HMACSHA1:
		return sha1.New, nil
	case HMACSHA512:
		return sha512.New, nil
	}
	return nil, fmt.Errorf("HMAC algorithm %q is not served", algorithm)
}

// Handshake answers false: Infobip makes no subscription check.
func (p *Provider) Handshake(query url.Values, verifyTokens []string) (string, bool) {
	return p.hooks.Handshake(query, verifyTokens)
}

// VerifyWebhook checks a delivery with Options.Webhooks; see
// [Webhooks.VerifyWebhook].
func (p *Provider) VerifyWebhook(secrets [][]byte, header http.Header, body []byte) error {
	return p.hooks.VerifyWebhook(secrets, header, body)
}

// ParseWebhook turns a verified body into events; see
// [Webhooks.ParseWebhook].
func (p *Provider) ParseWebhook(body []byte) ([]providers.Event, error) {
	return p.hooks.ParseWebhook(body)
}
