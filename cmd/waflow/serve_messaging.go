package main

import (
	"context"

	"github.com/waflow/waflow/httpapi"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/messaging/lifecycleflows"
	"github.com/waflow/waflow/providers"
)

// messagingApps hands package messaging the apps, credentials unsealed;
// an unknown app keeps the apps package's sentinel, which the API answers
// 404.
func (d *serverDeps) messagingApps() messaging.AppResolver {
	return messaging.AppResolverFunc(func(ctx context.Context, id string) (providers.App, error) {
		a, err := d.apps.Get(ctx, id)
		return a.Provider(), err
	})
}

// mountMessaging builds sending, templates, the inbound pipeline of every
// BSP's webhooks, subscriptions and their deliveries, and mounts their
// routes. Three tasks run in the background: the inbound processor, the
// deliverer, and the sandbox's webhooks (see mountSandbox).
//
// The sandbox's webhooks are Meta's in shape and signature, so Meta's
// receiver reads them, with the sandbox's secret besides any app's.
// Statuses move messages, template reviews move templates, flow status
// changes are mirrored onto the flows' targets, and flow completions are
// linked to their flow by the server's flow tokens and to the message they
// answer.
func (d *serverDeps) mountMessaging() error {
	apps := d.messagingApps()
	msgs := messaging.NewService(d.db.Messages(), d.db.Templates(), apps, d.providers, messaging.Options{
		Flows: lifecycleflows.New(d.flows), Tokens: d.tokens})
	templates := messaging.NewTemplateService(d.db.Templates(), apps, d.providers, messaging.TemplateOptions{})
	subs := messaging.NewSubscriptions(d.db.Subscriptions(), d.db.Outbox(), d.sealer, messaging.SubscriptionOptions{
		AllowPrivateTargets: d.cfg.AllowPrivateWebhooks})
	deliverer, err := messaging.NewDeliverer(d.db.Outbox(), d.db.Subscriptions(), d.sealer, messaging.DelivererOptions{
		AllowPrivateTargets: d.cfg.AllowPrivateWebhooks, Logger: d.log})
	if err != nil {
		return err
	}
	in, err := messaging.NewInbound(d.db.Inbox(), messaging.InboundOptions{
		Receivers:     webhookReceivers(),
		Apps:          d.apps,
		Secrets:       map[providers.BSP][][]byte{providers.BSPSandbox: {d.sandboxSecret}},
		Statuses:      msgs,
		Templates:     templates,
		Flows:         lifecycleflows.NewStatusMirror(d.flows),
		Subscriptions: d.db.Subscriptions(),
		Tokens:        d.tokens,
		Sent:          d.db.Messages(),
		Delivered:     deliverer.Kick,
		Logger:        d.log,
	})
	if err != nil {
		return err
	}
	d.background = append(d.background, in.Run, deliverer.Run)

	httpapi.RegisterMessages(d.http, msgs)
	httpapi.RegisterTemplates(d.http, templates)
	httpapi.RegisterWebhooks(d.http, in)
	httpapi.RegisterSubscriptions(d.http, subs)
	httpapi.RegisterResponses(d.http, messaging.NewResponses(d.db.Inbox()))
	return nil
}
