package script

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// maxStackFrames bounds ScriptError.Stack; a stack overflow has a thousand
// identical frames and the first few say it all.
const maxStackFrames = 16

// frame is one script frame of a stack, in the script's own coordinates.
type frame struct {
	fn           string
	line, column int
}

// fail turns an error out of goja into the error Run returns.
func (c *call) fail(err error) error {
	var (
		intr *goja.InterruptedError
		over *goja.StackOverflowError
		ex   *goja.Exception
	)
	switch {
	case errors.As(err, &intr):
		r, _ := intr.Value().(*interruption)
		return c.interruptError(r, c.frames(intr.Stack()))
	case errors.As(err, &over):
		return c.faultAt(FaultStackOverflow,
			fmt.Sprintf("calls nested deeper than %d", c.h.opts.MaxCallStack), nil, c.frames(over.Stack()))
	case errors.As(err, &ex):
		frames := c.frames(ex.Stack())
		if len(frames) == 0 {
			frames = c.errorFrames(ex.Value())
		}
		return c.faultAt(FaultException, ex.Value().String(), ex.Unwrap(), frames)
	}
	return fmt.Errorf("script: run %s: %w", c.rt.prog.name, err)
}

func (c *call) interruptError(r *interruption, frames []frame) error {
	if r == nil {
		r = c.reason
	}
	if r == nil {
		return c.faultAt(FaultTimeout, "the script was interrupted", nil, frames)
	}
	if r.fault == 0 {
		return fmt.Errorf("script: run %s: %s: %w", c.rt.prog.name, r.msg, r.cause)
	}
	return c.faultAt(r.fault, r.msg, r.cause, frames)
}

// rejection reports a promise rejected with reason.
func (c *call) rejection(reason goja.Value) error {
	msg := "the handler's promise was rejected"
	if reason != nil && !goja.IsUndefined(reason) {
		msg = reason.String()
	}
	var cause error
	// A GoError (what the host's functions reject with) carries its Go
	// error as "value".
	if o, ok := reason.(*goja.Object); ok && o.ClassName() == "Error" {
		if v := o.Get("value"); v != nil {
			cause, _ = v.Export().(error)
		}
	}
	return c.faultAt(FaultException, msg, cause, c.errorFrames(reason))
}

func (c *call) fault(f Fault, msg string, cause error) error {
	return c.faultAt(f, msg, cause, nil)
}

func (c *call) faultAt(f Fault, msg string, cause error, frames []frame) error {
	e := &ScriptError{Fault: f, Program: c.rt.prog.name, Message: msg, cause: cause}
	if len(frames) > 0 {
		e.Line, e.Column = frames[0].line, frames[0].column
		var b strings.Builder
		for i, fr := range frames {
			if i == maxStackFrames {
				fmt.Fprintf(&b, "\n… %d more frames", len(frames)-i)
				break
			}
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "at %s (%s:%d:%d)", fr.fn, e.Program, fr.line, fr.column)
		}
		e.Stack = b.String()
	}
	return e
}

// frames keeps the frames of the script itself, innermost first.
func (c *call) frames(stack []goja.StackFrame) []frame {
	var out []frame
	for _, f := range stack {
		if f.SrcName() != c.rt.prog.name {
			continue
		}
		pos := f.Position()
		if fr, ok := c.scriptFrame(f.FuncName(), pos.Line, pos.Column); ok {
			out = append(out, fr)
		}
	}
	return out
}

// stackLine matches one frame of an Error's stack property as goja writes
// it: "at fn (file:line:col(pc))" or "at file:line:col(pc)".
var stackLine = regexp.MustCompile(`^at (?:(.*) \()?(.*):(\d+):(\d+)\(\d+\)\)?$`)

// errorFrames reads the frames from an Error object's stack, the only
// record of where a rejected promise's error was made.
func (c *call) errorFrames(v goja.Value) []frame {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil
	}
	stack, ok := o.Get("stack").Export().(string)
	if !ok {
		return nil
	}
	var out []frame
	for _, l := range strings.Split(stack, "\n") {
		m := stackLine.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil || m[2] != c.rt.prog.name {
			continue
		}
		line, _ := strconv.Atoi(m[3])
		col, _ := strconv.Atoi(m[4])
		fn := m[1]
		if fn == "" {
			fn = "<anonymous>"
		}
		if fr, ok := c.scriptFrame(fn, line, col); ok {
			out = append(out, fr)
		}
	}
	return out
}

// scriptFrame maps a wrapped position to the script's, dropping frames of
// the wrapper itself.
func (c *call) scriptFrame(fn string, line, col int) (frame, bool) {
	line--
	if line < 1 || line > c.rt.prog.lines {
		return frame{}, false
	}
	return frame{fn: fn, line: line, column: col}, true
}
