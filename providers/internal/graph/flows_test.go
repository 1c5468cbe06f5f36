package graph

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestJSONPointer(t *testing.T) {
	tests := []struct{ path, want string }{
		{"screens[0].layout.children[0].type", "/screens/0/layout/children/0/type"},
		{"screens [0]. layout.children\n[2]", "/screens/0/layout/children/2"},
		{"$root/screens/0/layout/children/2/children/0", "/screens/0/layout/children/2/children/0"},
		{"$root", ""},
		{"routing_model.A~B", "/routing_model/A~0B"},
		{"", ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, JSONPointer(tt.path), "path %q", tt.path)
	}
}
