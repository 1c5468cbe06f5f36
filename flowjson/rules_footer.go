package flowjson

// checkFooters enforces the Footer rules of reference §4.2: at most one
// Footer on any path through If and Switch branches, a Footer in one branch
// needs one in every branch (If then needs else), Footers inside
// conditionals only at the first nesting level, and a Footer on every
// terminal screen (§3).
func (s *semantics) checkFooters() {
	for _, sc := range s.screens {
		if sc.children == nil {
			if sc.terminal {
				s.errorf(sc.node.Get("terminal"), CodeMissingFooterOnTerminal,
					"terminal screen %q must have a Footer", sc.id)
			}
			continue
		}
		if s.footersOnPath(sc.children) > 1 {
			s.reportExtraFooter(sc)
		}
		hasFooter := false
		for _, c := range sc.comps {
			if c.typ != "Footer" {
				continue
			}
			hasFooter = true
			if c.cond != nil && c.cond.cond != nil {
				s.errorf(c.node, CodeInvalidPropertyValue,
					"a Footer can be placed inside If or Switch only at the first nesting level")
			}
		}
		if sc.terminal && !hasFooter {
			s.errorf(sc.node.Get("terminal"), CodeMissingFooterOnTerminal, "terminal screen %q must have a Footer", sc.id)
		}
	}
}

// footersOnPath returns the largest number of Footers a user can meet on
// one path through list, and reports branches that lack the Footer their
// siblings have.
func (s *semantics) footersOnPath(list *Node) int {
	if list == nil || list.Kind != KindArray {
		return 0
	}
	total := 0
	for _, n := range list.Items {
		switch typ, _ := n.Get("type").Str(); typ {
		case "Footer":
			total++
		case "Form":
			total += s.footersOnPath(n.Get("children"))
		case "If":
			total += s.ifFooters(n)
		case "Switch":
			total += s.switchFooters(n)
		}
	}
	return total
}

func (s *semantics) ifFooters(n *Node) int {
	thenN, elseN := n.Get("then"), n.Get("else")
	inThen, inElse := s.footersOnPath(thenN), s.footersOnPath(elseN)
	switch {
	case inThen > 0 && elseN == nil:
		s.errorf(n, CodeMissingFooterInIfElse,
			"the Footer in 'then' requires an 'else' branch with a Footer too")
	case inThen > 0 && inElse == 0:
		s.errorf(elseN, CodeMissingFooterInIfElse, "'then' has a Footer, so 'else' must have one too")
	case inElse > 0 && inThen == 0:
		s.errorf(thenN, CodeMissingFooterInIfElse, "'else' has a Footer, so 'then' must have one too")
	}
	return max(inThen, inElse)
}

func (s *semantics) switchFooters(n *Node) int {
	cases := n.Get("cases")
	if cases == nil || cases.Kind != KindObject {
		return 0
	}
	most, missing := 0, []*Node(nil)
	for _, m := range cases.Members {
		k := s.footersOnPath(m.Value)
		most = max(most, k)
		if k == 0 {
			missing = append(missing, m.Value)
		}
	}
	if most > 0 {
		for _, c := range missing {
			s.errorf(c, CodeMissingFooterInSwitch, "other cases of this Switch have a Footer, so this case must have one too")
		}
	}
	return most
}

// reportExtraFooter explains a screen with more than one Footer on a path:
// MAX_FOOTER_PER_SCREEN when two plain Footers sit side by side,
// MORE_THAN_ONE_FOOTER when the extra one comes through an If or Switch.
func (s *semantics) reportExtraFooter(sc *semScreen) {
	var plain, conditional []*semComp
	for _, c := range sc.comps {
		if c.typ != "Footer" {
			continue
		}
		if c.cond == nil {
			plain = append(plain, c)
		} else {
			conditional = append(conditional, c)
		}
	}
	if len(plain) > 1 {
		s.errorf(plain[1].node, CodeMaxFooterPerScreen,
			"maximum number of Footer allowed per screen is 1 but found %d", len(plain))
		return
	}
	if len(conditional) > 0 {
		s.errorf(conditional[0].node, CodeMoreThanOneFooter,
			"screen %q can show more than one Footer: counting every If and Switch branch, at most one Footer is allowed", sc.id)
	}
}
