package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/lifecycle"
)

// FlowService is the flows API's business logic; *lifecycle.Service
// implements it. Errors follow package lifecycle: ErrNotFound, ErrConflict,
// ErrNoRevision, and the typed *ValidationError, *FlowJSONError,
// *ScriptError and *TransitionError, which the server answers with their
// details.
type FlowService interface {
	CreateFlow(ctx context.Context, nf lifecycle.NewFlow) (lifecycle.Flow, error)
	GetFlow(ctx context.Context, id string) (lifecycle.Flow, error)
	ListFlows(ctx context.Context, o lifecycle.ListOptions) (lifecycle.Page, error)
	UpdateMetadata(ctx context.Context, id string, c lifecycle.MetadataChange) (lifecycle.Flow, error)
	Delete(ctx context.Context, id string) error
	PutJSON(ctx context.Context, id string, src []byte) (lifecycle.Flow, lifecycle.Revision, error)
	Revision(ctx context.Context, flowID string, number int) (lifecycle.Revision, error)
	Revisions(ctx context.Context, flowID string) ([]lifecycle.Revision, error)
	PutScript(ctx context.Context, flowID, source string) (lifecycle.Flow, lifecycle.Script, error)
	Script(ctx context.Context, flowID string, revision int) (lifecycle.Script, error)
	Publish(ctx context.Context, id string) (lifecycle.Flow, error)
	Deprecate(ctx context.Context, id string) (lifecycle.Flow, error)
	AddTarget(ctx context.Context, flowID, appID string) (lifecycle.Target, error)
	RemoveTarget(ctx context.Context, flowID, appID string) error
	Targets(ctx context.Context, flowID string) ([]lifecycle.Target, error)
	TargetEvents(ctx context.Context, flowID, appID string, limit int) ([]lifecycle.TargetEvent, error)
	RetryTarget(ctx context.Context, flowID, appID string) (lifecycle.Target, error)
}

// AppFinder finds an app with its credentials; *apps.Service implements
// it. An unknown app is an error wrapping apps.ErrNotFound.
type AppFinder interface {
	Get(ctx context.Context, id string) (apps.App, error)
}

// FlowsDeps is what the flows routes need.
type FlowsDeps struct {
	Flows FlowService
	// Apps names the BSP of each target and gives previews the app's
	// credentials.
	Apps AppFinder
	// Providers answer previews; nil means none is configured, so every
	// preview says so per target.
	Providers ProviderSet
	// FlowChanged, when set, is called after a flow's JSON, script or
	// targets changed or the flow was deleted, so that caches of what the
	// data endpoint serves for it can be dropped.
	FlowChanged func(flowID string)
}

// Schema names of the flows routes.
const (
	SchemaFlow           = "Flow"
	SchemaFlowCreate     = "FlowCreate"
	SchemaFlowUpdate     = "FlowUpdate"
	SchemaFlowList       = "FlowList"
	SchemaFlowRevision   = "FlowRevision"
	SchemaRevisionList   = "FlowRevisionList"
	SchemaRevisionPut    = "FlowRevisionCreated"
	SchemaFlowScript     = "FlowScript"
	SchemaScriptPut      = "FlowScriptCreated"
	SchemaFlowTarget     = "FlowTarget"
	SchemaTargetList     = "FlowTargetList"
	SchemaFlowPreview    = "FlowPreview"
	SchemaValidation     = "FlowValidation"
	SchemaFlowJSONSource = "FlowJSONDocument"
	SchemaScriptSource   = "FlowScriptSource"
)

// MaxFlowJSONBytes is the largest Flow JSON document the upload and
// validate routes take: Meta's limit on a flow.json. Every other route
// keeps Options.BodyLimit.
const MaxFlowJSONBytes = 10 << 20

// RegisterFlows mounts the /wa/v2/flows management routes on s. The data
// endpoint, which WhatsApp calls, is mounted by [RegisterFlowEndpoint].
func RegisterFlows(s *Server, deps FlowsDeps) {
	h := &flowsHandlers{deps: deps, log: s.log}
	defineFlowSchemas(s)
	const tag = "flows"
	page := []QueryParam{
		{Name: "limit", Type: "integer", Description: "Page size, 1 to 200; default 50."},
		{Name: "after", Type: "string", Description: "The next cursor of the previous page."},
	}
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/flows/", Tag: tag, Response: SchemaFlowList,
		Summary: "List flows in creation order, a page at a time.",
		Query: append([]QueryParam{
			{Name: "status", Type: "string", Description: "DRAFT, PUBLISHED, THROTTLED, BLOCKED or DEPRECATED."},
			{Name: "app_id", Type: "string", Description: "Flows deployed to this app."},
		}, page...)}, h.list)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/flows/", Tag: tag, Request: SchemaFlowCreate,
		Response: SchemaFlow, Status: http.StatusCreated,
		Summary: "Create a DRAFT flow, optionally deployed to apps at once."}, h.create)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/flows/validate", Tag: tag, Response: SchemaValidation,
		Request: SchemaFlowJSONSource, BodyLimit: MaxFlowJSONBytes,
		Query: []QueryParam{
			{Name: "flow_version", Type: "string", Description: "Validate against this version instead of the document's own, e.g. 7.3."},
			{Name: "strict", Type: "boolean", Description: "Treat warnings as errors."},
		},
		Summary: "Validate a Flow JSON document and return the diagnostics waflow validate prints; nothing is stored."}, h.validate)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/flows/:id", Tag: tag, Response: SchemaFlow,
		Summary: "Get a flow with the actions its state allows."}, h.get)
	s.Handle(Route{Method: http.MethodPatch, Path: "/wa/v2/flows/:id", Tag: tag, Request: SchemaFlowUpdate,
		Response: SchemaFlow,
		Summary:  "Change a flow's name, categories or endpoint override; a PUBLISHED flow becomes a DRAFT again."}, h.update)
	s.Handle(Route{Method: http.MethodDelete, Path: "/wa/v2/flows/:id", Tag: tag, Status: http.StatusNoContent,
		Summary: "Delete a flow that was never published; any other answers 409 with the allowed actions."}, h.delete)
	s.Handle(Route{Method: http.MethodPut, Path: "/wa/v2/flows/:id/json", Tag: tag, Response: SchemaRevisionPut,
		Request: SchemaFlowJSONSource, BodyLimit: MaxFlowJSONBytes, Status: http.StatusCreated,
		Summary: "Upload Flow JSON (up to 10 MiB) as the flow's next revision; an invalid document is refused " +
			"with its diagnostics and nothing is stored."}, h.putJSON)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/flows/:id/json", Tag: tag, Response: SchemaFlowJSONSource,
		Query:   []QueryParam{{Name: "revision", Type: "integer", Description: "A revision number; default the current one."}},
		Summary: "The Flow JSON of the current revision, or of the one asked for, byte for byte as uploaded."}, h.getJSON)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/flows/:id/revisions", Tag: tag, Response: SchemaRevisionList,
		Summary: "The flow's revisions, oldest first, without their documents."}, h.revisions)
	s.Handle(Route{Method: http.MethodPut, Path: "/wa/v2/flows/:id/script", Tag: tag, Response: SchemaScriptPut,
		RequestTypes: scriptTypes(), Status: http.StatusCreated,
		Summary: "Upload the data endpoint's handler script (JavaScript); one that does not compile is refused " +
			"with the line and column."}, h.putScript)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/flows/:id/script", Tag: tag, Response: SchemaScriptSource,
		ContentType: mimeJavaScript,
		Query:       []QueryParam{{Name: "revision", Type: "integer", Description: "A script revision; default the current one."}},
		Summary:     "The handler script's source."}, h.getScript)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/flows/:id/publish", Tag: tag, Response: SchemaFlow,
		Summary: "Publish the current revision on every target; the reconciler makes the BSP calls."}, h.publish)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/flows/:id/deprecate", Tag: tag, Response: SchemaFlow,
		Summary: "Retire a published flow for good, on every target."}, h.deprecate)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/flows/:id/preview", Tag: tag, Response: SchemaFlowPreview,
		Summary: "Each target's preview link, asked of its BSP; a target whose BSP cannot give one says why."}, h.preview)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/flows/:id/targets", Tag: tag, Response: SchemaTargetList,
		Summary: "The apps the flow is deployed to: remote id and status, the reconciler's step, last error, " +
			"unsupported operations and recent steps."}, h.targets)
	s.Handle(Route{Method: http.MethodPut, Path: "/wa/v2/flows/:id/targets/:app_id", Tag: tag, Response: SchemaFlowTarget,
		Status:  http.StatusCreated,
		Summary: "Deploy the flow to an app (201), or show the target when it is deployed there already (200)."}, h.putTarget)
	s.Handle(Route{Method: http.MethodDelete, Path: "/wa/v2/flows/:id/targets/:app_id", Tag: tag, Status: http.StatusNoContent,
		Summary: "Stop managing the flow on an app; the remote flow stays at the BSP as it is."}, h.deleteTarget)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/flows/:id/targets/:app_id/retry", Tag: tag, Response: SchemaFlowTarget,
		Summary: "Make a failed or stopped target due again at once."}, h.retryTarget)
}

type flowsHandlers struct {
	deps FlowsDeps
	log  *slog.Logger
}

// changed tells the data endpoint's cache that what it serves for flowID
// may be stale.
func (h *flowsHandlers) changed(flowID string) {
	if h.deps.FlowChanged != nil {
		h.deps.FlowChanged(flowID)
	}
}

// flowCreate is the body of POST /wa/v2/flows/.
type flowCreate struct {
	Name        string   `json:"name"`
	Categories  []string `json:"categories"`
	EndpointURI string   `json:"endpoint_uri"`
	AppIDs      []string `json:"app_ids"`
}

// flowUpdate is the body of PATCH /wa/v2/flows/{id}; absent members keep
// their value.
type flowUpdate struct {
	Name        *string  `json:"name"`
	Categories  []string `json:"categories"`
	EndpointURI *string  `json:"endpoint_uri"`
}

// flowView is a flow as the API shows it, with what its state allows, so
// that clients need not copy the state machine.
type flowView struct {
	lifecycle.Flow
	AllowedActions []lifecycle.Action `json:"allowed_actions"`
}

func viewFlow(f lifecycle.Flow) flowView {
	if f.Categories == nil {
		f.Categories = []string{}
	}
	allowed := lifecycle.Allowed(lifecycle.StateOf(f))
	if allowed == nil {
		allowed = []lifecycle.Action{}
	}
	return flowView{Flow: f, AllowedActions: allowed}
}

func (h *flowsHandlers) list(c *fiber.Ctx) error {
	limit, err := intQuery(c, "limit", 1, lifecycle.MaxPageSize)
	if err != nil {
		return err
	}
	page, err := h.deps.Flows.ListFlows(c.UserContext(), lifecycle.ListOptions{
		Status: lifecycle.Status(c.Query("status")), AppID: c.Query("app_id"), After: c.Query("after"), Limit: limit,
	})
	if err != nil {
		return err
	}
	out := struct {
		Data []flowView `json:"data"`
		Next string     `json:"next,omitempty"`
	}{Data: make([]flowView, len(page.Flows)), Next: page.Next}
	for i, f := range page.Flows {
		out.Data[i] = viewFlow(f)
	}
	return c.JSON(out)
}

// create makes the flow and its targets. The apps are checked before the
// flow is stored, so a typo in app_ids leaves nothing behind; should a
// target still fail (the app was deleted meanwhile), the new flow is
// removed again and the failure answered.
func (h *flowsHandlers) create(c *fiber.Ctx) error {
	var req flowCreate
	if err := DecodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.UserContext()
	var fields []FieldDetail
	for i, id := range req.AppIDs {
		field := "app_ids[" + strconv.Itoa(i) + "]"
		if _, err := h.deps.Apps.Get(ctx, id); errors.Is(err, apps.ErrNotFound) {
			fields = append(fields, FieldDetail{Field: field, Message: "no app has this id"})
		} else if err != nil {
			return err
		}
		for j := range i {
			if req.AppIDs[j] == id {
				fields = append(fields, FieldDetail{Field: field, Message: "listed twice"})
				break
			}
		}
	}
	if len(fields) > 0 {
		return brokenRules(fields...)
	}
	f, err := h.deps.Flows.CreateFlow(ctx, lifecycle.NewFlow{Name: req.Name, Categories: req.Categories, EndpointURI: req.EndpointURI})
	if err != nil {
		return err
	}
	for _, appID := range req.AppIDs {
		if _, err := h.deps.Flows.AddTarget(ctx, f.ID, appID); err != nil {
			if derr := h.deps.Flows.Delete(context.WithoutCancel(ctx), f.ID); derr != nil {
				h.log.ErrorContext(ctx, "remove a flow whose targets failed", "request_id", RequestID(c), "flow_id", f.ID, "error", derr)
			}
			return err
		}
	}
	c.Location("/wa/v2/flows/" + f.ID)
	return c.Status(http.StatusCreated).JSON(viewFlow(f))
}

func (h *flowsHandlers) get(c *fiber.Ctx) error {
	f, err := h.deps.Flows.GetFlow(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(viewFlow(f))
}

func (h *flowsHandlers) update(c *fiber.Ctx) error {
	var req flowUpdate
	if err := DecodeJSON(c, &req); err != nil {
		return err
	}
	id := c.Params("id")
	f, err := h.deps.Flows.UpdateMetadata(c.UserContext(), id, lifecycle.MetadataChange{
		Name: req.Name, Categories: req.Categories, EndpointURI: req.EndpointURI,
	})
	if err != nil {
		return err
	}
	return c.JSON(viewFlow(f))
}

func (h *flowsHandlers) delete(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.deps.Flows.Delete(c.UserContext(), id); err != nil {
		return err
	}
	h.changed(id)
	return c.SendStatus(http.StatusNoContent)
}

func (h *flowsHandlers) publish(c *fiber.Ctx) error {
	id := c.Params("id")
	f, err := h.deps.Flows.Publish(c.UserContext(), id)
	if err != nil {
		return err
	}
	h.changed(id)
	return c.JSON(viewFlow(f))
}

func (h *flowsHandlers) deprecate(c *fiber.Ctx) error {
	f, err := h.deps.Flows.Deprecate(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(viewFlow(f))
}

// intQuery reads an optional integer query parameter within [lo, hi]; 0
// when absent.
func intQuery(c *fiber.Ctx, name string, lo, hi int) (int, error) {
	raw := c.Query(name)
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, Validation("the "+name+" parameter is invalid",
			FieldDetail{Field: name, Message: "must be an integer from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)})
	}
	return n, nil
}
