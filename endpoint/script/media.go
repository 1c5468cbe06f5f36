package script

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/dop251/goja"
)

func (rt *runtime) installDecryptMedia() error {
	fn, ok := rt.vm.ToValue(rt.decryptMedia).(*goja.Object)
	if !ok {
		return errNotObject("decryptMedia")
	}
	return rt.global("decryptMedia", fn)
}

// decryptMedia(item) resolves to the plaintext of a picker item, base64
// encoded; it rejects when Options.Media fails.
func (rt *runtime) decryptMedia(fc goja.FunctionCall) goja.Value {
	meta, ok := fc.Argument(0).Export().(map[string]any)
	if !ok {
		return rt.rejectWith(rt.vm.NewTypeError("decryptMedia: the argument must be an item of a PhotoPicker or DocumentPicker value"))
	}
	media := rt.host.opts.Media
	return rt.call.spawn(func(ctx context.Context) settle {
		b, err := media(ctx, meta)
		if err != nil {
			return func() (goja.Value, goja.Value) {
				return nil, rt.vm.NewGoError(fmt.Errorf("decryptMedia: %w", err))
			}
		}
		s := base64.StdEncoding.EncodeToString(b)
		return func() (goja.Value, goja.Value) { return rt.vm.ToValue(s), nil }
	})
}
