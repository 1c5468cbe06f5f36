package infobip

import "github.com/waflow/waflow/providers"

// Capabilities reports what Infobip's WhatsApp API offers (providers
// reference §3 and §7.1). Left out: setting a flow's endpoint_uri, for
// which Infobip documents no call, and reactions, for which its WhatsApp
// API has no send endpoint. GetFlow is offered by reading the flow list,
// as Infobip has no call for one flow.
func (p *Provider) Capabilities() providers.Capabilities {
	caps := providers.Capabilities{}
	for _, op := range providers.Operations() {
		caps[op] = true
	}
	delete(caps, providers.OpSetEndpoint)
	delete(caps, providers.OpSendReaction)
	return caps
}
