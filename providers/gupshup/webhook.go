package gupshup

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/waflow/waflow/providers"
)

// Webhooks reads Gupshup's webhooks: both subscription formats, version 2
// (Gupshup's own) and version 3 (Meta's envelope with Gupshup's keys), told
// apart by their shape. Gupshup does not sign webhooks: a delivery is
// accepted when the header named Header carries one of the app's webhook
// secrets, which Gupshup sends because the subscription's meta.headers
// lists it. The zero value reads DefaultWebhookHeader; a Webhooks has no
// other state and is safe for concurrent use.
type Webhooks struct {
	// Header names the header holding the shared secret; empty means
	// DefaultWebhookHeader.
	Header string
}

var _ providers.WebhookReceiver = Webhooks{}

func (w Webhooks) header() string {
	if w.Header != "" {
		return w.Header
	}
	return DefaultWebhookHeader
}

// Handshake reports false: Gupshup has no subscription handshake.
func (Webhooks) Handshake(url.Values, []string) (string, bool) { return "", false }

// VerifyWebhook implements [providers.WebhookReceiver] with a shared
// secret, not a signature: the header must equal one of secrets, compared
// in constant time on hashes so that lengths do not leak either. This is
// weaker than a signature: the secret travels with every delivery, and the
// body is not covered, so TLS on the webhook URL is what keeps both intact.
func (w Webhooks) VerifyWebhook(secrets [][]byte, header http.Header, body []byte) error {
	values := header.Values(w.header())
	if len(values) == 0 || values[0] == "" {
		return fmt.Errorf("gupshup: %w: no %s header", providers.ErrWebhookUnsigned, w.header())
	}
	got := sha256.Sum256([]byte(values[0]))
	usable, match := 0, 0
	for _, s := range secrets {
		if len(s) == 0 {
			continue
		}
		usable++
		want := sha256.Sum256(s)
		match |= subtle.ConstantTimeCompare(got[:], want[:])
	}
	switch {
	case usable == 0:
		return fmt.Errorf("gupshup: %w", providers.ErrWebhookNoSecret)
	case match != 1:
		return fmt.Errorf("gupshup: %w: the %s header matches no webhook secret", providers.ErrWebhookSignature, w.header())
	}
	return nil
}

// ParseWebhook implements [providers.WebhookReceiver] for version 2 and
// version 3 bodies. Events waflow has no word for (user, billing and
// account events, the set-callback notice, a "deleted" status, category
// and quality updates of templates) are skipped, not refused.
func (Webhooks) ParseWebhook(body []byte) ([]providers.Event, error) {
	var probe struct {
		Object string          `json:"object"`
		Entry  json.RawMessage `json:"entry"`
		Type   string          `json:"type"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, fmt.Errorf("gupshup: %w: %w", providers.ErrWebhookMalformed, err)
	}
	var (
		events []providers.Event
		err    error
	)
	switch {
	case probe.Object != "" || probe.Entry != nil:
		events, err = parseV3(body)
	case probe.Type != "":
		events, err = parseV2(body)
	default:
		err = errors.New("neither a version 2 body (type, payload) nor a version 3 one (object, entry)")
	}
	if err != nil {
		return nil, fmt.Errorf("gupshup: %w: %w", providers.ErrWebhookMalformed, err)
	}
	return events, nil
}

// Handshake reports false: Gupshup has no subscription handshake.
func (p *Provider) Handshake(query url.Values, verifyTokens []string) (string, bool) {
	return Webhooks{Header: p.webhookHeader}.Handshake(query, verifyTokens)
}

// VerifyWebhook checks the shared-secret header; see
// [Webhooks.VerifyWebhook].
func (p *Provider) VerifyWebhook(secrets [][]byte, header http.Header, body []byte) error {
	return Webhooks{Header: p.webhookHeader}.VerifyWebhook(secrets, header, body)
}

// ParseWebhook turns a verified body into events; see
// [Webhooks.ParseWebhook].
func (p *Provider) ParseWebhook(body []byte) ([]providers.Event, error) {
	return Webhooks{Header: p.webhookHeader}.ParseWebhook(body)
}

// scalar reads a JSON string or number as text; null or absent is "".
func scalar(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return "", nil
	}
	if raw[0] == '"' {
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", errors.New("want a string or a number")
	}
	return n.String(), nil
}

// maxUnixSeconds (year 9999) keeps times within what the stores hold.
const maxUnixSeconds = 253402300799

// msThreshold tells milliseconds from seconds: Gupshup sends both (v2
// envelopes and v3 enqueued statuses in ms, v3 statuses otherwise in s).
// No time in seconds before the year 5138 is that large.
const msThreshold = 1e11

// unixTime reads a time in seconds or milliseconds, given as a string or a
// number; absent is the zero time.
func unixTime(raw json.RawMessage) (time.Time, error) {
	text, err := scalar(raw)
	if err != nil || text == "" {
		return time.Time{}, err
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("%q is not a Unix time", text)
	}
	if n >= msThreshold {
		n /= 1000
	}
	if n > maxUnixSeconds {
		return time.Time{}, fmt.Errorf("%q is out of range", text)
	}
	return time.Unix(n, 0).UTC(), nil
}

// number reads a coordinate given as a number or a string.
func number(raw json.RawMessage) (float64, error) {
	text, err := scalar(raw)
	if err != nil || text == "" {
		return 0, err
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a finite number", text)
	}
	return f, nil
}

// firstOf returns the first non-empty value.
func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// statusEvent builds a delivery status event. The message is named by
// Gupshup's id when the event carries it, the id SendMessage returned;
// otherwise (v2 events more than a week late) by the id it has. Beside
// Gupshup's id, id is the wamid (sent, delivered and read events); alone,
// it is one when it reads as one (enqueued and failed events carry
// Gupshup's id there).
func statusEvent(gsID, id, raw string, at time.Time, recipient string, errs []providers.EventError) (providers.Event, bool) {
	status, ok := providers.MapMessageStatus(raw)
	msgID := firstOf(gsID, id)
	if !ok || msgID == "" {
		return providers.Event{}, false
	}
	wamid := ""
	if (gsID != "" && id != gsID) || strings.HasPrefix(id, wamidPrefix) {
		wamid = id
	}
	return providers.Event{Kind: providers.EventStatus, DedupeKey: "status:" + msgID + ":" + raw, At: at,
		Status: &providers.StatusUpdate{MessageID: msgID, WAMID: wamid, Status: status, RawStatus: raw, Recipient: recipient, At: at, Errors: errs}}, true
}
