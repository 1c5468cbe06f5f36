package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/waflow/waflow/providers"
)

// Policy says how often and how patiently to retry. The zero value means
// the defaults.
type Policy struct {
	// MaxAttempts counts every attempt, the first included; 0 means 4 and 1
	// disables retries.
	MaxAttempts int
	// BaseDelay is the wait before the second attempt, doubled for each
	// later one; 0 means 250ms.
	BaseDelay time.Duration
	// MaxDelay caps every wait and is the longest Retry-After honoured;
	// 0 means 30s.
	MaxDelay time.Duration
	// Jitter turns a computed backoff into the wait actually used; nil
	// means a uniformly random wait between half the backoff and the
	// backoff. Retry-After waits are used as given, without jitter.
	Jitter func(backoff time.Duration) time.Duration
}

// Defaults of Policy.
const (
	DefaultMaxAttempts = 4
	DefaultBaseDelay   = 250 * time.Millisecond
	DefaultMaxDelay    = 30 * time.Second
	DefaultTimeout     = 30 * time.Second
)

func (p Policy) withDefaults() Policy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultBaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = DefaultMaxDelay
	}
	if p.Jitter == nil {
		p.Jitter = halfJitter
	}
	return p
}

func halfJitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half)
}

// backoff is the wait before attempt n+1 (n ≥ 1) without jitter.
func (p Policy) backoff(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// Outcome is a classifier's verdict on one response.
type Outcome int

// Outcomes of a response.
const (
	// Done: the response is final, whatever its status.
	Done Outcome = iota
	// RetryAny: the server did not act on the request; any request may be
	// sent again.
	RetryAny
	// RetryIdempotent: the server may have acted; only idempotent
	// requests are sent again.
	RetryIdempotent
)

// Classifier reads a response (its body already read) and says whether
// another attempt is worth it. Nil means [DefaultClassifier].
type Classifier func(r *Response) Outcome

// DefaultClassifier retries 429 for every request and 5xx for idempotent
// ones.
func DefaultClassifier(r *Response) Outcome {
	switch {
	case r.Status == http.StatusTooManyRequests:
		return RetryAny
	case r.Status >= 500:
		return RetryIdempotent
	}
	return Done
}

// Client sends requests with retries. The zero value is usable; a Client
// is safe for concurrent use and keeps no state between calls.
type Client struct {
	// HTTP sends each attempt; nil means a client of its own with no
	// overall timeout (each attempt has Timeout).
	HTTP *http.Client
	// Policy says how to retry.
	Policy Policy
	// Timeout bounds each attempt, reading the body included; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// Classify reads responses; nil means DefaultClassifier.
	Classify Classifier
	// Logger receives one Debug line per attempt and one Warn line per
	// retry, scrubbed of Request.Secrets, sensitive headers and
	// credential query parameters; nil logs nothing.
	Logger *slog.Logger
	// Now is the clock for HTTP-date Retry-After values; nil means
	// time.Now.
	Now func() time.Time
	// Sleep waits between attempts and returns early with ctx's error;
	// nil means a timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// For returns c as bsp's adapter uses it: its Logger, when set, tags every
// line with the BSP.
func For(bsp providers.BSP, c Client) *Client {
	if c.Logger != nil {
		c.Logger = c.Logger.With("bsp", string(bsp))
	}
	return &c
}

// Request is one logical call; Body is replayed on each attempt.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// Idempotent marks a request that may be sent again after an
	// ambiguous failure without a second effect (reads, deletes, replacing
	// uploads, moves to a fixed state). Creations and message sends are
	// not.
	Idempotent bool
	// Secrets are credential values (tokens, keys) that must never reach a
	// log line, wherever they appear.
	Secrets []string
}

// Response is the final answer to a Request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
	// Attempts is how many attempts were made.
	Attempts int
	// RetryAfter is the server's Retry-After, 0 when it gave none.
	RetryAfter time.Duration
}

// Error is a request that got no response: the connection failed or timed
// out on every attempt made.
type Error struct {
	Attempts int
	// Timeout is true when the last attempt ran out of time.
	Timeout bool
	Err     error
}

func (e *Error) Error() string {
	return fmt.Sprintf("transport: no response after %d attempt(s): %v", e.Attempts, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Unanswered reports a call of op to bsp whose request got no answer (err
// as Do returned it): ErrorUnavailable, saying how many attempts timed
// out when the last one did.
func Unanswered(bsp providers.BSP, op providers.Operation, err error) *providers.Error {
	e := &providers.Error{BSP: bsp, Operation: op, Kind: providers.ErrorUnavailable, Err: err}
	var te *Error
	if errors.As(err, &te) && te.Timeout {
		e.Message = fmt.Sprintf("timed out after %d attempt(s)", te.Attempts)
	}
	return e
}

// Segment escapes id, the what of op's request, as a path segment; an
// empty id is refused with an ErrorInvalid of bsp before anything is
// sent.
func Segment(bsp providers.BSP, op providers.Operation, what, id string) (string, error) {
	if strings.TrimSpace(id) == "" {
		return "", &providers.Error{BSP: bsp, Operation: op, Kind: providers.ErrorInvalid, Err: fmt.Errorf("the %s is empty", what)}
	}
	return url.PathEscape(id), nil
}

// Decode unmarshals data, the body of a 2xx answer with status, into out;
// data that is not the JSON expected is an ErrorUnknown of op.
func Decode(bsp providers.BSP, op providers.Operation, status int, data []byte, out any) error {
	if err := json.Unmarshal(data, out); err != nil {
		return &providers.Error{BSP: bsp, Operation: op, Kind: providers.ErrorUnknown,
			HTTPStatus: status, Message: "the answer is not the JSON expected", Err: err}
	}
	return nil
}

// Do sends req, retrying as the package documentation says. It returns a
// Response for any HTTP answer, 4xx and 5xx included, and an *Error when
// the last attempt got none. A cancelled or expired ctx ends it with ctx's
// error.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	policy := c.Policy.withDefaults()
	classify := c.Classify
	if classify == nil {
		classify = DefaultClassifier
	}
	log := newScrubber(c.Logger, req.Secrets)
	for attempt := 1; ; attempt++ {
		resp, err := c.attempt(ctx, req, attempt, log)
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		var outcome Outcome
		var reason string
		if err != nil {
			outcome, reason = failureOutcome(err), "no response"
		} else {
			resp.Attempts = attempt
			resp.RetryAfter = RetryAfter(resp.Header, c.now())
			outcome, reason = classify(resp), "status "+strconv.Itoa(resp.Status)
		}
		retry := outcome == RetryAny || outcome == RetryIdempotent && req.Idempotent
		wait := policy.Jitter(policy.backoff(attempt))
		if resp != nil && resp.RetryAfter > 0 {
			wait = resp.RetryAfter
			retry = retry && wait <= policy.MaxDelay
		}
		if !retry || attempt >= policy.MaxAttempts {
			if err != nil {
				var ne net.Error
				return nil, &Error{Attempts: attempt, Timeout: errors.As(err, &ne) && ne.Timeout(), Err: err}
			}
			return resp, nil
		}
		log.warn("retrying", "method", req.Method, "url", log.url(req.URL), "attempt", attempt,
			"reason", reason, "error", errText(err), "wait", wait)
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// attempt makes one try with its own timeout.
func (c *Client) attempt(ctx context.Context, req Request, n int, log *scrubber) (*Response, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, req.Method, req.URL, bytes.NewReader(req.Body))
	if err != nil {
		return nil, err
	}
	for k, vs := range req.Header {
		hreq.Header[k] = append([]string(nil), vs...)
	}
	log.debug("http request", "method", req.Method, "url", log.url(req.URL), "attempt", n,
		"header", log.header(hreq.Header), "body", log.body(req.Body))
	start := time.Now()
	hresp, err := c.httpClient().Do(hreq)
	if err != nil {
		log.debug("http failure", "method", req.Method, "url", log.url(req.URL), "attempt", n, "error", log.text(err.Error()))
		return nil, err
	}
	defer hresp.Body.Close()
	body, err := io.ReadAll(hresp.Body)
	if err != nil {
		return nil, err
	}
	log.debug("http response", "method", req.Method, "url", log.url(req.URL), "attempt", n,
		"status", hresp.StatusCode, "duration", time.Since(start), "header", log.header(hresp.Header), "body", log.body(body))
	return &Response{Status: hresp.StatusCode, Header: hresp.Header, Body: body}, nil
}

// failureOutcome: a connection never opened reached nobody; anything else
// may have reached the server.
func failureOutcome(err error) Outcome {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return RetryAny
	}
	return RetryIdempotent
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return &http.Client{}
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// RetryAfter reads a Retry-After header given in seconds or as an HTTP
// date; 0 when absent, malformed or in the past.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(secs)*time.Second, 0)
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}

// Redacted replaces every secret in logged text.
const Redacted = "[REDACTED]"

// sensitiveHeaders are logged as Redacted whatever their value.
var sensitiveHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "Apikey", "X-Api-Key", "Api-Key"}

// sensitiveParams are query parameters logged as Redacted.
var sensitiveParams = []string{"access_token", "apikey", "api_key", "token", "key", "client_secret", "appsecret_proof"}

// scrubber logs with every secret removed.
type scrubber struct {
	log     *slog.Logger
	secrets []string
}

func newScrubber(log *slog.Logger, secrets []string) *scrubber {
	s := &scrubber{log: log}
	for _, v := range secrets {
		if v != "" {
			s.secrets = append(s.secrets, v)
		}
	}
	return s
}

func (s *scrubber) debug(msg string, args ...any) {
	if s.log != nil {
		s.log.Debug(msg, args...)
	}
}

func (s *scrubber) warn(msg string, args ...any) {
	if s.log != nil {
		s.log.Warn(msg, args...)
	}
}

func (s *scrubber) text(v string) string {
	for _, secret := range s.secrets {
		v = strings.ReplaceAll(v, secret, Redacted)
	}
	return v
}

func (s *scrubber) url(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return s.text(raw)
	}
	q := u.Query()
	changed := false
	for k := range q {
		for _, p := range sensitiveParams {
			if strings.EqualFold(k, p) {
				q[k] = []string{Redacted}
				changed = true
			}
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return s.text(u.String())
}

func (s *scrubber) header(h http.Header) slog.Value {
	attrs := make([]slog.Attr, 0, len(h))
	for k, vs := range h {
		v := strings.Join(vs, ", ")
		for _, name := range sensitiveHeaders {
			if strings.EqualFold(k, name) {
				v = Redacted
			}
		}
		attrs = append(attrs, slog.String(k, s.text(v)))
	}
	return slog.GroupValue(attrs...)
}

// maxLoggedBody bounds the body text in a log line.
const maxLoggedBody = 2048

func (s *scrubber) body(b []byte) string {
	text := s.text(string(b))
	if len(text) > maxLoggedBody {
		text = text[:maxLoggedBody] + "…"
	}
	return text
}
