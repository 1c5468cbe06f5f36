package script

import (
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// maxLogBytes caps one console line; a script logging in a loop must not
// flood the server log with megabytes per call.
const maxLogBytes = 8 << 10

func (rt *runtime) installConsole() error {
	level := func(l slog.Level) func(goja.FunctionCall) goja.Value {
		return func(fc goja.FunctionCall) goja.Value {
			rt.log(l, fc.Arguments)
			return goja.Undefined()
		}
	}
	console, err := rt.methods(map[string]func(goja.FunctionCall) goja.Value{
		"log":   level(slog.LevelInfo),
		"info":  level(slog.LevelInfo),
		"debug": level(slog.LevelDebug),
		"warn":  level(slog.LevelWarn),
		"error": level(slog.LevelError),
	})
	if err != nil {
		return err
	}
	return rt.global("console", console)
}

func (rt *runtime) log(level slog.Level, args []goja.Value) {
	c := rt.call
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(rt.logText(a))
		if b.Len() > maxLogBytes {
			break
		}
	}
	msg := b.String()
	if len(msg) > maxLogBytes {
		cut := maxLogBytes
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	rt.host.opts.Logger.Log(c.ctx, level, msg,
		slog.String("flow_id", c.req.FlowID),
		slog.String("flow_token", c.token),
		slog.String("script", rt.prog.name),
	)
}

// logText renders one console argument as browsers do in spirit: strings as
// they are, objects as JSON, everything else by its string conversion.
func (rt *runtime) logText(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) {
		return "undefined"
	}
	if o, ok := v.(*goja.Object); ok && o.ClassName() != "Function" && o.ClassName() != "Error" {
		if s, err := rt.stringify(goja.Undefined(), v); err == nil && !goja.IsUndefined(s) {
			return s.String()
		}
	}
	return v.String()
}
