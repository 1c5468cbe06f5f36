// Package messaging is waflow's messaging: sending messages and keeping
// their status, managing message templates, and, on the inbound side,
// webhooks, subscriptions and flow responses.
//
// # Sending
//
// [Service.Send] takes a [SendRequest], an app and a
// [providers.OutboundMessage], and
//
//  1. checks the message ([providers.OutboundMessage.Validate]) and that
//     the app's BSP can send its kind ([providers.SenderOf]);
//  2. resolves what the message names: a flow by waflow's id or name to the
//     id the app's BSP gave it (see [FlowResolver]), a template to the
//     app's stored template, whose parameters must fit it;
//  3. fills in a signed flow token (crypto.Tokens, recipient and flow id)
//     wherever a flow is opened without one, so that the completion can be
//     linked back to the message;
//  4. stores the message as PENDING, then sends it, then stores SENT with
//     the BSP's id and the wamid, or FAILED with the BSP's code and
//     message.
//
// Nothing is stored when step 1, 2 or 3 refuses the request, and a stored
// message is never left PENDING because the caller went away: the send and
// its recording finish on their own deadline.
//
// # Flow messages
//
// Published mode (the default) opens the last published version, so the
// flow must have been published on the app, and be neither DEPRECATED nor
// BLOCKED; a published flow being edited (DRAFT again) still qualifies.
// Draft mode opens the draft and WhatsApp refuses it for published flows,
// so it needs a DRAFT. Refusals are a [*StateError]. CTA labels are held
// to 20 characters, what every client accepts.
//
// # Templates in messages
//
// A template message is checked against the stored template, which must be
// APPROVED: a POSITIONAL template's {{1}}…{{n}} take n text parameters in
// order, a NAMED template's {{name}} take parameters named after them, a
// media header takes media of its kind, and every button component names a
// button of the template of the matching kind. Mismatches are a
// [*ParametersError] naming each component, button and placeholder.
//
// # Idempotency
//
// With an idempotency key, the first request stores its message under
// (scope, key), where the scope is the API key. A repeated request gets
// that message back without a second send; a different body under the same
// key is an [*IdempotencyError]. A unique index makes concurrent duplicates
// store, and so send, once; the losers return the winner's message.
//
// # Statuses
//
// A message moves PENDING → SENT → DELIVERED → READ, or to FAILED from any
// of them ([Advances]). Every report is kept in the message's history with
// its time, source and whether it applied: a DELIVERED that arrives after
// READ is history only. Reports find their message by the BSP's id or the
// wamid, whichever the BSP uses ([Service.ApplyStatus],
// [Service.ReportStatus]).
//
// # Templates
//
// [TemplateService] keeps each app's templates. [ValidateTemplate] applies
// Meta's rules before anything is submitted, and errors name the component
// and field. A template is DRAFT until submitted, PENDING until reviewed,
// then APPROVED, PAUSED, DISABLED or REJECTED as the BSP reports
// ([TemplateService.ApplyTemplateStatus] from webhooks,
// [TemplateService.Sync] by reading the BSP); a submission the BSP refused
// is FAILED with its reason.
//
// # Example
//
//	msgs := messaging.NewService(db.Messages(), db.Templates(), appResolver, providerSet,
//		messaging.Options{Flows: lifecycleflows.New(flows), Tokens: tokens})
//	m, replayed, err := msgs.Send(ctx, messaging.SendRequest{
//		AppID:          appID,
//		IdempotencyKey: "order-42-signup",
//		OutboundMessage: providers.OutboundMessage{
//			To:   "15550001234",
//			Type: providers.MessageInteractive,
//			Interactive: &providers.Interactive{
//				Type: providers.InteractiveFlow, Body: "Sign up in a minute",
//				Flow: &providers.FlowAction{FlowName: "signup", CTA: "Sign up"},
//			},
//		},
//	})
//	// err is a *ValidationError, *StateError, *providers.UnsupportedError
//	// (nothing stored), or a *SendError (stored FAILED); m.FlowToken is
//	// the token the completion will carry.
package messaging
