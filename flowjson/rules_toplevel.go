package flowjson

// checkTopLevel enforces the chain of top-level requirements of reference
// §1 and §10 step 3: a data_exchange action needs data_api_version, which
// in turn needs routing_model; data_api_version 4.0 before Flow JSON 7.3 is
// a warning (§9 #21); refresh_on_back needs an endpoint (§3).
func (s *semantics) checkTopLevel() {
	s.checkDataExchangeNeedsEndpoint()
	s.checkEndpointNeedsRoutingModel()
	s.checkDataAPIVersionPairing()
	s.checkRefreshOnBack()
}

// checkDataExchangeNeedsEndpoint reports the first data_exchange action of a
// flow without data_api_version (§1): the action would have no endpoint to
// call.
func (s *semantics) checkDataExchangeNeedsEndpoint() {
	if s.endpoint {
		return
	}
	for _, sc := range s.screens {
		for _, a := range sc.actions {
			if a.name == "data_exchange" {
				s.errorf(a.node.Get("name"), CodeMissingRequiredProperty,
					"'data_api_version' is required for data_exchange action")
				return
			}
		}
	}
}

// checkEndpointNeedsRoutingModel: an endpoint-powered flow must declare its
// routing model (§1, §7), since the endpoint chooses the next screen.
func (s *semantics) checkEndpointNeedsRoutingModel() {
	if s.endpoint && s.root.Get("routing_model") == nil {
		s.errorf(s.root.Get("data_api_version"), CodeMissingRequiredProperty,
			"'routing_model' is required when 'data_api_version' is present")
	}
}

// checkDataAPIVersionPairing warns about data_api_version 4.0 with Flow
// JSON older than 7.3. UNSURE (§9 #21): no source says whether Meta rejects
// the pair; it is allowed, but the flow_token_signature it exists for is
// only sent from 7.3, so the author most likely wants 7.3.
func (s *semantics) checkDataAPIVersionPairing() {
	n := s.root.Get("data_api_version")
	if dv, ok := n.Str(); ok && dv == "4.0" && !s.has.tokenSignature {
		s.warnf(n, CodeNoSupportedDataAPIVersion,
			"data_api_version 4.0 with Flow JSON %s: WhatsApp sends flow_token_signature only from Flow JSON 7.3", s.v)
	}
}

// checkRefreshOnBack: refresh_on_back asks the endpoint to refresh the
// previous screen, so it may be true only when the flow has one (§3).
func (s *semantics) checkRefreshOnBack() {
	if s.endpoint {
		return
	}
	for _, sc := range s.screens {
		if r := sc.node.Get("refresh_on_back"); r != nil && r.Kind == KindBool && r.Bool {
			s.errorf(r, CodeInvalidPropertyValue,
				"refresh_on_back can be true only when 'data_api_version' is set: without an endpoint there is nothing to refresh from")
		}
	}
}
