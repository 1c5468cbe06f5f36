package flowjson_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/flowjson"
)

func TestActionConstructors(t *testing.T) {
	tests := []struct {
		name   string
		action *flowjson.Action
		want   string
	}{
		{"navigate", flowjson.Navigate("NEXT", map[string]any{"name": "${form.name}"}),
			`{"name":"navigate","next":{"type":"screen","name":"NEXT"},"payload":{"name":"${form.name}"}}`},
		{"navigate without payload", flowjson.Navigate("NEXT", nil),
			`{"name":"navigate","next":{"type":"screen","name":"NEXT"},"payload":{}}`},
		{"complete", flowjson.Complete(map[string]any{"ok": true, "n": 2}),
			`{"name":"complete","payload":{"n":2,"ok":true}}`},
		{"data_exchange", flowjson.DataExchange(nil), `{"name":"data_exchange","payload":{}}`},
		{"update_data", flowjson.UpdateData(map[string]any{"show": flowjson.Expr("${form.opt_in}")}),
			`{"name":"update_data","payload":{"show":"${form.opt_in}"}}`},
		{"open_url", flowjson.OpenURL("https://example.com/terms?a=1&b=2"),
			`{"name":"open_url","url":"https://example.com/terms?a=1&b=2"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, encodeReadable(t, tt.action))

			var back flowjson.Action
			require.NoError(t, json.Unmarshal([]byte(tt.want), &back))
			require.Equal(t, tt.want, encodeReadable(t, back))
		})
	}
}

func TestActionDecode(t *testing.T) {
	var a flowjson.Action
	require.NoError(t, json.Unmarshal([]byte(`{"payload":{"big":12345678901234567890,"f":1.10},"name":"complete","retry":true}`), &a))
	require.Equal(t, flowjson.ActionComplete, a.Name)
	require.Equal(t, map[string]any{"big": json.Number("12345678901234567890"), "f": json.Number("1.10")}, a.Payload,
		"numbers keep their exact text")
	require.Equal(t, flowjson.Extra{"retry": json.RawMessage(`true`)}, a.Extra)
	require.Equal(t, `{"name":"complete","payload":{"big":12345678901234567890,"f":1.10},"retry":true}`, encodeReadable(t, a))

	var next flowjson.NextScreen
	require.ErrorContains(t, json.Unmarshal([]byte(`{"name":3}`), &next), "/name: expected string, found number")
}
