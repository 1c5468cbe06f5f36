package sandbox_test

import (
	"context"
	"fmt"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
)

// A published flow that is edited shows DRAFT again, while users keep the
// published document until the edit is published.
func Example() {
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	app := providers.App{ID: "app-1", BSP: providers.BSPSandbox}

	flow, _ := sb.CreateFlow(ctx, app, providers.CreateFlowRequest{Name: "signup", Categories: []string{"SIGN_UP"}})
	_, _ = sb.UpdateFlowJSON(ctx, app, flow.ID, []byte(`{"version": "7.3", "screens": []}`))
	_ = sb.PublishFlow(ctx, app, flow.ID)

	verrs, _ := sb.UpdateFlowJSON(ctx, app, flow.ID, []byte(`{"version": "7.3", "screens": [`))
	got, _ := sb.GetFlow(ctx, app, flow.ID)
	live, _ := sb.PublishedJSON(app.ID, flow.ID)
	fmt.Println(flow.ID, got.Status, verrs[0].Code)
	fmt.Println(string(live))

	err := sb.PublishFlow(ctx, app, flow.ID)
	fmt.Println(err)
	// Output:
	// sbx-flow-0001 DRAFT INVALID_FLOW_JSON
	// {"version": "7.3", "screens": []}
	// SANDBOX flows.publish: conflict (code 139002): the Flow JSON has 1 validation errors
}

// The next publish fails as a BSP outage would, and the caller may retry.
func ExampleSandbox_FailNext() {
	ctx := context.Background()
	sb := sandbox.New(sandbox.Options{})
	app := providers.App{ID: "app-1", BSP: providers.BSPSandbox}
	flow, _ := sb.CreateFlow(ctx, app, providers.CreateFlowRequest{Name: "signup", Categories: []string{"SIGN_UP"}})
	_, _ = sb.UpdateFlowJSON(ctx, app, flow.ID, []byte(`{"version": "7.3", "screens": []}`))

	sb.FailNext(providers.OpPublishFlow, 1, nil)
	err := sb.PublishFlow(ctx, app, flow.ID)
	fmt.Println(providers.Retryable(err), err)
	fmt.Println(sb.PublishFlow(ctx, app, flow.ID))
	fmt.Println(len(sb.Calls()))
	// Output:
	// true SANDBOX flows.publish: unavailable: injected outage
	// <nil>
	// 4
}
