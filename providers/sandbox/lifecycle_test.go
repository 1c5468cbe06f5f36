package sandbox_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
)

// states builds a flow of appA in each state the machine distinguishes.
func states() map[string]func(t *testing.T, sb *sandbox.Sandbox) string {
	ctx := context.Background()
	publish := func(t *testing.T, sb *sandbox.Sandbox, id string) string {
		require.NoError(t, sb.PublishFlow(ctx, appA, id))
		return id
	}
	published := func(t *testing.T, sb *sandbox.Sandbox) string {
		return publish(t, sb, newFlow(t, sb, appA, "f", validJSON))
	}
	throttled := func(t *testing.T, sb *sandbox.Sandbox) string {
		id := published(t, sb)
		require.NoError(t, sb.Throttle(appA.ID, id))
		return id
	}
	return map[string]func(t *testing.T, sb *sandbox.Sandbox) string{
		"draft-empty":   func(t *testing.T, sb *sandbox.Sandbox) string { return newFlow(t, sb, appA, "f", "") },
		"draft-invalid": func(t *testing.T, sb *sandbox.Sandbox) string { return newFlow(t, sb, appA, "f", invalidJSON) },
		"draft":         func(t *testing.T, sb *sandbox.Sandbox) string { return newFlow(t, sb, appA, "f", validJSON) },
		"published":     published,
		"redrafted": func(t *testing.T, sb *sandbox.Sandbox) string {
			id := published(t, sb)
			_, err := sb.UpdateFlowJSON(ctx, appA, id, []byte(editedJSON))
			require.NoError(t, err)
			return id
		},
		"throttled": throttled,
		"blocked": func(t *testing.T, sb *sandbox.Sandbox) string {
			id := throttled(t, sb)
			require.NoError(t, sb.Block(appA.ID, id))
			return id
		},
		"deprecated": func(t *testing.T, sb *sandbox.Sandbox) string {
			id := published(t, sb)
			require.NoError(t, sb.DeprecateFlow(ctx, appA, id))
			return id
		},
	}
}

// actions are every call and hook that can move a flow.
func actions() map[string]func(sb *sandbox.Sandbox, id string) error {
	ctx := context.Background()
	return map[string]func(sb *sandbox.Sandbox, id string) error{
		"upload": func(sb *sandbox.Sandbox, id string) error {
			_, err := sb.UpdateFlowJSON(ctx, appA, id, []byte(validJSON))
			return err
		},
		"endpoint": func(sb *sandbox.Sandbox, id string) error {
			return sb.SetEndpoint(ctx, appA, id, "https://example.com/new")
		},
		"publish":   func(sb *sandbox.Sandbox, id string) error { return sb.PublishFlow(ctx, appA, id) },
		"deprecate": func(sb *sandbox.Sandbox, id string) error { return sb.DeprecateFlow(ctx, appA, id) },
		"delete":    func(sb *sandbox.Sandbox, id string) error { return sb.DeleteFlow(ctx, appA, id) },
		"throttle":  func(sb *sandbox.Sandbox, id string) error { return sb.Throttle(appA.ID, id) },
		"block":     func(sb *sandbox.Sandbox, id string) error { return sb.Block(appA.ID, id) },
		"recover":   func(sb *sandbox.Sandbox, id string) error { return sb.Recover(appA.ID, id) },
	}
}

// gone is the status of a deleted flow in the table below.
const gone providers.FlowStatus = ""

// healthRefused marks a refused monitoring hook, which has no Meta code.
const healthRefused = "health"

func TestStateMachine(t *testing.T) {
	const (
		draft      = providers.FlowDraft
		published  = providers.FlowPublished
		throttled  = providers.FlowThrottled
		blocked    = providers.FlowBlocked
		deprecated = providers.FlowDeprecated
	)
	// code is empty when the action succeeds and leaves the flow in status;
	// otherwise the action is refused with that Meta code and the flow keeps
	// status.
	type outcome struct {
		status providers.FlowStatus
		code   string
	}
	table := map[string]map[string]outcome{
		"draft-empty": {
			"upload": {draft, ""}, "endpoint": {draft, ""}, "publish": {draft, "139002"},
			"deprecate": {draft, "139003"}, "delete": {gone, ""},
			"throttle": {draft, healthRefused}, "block": {draft, healthRefused}, "recover": {draft, healthRefused},
		},
		"draft-invalid": {
			"upload": {draft, ""}, "endpoint": {draft, ""}, "publish": {draft, "139002"},
			"deprecate": {draft, "139003"}, "delete": {gone, ""},
			"throttle": {draft, healthRefused}, "block": {draft, healthRefused}, "recover": {draft, healthRefused},
		},
		"draft": {
			"upload": {draft, ""}, "endpoint": {draft, ""}, "publish": {published, ""},
			"deprecate": {draft, "139003"}, "delete": {gone, ""},
			"throttle": {draft, healthRefused}, "block": {draft, healthRefused}, "recover": {draft, healthRefused},
		},
		"published": {
			"upload": {draft, ""}, "endpoint": {draft, ""}, "publish": {published, "139002"},
			"deprecate": {deprecated, ""}, "delete": {published, "139004"},
			"throttle": {throttled, ""}, "block": {published, healthRefused}, "recover": {published, healthRefused},
		},
		"redrafted": {
			"upload": {draft, ""}, "endpoint": {draft, ""}, "publish": {published, ""},
			"deprecate": {draft, "139003"}, "delete": {draft, "139004"},
			"throttle": {draft, healthRefused}, "block": {draft, healthRefused}, "recover": {draft, healthRefused},
		},
		"throttled": {
			"upload": {throttled, "139001"}, "endpoint": {throttled, "139001"}, "publish": {throttled, "139002"},
			"deprecate": {deprecated, ""}, "delete": {throttled, "139004"},
			"throttle": {throttled, healthRefused}, "block": {blocked, ""}, "recover": {published, ""},
		},
		"blocked": {
			"upload": {blocked, "139001"}, "endpoint": {blocked, "139001"}, "publish": {blocked, "139002"},
			"deprecate": {deprecated, ""}, "delete": {blocked, "139004"},
			"throttle": {throttled, ""}, "block": {blocked, healthRefused}, "recover": {throttled, ""},
		},
		"deprecated": {
			"upload": {deprecated, "139001"}, "endpoint": {deprecated, "139001"}, "publish": {deprecated, "139002"},
			"deprecate": {deprecated, "139003"}, "delete": {deprecated, "139004"},
			"throttle": {deprecated, healthRefused}, "block": {deprecated, healthRefused}, "recover": {deprecated, healthRefused},
		},
	}
	build, act := states(), actions()
	require.Len(t, table, len(build), "every state has a row")
	for from, row := range table {
		require.Len(t, row, len(act), "row %s covers every action", from)
		for action, want := range row {
			t.Run(fmt.Sprintf("%s/%s", from, action), func(t *testing.T) {
				sb := sandbox.New(sandbox.Options{Now: fixedClock()})
				id := build[from](t, sb)
				err := act[action](sb, id)
				switch want.code {
				case "":
					require.NoError(t, err)
				case healthRefused:
					requireProviderError(t, err, providers.ErrorConflict, "")
				default:
					requireProviderError(t, err, providers.ErrorConflict, want.code)
				}
				got, err := sb.GetFlow(context.Background(), appA, id)
				if want.status == gone {
					requireProviderError(t, err, providers.ErrorNotFound, "100")
					return
				}
				require.NoError(t, err)
				require.Equal(t, want.status, got.Status)
			})
		}
	}
}

func TestDeprecateTwiceIsRecognisable(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	ctx := context.Background()
	id := newFlow(t, sb, appA, "f", validJSON)
	require.NoError(t, sb.PublishFlow(ctx, appA, id))
	require.NoError(t, sb.DeprecateFlow(ctx, appA, id))

	err := sb.DeprecateFlow(ctx, appA, id)
	requireProviderError(t, err, providers.ErrorConflict, "139003")
	require.ErrorIs(t, err, providers.ErrAlreadyDeprecated)

	draft := newFlow(t, sb, appA, "g", validJSON)
	require.NotErrorIs(t, sb.DeprecateFlow(ctx, appA, draft), providers.ErrAlreadyDeprecated)
}

func TestPublishedJSONOutlivesEdits(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	ctx := context.Background()
	id := newFlow(t, sb, appA, "f", validJSON)
	_, ok := sb.PublishedJSON(appA.ID, id)
	require.False(t, ok, "nothing is published yet")

	require.NoError(t, sb.PublishFlow(ctx, appA, id))
	_, err := sb.UpdateFlowJSON(ctx, appA, id, []byte(invalidJSON))
	require.NoError(t, err)
	got, ok := sb.PublishedJSON(appA.ID, id)
	require.True(t, ok)
	require.JSONEq(t, validJSON, string(got), "users keep the published document")
	requireProviderError(t, sb.PublishFlow(ctx, appA, id), providers.ErrorConflict, "139002")

	_, err = sb.UpdateFlowJSON(ctx, appA, id, []byte(editedJSON))
	require.NoError(t, err)
	require.NoError(t, sb.PublishFlow(ctx, appA, id))
	got, _ = sb.PublishedJSON(appA.ID, id)
	require.JSONEq(t, editedJSON, string(got))
}

func TestSetEndpointOnPublished(t *testing.T) {
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	id, err := sb.CreateFlow(ctx, appA, providers.CreateFlowRequest{Name: "f", Categories: []string{"OTHER"}, EndpointURI: "https://example.com/a"})
	require.NoError(t, err)
	_, err = sb.UpdateFlowJSON(ctx, appA, id.ID, []byte(validJSON))
	require.NoError(t, err)
	require.NoError(t, sb.PublishFlow(ctx, appA, id.ID))

	require.NoError(t, sb.SetEndpoint(ctx, appA, id.ID, "https://example.com/a"))
	got, _ := sb.GetFlow(ctx, appA, id.ID)
	require.Equal(t, providers.FlowPublished, got.Status, "the same URI is not an edit")

	require.NoError(t, sb.SetEndpoint(ctx, appA, id.ID, "https://example.com/b"))
	got, _ = sb.GetFlow(ctx, appA, id.ID)
	require.Equal(t, providers.FlowDraft, got.Status, "a new URI re-drafts")
	require.Equal(t, "https://example.com/b", got.EndpointURI)
}

func TestPublishEndpointFlowNeedsEndpointAndKey(t *testing.T) {
	cases := []struct {
		name     string
		endpoint bool
		key      bool
		ok       bool
	}{
		{name: "neither"},
		{name: "endpoint_only", endpoint: true},
		{name: "key_only", key: true},
		{name: "both", endpoint: true, key: true, ok: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			sb := sandbox.New(sandbox.Options{})
			id := newFlow(t, sb, appA, "f", endpointJSON)
			if tc.endpoint {
				require.NoError(t, sb.SetEndpoint(ctx, appA, id, "http://localhost:8080/wa/v2/flows/1/endpoint"))
			}
			if tc.key {
				require.NoError(t, sb.SetPublicKey(ctx, appA, []byte(rsaKey2048)))
			}
			err := sb.PublishFlow(ctx, appA, id)
			if tc.ok {
				require.NoError(t, err)
				return
			}
			requireProviderError(t, err, providers.ErrorConflict, "139002")
		})
	}
}

func TestCreateFlowRefusals(t *testing.T) {
	cases := []struct {
		name string
		req  providers.CreateFlowRequest
		kind providers.ErrorKind
	}{
		{name: "no_name", req: providers.CreateFlowRequest{Categories: []string{"OTHER"}}, kind: providers.ErrorInvalid},
		{name: "no_category", req: providers.CreateFlowRequest{Name: "x"}, kind: providers.ErrorInvalid},
		{name: "unknown_category", req: providers.CreateFlowRequest{Name: "x", Categories: []string{"GAMES"}}, kind: providers.ErrorInvalid},
		{name: "relative_endpoint", req: providers.CreateFlowRequest{Name: "x", Categories: []string{"OTHER"}, EndpointURI: "/endpoint"}, kind: providers.ErrorInvalid},
		{name: "ftp_endpoint", req: providers.CreateFlowRequest{Name: "x", Categories: []string{"OTHER"}, EndpointURI: "ftp://example.com/e"}, kind: providers.ErrorInvalid},
		{name: "duplicate_name", req: createReq("taken"), kind: providers.ErrorConflict},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb := sandbox.New(sandbox.Options{})
			newFlow(t, sb, appA, "taken", "")
			_, err := sb.CreateFlow(context.Background(), appA, tc.req)
			requireProviderError(t, err, tc.kind, "100")
		})
	}
}

func TestRefusedEndpointURI(t *testing.T) {
	sb := sandbox.New(sandbox.Options{})
	id := newFlow(t, sb, appA, "f", "")
	requireProviderError(t, sb.SetEndpoint(context.Background(), appA, id, ""), providers.ErrorInvalid, "100")
}

func TestIDsAndClock(t *testing.T) {
	ctx := context.Background()
	t.Run("default_counter", func(t *testing.T) {
		sb := sandbox.New(sandbox.Options{Now: fixedClock()})
		first, err := sb.CreateFlow(ctx, appA, createReq("one"))
		require.NoError(t, err)
		second, err := sb.CreateFlow(ctx, appB, createReq("two"))
		require.NoError(t, err)
		require.Equal(t, "sbx-flow-0001", first.ID)
		require.Equal(t, "sbx-flow-0002", second.ID)
		require.Equal(t, epoch, first.UpdatedAt)
		require.Equal(t, sandbox.DefaultPreviewBaseURL+"/sbx-flow-0001/preview", first.PreviewURL)
	})
	t.Run("injected", func(t *testing.T) {
		sb := sandbox.New(sandbox.Options{IDs: func() string { return "fixed" }, PreviewBaseURL: "http://localhost:8080/preview"})
		f, err := sb.CreateFlow(ctx, appA, createReq("one"))
		require.NoError(t, err)
		require.Equal(t, "fixed", f.ID)
		link, err := sb.PreviewFlow(ctx, appA, f.ID)
		require.NoError(t, err)
		require.Equal(t, "http://localhost:8080/preview/fixed/preview", link)

		_, err = sb.CreateFlow(ctx, appA, createReq("two"))
		requireProviderError(t, err, providers.ErrorUnknown, "")
		_, err = sb.CreateFlow(ctx, appB, createReq("two"))
		require.NoError(t, err, "ids only need to be unique within an app")
	})
}

func TestValidation(t *testing.T) {
	ctx := context.Background()
	t.Run("parse_error_position", func(t *testing.T) {
		sb := sandbox.New(sandbox.Options{})
		id := newFlow(t, sb, appA, "f", "")
		verrs, err := sb.UpdateFlowJSON(ctx, appA, id, []byte(invalidJSON))
		require.NoError(t, err)
		require.Len(t, verrs, 1)
		require.Equal(t, "INVALID_FLOW_JSON", verrs[0].Code)
		require.Equal(t, 2, verrs[0].Line)
		require.Equal(t, 15, verrs[0].Column)
		got, err := sb.GetFlow(ctx, appA, id)
		require.NoError(t, err)
		require.Equal(t, verrs, got.ValidationErrors)
	})
	t.Run("injected_validator", func(t *testing.T) {
		var seen []byte
		sb := sandbox.New(sandbox.Options{Validate: func(doc []byte) []providers.ValidationError {
			seen = doc
			return []providers.ValidationError{{Code: "INVALID_ROUTING_MODEL", Pointer: "/routing_model"}}
		}})
		id := newFlow(t, sb, appA, "f", "")
		verrs, err := sb.UpdateFlowJSON(ctx, appA, id, []byte(validJSON))
		require.NoError(t, err)
		require.Equal(t, validJSON, string(seen))
		require.Equal(t, []providers.ValidationError{{Code: "INVALID_ROUTING_MODEL", Pointer: "/routing_model"}}, verrs)
		requireProviderError(t, sb.PublishFlow(ctx, appA, id), providers.ErrorConflict, "139002")
	})
	t.Run("too_large", func(t *testing.T) {
		sb := sandbox.New(sandbox.Options{})
		id := newFlow(t, sb, appA, "f", "")
		_, err := sb.UpdateFlowJSON(ctx, appA, id, make([]byte, 10<<20+1))
		requireProviderError(t, err, providers.ErrorInvalid, "100")
	})
}
