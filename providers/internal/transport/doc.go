// Package transport is the HTTP retry loop the BSP adapters share: one call
// per attempt with its own timeout, exponential backoff with jitter,
// Retry-After honoured, no second attempt of a non-idempotent request after
// an ambiguous failure, and request/response logging with every credential
// scrubbed.
//
// It knows nothing of any BSP's error format: each adapter passes a
// [Classifier] that reads a response and says whether another attempt is
// safe, and maps the final [Response] or [*Error] to its own errors.
//
// # Retry rules
//
//   - A response the classifier calls [RetryAny] (rate limited, or refused
//     with the server's word that nothing was processed) is retried for
//     every request.
//   - A response it calls [RetryIdempotent] (a 5xx: the server may have
//     acted before failing) and a failure after the request may have been
//     sent (timeout, reset) are retried only for requests marked
//     Idempotent.
//   - A connection that could not be opened is retried for every request:
//     nothing reached the server.
//   - A Retry-After longer than Policy.MaxDelay ends the retries: the last
//     response is returned and the caller reports the wait.
//
// # Waits and limits
//
// [Policy] sets how many attempts in all (4 by default), the wait before
// the second one (250ms, doubled for each later one) and the cap on every
// wait (30s); its zero value means those defaults. A computed wait is
// jittered, by default to a random point between half of it and all of it;
// a Retry-After is waited as given. Each attempt has its own timeout
// (Client.Timeout, 30s by default), reading the body included, and a
// cancelled context ends the loop with the context's error.
//
// [Client.Do] returns a [*Response] for any HTTP answer, 4xx and 5xx
// included, and an [*Error] when the last attempt got none; [Unanswered]
// turns that into the [providers.ErrorUnavailable] error the adapters
// return.
//
// # Logging
//
// With Client.Logger set, each attempt logs one Debug line with the
// method, URL, headers and body (cut at 2 KiB), and each retry one Warn
// line with the reason and the wait. Before anything is logged, the values listed in
// Request.Secrets are replaced by [Redacted] wherever they occur, and so
// are the Authorization, Cookie and API-key headers and credential query
// parameters such as access_token.
//
// # Adapter plumbing
//
// [For] makes an adapter's Client, its log lines tagged with the BSP.
// [Segment] escapes an id into a path and refuses an empty one before
// anything is sent; [JSONPayload], [FormPayload] and [MultipartPayload]
// encode request bodies the same way in every adapter (compact JSON
// without HTML escaping, multipart boundaries derived from the file's
// hash), so that golden files stay stable; [Decode] reads a 2xx answer.
//
// # Example
//
// An adapter's call, with a classifier that knows its BSP's throttling
// answers:
//
//	c := &transport.Client{Classify: classify, Logger: log}
//	resp, err := c.Do(ctx, transport.Request{
//		Method: http.MethodPost, URL: base + "/v1/messages", Body: body,
//		Header:  http.Header{"Authorization": {"Bearer " + token}},
//		Secrets: []string{token},
//		// Idempotent left false: a message sent twice is seen twice.
//	})
//	if err != nil {
//		return transport.Unanswered(providers.BSPGupshup, providers.OpSendText, err)
//	}
//	if resp.Status >= 300 {
//		return bspError(resp) // the adapter's own mapping
//	}
package transport
