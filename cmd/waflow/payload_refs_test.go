package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestResolvePayload(t *testing.T) {
	scope := refScope{
		Screen: "DETAILS",
		Form:   map[string]any{"name": "Ada", "count": 2.0},
		Data:   map[string]any{"size": "large", "toppings": []any{"olives"}, "address": map[string]any{"city": "London"}},
		Visited: map[string]screenValues{
			"CHOOSE": {Form: map[string]any{"extras": []any{"garlic"}, "size": "large"}, Data: map[string]any{"greeting": "hi"}},
		},
	}
	got, err := scope.resolvePayload(map[string]any{
		"name":      "${form.name}",
		"count":     "${form.count}",
		"toppings":  "${data.toppings}",
		"city":      "${data.address.city}",
		"extras":    "${screen.CHOOSE.form.extras}",
		"greeting":  "${screen.CHOOSE.data.greeting}",
		"text":      "${form.name} wants ${form.count} ${data.size} pizzas with ${data.toppings}",
		"empty":     "${form.phone}",
		"emptyText": "call ${form.phone}",
		"later":     "${screen.CONFIRM.form.ok}",
		"nested":    map[string]any{"list": []any{"${form.name}", 3.0, true}},
		"literal":   7.0,
	})
	require.NoError(t, err)
	require.Equal(t, map[string]any{
		"name":      "Ada",
		"count":     2.0,
		"toppings":  []any{"olives"},
		"city":      "London",
		"extras":    []any{"garlic"},
		"greeting":  "hi",
		"text":      `Ada wants 2 large pizzas with ["olives"]`,
		"emptyText": "call ",
		"nested":    map[string]any{"list": []any{"Ada", 3.0, true}},
		"literal":   7.0,
	}, got)
}

func TestResolvePayloadErrors(t *testing.T) {
	scope := refScope{Screen: "S", Form: map[string]any{}, Data: map[string]any{"a": 1.0}, Visited: map[string]screenValues{}}
	for _, tc := range []struct{ value, want string }{
		{"${data.missing}", `payload /k: ${data.missing}: screen S has no data "missing"`},
		{"x ${data.missing}", `screen S has no data "missing"`},
		{"${screen.S.form}", "is not screen.ID.form.NAME"},
		{"${flow.x}", "neither a form nor a data reference"},
		{"${form}", "names no field"},
		{"`${data.a} + 1`", "nested expressions"},
	} {
		t.Run(tc.value, func(t *testing.T) {
			_, err := scope.resolvePayload(map[string]any{"k": tc.value})
			require.ErrorContains(t, err, tc.want)
		})
	}
}
