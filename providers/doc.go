// Package providers is the one interface waflow speaks to every BSP (Meta
// Cloud API direct, Gupshup, Infobip, Kapso and the in-process sandbox), and
// the wire types they share.
//
// # Shape
//
// A [Provider] is grouped by concern: [FlowManager] (create, upload JSON, set
// the endpoint, publish, deprecate, delete, get, preview) and [KeyUploader]
// (the flows public key). Each provider declares what it offers in its
// [Capabilities]; a call it does not offer returns an [*UnsupportedError],
// which the REST API turns into a 4xx naming the BSP and the operation, and
// the reconciler records as a per-target "unsupported" status instead of
// retrying it.
//
// # Errors
//
// Providers classify their failures with [*Error]: Retryable says whether a
// later attempt may succeed (throttling, 5xx, timeouts), so callers never
// parse error text.
//
// # Implementations
//
// One subpackage per BSP: providers/sandbox today, each real one with a fake
// server that speaks the BSP's documented shapes.
package providers
