package script

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
)

// Form is the calling convention a script follows, detected by [Compile].
type Form int

const (
	// FormKapso is `async function handler(request, env)` returning a
	// Response, as Kapso's data-endpoint functions are written.
	FormKapso Form = iota + 1
	// FormPlain is `function handle(req, ctx)` returning the answer object.
	FormPlain
)

// String names the form by the function a script of that form defines.
func (f Form) String() string {
	switch f {
	case FormKapso:
		return "kapso"
	case FormPlain:
		return "plain"
	}
	return fmt.Sprintf("Form(%d)", int(f))
}

// entryName is the top-level function each form must define.
func (f Form) entryName() string {
	if f == FormKapso {
		return "handler"
	}
	return "handle"
}

// The script is compiled inside a factory function so that every call gets
// fresh top-level bindings (see "Isolation" in the package documentation).
// The prefix sits on a line of its own, so script positions are the wrapped
// positions moved up by one line.
const (
	wrapPrefix = "(function () {\n"
	wrapSuffix = "\nreturn typeof handler === \"function\" ? handler : typeof handle === \"function\" ? handle : undefined;\n})"
)

// Program is a compiled handler script. It is immutable and safe for
// concurrent use; a [Host] runs it on any number of goroutines.
type Program struct {
	name     string
	revision string
	form     Form
	lines    int
	prg      *goja.Program
}

// Name is the name given to [Compile]; it appears in stack traces.
func (p *Program) Name() string { return p.name }

// Form is the calling convention detected in the source.
func (p *Program) Form() Form { return p.form }

// Revision identifies the source text: the first 16 hex digits of its
// SHA-256. Two programs with the same name and revision behave the same, so
// a caller caches compiled programs by it.
func (p *Program) Revision() string { return p.revision }

// CompileError reports a script that cannot be compiled, at the line and
// column of the source given to [Compile] (both 1-based; 0 when unknown).
type CompileError struct {
	Name    string
	Line    int
	Column  int
	Message string
}

func (e *CompileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Name, e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Name, e.Message)
}

// Compile parses and compiles a handler script once; the result is run by
// [Host.Run] as often as needed. The script runs in strict mode. It must
// define, at its top level, either `handler` (the Kapso form) or `handle`
// (the plain form), as a function declaration or a const, let or var bound
// to a function expression; otherwise, or when it defines both, Compile
// returns a *CompileError saying so. Syntax errors are *CompileError too.
func Compile(name, source string) (*Program, error) {
	if name == "" {
		name = "script.js"
	}
	lines := strings.Count(source, "\n") + 1
	tree, err := parser.ParseFile(nil, name, wrapPrefix+source+wrapSuffix, 0, parser.WithDisableSourceMaps)
	if err != nil {
		return nil, parseError(name, source, lines, err)
	}
	form, err := detectForm(name, tree)
	if err != nil {
		return nil, err
	}
	prg, err := compileAST(tree)
	if err != nil {
		return nil, compilerError(name, source, lines, err)
	}
	sum := sha256.Sum256([]byte(source))
	return &Program{
		name:     name,
		revision: hex.EncodeToString(sum[:8]),
		form:     form,
		lines:    lines,
		prg:      prg,
	}, nil
}

// compileAST turns goja's compiler panics on pathological input into errors,
// so that no source text can bring the caller down.
func compileAST(tree *ast.Program) (prg *goja.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("compiler failure: %v", r)
		}
	}()
	return goja.CompileAST(tree, true)
}

func detectForm(name string, tree *ast.Program) (Form, error) {
	body := wrappedBody(tree)
	if body == nil {
		return 0, &CompileError{Name: name, Message: "the script closes the scope it is compiled in (unbalanced braces or parentheses)"}
	}
	var kapso, plain bool
	for _, st := range body {
		for _, n := range declaredFunctions(st) {
			switch n {
			case "handler":
				kapso = true
			case "handle":
				plain = true
			}
		}
	}
	switch {
	case kapso && plain:
		return 0, &CompileError{Name: name, Message: "the script defines both `handler` (Kapso form) and `handle` (plain form); keep one"}
	case kapso:
		return FormKapso, nil
	case plain:
		return FormPlain, nil
	}
	return 0, &CompileError{Name: name, Message: "the script defines neither `async function handler(request, env)` (Kapso form) nor `function handle(req, ctx)` (plain form) at its top level"}
}

// wrappedBody returns the statements of the script inside the factory
// function, or nil when the source broke out of it.
func wrappedBody(tree *ast.Program) []ast.Statement {
	if len(tree.Body) != 1 {
		return nil
	}
	st, ok := tree.Body[0].(*ast.ExpressionStatement)
	if !ok {
		return nil
	}
	fn, ok := st.Expression.(*ast.FunctionLiteral)
	if !ok || fn.Body == nil {
		return nil
	}
	return fn.Body.List
}

func declaredFunctions(st ast.Statement) []string {
	var bindings []*ast.Binding
	switch s := st.(type) {
	case *ast.FunctionDeclaration:
		if s.Function != nil && s.Function.Name != nil {
			return []string{s.Function.Name.Name.String()}
		}
		return nil
	case *ast.VariableStatement:
		bindings = s.List
	case *ast.LexicalDeclaration:
		bindings = s.List
	}
	var names []string
	for _, b := range bindings {
		id, ok := b.Target.(*ast.Identifier)
		if !ok {
			continue
		}
		switch b.Initializer.(type) {
		case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral:
			names = append(names, id.Name.String())
		}
	}
	return names
}

func parseError(name, source string, lines int, err error) error {
	var list parser.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		line, col, past := sourcePosition(source, lines, list[0].Position.Line, list[0].Position.Column)
		msg := list[0].Message
		if past {
			msg = "the script ends too early (an unclosed brace, bracket, parenthesis or string?)"
		}
		return &CompileError{Name: name, Line: line, Column: col, Message: msg}
	}
	return &CompileError{Name: name, Message: err.Error()}
}

func compilerError(name, source string, lines int, err error) error {
	var (
		syntax *goja.CompilerSyntaxError
		ref    *goja.CompilerReferenceError
		ce     *goja.CompilerError
	)
	switch {
	case errors.As(err, &syntax):
		ce = &syntax.CompilerError
	case errors.As(err, &ref):
		ce = &ref.CompilerError
	default:
		return &CompileError{Name: name, Message: err.Error()}
	}
	out := &CompileError{Name: name, Message: ce.Message}
	if ce.File != nil {
		pos := ce.File.Position(ce.Offset)
		out.Line, out.Column, _ = sourcePosition(source, lines, pos.Line, pos.Column)
	}
	return out
}

// sourcePosition maps a position in the wrapped text to the script's own
// text. A position past the script's end, in the wrapper's closing text,
// is pinned to the end of the script and reported as such.
func sourcePosition(source string, lines, line, col int) (l, c int, pastEnd bool) {
	line--
	last := source[strings.LastIndexByte(source, '\n')+1:]
	switch {
	case line < 1:
		return 1, 1, false
	case line > lines, line == lines && col > len(last):
		return lines, len(last) + 1, true
	}
	return line, col, false
}
