package kapso

import "github.com/waflow/waflow/providers"

// Capabilities reports every operation but two (providers reference §4,
// §7.1): SetEndpoint and SetPublicKey. Kapso generates and holds the
// flows key of a phone number itself (SetupEncryption) and hosts the data
// endpoint behind it, so neither an endpoint URI of waflow's nor a key of
// waflow's can work there.
func (p *Provider) Capabilities() providers.Capabilities {
	caps := providers.Capabilities{}
	for _, op := range providers.Operations() {
		caps[op] = op != providers.OpSetEndpoint && op != providers.OpSetPublicKey
	}
	return caps
}
