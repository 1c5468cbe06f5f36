package flowjson

import (
	"strconv"
	"strings"
	"sync"
)

// schemaPlace says what the object at a JSON pointer is, following the
// structure of the schema from the root: which catalogue spec describes it
// and, for an action property, which slot it fills.
type schemaPlace struct {
	spec  schemaSpec
	found bool
	// component is set for an object in a component list, even when its
	// type is unknown (found is then false).
	component bool
	// isAction is set for an object in an action property (slot), even when
	// its name is unknown.
	isAction bool
	slot     schemaProp
}

// placeState is the structural position reached while walking a pointer.
type placeState int

const (
	placeFree placeState = iota // payloads, data models: no catalogue spec
	placeTop
	placeScreens
	placeObject // an object with a spec
	placeComponents
	placeCases
	placeItems
)

// locateObject walks pointer from the root and returns the place of the
// object it ends at.
func locateObject(doc *Document, pointer string) schemaPlace {
	specs := schemaSpecIndex()
	state := placeTop
	place := schemaPlace{spec: specs[specTop], found: true}
	itemSpec := ""
	node := doc.Root
	if pointer == "" {
		return place
	}
	for _, seg := range strings.Split(pointer[1:], "/") {
		seg = strings.ReplaceAll(strings.ReplaceAll(seg, "~1", "/"), "~0", "~")
		node = childNode(node, seg)
		switch state {
		case placeTop:
			state = placeFree
			if seg == "screens" {
				state = placeScreens
			}
		case placeScreens:
			state, place = placeObject, schemaPlace{spec: specs[specScreen], found: true}
		case placeComponents:
			typ, _ := node.Get("type").Str()
			spec, ok := specs["component "+typ]
			state, place = placeObject, schemaPlace{spec: spec, found: ok, component: true}
		case placeCases:
			state = placeComponents
		case placeItems:
			state, place = placeObject, schemaPlace{spec: specs[itemSpec], found: true}
		case placeObject:
			state, place, itemSpec = nextPlace(specs, place, seg, node)
		default:
			return schemaPlace{}
		}
	}
	if state != placeObject && state != placeTop {
		return schemaPlace{}
	}
	return place
}

// nextPlace moves from an object with a spec into its property seg.
func nextPlace(specs map[string]schemaSpec, from schemaPlace, seg string, node *Node) (placeState, schemaPlace, string) {
	if !from.found {
		return placeFree, schemaPlace{}, ""
	}
	if from.isAction {
		if seg == "next" && from.spec.name == "navigate" {
			return placeObject, schemaPlace{spec: specs[specNavigateNext], found: true}, ""
		}
		return placeFree, schemaPlace{}, ""
	}
	p, ok := specProp(from.spec, seg)
	if !ok {
		return placeFree, schemaPlace{}, ""
	}
	switch {
	case p.value.slot != nil:
		name, _ := node.Get("name").Str()
		spec, ok := specs["action "+name]
		return placeObject, schemaPlace{spec: spec, found: ok, isAction: true, slot: p}, ""
	case seg == "layout":
		return placeObject, schemaPlace{spec: specs[specLayout], found: true}, ""
	case seg == "children" || seg == "then" || seg == "else":
		return placeComponents, schemaPlace{}, ""
	case seg == "cases":
		return placeCases, schemaPlace{}, ""
	case seg == "data-source" && from.spec.name == "ChipsSelector":
		return placeItems, schemaPlace{}, specChipsItem
	case seg == "data-source":
		return placeItems, schemaPlace{}, specListItem
	case seg == "list-items":
		return placeItems, schemaPlace{}, specNavItem
	case seg == "images":
		return placeItems, schemaPlace{}, specCarouselImage
	case seg == "main-content" || seg == "start" || seg == "end":
		return placeObject, schemaPlace{spec: specs[seg], found: true}, ""
	case from.spec.name == "CalendarPicker" && node != nil && node.Kind == KindObject:
		return placeObject, schemaPlace{spec: specs[specDateRange], found: true}, ""
	}
	return placeFree, schemaPlace{}, ""
}

func childNode(n *Node, seg string) *Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == KindObject:
		return n.Get(seg)
	case n.Kind == KindArray:
		i, err := strconv.Atoi(seg)
		if err != nil || i < 0 || i >= len(n.Items) {
			return nil
		}
		return n.Items[i]
	}
	return nil
}

// schemaSpecIndex maps "component <type>", "action <name>" and the
// structural spec names to their specs. Built once, read only.
var schemaSpecIndex = sync.OnceValue(func() map[string]schemaSpec {
	idx := make(map[string]schemaSpec)
	for _, s := range structSpecs() {
		idx[s.name] = s
	}
	for _, s := range componentSpecs() {
		idx["component "+s.name] = s
	}
	for _, s := range actionSpecs() {
		idx["action "+s.name] = s
	}
	return idx
})

func specProp(spec schemaSpec, name string) (schemaProp, bool) {
	for _, p := range spec.props {
		if p.name == name {
			return p, true
		}
	}
	return schemaProp{}, false
}
