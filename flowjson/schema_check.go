package flowjson

import (
	"slices"

	"github.com/xeipuuv/gojsonschema"
)

// checkSchema validates doc against the JSON Schema of v and turns every
// schema error into a diagnostic with Meta's code, a pointer, a position
// and a message that says what to change.
//
// It applies the schema in parts (see versionSchema): the document without
// its components and actions, then each component and action against the
// definition its type or name selects, found by following the schema's
// structure through the tree. The parts report what the published schema
// reports, without the dispatch through if/then/else.
func checkSchema(doc *Document, v Version) Diagnostics {
	vs, err := compiledSchema(v)
	if err != nil {
		return Diagnostics{doc.At(nil, SeverityError, CodeInvalidFlowJSON, "no schema found for Flow JSON version %s: %v", v, err)}
	}
	r := schemaRun{vs: vs, m: schemaMapper{doc: doc, v: v}}
	root := doc.Root.Interface()
	r.check(vs.document, doc.Root, root)
	r.follow(vs.structs[specTop], doc.Root, root)
	return dropShadowedPatterns(r.out)
}

// schemaRun is one checkSchema run.
type schemaRun struct {
	vs  *versionSchema
	m   schemaMapper
	out Diagnostics
}

// check validates val, the value of n, against s.
func (r *schemaRun) check(s *gojsonschema.Schema, n *Node, val any) {
	res, err := s.Validate(gojsonschema.NewRawLoader(val))
	if err != nil {
		r.out = append(r.out, r.m.doc.At(n, SeverityError, CodeInvalidFlowJSON, "schema validation failed: %v", err))
		return
	}
	if res.Valid() {
		return
	}
	base := n.Pointer()
	for _, e := range res.Errors() {
		if d, ok := r.m.diagnostic(e, base); ok {
			r.out = append(r.out, d)
		}
	}
}

// follow takes the steps from the object n (with value val) to the
// components and actions it holds. It descends only where the schema does,
// into values of the type the schema expects, so that nothing is checked
// that the published schema would not check.
func (r *schemaRun) follow(steps []schemaStep, n *Node, val any) {
	obj, _ := val.(map[string]any)
	for _, st := range steps {
		c := n.Get(st.prop)
		if c == nil {
			continue
		}
		cv := obj[st.prop]
		switch {
		case st.action:
			r.action(st, c, cv)
		case st.holds == holdsComponents:
			r.components(c, cv)
		case st.holds == holdsCases && c.Kind == KindObject:
			cases := cv.(map[string]any)
			for _, m := range c.Members {
				r.components(m.Value, cases[m.Key])
			}
		case st.ref != "" && c.Kind == KindObject:
			r.follow(r.vs.structs[st.ref], c, cv)
		case st.items != "" && c.Kind == KindArray:
			items := cv.([]any)
			for i, it := range c.Items {
				if it.Kind == KindObject {
					r.follow(r.vs.structs[st.items], it, items[i])
				}
			}
		}
	}
}

func (r *schemaRun) components(n *Node, val any) {
	if n.Kind != KindArray {
		return
	}
	items := val.([]any)
	for i, c := range n.Items {
		r.component(c, items[i])
	}
}

// component checks a component against the definition of its type. One
// that is no object or has no type of this version meets the dispatcher,
// which reports it as the published schema does and descends no further.
func (r *schemaRun) component(n *Node, val any) {
	if typ, ok := n.Get("type").Str(); ok {
		if u, ok := r.vs.components[typ]; ok {
			r.check(u.schema, n, val)
			r.follow(u.steps, n, val)
			return
		}
	}
	r.check(r.vs.dispatchers["component"], n, val)
}

// action is component for the value of the action property st.
func (r *schemaRun) action(st schemaStep, n *Node, val any) {
	if name, ok := n.Get("name").Str(); ok && slices.Contains(st.slot, name) {
		u := r.vs.actions[name]
		r.check(u.schema, n, val)
		r.follow(u.steps, n, val)
		return
	}
	r.check(r.vs.dispatchers[st.slotDef], n, val)
}
