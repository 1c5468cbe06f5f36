package flowjson

import "strings"

// maxScreens is Meta's cap on screens per flow (§0, MAX_SCREENS_NUMBER).
const maxScreens = 100

// checkScreens enforces the screen rules of reference §3 (§10 step 4).
// The id pattern and key types are the schema's.
func (s *semantics) checkScreens() {
	if len(s.screens) > maxScreens {
		s.errorf(s.root.Get("screens"), CodeMaxScreensNumber,
			"a flow can have at most %d screens, found %d", maxScreens, len(s.screens))
	}
	s.checkScreenIDs()
	s.checkTerminalScreens()
	s.checkSensitive()
}

// checkScreenIDs: ids are unique (DUPLICATE_SCREEN_IDS) and none is the
// reserved SUCCESS, which the endpoint answers to close a flow. §9 #2: Meta
// writes the keyword SUCCESS in one place and 'success' in another, so it is
// compared case-insensitively.
func (s *semantics) checkScreenIDs() {
	for _, sc := range s.screens {
		if sc.id == "" {
			continue
		}
		if first := s.byID[sc.id]; first != sc {
			s.errorf(sc.idNode, CodeDuplicateScreenIDs,
				"screen id %q is already used by screen %d; screen ids must be unique", sc.id, first.index)
		}
		if strings.EqualFold(sc.id, "SUCCESS") {
			s.errorf(sc.idNode, CodeScreenIDIsReservedKeyword,
				"screen id %q is reserved: the endpoint answers SUCCESS to complete the flow", sc.id)
		}
	}
}

// checkTerminalScreens: success only on terminal screens, at least one
// terminal screen, and at least one terminal screen that keeps success true
// (§3).
func (s *semantics) checkTerminalScreens() {
	terminals, successful := 0, 0
	var lastFailed *Node
	for _, sc := range s.screens {
		success := sc.node.Get("success")
		if success != nil && !sc.terminal {
			s.errorf(success, CodeNotKeywordSchemaValidation,
				"property 'success' can only be specified on a terminal screen")
		}
		if !sc.terminal {
			continue
		}
		terminals++
		if success != nil && success.Kind == KindBool && !success.Bool {
			lastFailed = success
			continue
		}
		successful++
	}
	switch {
	case len(s.screens) > 0 && terminals == 0:
		s.errorf(s.root.Get("screens"), CodeMissingTerminalScreen,
			"the flow has no terminal screen; mark the screen that ends the flow with \"terminal\": true")
	case terminals > 0 && successful == 0:
		s.errorf(lastFailed, CodeInvalidPropertyValue,
			"at least one terminal screen must have property 'success' set as true")
	}
}

// checkSensitive: each sensitive entry names an input of the same screen
// (§3; Meta masks only that screen's fields in the summary). Older versions
// reject the key in their schema.
func (s *semantics) checkSensitive() {
	if !s.has.sensitive {
		return
	}
	for _, sc := range s.screens {
		list := sc.node.Get("sensitive")
		if list == nil || list.Kind != KindArray {
			continue
		}
		for _, it := range list.Items {
			name, ok := it.Str()
			if !ok {
				continue
			}
			if _, found := sc.inputs[name]; !found {
				s.errorf(it, CodeInvalidPropertyValue,
					"sensitive field %q is not the name of an input component on screen %q", name, sc.id)
			}
		}
	}
}
