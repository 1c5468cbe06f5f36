package meta

import "github.com/waflow/waflow/providers"

// Capabilities reports every operation: the Cloud API offers all of them
// directly (providers reference §7.1).
func (p *Provider) Capabilities() providers.Capabilities {
	caps := providers.Capabilities{}
	for _, op := range providers.Operations() {
		caps[op] = true
	}
	return caps
}
