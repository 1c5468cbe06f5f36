package flowjson

// semScreen is one screen as the rules see it, collected in a single walk.
type semScreen struct {
	index    int
	node     *Node
	id       string // "" when missing or not a string
	idNode   *Node
	terminal bool
	data     *Node // the data model when it is an object
	children *Node // layout.children when it is an array

	comps   []*semComp          // every component, nested ones included, in document order
	inputs  map[string]*semComp // first input component of each name
	forms   map[string]*semComp // first Form of each name
	actions []semAction
}

// semComp is one component and where it sits.
type semComp struct {
	node    *Node
	typ     string
	form    *semComp // the enclosing Form, if any
	cond    *semComp // the nearest enclosing If or Switch, if any
	ifDepth int      // number of enclosing If components
}

// semAction is one action object and the component that carries it.
type semAction struct {
	node  *Node
	name  string
	owner *semComp
}

// inputTypes are the components that have a name and produce ${form.name}
// (reference §4.1).
func isInputType(typ string) bool {
	switch typ {
	case "TextInput", "TextArea", "CheckboxGroup", "RadioButtonsGroup", "Dropdown", "ChipsSelector",
		"OptIn", "DatePicker", "CalendarPicker", "PhotoPicker", "DocumentPicker":
		return true
	}
	return false
}

func isPickerType(typ string) bool { return typ == "PhotoPicker" || typ == "DocumentPicker" }

// isActionKey reports whether a component property holds an action.
func isActionKey(key string) bool {
	return key == "on-click-action" || key == "on-select-action" || key == "on-unselect-action"
}

// collect builds the flow model: screens by id and, per screen, its
// components, inputs, Forms and actions.
func (s *semantics) collect() {
	screens := s.root.Get("screens")
	if screens == nil || screens.Kind != KindArray {
		return
	}
	s.screens = make([]*semScreen, 0, len(screens.Items))
	s.byID = make(map[string]*semScreen, len(screens.Items))
	for i, n := range screens.Items {
		sc := &semScreen{index: i, node: n}
		s.screens = append(s.screens, sc)
		if n.Kind != KindObject {
			continue
		}
		sc.idNode = n.Get("id")
		sc.id, _ = sc.idNode.Str()
		if t := n.Get("terminal"); t != nil && t.Kind == KindBool {
			sc.terminal = t.Bool
		}
		if d := n.Get("data"); d != nil && d.Kind == KindObject {
			sc.data = d
		}
		if sc.id != "" {
			if _, dup := s.byID[sc.id]; !dup {
				s.byID[sc.id] = sc
			}
		}
		if ch := n.Get("layout").Get("children"); ch != nil && ch.Kind == KindArray {
			sc.children = ch
			sc.inputs = make(map[string]*semComp)
			sc.forms = make(map[string]*semComp)
			sc.walk(ch, nil, nil, 0)
		}
	}
}

// walk adds the components of list (an array node) and their descendants.
func (sc *semScreen) walk(list *Node, form, cond *semComp, ifDepth int) {
	if list == nil || list.Kind != KindArray {
		return
	}
	for _, n := range list.Items {
		if n.Kind != KindObject {
			continue
		}
		typ, _ := n.Get("type").Str()
		c := &semComp{node: n, typ: typ, form: form, cond: cond, ifDepth: ifDepth}
		sc.comps = append(sc.comps, c)
		name, named := n.Get("name").Str()
		switch {
		case typ == "Form" && named:
			if _, dup := sc.forms[name]; !dup {
				sc.forms[name] = c
			}
		case isInputType(typ) && named:
			if _, dup := sc.inputs[name]; !dup {
				sc.inputs[name] = c
			}
		}
		sc.collectActions(c)
		switch typ {
		case "Form":
			sc.walk(n.Get("children"), c, cond, ifDepth)
		case "If":
			sc.walk(n.Get("then"), form, c, ifDepth+1)
			sc.walk(n.Get("else"), form, c, ifDepth+1)
		case "Switch":
			if cases := n.Get("cases"); cases != nil && cases.Kind == KindObject {
				for _, m := range cases.Members {
					sc.walk(m.Value, form, c, ifDepth)
				}
			}
		}
	}
}

// collectActions records the actions of c: its own on-*-action properties
// and those of its static list items (data-source, list-items).
func (sc *semScreen) collectActions(c *semComp) {
	sc.addActions(c.node, c)
	for _, key := range [...]string{"data-source", "list-items"} {
		items := c.node.Get(key)
		if items == nil || items.Kind != KindArray {
			continue
		}
		for _, it := range items.Items {
			sc.addActions(it, c)
		}
	}
}

func (sc *semScreen) addActions(n *Node, owner *semComp) {
	for _, key := range [...]string{"on-click-action", "on-select-action", "on-unselect-action"} {
		a := n.Get(key)
		if a == nil || a.Kind != KindObject {
			continue
		}
		name, _ := a.Get("name").Str()
		sc.actions = append(sc.actions, semAction{node: a, name: name, owner: owner})
	}
}

// navigateTarget returns the screen id an action navigates to and its node.
func navigateTarget(a semAction) (string, *Node) {
	if a.name != "navigate" {
		return "", nil
	}
	next := a.node.Get("next").Get("name")
	id, ok := next.Str()
	if !ok {
		return "", nil
	}
	return id, next
}
