package flowjson

// Placement limits of reference §0 and §4.2.
const (
	maxComponentsPerScreen   = 50
	maxIfDepth               = 3
	maxImageCarouselsPerFlow = 3
)

// componentCap is one per-screen cap of §4.2.
type componentCap struct {
	typ  string
	max  int
	code string
}

// componentCaps lists the per-screen caps; Meta names a code for four of
// them, the others use waflow's MAX_COMPONENTS_PER_SCREEN.
func componentCaps() []componentCap {
	return []componentCap{
		{"EmbeddedLink", 2, CodeMaxEmbeddedLinkPerScreen},
		{"Image", 3, CodeMaxImagePerScreen},
		{"OptIn", 5, CodeMaxOptInPerScreen},
		{"PhotoPicker", 1, CodeMaxComponentsPerScreen},
		{"DocumentPicker", 1, CodeMaxComponentsPerScreen},
		{"NavigationList", 2, CodeMaxComponentsPerScreen},
		{"ImageCarousel", 2, CodeMaxComponentsPerScreen},
	}
}

// checkPlacement enforces §4.2 except the Footer and Form rules, which have
// their own files.
func (s *semantics) checkPlacement() {
	carousels := 0
	for _, sc := range s.screens {
		s.checkComponentCaps(sc)
		s.checkExclusiveComponents(sc)
		s.checkConditionalChildren(sc)
		for _, c := range sc.comps {
			if c.typ != "ImageCarousel" {
				continue
			}
			carousels++
			if carousels == maxImageCarouselsPerFlow+1 {
				s.errorf(c.node, CodeMaxComponentsPerScreen,
					"a flow can have at most %d ImageCarousel components", maxImageCarouselsPerFlow)
			}
		}
	}
}

// checkComponentCaps counts components per screen, nested ones included.
// §9 #22 leaves open whether nested components count towards the 50, so
// that cap is a warning; the per-type caps are errors.
func (s *semantics) checkComponentCaps(sc *semScreen) {
	if len(sc.comps) > maxComponentsPerScreen {
		s.warnf(sc.children, CodeMaxComponentsPerScreen,
			"screen %q has %d components counting those inside Form, If and Switch; Meta allows %d per screen",
			sc.id, len(sc.comps), maxComponentsPerScreen)
	}
	for _, cp := range componentCaps() {
		n := 0
		for _, c := range sc.comps {
			if c.typ != cp.typ {
				continue
			}
			n++
			if n == cp.max+1 {
				s.errorf(c.node, cp.code, "maximum number of %s allowed per screen is %d but found %d",
					cp.typ, cp.max, countType(sc, cp.typ))
			}
		}
	}
}

func countType(sc *semScreen, typ string) int {
	n := 0
	for _, c := range sc.comps {
		if c.typ == typ {
			n++
		}
	}
	return n
}

// checkExclusiveComponents: PhotoPicker and DocumentPicker never share a
// screen; NavigationList is alone on its screen and never terminal;
// RichText is alone until 6.2 and may have only a Footer beside it from 6.3
// (§4.2 CONFLICT: Meta does not say whether more is allowed from 6.3, so
// only the Footer is).
func (s *semantics) checkExclusiveComponents(sc *semScreen) {
	photo, doc := countType(sc, "PhotoPicker"), countType(sc, "DocumentPicker")
	if photo > 0 && doc > 0 {
		for _, c := range sc.comps {
			if c.typ == "DocumentPicker" {
				s.errorf(c.node, CodeExclusiveComponent,
					"PhotoPicker and DocumentPicker cannot be on the same screen")
				break
			}
		}
	}
	for _, c := range sc.comps {
		switch c.typ {
		case "NavigationList":
			if sc.terminal {
				s.errorf(c.node, CodeInvalidPropertyValue, "NavigationList cannot be used on a terminal screen")
			}
			if other := firstOtherThan(sc, "NavigationList", ""); other != nil {
				s.errorf(other.node, CodeExclusiveComponent,
					"a screen with a NavigationList cannot contain other components, found %s", other.typ)
			}
		case "RichText":
			allowed := "Footer"
			if s.has.richTextAlone {
				allowed = ""
			}
			if other := firstOtherThan(sc, "RichText", allowed); other != nil {
				what := "must be the only component on its screen"
				if allowed != "" {
					what = "can share its screen only with a Footer"
				}
				s.errorf(other.node, CodeExclusiveComponent, "RichText %s in version %s, found %s", what, s.v, other.typ)
			}
		default:
			continue
		}
		return
	}
}

// firstOtherThan returns the first component whose type is neither typ nor
// also (when not empty).
func firstOtherThan(sc *semScreen, typ, also string) *semComp {
	for _, c := range sc.comps {
		if c.typ != typ && (also == "" || c.typ != also) {
			return c
		}
	}
	return nil
}

// conditionalChild reports whether typ may appear in If branches
// (inIf) or Switch cases, per the whitelist of §4.2.
func (s *semantics) conditionalChild(typ string, inIf bool) bool {
	switch typ {
	case "TextHeading", "TextSubheading", "TextBody", "TextCaption", "CheckboxGroup", "DatePicker",
		"Dropdown", "EmbeddedLink", "Footer", "Image", "OptIn", "RadioButtonsGroup", "TextArea", "TextInput":
		return true
	case "If", "Switch":
		return inIf
	case "ChipsSelector":
		return s.has.chipsInConditional
	}
	return false
}

// checkConditionalChildren enforces the If/Switch child whitelists and the
// If nesting depth (§4.2). Unknown types are the schema's. CalendarPicker
// is missing from Meta's list, perhaps by omission (UNSURE), so it is a
// warning; the other components are errors.
func (s *semantics) checkConditionalChildren(sc *semScreen) {
	for _, c := range sc.comps {
		if c.typ == "If" && c.ifDepth >= maxIfDepth {
			s.errorf(c.node, CodeInvalidPropertyValue, "If components can be nested at most %d levels deep", maxIfDepth)
		}
		if c.cond == nil || c.cond.form != c.form || !knownComponent(c.typ) {
			continue
		}
		inIf := c.cond.typ == "If"
		if s.conditionalChild(c.typ, inIf) {
			continue
		}
		if c.typ == "CalendarPicker" {
			s.warnf(c.node, CodeInvalidPropertyValue,
				"CalendarPicker is not in Meta's list of components allowed inside %s", c.cond.typ)
			continue
		}
		s.errorf(c.node, CodeInvalidPropertyValue, "%s is not allowed inside %s", c.typ, c.cond.typ)
	}
}

// knownComponent reports whether typ is a component type of any version.
func knownComponent(typ string) bool {
	switch typ {
	case "Form", "TextHeading", "TextSubheading", "TextBody", "TextCaption", "RichText", "TextInput",
		"TextArea", "CheckboxGroup", "RadioButtonsGroup", "Dropdown", "ChipsSelector", "DatePicker",
		"CalendarPicker", "OptIn", "EmbeddedLink", "Footer", "Image", "ImageCarousel", "PhotoPicker",
		"DocumentPicker", "NavigationList", "If", "Switch":
		return true
	}
	return false
}
