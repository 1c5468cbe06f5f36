package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
)

// AppCatalog stores apps; *apps.Service implements it. Errors follow the
// apps package: ErrNotFound, ErrConflict, and *apps.ValidationError naming
// the fields.
type AppCatalog interface {
	Create(ctx context.Context, a apps.App) (apps.App, error)
	Get(ctx context.Context, id string) (apps.App, error)
	List(ctx context.Context, after string, limit int) (apps.Page, error)
	Update(ctx context.Context, id string, c apps.Change) (apps.App, error)
	Delete(ctx context.Context, id string) error
}

// AppKeys manages the apps' flows encryption keys; *apps.Service
// implements it.
type AppKeys interface {
	GenerateKey(ctx context.Context, appID string) (apps.KeyPair, error)
	UploadKey(ctx context.Context, appID string, pemData, passphrase []byte) (apps.KeyPair, error)
	RotateKey(ctx context.Context, appID string, window time.Duration) (apps.KeyPair, error)
	Keys(ctx context.Context, appID string) ([]apps.KeyPair, error)
	MarkPushed(ctx context.Context, appID string, version int, pushErr error) error
}

// ProviderSet finds the provider that acts for a BSP; false when the
// server has none configured for it. It must be safe for concurrent use.
type ProviderSet interface {
	Provider(bsp providers.BSP) (providers.Provider, bool)
}

// AppsDeps is what the apps routes need.
type AppsDeps struct {
	Apps AppCatalog
	Keys AppKeys
	// Providers push public keys to the BSPs; nil means none is
	// configured, so every push is recorded as unsupported.
	Providers ProviderSet
	// KeyChanged, when set, is called after an app's keys or credentials
	// changed or it was deleted, so that what was built from them (the data
	// endpoint's key set and app secret) can be dropped.
	KeyChanged func(appID string)
}

// Schema names of the apps routes.
const (
	SchemaApp               = "App"
	SchemaAppCreate         = "AppCreate"
	SchemaAppUpdate         = "AppUpdate"
	SchemaAppList           = "AppList"
	SchemaEncryption        = "Encryption"
	SchemaEncryptionRequest = "EncryptionRequest"
)

// RegisterApps mounts the /wa/v2/apps routes on s.
func RegisterApps(s *Server, deps AppsDeps) {
	h := &appsHandlers{deps: deps, log: s.log}
	defineAppSchemas(s)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/apps/", Tag: "apps", Response: SchemaAppList,
		Summary: "List apps in creation order, a page at a time.",
		Query: []QueryParam{
			{Name: "limit", Type: "integer", Description: "Page size, 1 to 200; default 50."},
			{Name: "after", Type: "string", Description: "The next cursor of the previous page."},
		}}, h.list)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/apps/", Tag: "apps", Request: SchemaAppCreate,
		Response: SchemaApp, Status: http.StatusCreated,
		Summary: "Create an app. Credentials are sealed at rest and never returned."}, h.create)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/apps/:id", Tag: "apps", Response: SchemaApp,
		Summary: "Get an app; credentials are shown by name only."}, h.get)
	s.Handle(Route{Method: http.MethodPatch, Path: "/wa/v2/apps/:id", Tag: "apps", Request: SchemaAppUpdate,
		Response: SchemaApp,
		Summary:  "Change an app. Settings and credentials merge: an empty value removes the key."}, h.update)
	s.Handle(Route{Method: http.MethodDelete, Path: "/wa/v2/apps/:id", Tag: "apps", Status: http.StatusNoContent,
		Summary: "Delete an app and its encryption keys."}, h.delete)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/apps/:id/encryption", Tag: "apps", Response: SchemaEncryption,
		Summary: "The app's flows public key, its push status and the previous keys still decrypting."}, h.getEncryption)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/apps/:id/encryption", Tag: "apps",
		Request: SchemaEncryptionRequest, Response: SchemaEncryption, Status: http.StatusCreated,
		Summary: "Generate, upload or rotate the app's flows key and push its public half to the BSP. " +
			"A failed or unsupported push is recorded in push_status, not answered as an error."}, h.postEncryption)
}

type appsHandlers struct {
	deps AppsDeps
	log  *slog.Logger
}

// appCreate is the body of POST /wa/v2/apps/.
type appCreate struct {
	Name          string            `json:"name"`
	BSP           providers.BSP     `json:"bsp"`
	PhoneNumber   string            `json:"phone_number"`
	PhoneNumberID string            `json:"phone_number_id"`
	WABAID        string            `json:"waba_id"`
	Credentials   map[string]string `json:"credentials"`
	Settings      map[string]string `json:"settings"`
}

// appUpdate is the body of PATCH /wa/v2/apps/{id}. BSP is accepted only to
// refuse a change with a clear message.
type appUpdate struct {
	Name          *string           `json:"name"`
	BSP           *providers.BSP    `json:"bsp"`
	PhoneNumber   *string           `json:"phone_number"`
	PhoneNumberID *string           `json:"phone_number_id"`
	WABAID        *string           `json:"waba_id"`
	Credentials   map[string]string `json:"credentials"`
	Settings      map[string]string `json:"settings"`
}

// appView is an app as the API shows it: credentials by name only.
type appView struct {
	ID              string            `json:"id"`
	Name            string            `json:"name"`
	BSP             providers.BSP     `json:"bsp"`
	PhoneNumber     string            `json:"phone_number"`
	PhoneNumberID   string            `json:"phone_number_id"`
	WABAID          string            `json:"waba_id"`
	Settings        map[string]string `json:"settings"`
	CredentialNames []string          `json:"credential_names"`
	Version         int               `json:"version"`
	CreatedAt       time.Time         `json:"created_at"`
	UpdatedAt       time.Time         `json:"updated_at"`
}

func viewApp(a apps.App) appView {
	v := appView{ID: a.ID, Name: a.Name, BSP: a.BSP, PhoneNumber: a.PhoneNumber, PhoneNumberID: a.PhoneNumberID,
		WABAID: a.WABAID, Settings: a.Settings, CredentialNames: a.CredentialNames(), Version: a.Version,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	if v.Settings == nil {
		v.Settings = map[string]string{}
	}
	if v.CredentialNames == nil {
		v.CredentialNames = []string{}
	}
	return v
}

func secrets(m map[string]string) map[string]crypto.Secret {
	if m == nil {
		return nil
	}
	out := make(map[string]crypto.Secret, len(m))
	for k, v := range m {
		out[k] = crypto.Secret(v)
	}
	return out
}

func (h *appsHandlers) list(c *fiber.Ctx) error {
	limit := 0
	if raw := c.Query("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return Validation("the limit parameter is invalid",
				FieldDetail{Field: "limit", Message: "must be an integer from 1 to " + strconv.Itoa(apps.MaxPageSize)})
		}
		limit = n
	}
	page, err := h.deps.Apps.List(c.UserContext(), c.Query("after"), limit)
	if err != nil {
		return err
	}
	out := struct {
		Data []appView `json:"data"`
		Next string    `json:"next,omitempty"`
	}{Data: make([]appView, len(page.Apps)), Next: page.Next}
	for i, a := range page.Apps {
		out.Data[i] = viewApp(a)
	}
	return c.JSON(out)
}

func (h *appsHandlers) create(c *fiber.Ctx) error {
	var req appCreate
	if err := DecodeJSON(c, &req); err != nil {
		return err
	}
	a, err := h.deps.Apps.Create(c.UserContext(), apps.App{
		Name: req.Name, BSP: req.BSP, PhoneNumber: req.PhoneNumber, PhoneNumberID: req.PhoneNumberID,
		WABAID: req.WABAID, Credentials: secrets(req.Credentials), Settings: req.Settings,
	})
	if err != nil {
		return err
	}
	c.Location("/wa/v2/apps/" + a.ID)
	return c.Status(http.StatusCreated).JSON(viewApp(a))
}

func (h *appsHandlers) get(c *fiber.Ctx) error {
	a, err := h.deps.Apps.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(viewApp(a))
}

func (h *appsHandlers) update(c *fiber.Ctx) error {
	var req appUpdate
	if err := DecodeJSON(c, &req); err != nil {
		return err
	}
	ctx, id := c.UserContext(), c.Params("id")
	if req.BSP != nil {
		cur, err := h.deps.Apps.Get(ctx, id)
		if err != nil {
			return err
		}
		if *req.BSP != cur.BSP {
			return brokenRules(FieldDetail{Field: "bsp", Message: "cannot change; an app on another BSP is another app"})
		}
	}
	a, err := h.deps.Apps.Update(ctx, id, apps.Change{
		Name: req.Name, PhoneNumber: req.PhoneNumber, PhoneNumberID: req.PhoneNumberID, WABAID: req.WABAID,
		Settings: req.Settings, Credentials: secrets(req.Credentials),
	})
	if err != nil {
		return err
	}
	h.keyChanged(a.ID)
	return c.JSON(viewApp(a))
}

func (h *appsHandlers) delete(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.deps.Apps.Delete(c.UserContext(), id); err != nil {
		return err
	}
	h.keyChanged(id)
	return c.SendStatus(http.StatusNoContent)
}

func (h *appsHandlers) keyChanged(appID string) {
	if h.deps.KeyChanged != nil {
		h.deps.KeyChanged(appID)
	}
}
