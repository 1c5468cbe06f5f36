package lifecycle_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
	"github.com/waflow/waflow/store"
)

// A flow goes from upload to published on one app of the in-process
// sandbox BSP.
func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "waflow-example")
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, store.Config{URL: "sqlite://" + filepath.Join(dir, "waflow.db")})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()

	apps := directory{"app_1": {ID: "app_1", BSP: providers.BSPSandbox}}
	bsp := sandbox.New(sandbox.Options{})
	rec, _ := lifecycle.NewReconciler(db.Flows(), bsps{providers.BSPSandbox: bsp}, apps, lifecycle.ReconcilerOptions{})
	svc := lifecycle.NewService(db.Flows(), apps, lifecycle.Options{Notify: rec.Kick})

	f, _ := svc.CreateFlow(ctx, lifecycle.NewFlow{Name: "Welcome", Categories: []string{"OTHER"}})
	doc, _ := os.ReadFile("testdata/static-7.3.json")
	f, _, _ = svc.PutJSON(ctx, f.ID, doc)
	_, _ = svc.AddTarget(ctx, f.ID, "app_1")
	f, _ = svc.Publish(ctx, f.ID)
	_, _ = rec.Step(ctx) // a server runs rec.Run(ctx) instead

	targets, _ := svc.Targets(ctx, f.ID)
	t := targets[0]
	fmt.Println(f.Status, f.PublishedRevision)
	fmt.Println(t.AppID, t.RemoteID, t.RemoteStatus, t.StepState)
	// Output:
	// PUBLISHED 1
	// app_1 sbx-flow-0001 PUBLISHED done
}
