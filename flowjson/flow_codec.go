package flowjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// The codec maps Flow JSON objects onto the structs of this package by
// reflection over their json tags, so that each type is declared once, as a
// plain struct, and the rules that make decoding lossless live in one place:
//
//   - members without a field go to the struct's Extra and are reported as
//     UnknownKey;
//   - a member given with a zero Go value (false, 0, "" or null) is
//     remembered, so encoding writes it back rather than treating it as
//     absent; an empty [] or {} decodes to a non-nil value and needs no help;
//   - encoding writes the fields in declaration order, then Extra sorted by
//     key, so the output is stable;
//   - values of the wrong JSON type stop decoding with a *DecodeError that
//     names the pointer, rather than being guessed at.
//
// Decoding walks the position-keeping tree of Parse, so every error and
// unknown key carries its line and column.

// UnknownKey is an object member that Flow JSON does not define at its place.
// Decode keeps it in the Extra of the enclosing value and reports it here.
type UnknownKey struct {
	// Pointer is the RFC 6901 pointer of the member itself, for example
	// "/screens/0/layout/children/1/placeholder".
	Pointer string
	// Key is the member's name, unescaped.
	Key string
	// Line and Column locate the key in the source, 1-based.
	Line, Column int
}

// DecodeError says why a document cannot be decoded into Go values, and where.
type DecodeError struct {
	// Code classifies the problem with a diagnostic code: INVALID_FLOW_JSON
	// (syntax), DUPLICATE_KEY, INVALID_PROPERTY_TYPE or
	// INVALID_FLOW_JSON_VERSION.
	Code string
	// Pointer is the RFC 6901 pointer of the offending value ("" is the root).
	Pointer string
	// Line and Column locate it in the source, 1-based.
	Line, Column int
	Message      string
}

func (e *DecodeError) Error() string {
	where := e.Pointer
	if where == "" {
		where = "document root"
	}
	return fmt.Sprintf("flowjson: %d:%d: %s: %s", e.Line, e.Column, where, e.Message)
}

// Diagnostic presents the error as an error diagnostic, for printers that
// report decoding and validation the same way.
func (e *DecodeError) Diagnostic() Diagnostic {
	return Diagnostic{Code: e.Code, Severity: SeverityError, Pointer: e.Pointer, Line: e.Line, Column: e.Column, Message: e.Message}
}

// decodeDocument parses src and decodes it into target, a pointer to a codec
// struct (or any type the walker accepts).
func decodeDocument(src []byte, target any) ([]UnknownKey, error) {
	doc, diags := Parse(src)
	if len(diags) > 0 {
		// Parse stops at a syntax error, which is then the last finding;
		// otherwise every finding is a duplicate key, whose second value
		// would be lost.
		d := diags[0]
		if doc.Root == nil {
			d = diags[len(diags)-1]
		}
		return nil, &DecodeError{Code: d.Code, Pointer: d.Pointer, Line: d.Line, Column: d.Column, Message: d.Message}
	}
	if doc.Root == nil {
		return nil, &DecodeError{Code: CodeInvalidFlowJSON, Line: 1, Column: 1, Message: "no JSON value"}
	}
	st := &decodeState{doc: doc}
	if err := st.value(doc.Root, reflect.ValueOf(target).Elem()); err != nil {
		return nil, err
	}
	return st.unknown, nil
}

// decodeInto is the UnmarshalJSON of every codec type: the document's
// unknown keys stay in Extra but are not reported, as encoding/json has no
// channel for them.
func decodeInto(src []byte, target any) error {
	if isJSONNull(src) {
		return nil
	}
	_, err := decodeDocument(src, target)
	return err
}

// isJSONNull reports whether src is the literal null, which UnmarshalJSON
// methods take as "leave the value alone", as encoding/json itself does.
func isJSONNull(src []byte) bool { return string(bytes.TrimSpace(src)) == "null" }

type decodeState struct {
	doc     *Document
	unknown []UnknownKey
}

func (st *decodeState) errorf(n *Node, code, format string, args ...any) error {
	line, col := st.doc.Position(n.Offset)
	return &DecodeError{Code: code, Pointer: n.Pointer(), Line: line, Column: col, Message: fmt.Sprintf(format, args...)}
}

func (st *decodeState) mismatch(n *Node, t reflect.Type) error {
	return st.errorf(n, CodeInvalidPropertyType, "expected %s, found %s", expectedJSON(t), n.Kind)
}

// expectedJSON names the JSON accepted for a Go type, for error messages.
func expectedJSON(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[Version]():
		return `a version string such as "7.3"`
	case t == reflect.TypeFor[Expr]():
		return "an expression string"
	case t == reflect.TypeFor[Component]():
		return "a component object"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean"
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice:
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	case reflect.Pointer:
		return expectedJSON(t.Elem())
	case reflect.Interface:
		members := unionMembers(t)
		names := make([]string, len(members))
		for i, m := range members {
			names[i] = expectedJSON(m)
		}
		return strings.Join(names, " or ")
	}
	return t.String()
}

func textUnmarshaler(v reflect.Value) (encoding.TextUnmarshaler, bool) {
	if !v.CanAddr() {
		return nil, false
	}
	u, ok := v.Addr().Interface().(encoding.TextUnmarshaler)
	return u, ok
}

// value decodes n into v, which must be settable.
func (st *decodeState) value(n *Node, v reflect.Value) error {
	t := v.Type()
	if t == reflect.TypeFor[Component]() {
		c, err := st.component(n)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(c))
		return nil
	}
	if n.Kind == KindNull {
		switch t.Kind() {
		case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
			v.SetZero()
			return nil
		}
		return st.mismatch(n, t)
	}
	if t.Kind() == reflect.Struct && reflect.PointerTo(t).Implements(reflect.TypeFor[flowObjectPtr]()) {
		return st.object(n, v, "")
	}
	if u, ok := textUnmarshaler(v); ok {
		if n.Kind != KindString {
			return st.mismatch(n, t)
		}
		if err := u.UnmarshalText([]byte(n.String)); err != nil {
			code := CodeInvalidPropertyValue
			if t == reflect.TypeFor[Version]() {
				code = CodeInvalidFlowJSONVersion
			}
			return st.errorf(n, code, "%v", err)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Interface:
		if t.NumMethod() == 0 {
			v.Set(reflect.ValueOf(n.Interface()))
			return nil
		}
		return st.union(n, v)
	case reflect.Pointer:
		p := reflect.New(t.Elem())
		if err := st.value(n, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	case reflect.String:
		if n.Kind != KindString {
			return st.mismatch(n, t)
		}
		v.SetString(n.String)
		return nil
	case reflect.Bool:
		if n.Kind != KindBool {
			return st.mismatch(n, t)
		}
		v.SetBool(n.Bool)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return st.integer(n, v)
	case reflect.Float32, reflect.Float64:
		if n.Kind != KindNumber {
			return st.mismatch(n, t)
		}
		f, err := strconv.ParseFloat(n.Number, t.Bits())
		if err != nil {
			return st.errorf(n, CodeInvalidPropertyValue, "number %s is out of range", n.Number)
		}
		v.SetFloat(f)
		return nil
	case reflect.Slice:
		return st.slice(n, v)
	case reflect.Map:
		return st.mapping(n, v)
	}
	return st.errorf(n, CodeInvalidPropertyType, "no JSON decoding for Go type %s", t)
}

func (st *decodeState) integer(n *Node, v reflect.Value) error {
	if n.Kind != KindNumber {
		return st.mismatch(n, v.Type())
	}
	i, err := strconv.ParseInt(n.Number, 10, v.Type().Bits())
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return st.errorf(n, CodeInvalidPropertyValue, "integer %s is out of range", n.Number)
		}
		return st.errorf(n, CodeInvalidPropertyType, "expected an integer, found %s", n.Number)
	}
	v.SetInt(i)
	return nil
}

func (st *decodeState) slice(n *Node, v reflect.Value) error {
	if n.Kind != KindArray {
		return st.mismatch(n, v.Type())
	}
	s := reflect.MakeSlice(v.Type(), len(n.Items), len(n.Items))
	for i, item := range n.Items {
		if err := st.value(item, s.Index(i)); err != nil {
			return err
		}
	}
	v.Set(s)
	return nil
}

func (st *decodeState) mapping(n *Node, v reflect.Value) error {
	t := v.Type()
	if n.Kind != KindObject || t.Key().Kind() != reflect.String {
		return st.mismatch(n, t)
	}
	m := reflect.MakeMapWithSize(t, len(n.Members))
	for _, member := range n.Members {
		elem := reflect.New(t.Elem()).Elem()
		if err := st.value(member.Value, elem); err != nil {
			return err
		}
		m.SetMapIndex(reflect.ValueOf(member.Key).Convert(t.Key()), elem)
	}
	v.Set(m)
	return nil
}

// union decodes into a sealed value interface the member whose JSON shape
// matches the source.
func (st *decodeState) union(n *Node, v reflect.Value) error {
	for _, mt := range unionMembers(v.Type()) {
		if jsonKindOf(mt) != n.Kind {
			continue
		}
		mv := reflect.New(mt).Elem()
		if err := st.value(n, mv); err != nil {
			return err
		}
		v.Set(mv)
		return nil
	}
	return st.mismatch(n, v.Type())
}

// jsonKindOf is the JSON kind a literal member type decodes from.
func jsonKindOf(t reflect.Type) Kind {
	switch t.Kind() {
	case reflect.Bool:
		return KindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64:
		return KindNumber
	case reflect.String:
		return KindString
	case reflect.Slice:
		return KindArray
	}
	return KindObject
}

// object decodes n into the codec struct v. componentType is the type of a
// component whose "type" member selected v, and is then skipped.
func (st *decodeState) object(n *Node, v reflect.Value, componentType string) error {
	if n.Kind != KindObject {
		return st.mismatch(n, v.Type())
	}
	layout := objectLayoutOf(v.Type())
	mark := v.Addr().Interface().(flowObjectPtr)
	for _, m := range n.Members {
		if componentType != "" && m.Key == "type" {
			continue
		}
		i, known := layout.index[m.Key]
		if !known {
			if err := st.extra(m, v, layout); err != nil {
				return err
			}
			continue
		}
		f := v.Field(i)
		if err := st.value(m.Value, f); err != nil {
			return err
		}
		if f.IsZero() {
			mark.markGiven(m.Key)
		}
	}
	return nil
}

func (st *decodeState) extra(m Member, v reflect.Value, layout objectLayout) error {
	line, col := st.doc.Position(m.KeyOffset)
	st.unknown = append(st.unknown, UnknownKey{Pointer: m.Value.Pointer(), Key: m.Key, Line: line, Column: col})
	if layout.extra < 0 {
		return st.errorf(m.Value, CodeInvalidPropertyKey, "unknown key %q and no place to keep it", m.Key)
	}
	raw, err := st.raw(m.Value)
	if err != nil {
		return err
	}
	ev := v.Field(layout.extra)
	if ev.IsNil() {
		ev.Set(reflect.MakeMap(ev.Type()))
	}
	ev.SetMapIndex(reflect.ValueOf(m.Key), reflect.ValueOf(raw))
	return nil
}

// component decodes one entry of a component list, choosing the Go type by
// the "type" member. An object of an unknown or missing type is kept whole
// as an UnknownComponent.
func (st *decodeState) component(n *Node) (Component, error) {
	if n.Kind != KindObject {
		return nil, st.mismatch(n, reflect.TypeFor[Component]())
	}
	typ, _ := n.Get("type").Str()
	c := newComponent(typ)
	if c == nil {
		raw, err := st.raw(n)
		if err != nil {
			return nil, err
		}
		return &UnknownComponent{Type: typ, Raw: raw}, nil
	}
	if err := st.object(n, reflect.ValueOf(c).Elem(), typ); err != nil {
		return nil, err
	}
	return c, nil
}

// raw returns the source text of n in canonical form.
func (st *decodeState) raw(n *Node) (json.RawMessage, error) {
	var raw json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(st.doc.Source[n.Offset:])).Decode(&raw); err != nil {
		return nil, st.errorf(n, CodeInvalidFlowJSON, "%v", err)
	}
	return canonicalJSON(raw)
}

// canonicalJSON compacts raw and escapes it the way encoding/json escapes
// the output of a Marshaler, so that a raw value read back from encoded
// output is byte-for-byte the one that was encoded.
func canonicalJSON(raw []byte) (json.RawMessage, error) {
	var compact, escaped bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, err
	}
	json.HTMLEscape(&escaped, compact.Bytes())
	return escaped.Bytes(), nil
}

// marshalUnescaped encodes v without escaping <, > and &, which expressions
// use a lot: json.Marshal escapes them anyway when it compacts a
// MarshalJSON result, but an Encoder with SetEscapeHTML(false) then writes
// "${form.age} > 18" as it was.
func marshalUnescaped(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// objectLayout is what the codec needs to know of a struct type.
type objectLayout struct {
	fields []objectField  // in declaration order
	index  map[string]int // JSON name → field index
	extra  int            // index of the Extra field, or -1
}

type objectField struct {
	name  string
	index int
}

func objectLayoutOf(t reflect.Type) objectLayout {
	l := objectLayout{index: make(map[string]int, t.NumField()), extra: -1}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous || !f.IsExported() {
			continue
		}
		if f.Type == reflect.TypeFor[Extra]() {
			l.extra = i
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		l.index[name] = i
		l.fields = append(l.fields, objectField{name: name, index: i})
	}
	return l
}

// encodeObject is the MarshalJSON of every codec struct: "type" first for a
// component, then the set fields in declaration order, then Extra by key.
func encodeObject(v flowObject, componentType string) ([]byte, error) {
	rv := reflect.ValueOf(v)
	layout := objectLayoutOf(rv.Type())
	given := v.givenKeys()
	var b bytes.Buffer
	member := func(key string, val []byte) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := marshalUnescaped(key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(val)
	}
	b.WriteByte('{')
	if componentType != "" {
		t, _ := marshalUnescaped(componentType)
		member("type", t)
	}
	for _, f := range layout.fields {
		fv := rv.Field(f.index)
		if fv.IsZero() && !slices.Contains(given, f.name) {
			continue
		}
		val, err := marshalUnescaped(fv.Interface())
		if err != nil {
			return nil, fmt.Errorf("encode %q: %w", f.name, err)
		}
		member(f.name, val)
	}
	if layout.extra >= 0 {
		extra := rv.Field(layout.extra).Interface().(Extra)
		for _, key := range slices.Sorted(maps.Keys(extra)) {
			if _, known := layout.index[key]; known || (componentType != "" && key == "type") {
				continue
			}
			raw := extra[key]
			if len(raw) == 0 {
				raw = json.RawMessage("null")
			}
			if !json.Valid(raw) {
				return nil, fmt.Errorf("encode %q: Extra holds invalid JSON", key)
			}
			member(key, raw)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
