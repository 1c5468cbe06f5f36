package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/endpoint"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/httpapi"
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
)

// ProviderFor implements lifecycle.Providers.
func (p providerSet) ProviderFor(b providers.BSP) (providers.Provider, error) {
	prov, ok := p[b]
	if !ok {
		return nil, fmt.Errorf("this server has no provider for %s configured", b)
	}
	return prov, nil
}

// appResolver hands lifecycle the apps a flow deploys to.
type appResolver struct{ apps *apps.Service }

// ResolveApp implements lifecycle.AppResolver.
func (r appResolver) ResolveApp(ctx context.Context, id string) (providers.App, error) {
	a, err := r.apps.Get(ctx, id)
	if errors.Is(err, apps.ErrNotFound) {
		return providers.App{}, fmt.Errorf("%w: %w", lifecycle.ErrNotFound, err)
	}
	if err != nil {
		return providers.App{}, err
	}
	return a.Provider(), nil
}

// stepMetrics counts the reconciler's steps in the server's metrics.
type stepMetrics struct{ m *httpapi.Metrics }

// ObserveStep implements lifecycle.Observer.
func (o stepMetrics) ObserveStep(r lifecycle.StepReport) {
	o.m.ReconcilerStep(string(r.Step), string(r.Outcome))
}

// sandboxValidate is the sandbox BSP's check of an uploaded document: the
// server's own validator, so that the sandbox refuses to publish exactly
// what waflow finds invalid. Warnings do not block publishing, as they do
// not in lifecycle.
func sandboxValidate(src []byte) []providers.ValidationError {
	var out []providers.ValidationError
	for _, d := range flowjson.Validate(src, flowjson.Options{}).Diagnostics {
		if d.Severity == flowjson.SeverityError {
			out = append(out, providers.ValidationError{Code: d.Code, Message: d.Message, Pointer: d.Pointer,
				Line: d.Line, Column: d.Column})
		}
	}
	return out
}

// sandboxFlowID names the sandbox's remote flows at random: the sandbox
// forgets its flows when the process stops, and a counter restarting at 1
// would give a new flow the id a stored target still holds for an old one.
func sandboxFlowID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return "sbx-flow-" + hex.EncodeToString(b[:])
}

// mountFlows builds the flow lifecycle (service and reconciler) and the
// data endpoints, and mounts their routes. The reconciler runs in the
// background; the service kicks it after every change that gives a target
// something to do.
func (d *serverDeps) mountFlows() error {
	resolver := appResolver{d.apps}
	rec, err := lifecycle.NewReconciler(d.db.Flows(), d.providers, resolver, lifecycle.ReconcilerOptions{
		PublicBaseURL: d.publicURL,
		Observer:      stepMetrics{d.http.Metrics()},
		Logger:        d.log,
	})
	if err != nil {
		return err
	}
	d.reconciler = rec
	d.flows = lifecycle.NewService(d.db.Flows(), resolver, lifecycle.Options{Notify: rec.Kick})
	d.background = append(d.background, rec.Run)

	d.scripts = script.NewHost(script.Options{Logger: d.log, Media: endpoint.MediaFetcher{}.Fetch})
	d.endpoints, err = httpapi.NewFlowEndpoints(httpapi.EndpointOptions{
		Flows: d.flows, Apps: d.apps, Host: d.scripts, Tokens: d.tokens, Metrics: d.http.Metrics(), Logger: d.log,
	})
	if err != nil {
		return err
	}
	httpapi.RegisterFlows(d.http, httpapi.FlowsDeps{Flows: d.flows, Apps: d.apps, Providers: d.providers,
		FlowChanged: d.endpoints.Forget})
	httpapi.RegisterFlowEndpoint(d.http, d.endpoints)
	return nil
}
