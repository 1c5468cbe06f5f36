package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
)

func TestErrorFor(t *testing.T) {
	transition := &lifecycle.TransitionError{
		From:    lifecycle.State{Status: lifecycle.StatusDeprecated, Published: true},
		Action:  lifecycle.ActionPublish,
		Allowed: []lifecycle.Action{lifecycle.ActionPutScript},
	}
	tests := []struct {
		name    string
		err     error
		status  int
		code    string
		details []any
	}{
		{"apps validation", fmt.Errorf("wrapped: %w", &apps.ValidationError{Fields: []apps.FieldError{{Field: "name", Message: "required"}}}),
			400, CodeValidation, []any{FieldDetail{Field: "name", Message: "required"}}},
		{"lifecycle validation", &lifecycle.ValidationError{Fields: []lifecycle.FieldError{{Field: "categories", Message: "unknown"}}},
			400, CodeValidation, []any{FieldDetail{Field: "categories", Message: "unknown"}}},
		{"flow json", &lifecycle.FlowJSONError{Diagnostics: flowjson.Diagnostics{{Code: "X", Pointer: "/screens", Line: 3, Column: 4, Message: "m"}}},
			400, CodeInvalidFlowJSON, []any{flowjson.Diagnostic{Code: "X", Pointer: "/screens", Line: 3, Column: 4, Message: "m"}}},
		{"script", &lifecycle.ScriptError{Line: 2, Column: 7, Message: "Unexpected token"},
			400, CodeInvalidScript, []any{PositionDetail{Line: 2, Column: 7, Message: "Unexpected token"}}},
		{"transition", fmt.Errorf("publish: %w", transition), 409, CodeTransition,
			[]any{TransitionDetail{From: "DEPRECATED", Action: "publish", Allowed: []string{"put_script"}}}},
		{"no revision", fmt.Errorf("x: %w", lifecycle.ErrNoRevision), 409, CodeNoRevision, nil},
		{"unsupported", &providers.UnsupportedError{BSP: providers.BSPGupshup, Operation: providers.OpPreviewFlow},
			422, CodeUnsupportedByBSP, []any{BSPDetail{BSP: "GUPSHUP", Operation: "flows.preview"}}},
		{"bsp refusal", &providers.Error{BSP: providers.BSPMeta, Operation: providers.OpPublishFlow, Kind: providers.ErrorInvalid,
			Code: "139001", Message: "Flow JSON has errors", Err: errors.New("POST https://10.0.0.1/x")},
			422, CodeBSPRejected, []any{BSPDetail{BSP: "META", Operation: "flows.publish", Kind: "invalid", Code: "139001", Message: "Flow JSON has errors"}}},
		{"bsp outage", &providers.Error{BSP: providers.BSPMeta, Operation: providers.OpPublishFlow, Kind: providers.ErrorThrottled, RetryAfter: 30 * time.Second},
			502, CodeBSPFailed, []any{BSPDetail{BSP: "META", Operation: "flows.publish", Kind: "throttled"}}},
		{"app not found", fmt.Errorf("get: %w", apps.ErrNotFound), 404, CodeNotFound, nil},
		{"flow not found", lifecycle.ErrNotFound, 404, CodeNotFound, nil},
		{"no key", apps.ErrNoKey, 404, CodeNoEncryptionKey, nil},
		{"app conflict", apps.ErrConflict, 409, CodeConflict, nil},
		{"flow conflict", lifecycle.ErrConflict, 409, CodeConflict, nil},
		{"unauthorized", apikeys.ErrUnauthorized, 401, CodeUnauthorized, nil},
		{"deadline", context.DeadlineExceeded, 503, CodeTimeout, nil},
		{"fiber 404", fiber.ErrNotFound, 404, CodeNotFound, nil},
		{"fiber 413", fiber.ErrRequestEntityTooLarge, 413, CodeBodyTooLarge, nil},
		{"fiber 400 with raw text", fiber.NewError(400, "error when reading request headers: \x00garbage"), 400, CodeBadRequest, nil},
		{"anything else", errors.New("pq: relation apps does not exist"), 500, CodeInternal, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := errorFor(tt.err)
			require.Equal(t, tt.status, e.Status)
			require.Equal(t, tt.code, e.Code)
			require.NotEmpty(t, e.Message)
			require.NotContains(t, e.Message, "10.0.0.1")
			require.NotContains(t, e.Message, "garbage")
			require.NotContains(t, e.Message, "relation")
			require.Equal(t, tt.details, e.Details)
		})
	}
	require.Equal(t, "30", errorFor(&providers.Error{Kind: providers.ErrorThrottled, RetryAfter: 30 * time.Second}).Header["Retry-After"])
}

func TestPanicsAnswer500AndServingGoesOn(t *testing.T) {
	h := newHarness(t, func(c *harnessConfig) {
		c.register = func(s *Server) {
			s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/boom", Summary: "panics"}, func(*fiber.Ctx) error {
				panic("secret internal state 0xdeadbeef")
			})
			s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/fails", Summary: "fails"}, func(*fiber.Ctx) error {
				return errors.New("open /var/lib/waflow/db: permission denied")
			})
		}
	})
	for _, path := range []string{"/wa/v2/boom", "/wa/v2/fails"} {
		r := h.do(http.MethodGet, path, nil)
		requireError(t, r, http.StatusInternalServerError, CodeInternal)
		require.NotContains(t, string(r.Raw), "deadbeef")
		require.NotContains(t, string(r.Raw), "/var/lib")
		id := r.Header.Get(HeaderRequestID)
		require.Contains(t, h.logs.String(), id, "the log ties the failure to the request id")
	}
	logs := h.logs.String()
	require.Contains(t, logs, "deadbeef")
	require.Contains(t, logs, "permission denied")
	require.Contains(t, logs, "goroutine", "the stack of the panic is logged")
	require.Equal(t, http.StatusOK, h.do(http.MethodGet, "/wa/v2/apps/", nil).Status)
}
