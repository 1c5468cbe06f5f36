package providertest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/waflow/waflow/providers"
)

// notFound calls every supported operation that names a flow with an id
// that does not exist.
func (s *suite) notFound(t *testing.T) {
	for _, op := range providers.Operations() {
		if op == providers.OpCreateFlow || op == providers.OpSetPublicKey || !s.caps.Supports(op) {
			continue
		}
		t.Run(string(op), func(t *testing.T) {
			s.expectError(t, s.invoke(t.Context(), op, s.h.unknownID()), op, providers.ErrorNotFound)
		})
	}
}

// unsupported calls every operation the provider does not offer.
func (s *suite) unsupported(t *testing.T) {
	for _, op := range providers.Operations() {
		if s.caps.Supports(op) {
			continue
		}
		t.Run(string(op), func(t *testing.T) {
			err := s.invoke(t.Context(), op, s.h.unknownID())
			var ue *providers.UnsupportedError
			if !assert.True(t, errors.As(err, &ue), "%s is not offered, so it must return *providers.UnsupportedError, got %v", op, err) {
				return
			}
			assert.Equal(t, s.bsp, ue.BSP, "the error names the BSP")
			assert.Equal(t, op, ue.Operation, "the error names the operation")
			assert.ErrorIs(t, err, providers.ErrUnsupported)
			assert.False(t, providers.Retryable(err), "an unsupported operation is never retried")
		})
	}
}

// invoke makes the call behind op on remoteID with well-formed arguments.
func (s *suite) invoke(ctx context.Context, op providers.Operation, remoteID string) error {
	var err error
	switch op {
	case providers.OpCreateFlow:
		_, err = s.p.CreateFlow(ctx, s.app, providers.CreateFlowRequest{Name: "providertest-" + string(op), Categories: []string{"OTHER"}})
	case providers.OpUpdateFlowJSON:
		_, err = s.p.UpdateFlowJSON(ctx, s.app, remoteID, validFlow)
	case providers.OpSetEndpoint:
		err = s.p.SetEndpoint(ctx, s.app, remoteID, endpointURI)
	case providers.OpPublishFlow:
		err = s.p.PublishFlow(ctx, s.app, remoteID)
	case providers.OpDeprecateFlow:
		err = s.p.DeprecateFlow(ctx, s.app, remoteID)
	case providers.OpDeleteFlow:
		err = s.p.DeleteFlow(ctx, s.app, remoteID)
	case providers.OpGetFlow:
		_, err = s.p.GetFlow(ctx, s.app, remoteID)
	case providers.OpPreviewFlow:
		_, err = s.p.PreviewFlow(ctx, s.app, remoteID)
	case providers.OpSetPublicKey:
		err = s.p.SetPublicKey(ctx, s.app, []byte(publicKeyPEM))
	default:
		// Reached only when providers gains an operation this suite does not
		// know yet; failing makes that visible.
		err = fmt.Errorf("providertest: no call known for %s", op)
	}
	return err
}
