package flowjson

// exampleKey holds a field's sample value for previews (§6.5).
const exampleKey = "__example__"

// checkDataModels enforces the screen data-model rules of reference §6.5
// (INVALID_SCREEN_DATA): every field and nested schema has a string type,
// arrays have items, every top-level field has an __example__ that matches
// its declared type, and nested schemas have none.
func (s *semantics) checkDataModels() {
	for _, sc := range s.screens {
		if sc.data == nil {
			continue
		}
		for _, m := range sc.data.Members {
			s.checkFieldSchema(m.Key, m.Value, true)
		}
	}
}

// checkFieldSchema checks one schema. Values that are not objects are the
// JSON Schema's to report.
func (s *semantics) checkFieldSchema(name string, n *Node, top bool) {
	if n.Kind != KindObject {
		return
	}
	typ := n.Get("type")
	switch {
	case typ == nil:
		s.errorf(n, CodeInvalidScreenData, "data field %q has no 'type'", name)
	case typ.Kind != KindString:
		s.errorf(typ, CodeInvalidScreenData, "'type' of data field %q should be a string", name)
	}
	switch ex := n.Get(exampleKey); {
	case ex == nil && top:
		// §6.5 UNSURE: Meta calls the example mandatory without saying how it
		// reports a missing one; the reference recommends an error.
		s.errorf(n, CodeInvalidScreenData, "data field %q has no %s; Meta requires a sample value for every field", name, exampleKey)
	case ex != nil:
		switch {
		case !top:
			s.errorf(ex, CodeInvalidScreenData,
				"%s is allowed only on top-level fields of the data model, not inside %q", exampleKey, name)
		case !exampleFits(n, ex, 0):
			s.errorf(ex, CodeInvalidScreenData,
				"%s of data field %q does not match its declared type %s", exampleKey, name, schemaType(n))
		}
	}
	switch t, _ := typ.Str(); t {
	case "array":
		items := n.Get("items")
		switch {
		case items == nil:
			s.errorf(n, CodeInvalidScreenData, "data field %q is an array, so it needs 'items'", name)
		case items.Kind == KindObject:
			s.checkFieldSchema(name+"[]", items, false)
		case items.Kind != KindBool:
			s.errorf(items, CodeInvalidScreenData, "'items' of data field %q should be an object or a boolean", name)
		}
	case "object":
		if props := n.Get("properties"); props != nil && props.Kind == KindObject {
			for _, m := range props.Members {
				s.checkFieldSchema(name+"."+m.Key, m.Value, false)
			}
		}
	}
}

// maxExampleDepth bounds the walk over nested examples.
const maxExampleDepth = 32

// exampleFits reports whether an example value matches a schema: its JSON
// type fits the declared type, array elements fit items and declared
// object properties fit their schemas. Extra keys are fine: Meta's own
// examples carry list-item actions that items.properties does not declare.
func exampleFits(schema, v *Node, depth int) bool {
	want := schemaType(schema)
	if want == exprAny || v.Kind == KindNull || depth > maxExampleDepth {
		return true
	}
	if exprTypeOfKind(v.Kind)&want == 0 {
		return false
	}
	switch v.Kind {
	case KindArray:
		items := schema.Get("items")
		for _, it := range v.Items {
			if items != nil && items.Kind == KindObject && !exampleFits(items, it, depth+1) {
				return false
			}
		}
	case KindObject:
		props := schema.Get("properties")
		if props == nil || props.Kind != KindObject {
			return true
		}
		for _, m := range props.Members {
			if val := v.Get(m.Key); val != nil && m.Value.Kind == KindObject && !exampleFits(m.Value, val, depth+1) {
				return false
			}
		}
	}
	return true
}
