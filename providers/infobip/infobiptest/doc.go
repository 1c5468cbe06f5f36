// Package infobiptest is a fake of Infobip's WhatsApp API on an httptest
// server, strict enough that an adapter bug in encoding, ids, state or
// webhook security fails a test instead of production. No test reaches
// the network.
//
// # What it checks
//
// Every request needs "Authorization: App <Options.APIKey>" (Basic when
// Options.BasicUser is set; Bearer is refused). A refused key is a 401 in
// the classic envelope {"requestError":{"serviceException":{"messageId":
// "UNAUTHORIZED","text":"Invalid login details"}}} on the message APIs
// and in the newer ApiError envelope ({"errorCode":"E401",…,
// "violations":[],"resources":[]}) elsewhere. Senders are the account's
// numbers (Options.Senders); another one is a 404. Keys are camelCase.
//
//   - Flows (/whatsapp/1/senders/{sender}/flows): create → 201 with a
//     default flow.json (without screens, as its content is not
//     documented); list as {"flows":[…]}; metadata PATCH → 204; the Flow
//     JSON as the raw application/json body of PUT …/json (multipart and
//     {"flowJson":…} wrappers refused) → 201 {"validationErrors":[…]},
//     stored even with errors; GET …/json → externalDownloadUrl; preview;
//     publish, deprecate, delete → 204. State rules: edits and publishing
//     in DRAFT only, publishing only without validation errors,
//     deprecating a PUBLISHED, THROTTLED or BLOCKED flow only, deleting a
//     DRAFT only; a refusal is a 400 ApiError with one violation on
//     "flowId". Flow calls are capped per hour of the fake's clock (429).
//     [Server.Throttle], Block and Recover play the health monitor.
//   - Validation stub: unparsable JSON (at its line and column), no
//     version, no screens, a screen called SUCCESS, a routing model naming
//     unknown screens, a component of type [MagicInvalidComponent];
//     camelCase entries without pointers.
//   - Messages: /whatsapp/1/message/{text, image, video, audio, document,
//     sticker, interactive/buttons, interactive/list,
//     interactive/url-button, interactive/location-request,
//     interactive/flow} with unknown content fields refused (so Meta's
//     snake_case fails), media by mediaUrl, flow messages with the
//     integer flowMessageVersion 3, upper-case mode and flowAction, a CTA
//     of 1 to 20 characters, a payload only with NAVIGATE, and the mode
//     matching the flow's status; the bulk /message/template with an
//     APPROVED template in that language, one placeholder per body
//     variable and FLOW values only for templates with a FLOW button;
//     the read call. Answers carry Infobip's own messageId (the one given
//     when the request has one) and never a wamid. [Server.Sent] is what
//     was received for a messageId.
//   - Templates (/whatsapp/2/senders/{sender}/templates): create (name
//     pattern, category, a body whose examples match its placeholders,
//     FLOW buttons naming an existing flow by number; a name taken in
//     that language is a 400 on "name"), list, get by id, PATCH by id
//     (APPROVED, REJECTED or paused only, else a 400 on "templateId";
//     back to PENDING) → 204, DELETE by name (every language) → 204.
//     Review is a hook: [Server.ApproveTemplate], RejectTemplate,
//     PauseTemplate (FIRST_PAUSED, then SECOND_PAUSED), DisableTemplate.
//   - Public keys: multipart part "file" with an RSA key of at least 2048
//     bits.
//
// # Faults and webhooks
//
// [Server.Inject] queues [Fault] answers per method and route
// ([Unauthorized], [ClassicBadRequest], [TooManyRequests],
// [InternalError], [BadGatewayHTML], [Slow]). [Server.Requests] is the
// request log. The webhook builders (InboundTextWebhook,
// InboundMediaWebhook, ButtonReplyWebhook, FlowReplyWebhook,
// DeliveryReportWebhook, SeenReportWebhook, TemplateStatusWebhook,
// [Batch]) write Infobip's bodies from the fake's state, and
// [Server.Deliver] posts them authenticated per the subscription
// profile's [Security] (BASIC or HMAC), or spoiled by a [Tamper].
//
// # Example
//
//	srv := infobiptest.New(t, infobiptest.Options{})
//	p := infobip.New(infobip.Options{})
//	app := providers.App{BSP: providers.BSPInfobip, PhoneNumber: "+" + srv.Sender(),
//		Credentials: map[string]string{"api_key": srv.APIKey()},
//		Settings:    map[string]string{"base_url": srv.URL}}
//	srv.Inject("POST", infobiptest.RouteSendText, infobiptest.TooManyRequests("1"))
//	res, err := p.SendMessage(ctx, app, msg) // retried once, then accepted
//	body, _ := srv.Sent(res.ID)             // what Infobip received
package infobiptest
