// # Webhooks
//
// [Webhooks] reads what Meta posts to the callback URL: the verification
// handshake (GET with hub.mode, hub.verify_token, hub.challenge), the
// X-Hub-Signature-256 check over the raw body, and the messages,
// message_template_status_update and flows fields, normalized into
// [providers.Event] values. Statuses map with [providers.MapMessageStatus]
// (played is read), template events with [providers.MapTemplateStatus];
// flow statuses Meta may add later become [providers.FlowUnknown]. Words
// without a toolkit meaning (a "deleted" status, a quality update) are
// skipped, not refused.
//
// Deduplication keys are "message:<wamid>", "status:<wamid>:<status>",
// "template_status:<id>:<event>:<entry time>" and
// "flow_status:<flow id>:<event>:<alert state>:<new status>:<entry time>".
//
// [EncodeWebhook] writes events back as Meta's body, so parse, encode and
// parse again give the same events (FuzzParseMetaWebhook holds this); the
// sandbox BSP and tests use it to produce signed webhooks.
package meta
