// Package lifecycle manages WhatsApp Flows across the apps they are
// deployed to: the flow model and its state machine, Flow JSON revisions
// and handler scripts, and the reconciler that drives every app's BSP
// toward the state the API asked for. The REST routes under /wa/v2/flows
// sit on top of [Service]; package store implements [Repository].
//
// # States
//
// A flow is DRAFT, PUBLISHED or DEPRECATED, as Meta runs it, or THROTTLED
// or BLOCKED, health states a BSP reports for a published flow and the
// service mirrors ([Service.MirrorRemoteStatus]). [Next] is the whole state
// machine as a pure function: it returns the status an [Action] leads to,
// or a [*TransitionError] listing the actions the [State] allows, which the
// API answers with 409. In short:
//
//   - Only a DRAFT that was never published can be deleted.
//   - Editing a PUBLISHED flow (metadata or JSON) makes it a DRAFT again
//     while users keep getting the published revision; the next publish
//     replaces it.
//   - THROTTLED and BLOCKED flows can only be deprecated (and get scripts
//     and targets, which are waflow's own business).
//   - DEPRECATED is terminal.
//
// # Revisions and scripts
//
// Every upload of Flow JSON ([Service.PutJSON]) is validated with package
// flowjson and becomes a numbered, immutable [Revision]; an invalid
// document is refused with a [*FlowJSONError] carrying the diagnostics,
// and nothing is stored. Flow.CurrentRevision is the newest, and
// Flow.PublishedRevision the one users get. Handler scripts
// ([Service.PutScript]) are compiled on upload, refused with a
// [*ScriptError] at the failing line and column, and numbered the same way.
//
// # Targets and the reconciler
//
// A [Target] is one app a flow is deployed to. The service only records
// each target's desired state (DRAFT with the current revision while the
// flow was never published, PUBLISHED with the published revision, or
// DEPRECATED); the [Reconciler] makes the provider calls, in this order:
// create the remote flow, upload the revision's JSON, set the data endpoint
// ({PublicBaseURL}/wa/v2/flows/{id}/endpoint, for flows with a
// data_api_version), publish — or deprecate.
//
// Provider calls are not idempotent (a second create makes a second flow),
// so the reconciler records that a step started before calling the BSP and
// records the outcome before taking the next step. A restarted reconciler
// resumes from the store and never repeats a step whose success it
// recorded; a create whose outcome was lost (the process died during the
// call) is not repeated at all but reported on the target, for an operator
// to check the BSP and [Service.RetryTarget].
//
// Failed steps are retried with exponential [Backoff] and jitter, waiting
// at least the Retry-After a BSP asked for; failures retrying cannot fix
// (refused credentials, an invalid request) stop the target as
// StateFailed. An operation the BSP does not offer stops it as
// StateUnsupported, listed in Target.Unsupported. Targets are claimed
// before they are worked on (a lease, with SKIP LOCKED on PostgreSQL), so
// several servers can share one database, and they are worked in
// parallel, so that one BSP failing or hanging never holds up another.
//
// # Listing
//
// [Service.ListFlows] pages by cursor: flows are listed in creation order
// (their ids sort that way), and Page.Next is the cursor of the next page.
// Unlike offsets, cursors never repeat or skip a flow when flows are
// created or deleted between two pages.
//
// # Example
//
// Wiring a service and its reconciler in a server:
//
//	db, _ := store.Open(ctx, store.Config{URL: url})
//	rec, err := lifecycle.NewReconciler(db.Flows(), providerSet, appResolver,
//		lifecycle.ReconcilerOptions{PublicBaseURL: "https://flows.example.com"})
//	if err != nil {
//		return err
//	}
//	svc := lifecycle.NewService(db.Flows(), appResolver, lifecycle.Options{Notify: rec.Kick})
//	go rec.Run(ctx)
//
//	f, _ := svc.CreateFlow(ctx, lifecycle.NewFlow{Name: "Sign up", Categories: []string{"SIGN_UP"}})
//	f, _, err = svc.PutJSON(ctx, f.ID, flowJSON) // *FlowJSONError when invalid
//	_, _ = svc.AddTarget(ctx, f.ID, appID)       // the reconciler creates a remote draft
//	f, _ = svc.Publish(ctx, f.ID)                // ... and publishes it
//	targets, _ := svc.Targets(ctx, f.ID)         // remote id, step, last error per app
package lifecycle
