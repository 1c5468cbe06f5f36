package httpapi

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
)

// stepEvents is how many of a target's latest steps its view shows; the
// step log keeps more.
const stepEvents = 10

// previewTimeout bounds one BSP's answer to a preview request, so that a
// BSP that hangs cannot hold the others' answers.
const previewTimeout = 10 * time.Second

// targetView is one app a flow is deployed to, with the app's BSP and
// name and its latest reconciler steps, newest first. BSP and AppName are
// empty when the app was deleted since.
type targetView struct {
	lifecycle.Target
	BSP     providers.BSP           `json:"bsp,omitempty"`
	AppName string                  `json:"app_name,omitempty"`
	Events  []lifecycle.TargetEvent `json:"events"`
}

func (h *flowsHandlers) viewTarget(ctx context.Context, t lifecycle.Target) (targetView, error) {
	v := targetView{Target: t}
	a, err := h.deps.Apps.Get(ctx, t.AppID)
	switch {
	case err == nil:
		v.BSP, v.AppName = a.BSP, a.Name
	case !errors.Is(err, apps.ErrNotFound):
		return targetView{}, err
	}
	if v.Events, err = h.deps.Flows.TargetEvents(ctx, t.FlowID, t.AppID, stepEvents); err != nil {
		return targetView{}, err
	}
	if v.Events == nil {
		v.Events = []lifecycle.TargetEvent{}
	}
	return v, nil
}

func (h *flowsHandlers) targets(c *fiber.Ctx) error {
	ctx := c.UserContext()
	ts, err := h.deps.Flows.Targets(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	out := struct {
		Data []targetView `json:"data"`
	}{Data: make([]targetView, len(ts))}
	for i, t := range ts {
		if out.Data[i], err = h.viewTarget(ctx, t); err != nil {
			return err
		}
	}
	return c.JSON(out)
}

// putTarget deploys the flow to an app. PUT is idempotent: a target that
// exists already is shown as it is, with 200.
func (h *flowsHandlers) putTarget(c *fiber.Ctx) error {
	ctx, flowID, appID := c.UserContext(), c.Params("id"), c.Params("app_id")
	if _, err := h.deps.Apps.Get(ctx, appID); err != nil {
		return err
	}
	status := http.StatusCreated
	t, err := h.deps.Flows.AddTarget(ctx, flowID, appID)
	var te *lifecycle.TransitionError
	if err != nil && !errors.As(err, &te) && errors.Is(err, lifecycle.ErrConflict) {
		status = http.StatusOK
		t, err = h.existingTarget(ctx, flowID, appID, err)
	}
	if err != nil {
		return err
	}
	h.changed(flowID)
	v, err := h.viewTarget(ctx, t)
	if err != nil {
		return err
	}
	return c.Status(status).JSON(v)
}

// existingTarget finds the target that made AddTarget conflict; when there
// is none (a concurrent change was the conflict), conflict is returned.
func (h *flowsHandlers) existingTarget(ctx context.Context, flowID, appID string, conflict error) (lifecycle.Target, error) {
	ts, err := h.deps.Flows.Targets(ctx, flowID)
	if err != nil {
		return lifecycle.Target{}, err
	}
	for _, t := range ts {
		if t.AppID == appID {
			return t, nil
		}
	}
	return lifecycle.Target{}, conflict
}

func (h *flowsHandlers) deleteTarget(c *fiber.Ctx) error {
	flowID := c.Params("id")
	if err := h.deps.Flows.RemoveTarget(c.UserContext(), flowID, c.Params("app_id")); err != nil {
		return err
	}
	h.changed(flowID)
	return c.SendStatus(http.StatusNoContent)
}

func (h *flowsHandlers) retryTarget(c *fiber.Ctx) error {
	ctx := c.UserContext()
	t, err := h.deps.Flows.RetryTarget(ctx, c.Params("id"), c.Params("app_id"))
	if err != nil {
		return err
	}
	v, err := h.viewTarget(ctx, t)
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// previewView is one target's preview link, or why there is none.
type previewView struct {
	AppID      string        `json:"app_id"`
	BSP        providers.BSP `json:"bsp,omitempty"`
	RemoteID   string        `json:"remote_id,omitempty"`
	PreviewURL string        `json:"preview_url,omitempty"`
	Error      string        `json:"error,omitempty"`
}

// preview asks every target's BSP for its preview link, all at once. A
// target that cannot give one (not created yet, its BSP has no previews,
// the BSP failed) says why in its entry; the request itself succeeds.
func (h *flowsHandlers) preview(c *fiber.Ctx) error {
	ctx, flowID := c.UserContext(), c.Params("id")
	ts, err := h.deps.Flows.Targets(ctx, flowID)
	if err != nil {
		return err
	}
	out := make([]previewView, len(ts))
	errs := make([]error, len(ts))
	var wg sync.WaitGroup
	for i, t := range ts {
		wg.Go(func() { out[i], errs[i] = h.previewTarget(ctx, RequestID(c), t) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return c.JSON(struct {
		FlowID  string        `json:"flow_id"`
		Targets []previewView `json:"targets"`
	}{flowID, out})
}

// previewTarget returns one target's entry; only a failure to read the
// app from the store is an error.
func (h *flowsHandlers) previewTarget(ctx context.Context, requestID string, t lifecycle.Target) (previewView, error) {
	v := previewView{AppID: t.AppID, RemoteID: t.RemoteID}
	a, err := h.deps.Apps.Get(ctx, t.AppID)
	switch {
	case errors.Is(err, apps.ErrNotFound):
		v.Error = "the app was deleted"
		return v, nil
	case err != nil:
		return previewView{}, err
	}
	v.BSP = a.BSP
	var p providers.Provider
	if h.deps.Providers != nil {
		p, _ = h.deps.Providers.Provider(a.BSP)
	}
	switch {
	case t.RemoteID == "":
		v.Error = "the flow is not created at the BSP yet; see the target's step and last_error"
	case p == nil || !p.Capabilities().Supports(providers.OpPreviewFlow):
		v.Error = (&providers.UnsupportedError{BSP: a.BSP, Operation: providers.OpPreviewFlow}).Error()
	default:
		pctx, cancel := context.WithTimeout(ctx, previewTimeout)
		v.PreviewURL, err = p.PreviewFlow(pctx, a.Provider(), t.RemoteID)
		cancel()
		if err != nil {
			h.log.WarnContext(ctx, "flow preview failed", "request_id", requestID, "flow_id", t.FlowID,
				"app_id", t.AppID, "bsp", a.BSP, "error", err)
			v.Error = recordedPushError(err, requestID).Error()
		}
	}
	return v, nil
}
