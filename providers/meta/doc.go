// Package meta is waflow's provider for Meta's WhatsApp Cloud API, spoken
// directly through the Graph API: flows, the flows public key, messages,
// templates and webhooks. [New] returns a [Provider], which implements
// [providers.Messenger] and [providers.WebhookReceiver]; package
// [github.com/waflow/waflow/providers/meta/metatest] is the fake Graph API
// its tests run against.
//
// # Auth
//
// Every call carries "Authorization: Bearer <token>", the app's
// access_token credential ([CredentialAccessToken]; a System User token in
// production). A missing token is refused before anything is sent. The
// token never reaches a log line: the Authorization header, credential
// query parameters and the values of the app's access_token, app_secret
// and verify_token are replaced by "[REDACTED]" wherever they appear.
// Webhooks are verified with the app secret, not the token (see
// [Webhooks]).
//
// # Addresses and encodings
//
// Paths are /{version}/{id}[/{edge}] under Options.BaseURL (or the app's
// settings.base_url). Flows and templates hang off the app's WABA id;
// messages and the public key off its phone_number_id; a flow or template
// is then addressed by its own id.
//
//	CreateFlow       POST   /{waba}/flows                         JSON: name, categories, endpoint_uri
//	UpdateFlowJSON   POST   /{flow}/assets                        multipart: file (flow.json), name, asset_type=FLOW_JSON
//	SetEndpoint      POST   /{flow}                               JSON: endpoint_uri
//	PublishFlow      POST   /{flow}/publish
//	DeprecateFlow    POST   /{flow}/deprecate
//	DeleteFlow       DELETE /{flow}
//	GetFlow          GET    /{flow}?fields=id,name,status,categories,validation_errors,json_version,data_api_version,endpoint_uri,preview
//	PreviewFlow      GET    /{flow}?fields=preview.invalidate(false)
//	SetPublicKey     POST   /{phone}/whatsapp_business_encryption form: business_public_key
//	SendMessage      POST   /{phone}/messages                     JSON, every kind (flows with flow_message_version "3")
//	CreateTemplate   POST   /{waba}/message_templates             JSON: the providers.Template
//	ListTemplates    GET    /{waba}/message_templates             following the after cursor
//	GetTemplate      GET    /{template}
//	UpdateTemplate   POST   /{template}                           JSON: category, components
//	DeleteTemplate   DELETE /{waba}/message_templates?name=…&hsm_id=…
//
// The multipart boundary is derived from the document's hash, so an
// upload's bytes are reproducible (testdata/requests/upload-flow-json.txt).
//
// # Ids and statuses
//
// Flow, template and phone ids are Meta's numeric strings; a message's id
// is its wamid, returned as both SendResult.ID and WAMID (a mark-read
// request returns the wamid it marked). Flow statuses are Meta's words,
// upper-cased; a word outside DRAFT, PUBLISHED, DEPRECATED, THROTTLED and
// BLOCKED is FlowUnknown with RawStatus kept. Template statuses map with
// [providers.MapTemplateStatus] (IN_APPEAL is PENDING; FLAGGED, LOCKED and
// REINSTATED are APPROVED; PENDING_DELETION, DELETED and ARCHIVED are
// DISABLED; LIMIT_EXCEEDED is FAILED); RawStatus keeps Meta's word.
// Validation errors become one [providers.ValidationError] per pointer,
// its path ("screens [0]. layout.children [0].type", spacing and all)
// turned into a JSON pointer ("/screens/0/layout/children/0/type").
//
// # Errors and retries
//
// A Graph error envelope becomes a *[providers.Error] with Meta's code and
// message; the whole envelope (subcode, user message, fbtrace_id,
// is_transient) is its Err, a *[GraphError]. Kinds: 0 and 190 (and HTTP
// 401) auth; 3, 10 and 200–299 (HTTP 403) auth, as permissions of the
// token; 4, 80007, 130429, 131048, 131056 and 133016 throttled, although
// Meta sends them as HTTP 400; 100 with subcode 33 not found; 139001–139004
// conflict; 132001 (no such template to send) and the account
// restrictions 368, 130497, 131031 and 139000 invalid; 1, 2, 131000,
// 131016, 131057, 133004, 133005, is_transient and 5xx unavailable; any
// other 4xx invalid. A request with no answer is unavailable.
//
// Retries follow Options.Retry (4 attempts, 250ms doubling to 30s, jitter,
// Retry-After honoured up to the longest delay and otherwise returned in
// Error.RetryAfter). Throttling codes, is_transient and 429 are retried
// for every call, because Meta did not act on the request; a 5xx or a
// timeout only for idempotent calls (reads, uploads that replace, moves to
// a fixed state, deletions). A flow or template creation and a message
// send are never sent twice after an ambiguous failure.
//
// # Unconfirmed in the reference, and the choice made
//
//   - Meta answers 139003 both for deprecating a never-published flow and
//     for one already deprecated. DeprecateFlow reads the flow's status
//     after a 139003 and wraps [providers.ErrAlreadyDeprecated] only when it
//     is DEPRECATED, so nobody parses Meta's text.
//   - A duplicate template name and an edit or deletion the status forbids
//     are, as far as the reference knows, code 100 like any bad parameter.
//     After such a refusal the provider looks the template up and reports
//     ErrorConflict when the name exists or the status forbids the change.
//   - Editing a published flow: Meta now moves it back to DRAFT (users keep
//     the published version); older flows answer 139001. Both come through
//     unchanged (the second as ErrorConflict); the fake plays either.
//   - The code for publishing a flow with validation errors is not
//     confirmed; anything in 139000–139004 is a conflict and 100 is
//     invalid, so either is a typed refusal.
//   - is_transient is taken as Meta's word that nothing was done, so even a
//     send is retried after it.
//   - flow_cta is held to 20 characters (Meta now advises 30), and a
//     navigate flow message with data but no screen names
//     FIRST_ENTRY_SCREEN.
//   - Template rejection reasons (rejected_reason) are not in the
//     reference's field list and are not requested.
//
// # Example
//
//	p := meta.New(meta.Options{APIVersion: "v23.0", Logger: slog.Default()})
//	app := providers.App{BSP: providers.BSPMeta, WABAID: "1029384756", PhoneNumberID: "5647382910",
//		Credentials: map[string]string{meta.CredentialAccessToken: token}}
//	flow, err := p.CreateFlow(ctx, app, providers.CreateFlowRequest{Name: "signup", Categories: []string{"SIGN_UP"}})
//	if err != nil {
//		return err
//	}
//	verrs, err := p.UpdateFlowJSON(ctx, app, flow.ID, flowJSON) // verrs block publishing only
//	if err != nil || len(verrs) > 0 {
//		return errors.Join(err, fmt.Errorf("%d validation errors", len(verrs)))
//	}
//	if err := p.PublishFlow(ctx, app, flow.ID); err != nil {
//		return err
//	}
//	res, err := p.SendMessage(ctx, app, providers.OutboundMessage{
//		To: "15551234567", Type: providers.MessageInteractive,
//		Interactive: &providers.Interactive{Type: providers.InteractiveFlow, Body: "Sign up in a minute",
//			Flow: &providers.FlowAction{FlowID: flow.ID, CTA: "Sign up", Token: "session-42"}},
//	})
//	// res.ID is the wamid; the completion's nfm_reply names it as its context.
//
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
