package flowjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the JSON type of a Node.
type Kind uint8

// The JSON kinds.
const (
	KindNull Kind = iota
	KindBool
	KindNumber
	KindString
	KindArray
	KindObject
)

var kindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

func (k Kind) String() string { return kindNames[k] }

// Node is one JSON value with its place in the source, so that every check
// can point at a line and column. Objects keep their members in source order.
type Node struct {
	Kind    Kind
	Offset  int // byte offset of the value's first byte
	Bool    bool
	Number  string // the number's literal text
	String  string
	Items   []*Node
	Members []Member

	// The place in the parent; Pointer derives the JSON pointer from it on
	// demand, because most nodes of a valid document never need one.
	parent *Node
	key    string
	index  int
}

// Pointer returns the RFC 6901 JSON pointer of the node ("" for the root).
func (n *Node) Pointer() string {
	if n == nil || n.parent == nil {
		return ""
	}
	var segs []string
	for c := n; c.parent != nil; c = c.parent {
		if c.parent.Kind == KindArray {
			segs = append(segs, strconv.Itoa(c.index))
		} else {
			segs = append(segs, escapePointer(c.key))
		}
	}
	var b strings.Builder
	for i := len(segs) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(segs[i])
	}
	return b.String()
}

// Member is one key of an object.
type Member struct {
	Key       string
	KeyOffset int
	Value     *Node
}

// Get returns the value of key in an object, or nil. A duplicated key
// (reported by Parse) resolves to its first occurrence.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != KindObject {
		return nil
	}
	for i := range n.Members {
		if n.Members[i].Key == key {
			return n.Members[i].Value
		}
	}
	return nil
}

// Str returns the node's string value and whether it is a string.
func (n *Node) Str() (string, bool) {
	if n == nil || n.Kind != KindString {
		return "", false
	}
	return n.String, true
}

// Interface converts the node to the values encoding/json produces with
// UseNumber: map[string]any, []any, string, json.Number, bool and nil.
func (n *Node) Interface() any {
	switch n.Kind {
	case KindBool:
		return n.Bool
	case KindNumber:
		return json.Number(n.Number)
	case KindString:
		return n.String
	case KindArray:
		out := make([]any, len(n.Items))
		for i, it := range n.Items {
			out[i] = it.Interface()
		}
		return out
	case KindObject:
		out := make(map[string]any, len(n.Members))
		for i := len(n.Members) - 1; i >= 0; i-- {
			out[n.Members[i].Key] = n.Members[i].Value.Interface()
		}
		return out
	}
	return nil
}

// Document is a parsed Flow JSON source: its value tree and a line index.
type Document struct {
	Source []byte
	Root   *Node
	lines  []int // byte offset of the start of each line
}

// Position converts a byte offset to a 1-based line and column (in bytes).
func (d *Document) Position(offset int) (line, col int) {
	i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > offset }) - 1
	if i < 0 {
		return 1, offset + 1
	}
	return i + 1, offset - d.lines[i] + 1
}

// Lookup returns the node at an RFC 6901 JSON pointer, or nil.
func (d *Document) Lookup(pointer string) *Node {
	n := d.Root
	if pointer == "" {
		return n
	}
	if !strings.HasPrefix(pointer, "/") {
		return nil
	}
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch {
		case n == nil:
			return nil
		case n.Kind == KindObject:
			n = n.Get(tok)
		case n.Kind == KindArray:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Items) {
				return nil
			}
			n = n.Items[i]
		default:
			return nil
		}
	}
	return n
}

// At builds a diagnostic located at node n (nil means the document root).
func (d *Document) At(n *Node, sev Severity, code, format string, args ...any) Diagnostic {
	if n == nil {
		n = d.Root
	}
	diag := Diagnostic{Code: code, Severity: sev, Message: fmt.Sprintf(format, args...)}
	if n != nil {
		diag.Pointer = n.Pointer()
		diag.Line, diag.Column = d.Position(n.Offset)
	}
	return diag
}

// CodeDuplicateKey is waflow's own: JSON allows a repeated key, but only one
// of its values can reach WhatsApp.
const CodeDuplicateKey = "DUPLICATE_KEY"

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 256

// Parse reads JSON into a Document. A syntax error stops parsing and is
// returned as one INVALID_FLOW_JSON diagnostic with the root left nil; duplicate
// keys are reported as DUPLICATE_KEY errors and parsing goes on.
func Parse(src []byte) (*Document, Diagnostics) {
	p := &parser{src: src, text: string(src)}
	p.presize()
	p.doc = &Document{Source: src, lines: lineStarts(src)}
	root, ok := p.value(nil, "", 0, 0)
	if ok {
		p.skipSpace()
		if p.pos < len(src) {
			p.fail(p.pos, "unexpected %s after the top-level value", p.describe(p.pos))
			ok = false
		}
	}
	if !ok {
		return p.doc, p.diags
	}
	p.doc.Root = root
	return p.doc, p.diags
}

func lineStarts(src []byte) []int {
	lines := make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return lines
		}
		i += j + 1
		lines = append(lines, i)
	}
}

type parser struct {
	src []byte
	// text is src copied once: strings without escapes and numbers are
	// sliced from it rather than allocated one by one.
	text  string
	pos   int
	doc   *Document
	diags Diagnostics

	// The tree is carved from slabs sized by presize. The entries of the
	// objects and arrays being read wait on the stacks, nested ones above
	// their parents', until their count is known.
	nodes       []Node
	members     []Member
	items       []*Node
	memberStack []Member
	itemStack   []*Node
}

// presize allocates the slabs once, for as many values, members and items
// as src can hold: every value but the top-level one follows a ':', a ','
// or a '[', every member a ':' and every item a ',' or a '['. Characters
// inside strings only make the bounds loose; were they ever short, append
// would move on to a new array and leave what it has handed out in place.
func (p *parser) presize() {
	colons, commas, brackets := bytes.Count(p.src, []byte{':'}), bytes.Count(p.src, []byte{','}), bytes.Count(p.src, []byte{'['})
	p.nodes = make([]Node, 0, 1+colons+commas+brackets)
	p.members = make([]Member, 0, colons)
	p.items = make([]*Node, 0, commas+brackets)
}

func (p *parser) newNode(n Node) *Node {
	p.nodes = append(p.nodes, n)
	return &p.nodes[len(p.nodes)-1]
}

// popMembers moves the members above start from the stack to the slab. The
// result's capacity ends at its length, so that appending to it never
// overwrites a neighbour.
func (p *parser) popMembers(start int) []Member {
	ms := p.memberStack[start:]
	i := len(p.members)
	p.members = append(p.members, ms...)
	p.memberStack = p.memberStack[:start]
	return p.members[i:len(p.members):len(p.members)]
}

// popItems is popMembers for array items.
func (p *parser) popItems(start int) []*Node {
	its := p.itemStack[start:]
	i := len(p.items)
	p.items = append(p.items, its...)
	p.itemStack = p.itemStack[:start]
	return p.items[i:len(p.items):len(p.items)]
}

func (p *parser) fail(offset int, format string, args ...any) {
	line, col := p.doc.Position(offset)
	p.diags = append(p.diags, Diagnostic{
		Code: CodeInvalidFlowJSON, Severity: SeverityError, Line: line, Column: col,
		Message: fmt.Sprintf(format, args...),
	})
}

func (p *parser) describe(offset int) string {
	if offset >= len(p.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.src[offset:])
	return strconv.QuoteRune(r)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(parent *Node, key string, index, depth int) (*Node, bool) {
	p.skipSpace()
	if depth > maxDepth {
		p.fail(p.pos, "nesting deeper than %d levels", maxDepth)
		return nil, false
	}
	if p.pos >= len(p.src) {
		p.fail(p.pos, "unexpected end of input, expected a value")
		return nil, false
	}
	start := p.pos
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object(p.newNode(Node{Kind: KindObject, Offset: start, parent: parent, key: key, index: index}), depth)
	case c == '[':
		return p.array(p.newNode(Node{Kind: KindArray, Offset: start, parent: parent, key: key, index: index}), depth)
	case c == '"':
		s, ok := p.str()
		return p.newNode(Node{Kind: KindString, Offset: start, String: s, parent: parent, key: key, index: index}), ok
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(p.newNode(Node{Kind: KindNumber, Offset: start, parent: parent, key: key, index: index}))
	case p.literal("true"):
		return p.newNode(Node{Kind: KindBool, Offset: start, Bool: true, parent: parent, key: key, index: index}), true
	case p.literal("false"):
		return p.newNode(Node{Kind: KindBool, Offset: start, parent: parent, key: key, index: index}), true
	case p.literal("null"):
		return p.newNode(Node{Kind: KindNull, Offset: start, parent: parent, key: key, index: index}), true
	}
	p.fail(start, "unexpected %s, expected a value", p.describe(start))
	return nil, false
}

func (p *parser) literal(word string) bool {
	if strings.HasPrefix(p.text[p.pos:], word) {
		p.pos += len(word)
		return true
	}
	return false
}

func (p *parser) object(n *Node, depth int) (*Node, bool) {
	p.pos++
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		return n, true
	}
	start := len(p.memberStack)
	var seen map[string]struct{} // keys of a large object; a small one is scanned
	for {
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			p.fail(p.pos, "unexpected %s, expected a quoted object key", p.describe(p.pos))
			return nil, false
		}
		keyOffset := p.pos
		key, ok := p.str()
		if !ok {
			return nil, false
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			p.fail(p.pos, "unexpected %s, expected ':' after object key %q", p.describe(p.pos), key)
			return nil, false
		}
		p.pos++
		val, ok := p.value(n, key, 0, depth+1)
		if !ok {
			return nil, false
		}
		if p.seenKey(p.memberStack[start:], &seen, key) {
			line, col := p.doc.Position(keyOffset)
			p.diags = append(p.diags, Diagnostic{
				Code: CodeDuplicateKey, Severity: SeverityError, Pointer: val.Pointer(), Line: line, Column: col,
				Message: fmt.Sprintf("key %q appears more than once in this object; WhatsApp keeps only one of them, so remove the others", key),
			})
		} else {
			p.memberStack = append(p.memberStack, Member{Key: key, KeyOffset: keyOffset, Value: val})
		}
		p.skipSpace()
		if p.pos >= len(p.src) {
			p.fail(p.pos, "unexpected end of input, expected ',' or '}'")
			return nil, false
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			n.Members = p.popMembers(start)
			return n, true
		default:
			p.fail(p.pos, "unexpected %s, expected ',' or '}'", p.describe(p.pos))
			return nil, false
		}
	}
}

// seenKey reports whether key is among the members read so far. Small
// objects are scanned; past smallObject members the keys go to *seen, so
// that a hostile object with many keys stays linear.
func (p *parser) seenKey(members []Member, seen *map[string]struct{}, key string) bool {
	const smallObject = 16
	if len(members) < smallObject {
		for i := range members {
			if members[i].Key == key {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*len(members))
		for i := range members {
			(*seen)[members[i].Key] = struct{}{}
		}
	}
	if _, dup := (*seen)[key]; dup {
		return true
	}
	(*seen)[key] = struct{}{}
	return false
}

func (p *parser) array(n *Node, depth int) (*Node, bool) {
	p.pos++
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		return n, true
	}
	start := len(p.itemStack)
	for {
		val, ok := p.value(n, "", len(p.itemStack)-start, depth+1)
		if !ok {
			return nil, false
		}
		p.itemStack = append(p.itemStack, val)
		p.skipSpace()
		if p.pos >= len(p.src) {
			p.fail(p.pos, "unexpected end of input, expected ',' or ']'")
			return nil, false
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			n.Items = p.popItems(start)
			return n, true
		default:
			p.fail(p.pos, "unexpected %s, expected ',' or ']'", p.describe(p.pos))
			return nil, false
		}
	}
}

func (p *parser) number(n *Node) (*Node, bool) {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		s := p.pos
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		return p.pos - s
	}
	intStart := p.pos
	if n := digits(); n == 0 || (n > 1 && p.src[intStart] == '0') {
		p.fail(start, "malformed number")
		return nil, false
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			p.fail(start, "malformed number: digits expected after '.'")
			return nil, false
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			p.fail(start, "malformed number: digits expected in the exponent")
			return nil, false
		}
	}
	n.Number = p.text[start:p.pos]
	return n, true
}

// str reads a quoted string at p.pos. Strings without escapes, the common
// case, are sliced from the source without a builder.
func (p *parser) str() (string, bool) {
	start := p.pos
	p.pos++
	plainStart := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '"' {
			s := p.text[plainStart:p.pos]
			p.pos++
			if !utf8.ValidString(s) {
				p.fail(start, "string is not valid UTF-8")
				return "", false
			}
			return s, true
		}
		if c == '\\' {
			return p.escapedStr(start, plainStart)
		}
		if c < 0x20 {
			p.fail(p.pos, "control character %#02x inside a string; escape it", c)
			return "", false
		}
		p.pos++
	}
	p.fail(start, "unterminated string")
	return "", false
}

func (p *parser) escapedStr(start, plainStart int) (string, bool) {
	var b strings.Builder
	b.Write(p.src[plainStart:p.pos])
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '"':
			p.pos++
			s := b.String()
			if !utf8.ValidString(s) {
				p.fail(start, "string is not valid UTF-8")
				return "", false
			}
			return s, true
		case c < 0x20:
			p.fail(p.pos, "control character %#02x inside a string; escape it", c)
			return "", false
		case c != '\\':
			b.WriteByte(c)
			p.pos++
			continue
		}
		if p.pos+1 >= len(p.src) {
			break
		}
		esc := p.src[p.pos+1]
		p.pos += 2
		switch esc {
		case '"', '\\', '/':
			b.WriteByte(esc)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				r = p.lowSurrogate(r)
			}
			b.WriteRune(r)
		default:
			p.fail(p.pos-2, "invalid escape \\%c in string", esc)
			return "", false
		}
	}
	p.fail(start, "unterminated string")
	return "", false
}

// lowSurrogate completes a UTF-16 pair whose high half is high. Like
// encoding/json, an unpaired half becomes U+FFFD and whatever follows it is
// read on its own.
func (p *parser) lowSurrogate(high rune) rune {
	if p.pos+6 > len(p.src) || p.src[p.pos] != '\\' || p.src[p.pos+1] != 'u' {
		return utf8.RuneError
	}
	low, err := strconv.ParseUint(string(p.src[p.pos+2:p.pos+6]), 16, 32)
	if err != nil {
		return utf8.RuneError
	}
	r := utf16.DecodeRune(high, rune(low))
	if r == utf8.RuneError {
		return r
	}
	p.pos += 6
	return r
}

func (p *parser) hex4() (rune, bool) {
	if p.pos+4 > len(p.src) {
		p.fail(p.pos, "truncated \\u escape")
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.src[p.pos:p.pos+4]), 16, 32)
	if err != nil {
		p.fail(p.pos, "invalid \\u escape")
		return 0, false
	}
	p.pos += 4
	return rune(v), true
}

func escapePointer(key string) string {
	if !strings.ContainsAny(key, "~/") {
		return key
	}
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}
