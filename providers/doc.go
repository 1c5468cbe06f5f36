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
// # Messaging
//
// Sending and templates are not part of [Provider]: a BSP offers them by
// implementing [MessageSender] and [TemplateManager] ([Messenger] is all of
// it) and listing their operations in its Capabilities. Sending is one
// operation per kind of message ([OutboundMessage.Operation]: text, media,
// reaction, template, interactive, flow, mark as read), since BSPs differ
// there. Callers get them with [SenderOf] and [TemplatesOf], which answer
// *[UnsupportedError] for what the BSP lacks.
//
// [OutboundMessage] and [Template] are Meta-shaped in meaning and no BSP's
// wire format; each provider translates them. [OutboundMessage.Validate]
// checks what all BSPs share. Status words map to the toolkit's with
// [MapMessageStatus] and [MapTemplateStatus], which keep unknown words
// apart rather than guess.
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
