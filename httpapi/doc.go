// Package httpapi is waflow's REST layer on Fiber: the middleware every
// route shares, the JSON error envelope, the operational routes, the route
// table behind /openapi.json, the /wa/v2/apps routes and the /wa/v2/flows
// routes. The protocol handlers the BSPs call (the data endpoint,
// webhooks) work on bytes in their own packages and are only mounted here.
//
// # Building a server
//
// [New] returns a [Server] with the operational routes mounted; further
// routes are added with [Server.Handle], each described by a [Route]:
//
//	srv := httpapi.New(httpapi.Options{
//		Logger: logger,
//		Auth:   httpapi.APIKeys(keyService),
//		Ready:  db.Ping,
//	})
//	httpapi.RegisterApps(srv, httpapi.AppsDeps{Apps: appService, Keys: appService, Providers: providerSet})
//	err := srv.Serve(listener)
//
// # Middleware
//
// In order: a request id (the caller's X-Request-Id when it is short and
// plain, else a random one; echoed in the answer), the access log and the
// metrics, panic recovery, and the bearer check. The bearer check covers
// every path under [APIPrefix], routed or not, except those [BSPCalled]
// names; it runs before routing so that a caller without a key learns
// nothing about which routes exist. Keys are checked by an
// [Authenticator]; the apikeys service compares hashes in constant time.
//
// # Errors
//
// Every answer that is not 2xx is
//
//	{"error": {"code": "VALIDATION_FAILED", "message": "...", "details": [...], "request_id": "..."}}
//
// Handlers return errors; the server maps them. An [*Error] is sent as it
// is. Domain errors map by type, never by text: validation errors of apps
// and lifecycle become 400 with a [FieldDetail] per field; Flow JSON
// diagnostics and script compile errors 400 with positions; not found 404;
// conflicts 409, and a refused lifecycle transition 409 with a
// [TransitionDetail] listing what the flow allows; an operation a BSP does
// not offer 422 UNSUPPORTED_BY_BSP naming the BSP and operation; a BSP's
// refusal 422 and its failure 502, with the BSP's own code and message.
// Anything else is a 500 whose cause is logged with the request id and never
// sent. Fiber's own failures get JSON too: unknown route 404, wrong method
// 405 with Allow, a body over Options.BodyLimit 413. [DecodeJSON] reads a
// request body and says where it is wrong (line and column, field).
//
// # Operations
//
// /healthz answers while the process runs; /readyz asks Options.Ready (the
// store's Ping) and answers 503 NOT_READY when it fails. /metrics serves
// the server's own Prometheus registry: waflow_http_requests_total{method,
// route,status} and waflow_http_request_duration_seconds{route}, labelled
// by route pattern so cardinality stays bounded, plus the counters other
// parts feed through [Metrics] (waflow_endpoint_requests_total,
// waflow_reconciler_steps_total). /openapi.json is built from the route
// table; a test holds it equal to the routes Fiber serves.
//
// # Apps
//
// [RegisterApps] mounts create, list, get, update and delete of apps and
// their encryption resource. Credentials are accepted on create and update
// and shown by name only. POST …/encryption generates, uploads or rotates
// the flows key, then pushes the public half to the app's BSP and records
// the outcome; a BSP that cannot take keys is recorded as "unsupported",
// and neither that nor a failed push fails the request, since the key is
// stored either way.
//
// # Flows
//
// [RegisterFlows] mounts the /wa/v2/flows routes on a [FlowService]
// (lifecycle's): create, list, get, update and delete; Flow JSON uploads
// (the raw document, up to [MaxFlowJSONBytes], a route-level
// [Route.BodyLimit] while every other route keeps Options.BodyLimit) and
// revisions; handler scripts; publish and deprecate; targets and previews;
// and validation of a document without storing it. The service records
// what each target should become; the lifecycle reconciler makes the BSP
// calls in the background, so these routes answer at once and the targets
// view shows how far each BSP got.
//
// [RegisterFlowEndpoint] mounts the data endpoint WhatsApp calls for every
// flow, served by [FlowEndpoints]: it builds one [endpoint.Handler] per
// flow from the revision users get, the current script and the keys of the
// flow's apps, and rebuilds it only when one of those changed.
package httpapi
