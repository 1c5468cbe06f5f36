package providertest

import (
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
)

// TestProvider runs the conformance suite against h.Provider. Each scenario
// is a subtest, so one broken scenario does not hide the others, and within
// a scenario every check that later steps do not depend on is reported
// without stopping it. A scenario that needs an operation the provider does
// not offer, or a hook the harness lacks, is skipped and says which.
func TestProvider(t *testing.T, h Harness) {
	t.Helper()
	if h.Provider == nil {
		t.Fatal("providertest: Harness.Provider is nil")
	}
	s := &suite{h: h, p: h.Provider, app: h.App, bsp: h.Provider.BSP(), caps: h.Provider.Capabilities()}
	for _, sc := range []scenario{
		{name: "identity", run: s.identity},
		{name: "lifecycle", run: s.lifecycle,
			needs: []providers.Operation{providers.OpCreateFlow, providers.OpUpdateFlowJSON, providers.OpPublishFlow, providers.OpGetFlow}},
		{name: "health", run: s.health, hook: h.Throttle != nil, hookName: "Throttle",
			needs: []providers.Operation{providers.OpCreateFlow, providers.OpUpdateFlowJSON, providers.OpPublishFlow, providers.OpGetFlow, providers.OpDeprecateFlow}},
		{name: "delete_draft", run: s.deleteDraft,
			needs: []providers.Operation{providers.OpCreateFlow, providers.OpUpdateFlowJSON, providers.OpDeleteFlow, providers.OpGetFlow}},
		{name: "validation_errors", run: s.validationErrors,
			needs: []providers.Operation{providers.OpCreateFlow, providers.OpUpdateFlowJSON, providers.OpPublishFlow, providers.OpGetFlow}},
		{name: "publish_without_json", run: s.publishWithoutJSON,
			needs: []providers.Operation{providers.OpCreateFlow, providers.OpPublishFlow, providers.OpGetFlow}},
		{name: "not_found", run: s.notFound},
		{name: "unsupported", run: s.unsupported},
		{name: "public_key", run: s.publicKey,
			needs: []providers.Operation{providers.OpSetPublicKey}},
		{name: "send", run: s.send},
		{name: "send_refused", run: s.sendRefused},
		{name: "templates", run: s.templates,
			needs: []providers.Operation{providers.OpCreateTemplate, providers.OpGetTemplate, providers.OpListTemplates, providers.OpDeleteTemplate}},
		{name: "webhooks", run: s.webhooks, hook: h.EmitWebhook != nil, hookName: "EmitWebhook"},
	} {
		t.Run(sc.name, func(t *testing.T) {
			for _, op := range sc.needs {
				if !s.caps.Supports(op) {
					t.Skipf("%s does not support %s", s.bsp, op)
				}
			}
			if sc.hookName != "" && !sc.hook {
				t.Skipf("the harness has no %s hook", sc.hookName)
			}
			sc.run(t)
		})
	}
}

type scenario struct {
	name     string
	run      func(t *testing.T)
	needs    []providers.Operation
	hook     bool   // whether the hook named hookName is present
	hookName string // empty when the scenario needs no hook
}

type suite struct {
	h    Harness
	p    providers.Provider
	app  providers.App
	bsp  providers.BSP
	caps providers.Capabilities
}

// identity checks what a provider says about itself.
func (s *suite) identity(t *testing.T) {
	assert.True(t, s.bsp.Valid(), "BSP() returned unknown BSP %q", s.bsp)
	known := providers.Operations()
	for op := range s.caps {
		assert.True(t, slices.Contains(known, op), "Capabilities lists unknown operation %q", op)
	}
}

// create makes a DRAFT flow for a scenario; every later step needs it.
func (s *suite) create(t *testing.T, name string) string {
	t.Helper()
	created, err := s.p.CreateFlow(t.Context(), s.app, providers.CreateFlowRequest{Name: name, Categories: []string{"OTHER"}})
	require.NoError(t, err, "CreateFlow")
	require.NotEmpty(t, created.ID, "CreateFlow returned no id")
	assert.Equal(t, name, created.Name, "CreateFlow name")
	assert.Equal(t, providers.FlowDraft, created.Status, "a new flow is a DRAFT")
	return created.ID
}

// upload sends a document that must be accepted without validation errors.
func (s *suite) upload(t *testing.T, remoteID string, flowJSON []byte) {
	t.Helper()
	verrs, err := s.p.UpdateFlowJSON(t.Context(), s.app, remoteID, flowJSON)
	require.NoError(t, err, "UpdateFlowJSON")
	assert.Empty(t, verrs, "a valid document has no validation errors")
}

// get fetches a flow that must exist.
func (s *suite) get(t *testing.T, remoteID string) providers.RemoteFlow {
	t.Helper()
	got, err := s.p.GetFlow(t.Context(), s.app, remoteID)
	require.NoError(t, err, "GetFlow")
	assert.Equal(t, remoteID, got.ID, "GetFlow id")
	return got
}

func (s *suite) expectStatus(t *testing.T, remoteID string, want providers.FlowStatus, why string) {
	t.Helper()
	assert.Equal(t, want, s.get(t, remoteID).Status, why)
}

// expectPublishedJSON checks what users get, when the harness can tell.
func (s *suite) expectPublishedJSON(t *testing.T, remoteID string, want []byte, why string) {
	t.Helper()
	if s.h.PublishedJSON == nil {
		return
	}
	got, ok := s.h.PublishedJSON(remoteID)
	if assert.True(t, ok, "%s: the flow has no published document", why) {
		assert.JSONEq(t, string(want), string(got), why)
	}
}

// expectError checks that err is a *providers.Error from op of one of the
// kinds, and reports every mismatch rather than stopping.
func (s *suite) expectError(t *testing.T, err error, op providers.Operation, kinds ...providers.ErrorKind) *providers.Error {
	t.Helper()
	var pe *providers.Error
	if !assert.Error(t, err, "%s should fail", op) || !assert.True(t, errors.As(err, &pe), "%s: %v is not a *providers.Error", op, err) {
		return nil
	}
	assert.Contains(t, kinds, pe.Kind, "%s: error kind (%v)", op, err)
	assert.Equal(t, s.bsp, pe.BSP, "%s: error names the BSP", op)
	assert.Equal(t, op, pe.Operation, "%s: error names the operation", op)
	assert.False(t, providers.Retryable(err), "%s: a refusal must not be retryable", op)
	return pe
}
