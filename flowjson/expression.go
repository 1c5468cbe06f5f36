package flowjson

import (
	"fmt"
	"slices"
	"strings"
)

// exprType is a set of value types, as a bit mask. A reference whose type
// cannot be known is exprAny, and exprAny fits everywhere.
type exprType uint8

const (
	exprString exprType = 1 << iota
	exprNumber
	exprBool
	exprArray
	exprObject

	exprAny     = exprString | exprNumber | exprBool | exprArray | exprObject
	exprScalars = exprString | exprNumber | exprBool
)

func (t exprType) String() string {
	if t == exprAny {
		return "any"
	}
	names := make([]string, 0, 5)
	for i, name := range [...]string{"string", "number", "boolean", "array", "object"} {
		if t&(1<<i) != 0 {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "nothing"
	}
	return strings.Join(names, " or ")
}

// exprTypeOfKind is the type of a literal JSON value.
func exprTypeOfKind(k Kind) exprType {
	switch k {
	case KindString:
		return exprString
	case KindNumber:
		return exprNumber
	case KindBool:
		return exprBool
	case KindArray:
		return exprArray
	case KindObject:
		return exprObject
	}
	return exprAny
}

// exprMode selects the dialect: backtick nested expressions (6.0+, §6.3)
// allow string concatenation by juxtaposition; If conditions (4.0+, §6.4)
// do not, and have rules of their own.
type exprMode uint8

const (
	exprNested exprMode = iota
	exprCondition
)

type exprTokKind uint8

const (
	tokEOF exprTokKind = iota
	tokRef
	tokString
	tokNumber
	tokBool
	tokOp
	tokLParen
	tokRParen
)

// exprTok is one token; text is the reference path for tokRef (without
// "${" and "}") and the operator for tokOp.
type exprTok struct {
	kind exprTokKind
	text string
	pos  int
}

func (t exprTok) operand() bool { return t.kind >= tokRef && t.kind <= tokBool }

// exprError is a syntax error at a byte offset of the expression.
type exprError struct {
	pos int
	msg string
}

func (e *exprError) Error() string { return fmt.Sprintf("%s at character %d", e.msg, e.pos+1) }

// exprNode is a node of the expression tree: an operand (op == "") or an
// operator applied to args. Juxtaposed operands are op "concat".
type exprNode struct {
	op   string
	tok  exprTok
	args []*exprNode
}

// literal reports whether the node is a literal operand.
func (e *exprNode) literal() bool { return e.op == "" && e.tok.kind != tokRef }

// parsedExpr is a parsed expression and the references it uses, in order.
type parsedExpr struct {
	root *exprNode
	refs []exprTok
}

// parseExpr parses src in the given mode.
func parseExpr(src string, mode exprMode) (parsedExpr, *exprError) {
	toks, err := tokenizeExpr(src)
	if err != nil {
		return parsedExpr{}, err
	}
	p := exprParser{toks: toks, mode: mode}
	if p.peek().kind == tokEOF {
		return parsedExpr{}, &exprError{0, "empty expression"}
	}
	root, err := p.or()
	if err != nil {
		return parsedExpr{}, err
	}
	switch t := p.peek(); t.kind {
	case tokEOF:
	case tokRParen:
		return parsedExpr{}, &exprError{t.pos, "unbalanced parentheses: ')' without '('"}
	default:
		return parsedExpr{}, &exprError{t.pos, "missing operator before " + describeTok(t)}
	}
	var refs []exprTok
	for _, t := range toks {
		if t.kind == tokRef {
			refs = append(refs, t)
		}
	}
	return parsedExpr{root: root, refs: refs}, nil
}

func describeTok(t exprTok) string {
	switch t.kind {
	case tokEOF:
		return "the end"
	case tokRef:
		return "${" + t.text + "}"
	case tokString:
		return "'" + t.text + "'"
	case tokLParen:
		return "'('"
	case tokRParen:
		return "')'"
	}
	return "'" + t.text + "'"
}

// tokenizeExpr splits an expression into tokens. A '-' is a minus operator
// after an operand or ')', and otherwise the sign of a number literal.
func tokenizeExpr(src string) ([]exprTok, *exprError) {
	var toks []exprTok
	afterOperand := func() bool {
		if len(toks) == 0 {
			return false
		}
		last := toks[len(toks)-1]
		return last.operand() || last.kind == tokRParen
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '$':
			if i+1 >= len(src) || src[i+1] != '{' {
				return nil, &exprError{i, "invalid character '$'"}
			}
			end := strings.IndexByte(src[i+2:], '}')
			if end < 0 {
				return nil, &exprError{i, "unclosed reference '${'"}
			}
			toks = append(toks, exprTok{tokRef, src[i+2 : i+2+end], i})
			i += end + 3
		case c == '\'':
			j := i + 1
			for j < len(src) && src[j] != '\'' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				return nil, &exprError{i, "unclosed quote"}
			}
			toks = append(toks, exprTok{tokString, src[i+1 : j], i})
			i = j + 1
		case exprDigit(c) || (c == '-' && !afterOperand()):
			j := i
			if c == '-' {
				j++
				if j >= len(src) || !exprDigit(src[j]) {
					return nil, &exprError{i, "'-' must be followed by a number"}
				}
			}
			j = exprScanNumber(src, j)
			toks = append(toks, exprTok{tokNumber, src[i:j], i})
			i = j
		case c == '(':
			toks = append(toks, exprTok{tokLParen, "(", i})
			i++
		case c == ')':
			toks = append(toks, exprTok{tokRParen, ")", i})
			i++
		case exprLetter(c):
			j := i
			for j < len(src) && (exprLetter(src[j]) || exprDigit(src[j]) || src[j] == '_') {
				j++
			}
			word := src[i:j]
			if word != "true" && word != "false" {
				return nil, &exprError{i, fmt.Sprintf("invalid operand %q (strings need single quotes)", word)}
			}
			toks = append(toks, exprTok{tokBool, word, i})
			i = j
		default:
			op := scanOperator(src[i:])
			if op == "" {
				return nil, &exprError{i, fmt.Sprintf("invalid character %q", rune(c))}
			}
			toks = append(toks, exprTok{tokOp, op, i})
			i += len(op)
		}
	}
	return toks, nil
}

func exprDigit(c byte) bool  { return c >= '0' && c <= '9' }
func exprLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func exprScanNumber(src string, j int) int {
	for j < len(src) && exprDigit(src[j]) {
		j++
	}
	if j+1 < len(src) && src[j] == '.' && exprDigit(src[j+1]) {
		j++
		for j < len(src) && exprDigit(src[j]) {
			j++
		}
	}
	return j
}

// scanOperator returns the operator src starts with, or "". The operators
// are those of §6.3, with '*' accepted (§9 #11: pywa emits it and Meta's
// list looks incomplete).
func scanOperator(src string) string {
	if len(src) >= 2 {
		switch two := src[:2]; two {
		case "==", "!=", "<=", ">=", "&&", "||":
			return two
		}
	}
	switch src[0] {
	case '<', '>', '!', '+', '-', '*', '/', '%':
		return src[:1]
	}
	return ""
}

// maxExprNesting bounds parentheses and '!' nesting, so that a hostile
// string cannot recurse without limit.
const maxExprNesting = 64

type exprParser struct {
	toks  []exprTok
	i     int
	mode  exprMode
	depth int
}

func (p *exprParser) peek() exprTok {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	end := 0
	if n := len(p.toks); n > 0 {
		end = p.toks[n-1].pos + 1
	}
	return exprTok{kind: tokEOF, pos: end}
}

// binary parses a left-associative level: next (op next)*.
func (p *exprParser) binary(next func() (*exprNode, *exprError), ops ...string) (*exprNode, *exprError) {
	left, err := next()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != tokOp || !slices.Contains(ops, t.text) {
			return left, nil
		}
		p.i++
		right, err := next()
		if err != nil {
			return nil, err
		}
		left = &exprNode{op: t.text, tok: t, args: []*exprNode{left, right}}
	}
}

func (p *exprParser) or() (*exprNode, *exprError)  { return p.binary(p.and, "||") }
func (p *exprParser) and() (*exprNode, *exprError) { return p.binary(p.eq, "&&") }
func (p *exprParser) eq() (*exprNode, *exprError)  { return p.binary(p.cmp, "==", "!=") }
func (p *exprParser) cmp() (*exprNode, *exprError) {
	return p.binary(p.concat, "<", "<=", ">", ">=")
}
func (p *exprParser) add() (*exprNode, *exprError) { return p.binary(p.mul, "+", "-") }
func (p *exprParser) mul() (*exprNode, *exprError) { return p.binary(p.unary, "*", "/", "%") }

// concat parses juxtaposed operands, which nested expressions join into a
// string and conditions reject.
func (p *exprParser) concat() (*exprNode, *exprError) {
	first, err := p.add()
	if err != nil {
		return nil, err
	}
	parts := []*exprNode{first}
	for {
		t := p.peek()
		if !t.operand() && t.kind != tokLParen && (t.kind != tokOp || t.text != "!") {
			break
		}
		if p.mode == exprCondition {
			return nil, &exprError{t.pos, "missing operator before " + describeTok(t)}
		}
		next, err := p.add()
		if err != nil {
			return nil, err
		}
		parts = append(parts, next)
	}
	if len(parts) == 1 {
		return first, nil
	}
	return &exprNode{op: "concat", tok: first.tok, args: parts}, nil
}

func (p *exprParser) unary() (*exprNode, *exprError) {
	t := p.peek()
	if p.depth >= maxExprNesting {
		return nil, &exprError{t.pos, "expression nested too deeply"}
	}
	p.depth++
	defer func() { p.depth-- }()
	if t.kind == tokOp && t.text == "!" {
		p.i++
		arg, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &exprNode{op: "!", tok: t, args: []*exprNode{arg}}, nil
	}
	return p.primary()
}

func (p *exprParser) primary() (*exprNode, *exprError) {
	t := p.peek()
	switch {
	case t.operand():
		p.i++
		return &exprNode{tok: t}, nil
	case t.kind == tokLParen:
		p.i++
		if p.peek().kind == tokRParen {
			return nil, &exprError{t.pos, "empty parentheses '()'"}
		}
		inner, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek().kind != tokRParen {
			if p.peek().kind == tokEOF {
				return nil, &exprError{t.pos, "unbalanced parentheses: '(' is never closed"}
			}
			return nil, &exprError{p.peek().pos, "missing operator before " + describeTok(p.peek())}
		}
		p.i++
		return inner, nil
	case t.kind == tokEOF:
		return nil, &exprError{t.pos, "missing operand at the end"}
	}
	return nil, &exprError{t.pos, "missing operand before " + describeTok(t)}
}

// infer computes the type of e, resolving references with resolve, and
// appends every operand type problem to problems.
func (e *exprNode) infer(resolve func(ref string) exprType, problems *[]string) exprType {
	if e.op == "" {
		switch e.tok.kind {
		case tokRef:
			return resolve(e.tok.text)
		case tokString:
			return exprString
		case tokNumber:
			return exprNumber
		}
		return exprBool
	}
	types := make([]exprType, len(e.args))
	for i, a := range e.args {
		types[i] = a.infer(resolve, problems)
	}
	expect := func(want exprType, what string) {
		for i, t := range types {
			if t&want == 0 {
				*problems = append(*problems, fmt.Sprintf("operator %s needs %s operands, but %s is %s",
					what, want, e.args[i].describe(), t))
			}
		}
	}
	switch e.op {
	case "!", "&&", "||":
		expect(exprBool, "'"+e.op+"'")
		return exprBool
	case "==", "!=":
		expect(exprScalars, "'"+e.op+"'")
		if types[0]&types[1] == 0 {
			*problems = append(*problems, fmt.Sprintf("operator '%s' compares %s with %s; both sides must have the same type",
				e.op, types[0], types[1]))
		}
		return exprBool
	case "<", "<=", ">", ">=":
		expect(exprNumber, "'"+e.op+"'")
		return exprBool
	case "concat":
		expect(exprScalars, "concatenation")
		return exprString
	}
	expect(exprNumber, "'"+e.op+"'")
	return exprNumber
}

// describe names a node in messages.
func (e *exprNode) describe() string {
	if e.op == "" {
		return describeTok(e.tok)
	}
	if e.op == "concat" {
		return "a concatenation"
	}
	return "the result of '" + e.op + "'"
}

// conditionProblems returns the problems that only If conditions have
// (§6.4): no dynamic operand, or an operator with literals on both sides.
func (pe parsedExpr) conditionProblems() []string {
	var out []string
	if len(pe.refs) == 0 {
		out = append(out, "the condition must reference at least one dynamic value (${data…}, ${form…} or ${screen…})")
	}
	var walk func(e *exprNode)
	walk = func(e *exprNode) {
		if len(e.args) == 2 && e.args[0].literal() && e.args[1].literal() {
			out = append(out, fmt.Sprintf("operator '%s' has literals on both sides", e.op))
		}
		for _, a := range e.args {
			walk(a)
		}
	}
	if pe.root != nil {
		walk(pe.root)
	}
	return out
}
