// Package lifecycleflows lets package messaging find flows through the
// lifecycle service, so that neither of the two imports the other: flow
// messages name a flow by waflow's id or name, and the BSP needs the id
// its own copy of the flow has on the sending app.
//
// # Finding a flow
//
// [Resolver] implements [messaging.FlowResolver]: [Resolver.ResolveFlow]
// takes a [messaging.FlowRef] by waflow's id, by name or by the id the BSP
// gave the flow (or Meta's id, where the BSP has ids of its own), and
// answers a [messaging.FlowTarget], the flow with its target on the app: the
// remote id, the remote status, and whether a revision was published
// there. By id it is one read; by name or remote id it pages through the
// flows deployed to the app. A flow that is unknown, or not deployed to the
// app, is an error wrapping [messaging.ErrFlowNotFound].
//
// # Mirroring flow status
//
// [StatusMirror] implements [messaging.FlowStatusSink]: a BSP's
// FLOW_STATUS_CHANGE webhook becomes the remote status of the flow's
// target on that app, and the flow takes the worst health its targets
// report ([lifecycle.Service.MirrorRemoteStatus]). Alerts that carry no new
// status change nothing, and mirroring the same status twice changes
// nothing the second time. A flow waflow does not deploy to the app is an
// error wrapping [messaging.ErrNotFound].
//
// # Example
//
// Wiring both into the messaging services over one lifecycle service:
//
//	msgs := messaging.NewService(db.Messages(), db.Templates(), appsResolver, provs, messaging.Options{
//		Flows:  lifecycleflows.New(flowsService),
//		Tokens: tokens,
//	})
//	in, err := messaging.NewInbound(db.Inbox(), messaging.InboundOptions{
//		Flows: lifecycleflows.NewStatusMirror(flowsService),
//		// Receivers, Apps, Statuses, Templates, ...
//	})
package lifecycleflows
