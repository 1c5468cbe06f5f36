package flowjson

// checkActions enforces the action rules of reference §5 (§10 step 9).
// Which action a component may carry per version is the schema's.
func (s *semantics) checkActions() {
	for _, sc := range s.screens {
		for _, a := range sc.actions {
			switch a.name {
			case "complete":
				if !sc.terminal {
					s.errorf(a.node.Get("name"), CodeInvalidCompleteAction,
						"the complete action can only be used on a terminal screen; screen %q is not terminal", sc.id)
				}
				s.checkPickerPayload(sc, a)
			case "navigate":
				s.checkNavigate(sc, a)
			case "data_exchange":
				s.checkPickerPayload(sc, a)
				s.checkEnvelopeKeys(a)
			case "update_data":
				s.checkUpdateData(sc, a)
			case "open_url":
				s.checkOpenURL(a)
			}
		}
	}
}

// payloadEntry is one top-level payload key with what its value yields.
type payloadEntry struct {
	key  string
	node *Node
	info refInfo
}

// payload checks every value of an action's payload and returns its
// top-level entries. A picker's value may only be the whole value of a
// top-level key (§4.3 picker value rules). A missing payload is a warning
// except for update_data, whose payload is its whole meaning (§5).
func (s *semantics) payload(sc *semScreen, a semAction) ([]payloadEntry, bool) {
	p := a.node.Get("payload")
	if p == nil {
		if a.name != "open_url" {
			report := s.warnf
			if a.name == "update_data" {
				report = s.errorf
			}
			report(a.node, CodeMissingRequiredProperty, "the %s action should have a payload; use {} when there is nothing to send", a.name)
		}
		return nil, false
	}
	if p.Kind != KindObject {
		return nil, false
	}
	entries := make([]payloadEntry, 0, len(p.Members))
	for _, m := range p.Members {
		entries = append(entries, payloadEntry{m.Key, m.Value, s.payloadValue(sc, m.Value, true)})
	}
	return entries, true
}

func (s *semantics) payloadValue(sc *semScreen, n *Node, top bool) refInfo {
	switch n.Kind {
	case KindString:
		info := s.checkString(sc, n, exprAny, sitePayload)
		if info.picker != nil && !top {
			s.errorf(n, CodeInvalidOnClickActionPayload,
				"the value of %s %q must be the whole value of a top-level payload key", info.picker.typ, componentName(info.picker))
		}
		return info
	case KindArray:
		for _, it := range n.Items {
			s.payloadValue(sc, it, false)
		}
	case KindObject:
		for _, m := range n.Members {
			s.payloadValue(sc, m.Value, false)
		}
	}
	return refInfo{typ: exprTypeOfKind(n.Kind)}
}

func componentName(c *semComp) string {
	name, _ := c.node.Get("name").Str()
	return name
}

// checkNavigate: the target exists and is another screen; pickers cannot be
// forwarded; the payload matches the target's data model (§5).
func (s *semantics) checkNavigate(sc *semScreen, a semAction) {
	entries, hasPayload := s.payload(sc, a)
	for _, e := range entries {
		if e.info.picker != nil {
			s.errorf(e.node, CodeInvalidOnClickActionPayload,
				"the value of %s %q cannot be passed in a navigate payload", e.info.picker.typ, componentName(e.info.picker))
		}
	}
	id, idNode := navigateTarget(a)
	if idNode == nil {
		return
	}
	target := s.byID[id]
	switch {
	case target == nil:
		s.errorf(idNode, CodeInvalidNavigateNextScreen, "unknown screen ids found: %q", id)
		return
	case target == sc:
		s.errorf(idNode, CodeInvalidNavigateNextScreen, "same screen navigation is not allowed (screen %q)", id)
		return
	}
	if hasPayload {
		s.checkNavigatePayload(a.node.Get("payload"), entries, target)
	}
}

// checkNavigatePayload compares a navigate payload with the target's data
// model, both ways, and the value types (§5). §5 describes "every declared
// field must be supplied" for endpoint-less flows; in an endpoint flow the
// endpoint may also feed the target, so a missing field is a warning there.
// Fields read with global references need no declaration and no forwarding.
func (s *semantics) checkNavigatePayload(p *Node, entries []payloadEntry, target *semScreen) {
	if target.data == nil {
		if len(entries) > 0 {
			s.errorf(p, CodeInvalidNavigateActionPayload,
				"screen %q declares no data model, so the navigate payload must be empty", target.id)
		}
		return
	}
	for _, e := range entries {
		field := target.data.Get(e.key)
		if field == nil {
			s.errorf(e.node, CodeInvalidNavigateActionPayload,
				"payload key %q is not declared in the data model of screen %q", e.key, target.id)
			continue
		}
		if want := schemaType(field); e.info.typ&want == 0 {
			s.errorf(e.node, CodeInvalidNavigateActionPayload,
				"payload key %q is %s, but screen %q declares it as %s", e.key, e.info.typ, target.id, want)
		}
	}
	report := s.errorf
	if s.endpoint {
		report = s.warnf
	}
	for _, m := range target.data.Members {
		if p.Get(m.Key) == nil {
			report(p, CodeInvalidNavigateActionPayload,
				"screen %q declares %q in its data model, but this navigate payload does not supply it", target.id, m.Key)
		}
	}
}

// checkPickerPayload: in complete and data_exchange payloads each picker
// value is a whole top-level value (checked while walking the payload); a
// complete payload carries at most one picker, and per Meta's error
// catalogue that picker must allow at most one upload (§9 #12: the media
// pages allow up to 10 files; the catalogue is followed by default).
func (s *semantics) checkPickerPayload(sc *semScreen, a semAction) {
	entries, _ := s.payload(sc, a)
	if a.name != "complete" {
		return
	}
	pickers := 0
	for _, e := range entries {
		pk := e.info.picker
		if pk == nil {
			continue
		}
		pickers++
		if pickers == 2 {
			s.errorf(e.node, CodeInvalidOnClickActionPayload, "a complete payload can contain only one PhotoPicker or DocumentPicker value")
		}
		key := "max-uploaded-photos"
		if pk.typ == "DocumentPicker" {
			key = "max-uploaded-documents"
		}
		limit := pk.node.Get(key)
		if limit == nil {
			s.errorf(e.node, CodeInvalidOnClickActionPayload,
				"%s %q is used in a complete payload, so it must set %s to 1 (the default is 30)", pk.typ, componentName(pk), key)
			continue
		}
		if v, ok := literalNumber(limit); ok && v > 1 {
			s.errorf(e.node, CodeInvalidOnClickActionPayload,
				"%s %q is used in a complete payload, so %s must be at most 1", pk.typ, componentName(pk), key)
		}
	}
}

// checkEnvelopeKeys warns about data_exchange payload keys that collide
// with the fields of the request envelope the endpoint receives (§5).
func (s *semantics) checkEnvelopeKeys(a semAction) {
	p := a.node.Get("payload")
	if p == nil || p.Kind != KindObject {
		return
	}
	for _, m := range p.Members {
		switch m.Key {
		case "action", "screen", "data", "version", "flow_token":
			s.warnf(m.Value, CodeInvalidPropertyValue,
				"payload key %q collides with a field of the endpoint request envelope; choose another name", m.Key)
		}
	}
}

// checkUpdateData: every key names a field of the current screen's data
// model and its value fits the declared type (§5).
func (s *semantics) checkUpdateData(sc *semScreen, a semAction) {
	entries, _ := s.payload(sc, a)
	for _, e := range entries {
		field := sc.data.Get(e.key)
		if field == nil {
			s.errorf(e.node, CodeInvalidActionPayloadProperty,
				"update_data key %q is not declared in the data model of screen %q", e.key, sc.id)
			continue
		}
		if want := schemaType(field); e.info.typ&want == 0 {
			s.errorf(e.node, CodeInvalidActionPayloadProperty,
				"update_data key %q is %s, but screen %q declares it as %s", e.key, e.info.typ, sc.id, want)
		}
	}
}

// checkOpenURL: open_url carries a url and no payload (§5).
func (s *semantics) checkOpenURL(a semAction) {
	if a.node.Get("url") == nil {
		s.errorf(a.node, CodeMissingRequiredProperty, "the open_url action requires property 'url'")
	}
	if p := a.node.Get("payload"); p != nil {
		s.errorf(p, CodeInvalidPropertyKey, "the open_url action cannot have a payload")
	}
}
