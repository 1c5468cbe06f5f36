package main

import (
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/gupshup"
	"github.com/waflow/waflow/providers/infobip"
	"github.com/waflow/waflow/providers/kapso"
	"github.com/waflow/waflow/providers/meta"
)

// mountProviders registers the real BSPs beside the sandbox: Meta's Cloud
// API, Gupshup's Partner API, Infobip and Kapso, each at its default host,
// which an app's settings.base_url replaces for that app's calls (a test
// server; Infobip's per-account host, which its apps must name). Their
// request lines go to the server's log with the credentials redacted.
func (d *serverDeps) mountProviders() error {
	d.providers[providers.BSPMeta] = meta.New(meta.Options{Logger: d.log})
	d.providers[providers.BSPGupshup] = gupshup.New(gupshup.Options{Logger: d.log})
	d.providers[providers.BSPInfobip] = infobip.New(infobip.Options{Logger: d.log})
	d.providers[providers.BSPKapso] = kapso.New(kapso.Options{Logger: d.log})
	return nil
}

// webhookReceivers reads each BSP's webhooks at /wa/v2/webhooks/{bsp}/.
// The sandbox's webhooks are Meta's in shape and signature.
func webhookReceivers() map[providers.BSP]providers.WebhookReceiver {
	return map[providers.BSP]providers.WebhookReceiver{
		providers.BSPMeta:    meta.Webhooks{},
		providers.BSPGupshup: gupshup.Webhooks{},
		providers.BSPInfobip: infobip.Webhooks{},
		providers.BSPKapso:   kapso.Webhooks{},
		providers.BSPSandbox: meta.Webhooks{},
	}
}
