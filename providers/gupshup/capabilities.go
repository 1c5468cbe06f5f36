package gupshup

import "github.com/waflow/waflow/providers"

// Capabilities reports what Gupshup offers (providers reference §7.1):
// every flow operation but SetEndpoint (the Partner API takes endpoint_uri
// at creation only; its update takes name and categories), the public key,
// every kind of message but mark-read (no Gupshup surface documents it),
// and every template operation.
func (p *Provider) Capabilities() providers.Capabilities {
	caps := providers.Capabilities{}
	for _, op := range providers.Operations() {
		caps[op] = true
	}
	delete(caps, providers.OpSetEndpoint)
	delete(caps, providers.OpMarkRead)
	return caps
}
