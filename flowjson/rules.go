package flowjson

// checkSemantics runs the rules a JSON Schema cannot express (reference
// §3–§7, in the order of the §10 checklist) over a parsed document whose
// effective version is v. It walks the tree once to build a model of the
// flow (screens, components, inputs, actions) and every rule reads that
// model. Values of the wrong JSON type are the schema's to report: a rule
// skips whatever it cannot interpret, so any tree shape is safe.
func checkSemantics(doc *Document, v Version) Diagnostics {
	if doc == nil || doc.Root == nil || doc.Root.Kind != KindObject {
		return nil
	}
	s := newSemantics(doc, v)
	s.checkTopLevel()
	s.checkScreens()
	s.checkPlacement()
	s.checkFooters()
	s.checkForms()
	s.checkLimits()
	s.checkDataModels()
	s.checkReferences()
	s.checkActions()
	s.checkRouting()
	return s.diags
}

// semantics is the state of one checkSemantics run: the document, the
// version switches computed once, the collected flow model and the findings.
type semantics struct {
	doc   *Document
	v     Version
	has   versionSwitches
	diags Diagnostics

	root     *Node
	endpoint bool // data_api_version is present: the flow is endpoint powered
	screens  []*semScreen
	byID     map[string]*semScreen // first screen of each id
}

// versionSwitches holds every Version.Supports answer the rules need,
// looked up once per document.
type versionSwitches struct {
	sensitive, inputsRequireForm, nonBlankNames, typedFormInit bool
	richTextAlone, chipsInConditional, globalRefs, nested      bool
	actionExprCheck, strictRouting, tokenSignature             bool
}

func switchesFor(v Version) versionSwitches {
	return versionSwitches{
		sensitive:          v.Supports(FeatureScreenSensitive),
		inputsRequireForm:  v.Supports(FeatureInputsRequireForm),
		nonBlankNames:      v.Supports(FeatureNonBlankNames),
		typedFormInit:      v.Supports(FeatureTypedFormInit),
		richTextAlone:      v.Supports(FeatureRichTextAlone),
		chipsInConditional: v.Supports(FeatureChipsInConditionals),
		globalRefs:         v.Supports(FeatureGlobalReferences),
		nested:             v.Supports(FeatureNestedExpressions),
		actionExprCheck:    v.Supports(FeatureActionExpressionCheck),
		strictRouting:      v.Supports(FeatureStrictRouting),
		tokenSignature:     v.Supports(FeatureFlowTokenSignature),
	}
}

func newSemantics(doc *Document, v Version) *semantics {
	s := &semantics{
		doc:  doc,
		v:    v,
		root: doc.Root,
		has:  switchesFor(v),
	}
	s.endpoint = doc.Root.Get("data_api_version") != nil
	s.collect()
	return s
}

// errorf records an error located at n.
func (s *semantics) errorf(n *Node, code, format string, args ...any) {
	s.diags = append(s.diags, s.doc.At(n, SeverityError, code, format, args...))
}

// warnf records a warning located at n.
func (s *semantics) warnf(n *Node, code, format string, args ...any) {
	s.diags = append(s.diags, s.doc.At(n, SeverityWarning, code, format, args...))
}
