package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
)

// demoAppName is the SANDBOX app the examples are deployed to.
const demoAppName = "sandbox-demo"

// examplesLoaded is what loadExamples made sure of.
type examplesLoaded struct {
	AppID string
	Flows []loadedFlow // in file name order
}

// loadedFlow is one example flow: its name (the file's base name), id and
// file.
type loadedFlow struct {
	Name, ID, File string
}

// loadExamples deploys the examples directory (--examples) to the sandbox
// BSP, idempotently, so that every start, first or not, ends in the same
// state and creates nothing twice:
//
//   - a SANDBOX app named sandbox-demo with a flows key, whose public half
//     is pushed to the sandbox (which forgets it when the process stops);
//   - for each DIR/flows/NAME.json a flow named NAME, category OTHER; a
//     file that does not validate is skipped with a warning. A new
//     revision is uploaded only when the file differs from the current one;
//   - its handler script, DIR/scripts/BASE.plain.js or else
//     DIR/scripts/BASE.kapso.js, where BASE is NAME without its
//     "-<version>" and "-endpoint" suffixes (pizza-order-endpoint-7.3.json
//     runs scripts/pizza-order.plain.js), uploaded only when it differs;
//   - a target on sandbox-demo, created again when the sandbox no longer
//     holds its remote flow (after a restart);
//   - published, when it is a DRAFT.
//
// The reconciler does the sandbox's part in the background.
func (d *serverDeps) loadExamples(ctx context.Context) (examplesLoaded, error) {
	if d.cfg.Examples == "" {
		return examplesLoaded{}, nil
	}
	files, err := filepath.Glob(filepath.Join(d.cfg.Examples, "flows", "*.json"))
	if err != nil {
		return examplesLoaded{}, fmt.Errorf("%s: %w", envExamples, err)
	}
	app, err := d.demoApp(ctx)
	if err != nil {
		return examplesLoaded{}, fmt.Errorf("examples: %w", err)
	}
	existing, err := d.flowsByName(ctx)
	if err != nil {
		return examplesLoaded{}, fmt.Errorf("examples: %w", err)
	}
	out := examplesLoaded{AppID: app.ID}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		f, ok, err := d.loadExample(ctx, app, file, name, existing[name])
		if err != nil {
			return examplesLoaded{}, fmt.Errorf("examples: %s: %w", file, err)
		}
		if ok {
			out.Flows = append(out.Flows, loadedFlow{Name: name, ID: f.ID, File: file})
		}
	}
	d.log.Info("examples loaded", "dir", d.cfg.Examples, "app_id", app.ID, "flows", len(out.Flows))
	return out, nil
}

// demoApp finds or creates the sandbox-demo app, gives it a flows key if
// it has none, and pushes the public key to the sandbox.
func (d *serverDeps) demoApp(ctx context.Context) (apps.App, error) {
	app, err := d.appNamed(ctx, demoAppName)
	switch {
	case errors.Is(err, apps.ErrNotFound):
		app, err = d.apps.Create(ctx, apps.App{Name: demoAppName, BSP: providers.BSPSandbox})
	case err == nil && app.BSP != providers.BSPSandbox:
		err = fmt.Errorf("app %s (%s) is on %s; the examples need it on SANDBOX", demoAppName, app.ID, app.BSP)
	}
	if err != nil {
		return apps.App{}, err
	}
	kp, err := d.apps.PublicKey(ctx, app.ID)
	if errors.Is(err, apps.ErrNoKey) {
		kp, err = d.apps.GenerateKey(ctx, app.ID)
	}
	if err != nil {
		return apps.App{}, err
	}
	pushErr := d.sandbox.SetPublicKey(ctx, app.Provider(), []byte(kp.PublicPEM))
	if err := d.apps.MarkPushed(ctx, app.ID, kp.Version, pushErr); err != nil {
		return apps.App{}, err
	}
	return app, pushErr
}

// appNamed pages through the apps for the one named name.
func (d *serverDeps) appNamed(ctx context.Context, name string) (apps.App, error) {
	after := ""
	for {
		page, err := d.apps.List(ctx, after, apps.MaxPageSize)
		if err != nil {
			return apps.App{}, err
		}
		for _, a := range page.Apps {
			if a.Name == name {
				return a, nil
			}
		}
		if page.Next == "" {
			return apps.App{}, fmt.Errorf("app %s: %w", name, apps.ErrNotFound)
		}
		after = page.Next
	}
}

// flowsByName reads every flow, by name.
func (d *serverDeps) flowsByName(ctx context.Context) (map[string]lifecycle.Flow, error) {
	out := map[string]lifecycle.Flow{}
	opts := lifecycle.ListOptions{Limit: lifecycle.MaxPageSize}
	for {
		page, err := d.flows.ListFlows(ctx, opts)
		if err != nil {
			return nil, err
		}
		for _, f := range page.Flows {
			out[f.Name] = f
		}
		if page.Next == "" {
			return out, nil
		}
		opts.After = page.Next
	}
}

// loadExample brings one example flow to its loaded state; false when the
// file was skipped.
func (d *serverDeps) loadExample(ctx context.Context, app apps.App, file, name string, f lifecycle.Flow) (lifecycle.Flow, bool, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return f, false, err
	}
	if res := flowjson.Validate(src, flowjson.Options{}); !res.Valid() {
		d.log.Warn("example flow skipped: it does not validate; run waflow validate on it", "file", file)
		return f, false, nil
	}
	if f.ID == "" {
		if f, err = d.flows.CreateFlow(ctx, lifecycle.NewFlow{Name: name, Categories: []string{"OTHER"}}); err != nil {
			return f, false, err
		}
	}
	if f.Status == lifecycle.StatusDeprecated {
		d.log.Warn("example flow left alone: it is deprecated", "file", file, "flow_id", f.ID)
		return f, true, nil
	}
	if f, err = d.exampleJSON(ctx, f, src); err != nil {
		return f, false, err
	}
	if f, err = d.exampleScript(ctx, f, name); err != nil {
		return f, false, err
	}
	if err := d.exampleTarget(ctx, f, app); err != nil {
		return f, false, err
	}
	if f.Status == lifecycle.StatusDraft {
		if f, err = d.flows.Publish(ctx, f.ID); err != nil {
			return f, false, err
		}
	}
	return f, true, nil
}

// exampleJSON uploads src unless it is the flow's current revision.
func (d *serverDeps) exampleJSON(ctx context.Context, f lifecycle.Flow, src []byte) (lifecycle.Flow, error) {
	if f.CurrentRevision > 0 {
		cur, err := d.flows.Revision(ctx, f.ID, f.CurrentRevision)
		if err != nil || bytes.Equal(cur.JSON, src) {
			return f, err
		}
	}
	f, _, err := d.flows.PutJSON(ctx, f.ID, src)
	return f, err
}

// scriptBase is the name of an example flow's scripts: the flow's name
// without its "-<major>.<minor>" and "-endpoint" suffixes.
func scriptBase(name string) string {
	if i := strings.LastIndexByte(name, '-'); i >= 0 {
		if _, err := flowjson.ParseVersion(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	return strings.TrimSuffix(name, "-endpoint")
}

// exampleScript uploads the flow's handler script, when the examples have
// one, unless it is the flow's current script.
func (d *serverDeps) exampleScript(ctx context.Context, f lifecycle.Flow, name string) (lifecycle.Flow, error) {
	base := scriptBase(name)
	var src []byte
	for _, form := range []string{"plain", "kapso"} {
		b, err := os.ReadFile(filepath.Join(d.cfg.Examples, "scripts", base+"."+form+".js"))
		if err == nil {
			src = b
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return f, err
		}
	}
	if src == nil {
		return f, nil
	}
	if f.ScriptRevision > 0 {
		cur, err := d.flows.Script(ctx, f.ID, f.ScriptRevision)
		if err != nil || cur.Source == string(src) {
			return f, err
		}
	}
	f, _, err := d.flows.PutScript(ctx, f.ID, string(src))
	return f, err
}

// exampleTarget deploys the flow to the demo app. The sandbox keeps its
// flows in memory, so after a restart a target may name a remote flow the
// sandbox no longer has: such a target is made again from scratch, which
// makes the reconciler create, upload and publish the flow anew.
func (d *serverDeps) exampleTarget(ctx context.Context, f lifecycle.Flow, app apps.App) error {
	ts, err := d.flows.Targets(ctx, f.ID)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.AppID != app.ID {
			continue
		}
		if t.RemoteID == "" {
			return nil
		}
		_, err := d.sandbox.GetFlow(ctx, app.Provider(), t.RemoteID)
		var pe *providers.Error
		if !errors.As(err, &pe) || pe.Kind != providers.ErrorNotFound {
			return err
		}
		if err := d.flows.RemoveTarget(ctx, f.ID, app.ID); err != nil {
			return err
		}
	}
	_, err = d.flows.AddTarget(ctx, f.ID, app.ID)
	return err
}
