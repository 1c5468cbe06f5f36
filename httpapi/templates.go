package httpapi

import (
	"context"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// TemplateService manages message templates; *messaging.TemplateService
// implements it. Errors follow package messaging.
type TemplateService interface {
	Create(ctx context.Context, nt messaging.NewTemplate) (messaging.Template, error)
	Get(ctx context.Context, id string) (messaging.Template, error)
	List(ctx context.Context, o messaging.TemplateListOptions) (messaging.TemplatePage, error)
	Update(ctx context.Context, id string, c messaging.TemplateChange) (messaging.Template, error)
	Delete(ctx context.Context, id string) error
	Sync(ctx context.Context, appID string) (messaging.SyncResult, error)
}

// Schema names of the templates routes.
const (
	SchemaTemplate       = "Template"
	SchemaTemplateCreate = "TemplateCreate"
	SchemaTemplateUpdate = "TemplateUpdate"
	SchemaTemplateList   = "TemplateList"
	SchemaTemplateSync   = "TemplateSync"
	SchemaSyncResult     = "TemplateSyncResult"
)

// RegisterTemplates mounts the /wa/v2/templates routes on s.
func RegisterTemplates(s *Server, templates TemplateService) {
	h := templateHandlers{svc: templates}
	defineTemplateSchemas(s)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/templates/", Tag: "templates", Response: SchemaTemplateList,
		Summary: "List templates in creation order, a page at a time.",
		Query: []QueryParam{
			{Name: "app_id", Type: "string", Description: "Templates of this app."},
			{Name: "status", Type: "string", Description: "DRAFT, PENDING, APPROVED, PAUSED, DISABLED, REJECTED or FAILED."},
			{Name: "name", Type: "string", Description: "Templates with this name, in every language."},
			{Name: "limit", Type: "integer", Description: "Page size, 1 to 200; default 50."},
			{Name: "after", Type: "string", Description: "The next cursor of the previous page."},
		}}, h.list)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/templates/", Tag: "templates", Request: SchemaTemplateCreate,
		Response: SchemaTemplate, Status: http.StatusCreated,
		Summary: "Create a template and submit it to the app's BSP (PENDING), unless draft is true. " +
			"The definition is checked first; each error names the component and field."}, h.create)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/templates/sync", Tag: "templates", Request: SchemaTemplateSync,
		Response: SchemaSyncResult,
		Summary:  "Read the app's templates from its BSP: statuses are updated, unknown templates imported."}, h.sync)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/templates/:id", Tag: "templates", Response: SchemaTemplate,
		Summary: "Get a template with its review status."}, h.get)
	s.Handle(Route{Method: http.MethodPut, Path: "/wa/v2/templates/:id", Tag: "templates", Request: SchemaTemplateUpdate,
		Response: SchemaTemplate,
		Summary:  "Replace a template's category and components and submit it again, unless draft is true. Name and language never change."}, h.update)
	s.Handle(Route{Method: http.MethodDelete, Path: "/wa/v2/templates/:id", Tag: "templates", Status: http.StatusNoContent,
		Summary: "Delete a template, at the BSP first when it was submitted."}, h.delete)
}

type templateHandlers struct{ svc TemplateService }

// templateCreate is the body of POST /wa/v2/templates/.
type templateCreate struct {
	AppID           string                        `json:"app_id"`
	Name            string                        `json:"name"`
	Language        string                        `json:"language"`
	Category        providers.TemplateCategory    `json:"category"`
	ParameterFormat providers.ParameterFormat     `json:"parameter_format"`
	Components      []providers.TemplateComponent `json:"components"`
	Draft           bool                          `json:"draft"`
}

// templateUpdate is the body of PUT /wa/v2/templates/{id}.
type templateUpdate struct {
	Category        providers.TemplateCategory    `json:"category"`
	ParameterFormat providers.ParameterFormat     `json:"parameter_format"`
	Components      []providers.TemplateComponent `json:"components"`
	Draft           bool                          `json:"draft"`
}

func (h templateHandlers) list(c *fiber.Ctx) error {
	limit, err := limitQuery(c)
	if err != nil {
		return err
	}
	page, err := h.svc.List(c.UserContext(), messaging.TemplateListOptions{AppID: c.Query("app_id"),
		Status: messaging.TemplateStatus(c.Query("status")), Name: c.Query("name"), After: c.Query("after"), Limit: limit})
	if err != nil {
		return messagingError(err)
	}
	out := listBody[messaging.Template]{Data: page.Templates, Next: page.Next}
	if out.Data == nil {
		out.Data = []messaging.Template{}
	}
	return c.JSON(out)
}

func (h templateHandlers) create(c *fiber.Ctx) error {
	var body templateCreate
	if err := DecodeJSON(c, &body); err != nil {
		return err
	}
	t, err := h.svc.Create(c.UserContext(), messaging.NewTemplate{AppID: body.AppID, Draft: body.Draft,
		Template: providers.Template{Name: body.Name, Language: body.Language, Category: body.Category,
			ParameterFormat: body.ParameterFormat, Components: body.Components}})
	if err != nil {
		return messagingError(err)
	}
	c.Location("/wa/v2/templates/" + t.ID)
	return c.Status(http.StatusCreated).JSON(t)
}

func (h templateHandlers) get(c *fiber.Ctx) error {
	t, err := h.svc.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return messagingError(err)
	}
	return c.JSON(t)
}

func (h templateHandlers) update(c *fiber.Ctx) error {
	var body templateUpdate
	if err := DecodeJSON(c, &body); err != nil {
		return err
	}
	t, err := h.svc.Update(c.UserContext(), c.Params("id"), messaging.TemplateChange{Category: body.Category,
		ParameterFormat: body.ParameterFormat, Components: body.Components, Draft: body.Draft})
	if err != nil {
		return messagingError(err)
	}
	return c.JSON(t)
}

func (h templateHandlers) delete(c *fiber.Ctx) error {
	if err := h.svc.Delete(c.UserContext(), c.Params("id")); err != nil {
		return messagingError(err)
	}
	return c.SendStatus(http.StatusNoContent)
}

func (h templateHandlers) sync(c *fiber.Ctx) error {
	var body struct {
		AppID string `json:"app_id"`
	}
	if err := DecodeJSON(c, &body); err != nil {
		return err
	}
	if body.AppID == "" {
		return brokenRules(FieldDetail{Field: "app_id", Message: "is required"})
	}
	res, err := h.svc.Sync(c.UserContext(), body.AppID)
	if err != nil {
		return messagingError(err)
	}
	return c.JSON(res)
}

func defineTemplateSchemas(s *Server) {
	str := Schema{"type": "string"}
	ts := Schema{"type": "string", "format": "date-time"}
	components := Schema{"type": "array", "description": "Meta's template components: HEADER (format TEXT, IMAGE, VIDEO, " +
		"DOCUMENT or LOCATION), BODY, FOOTER, BUTTONS (QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW, CATALOG, MPM), " +
		"CAROUSEL; with examples wherever there are variables.",
		"items": Schema{"type": "object", "required": []string{"type"}}}
	def := func(extra Schema) Schema {
		p := Schema{
			"category":         enumOf(providers.TemplateCategories()),
			"parameter_format": enumOf([]providers.ParameterFormat{providers.FormatPositional, providers.FormatNamed}),
			"components":       components,
			"draft":            Schema{"type": "boolean", "description": "Keep the template in DRAFT instead of submitting it."},
		}
		for k, v := range extra {
			p[k] = v
		}
		return p
	}
	s.DefineSchema(SchemaTemplateCreate, Schema{"type": "object", "additionalProperties": false,
		"required": []string{"app_id", "name", "language", "category", "components"},
		"properties": def(Schema{"app_id": str, "name": Schema{"type": "string", "pattern": "^[a-z0-9_]{1,512}$"},
			"language": Schema{"type": "string", "description": `For example "en_US".`}})})
	s.DefineSchema(SchemaTemplateUpdate, Schema{"type": "object", "additionalProperties": false,
		"required": []string{"category", "components"}, "properties": def(nil)})
	s.DefineSchema(SchemaTemplate, Schema{
		"type":     "object",
		"required": []string{"id", "app_id", "name", "language", "category", "components", "status", "version", "created_at", "updated_at"},
		"properties": Schema{
			"id": str, "app_id": str, "name": str, "language": str,
			"category":         enumOf(providers.TemplateCategories()),
			"parameter_format": enumOf([]providers.ParameterFormat{providers.FormatPositional, providers.FormatNamed}),
			"components":       components,
			"status":           enumOf(messaging.TemplateStatuses()),
			"remote_id":        Schema{"type": "string", "description": "The BSP's id, once a submission was accepted."},
			"raw_status":       Schema{"type": "string", "description": "The BSP's own word for the status."},
			"reason":           Schema{"type": "string", "description": "Why it was rejected, paused or failed, when known."},
			"version":          Schema{"type": "integer"},
			"created_at":       ts,
			"updated_at":       ts,
		},
	})
	s.DefineSchema(SchemaTemplateList, listSchema(SchemaTemplate))
	s.DefineSchema(SchemaTemplateSync, Schema{"type": "object", "additionalProperties": false,
		"required": []string{"app_id"}, "properties": Schema{"app_id": str}})
	s.DefineSchema(SchemaSyncResult, Schema{"type": "object", "required": []string{"updated", "imported", "missing"},
		"properties": Schema{"updated": Schema{"type": "integer"}, "imported": Schema{"type": "integer"},
			"missing": Schema{"type": "integer", "description": "Submitted from here but gone at the BSP; now DISABLED."}}})
}
