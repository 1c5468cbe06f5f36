package providers

// Operations lists every operation a provider may offer, in lifecycle order,
// so that callers and conformance tests can walk the whole set.
func Operations() []Operation {
	return []Operation{
		OpCreateFlow, OpUpdateFlowJSON, OpSetEndpoint, OpPublishFlow,
		OpDeprecateFlow, OpDeleteFlow, OpGetFlow, OpPreviewFlow, OpSetPublicKey,
	}
}
