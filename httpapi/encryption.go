package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
)

// Encryption actions of POST /wa/v2/apps/{id}/encryption.
const (
	ActionGenerate = "generate"
	ActionUpload   = "upload"
	ActionRotate   = "rotate"
)

// MaxRotationWindow bounds how long a replaced key may keep decrypting: a
// key that is meant to be gone should not linger for months.
const MaxRotationWindow = 30 * 24 * time.Hour

// keyPushTimeout bounds the call to the BSP, so a BSP that hangs cannot
// hold the request (the key is already stored; the push can be repeated).
const keyPushTimeout = 30 * time.Second

// Push statuses of an app's active key.
const (
	PushPushed      = "pushed"
	PushFailed      = "failed"
	PushUnsupported = "unsupported"
	PushPending     = "pending"
)

// encryptionRequest is the body of POST /wa/v2/apps/{id}/encryption.
type encryptionRequest struct {
	Action        string `json:"action"`
	PrivateKeyPEM string `json:"private_key_pem"`
	Passphrase    string `json:"passphrase"`
	Window        string `json:"window"`
}

// encryptionView is an app's key state as the API shows it.
type encryptionView struct {
	AppID        string            `json:"app_id"`
	Version      int               `json:"version"`
	PublicKey    string            `json:"public_key"`
	Fingerprint  string            `json:"fingerprint"`
	Status       apps.KeyStatus    `json:"status"`
	CreatedAt    time.Time         `json:"created_at"`
	PushStatus   string            `json:"push_status"`
	PushedAt     *time.Time        `json:"pushed_at,omitempty"`
	PushError    string            `json:"push_error,omitempty"`
	PreviousKeys []previousKeyView `json:"previous_keys"`
}

// previousKeyView is a replaced key that still decrypts until RetireAt.
type previousKeyView struct {
	Version     int        `json:"version"`
	PublicKey   string     `json:"public_key"`
	Fingerprint string     `json:"fingerprint"`
	CreatedAt   time.Time  `json:"created_at"`
	RetireAt    *time.Time `json:"retire_at,omitempty"`
}

func (h *appsHandlers) getEncryption(c *fiber.Ctx) error {
	ctx := c.UserContext()
	a, err := h.deps.Apps.Get(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	view, err := h.encryptionView(ctx, a)
	if err != nil {
		return err
	}
	return c.JSON(view)
}

func (h *appsHandlers) postEncryption(c *fiber.Ctx) error {
	var req encryptionRequest
	if err := DecodeJSON(c, &req); err != nil {
		return err
	}
	window, err := req.check()
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	a, err := h.deps.Apps.Get(ctx, c.Params("id"))
	if err != nil {
		return err
	}
	var kp apps.KeyPair
	switch {
	case req.Action == ActionUpload:
		kp, err = h.deps.Keys.UploadKey(ctx, a.ID, []byte(req.PrivateKeyPEM), []byte(req.Passphrase))
		err = uploadError(err)
	case req.Action == ActionRotate && req.Window != "":
		kp, err = h.deps.Keys.RotateKey(ctx, a.ID, window)
	default:
		kp, err = h.deps.Keys.GenerateKey(ctx, a.ID)
	}
	if err != nil {
		return err
	}
	h.keyChanged(a.ID)
	if err := h.push(ctx, RequestID(c), a, kp); err != nil {
		return err
	}
	view, err := h.encryptionView(ctx, a)
	if err != nil {
		return err
	}
	return c.Status(http.StatusCreated).JSON(view)
}

// check validates the request for its action and returns the rotation
// window.
func (r encryptionRequest) check() (time.Duration, error) {
	var fields []FieldDetail
	onlyFor := func(field, value, action string) {
		if value != "" && r.Action != action {
			fields = append(fields, FieldDetail{Field: field, Message: "only allowed with action " + action})
		}
	}
	var window time.Duration
	switch r.Action {
	case ActionGenerate:
	case ActionUpload:
		if r.PrivateKeyPEM == "" {
			fields = append(fields, FieldDetail{Field: "private_key_pem", Message: "required for action upload"})
		}
	case ActionRotate:
		if r.Window == "" {
			break
		}
		d, err := time.ParseDuration(r.Window)
		switch {
		case err != nil:
			fields = append(fields, FieldDetail{Field: "window", Message: `must be a duration such as "72h" or "30m"`})
		case d < 0 || d > MaxRotationWindow:
			fields = append(fields, FieldDetail{Field: "window", Message: "must be from 0 to " + MaxRotationWindow.String()})
		}
		window = d
	case "":
		fields = append(fields, FieldDetail{Field: "action", Message: "required: generate, upload or rotate"})
	default:
		fields = append(fields, FieldDetail{Field: "action", Message: "must be generate, upload or rotate"})
	}
	onlyFor("private_key_pem", r.PrivateKeyPEM, ActionUpload)
	onlyFor("passphrase", r.Passphrase, ActionUpload)
	onlyFor("window", r.Window, ActionRotate)
	if len(fields) > 0 {
		return 0, brokenRules(fields...)
	}
	return window, nil
}

// uploadError says which field of an upload is wrong. Only errors the
// apps package marks as invalid input are the client's; others pass on.
func uploadError(err error) error {
	if err == nil || !errors.Is(err, apps.ErrInvalid) {
		return err
	}
	field, msg := "private_key_pem", "is not a usable RSA private key in PEM form"
	switch {
	case errors.Is(err, crypto.ErrPassphraseRequired):
		field, msg = "passphrase", "required: the private key is encrypted"
	case errors.Is(err, crypto.ErrWrongPassphrase):
		field, msg = "passphrase", "does not decrypt the private key"
	case errors.Is(err, crypto.ErrNoPEM):
		msg = "holds no PEM block"
	case errors.Is(err, crypto.ErrNotRSA):
		msg = "is not an RSA key"
	case errors.Is(err, crypto.ErrKeyTooShort):
		msg = "is shorter than 2048 bits"
	case errors.Is(err, crypto.ErrUnsupportedKeyFormat):
		msg = "is in an unsupported format; use PKCS#1 or PKCS#8 PEM"
	}
	return Validation("the private key cannot be used", FieldDetail{Field: field, Message: msg})
}

// push sends the new public key to the app's BSP and records the outcome.
// Only a failure to record it is returned: the key is stored either way,
// and the answer's push_status tells the client how the push went.
func (h *appsHandlers) push(ctx context.Context, requestID string, a apps.App, kp apps.KeyPair) error {
	var pushErr error
	if p, ok := h.uploader(a.BSP); ok {
		pctx, cancel := context.WithTimeout(ctx, keyPushTimeout)
		pushErr = p.SetPublicKey(pctx, a.Provider(), []byte(kp.PublicPEM))
		cancel()
	} else {
		pushErr = &providers.UnsupportedError{BSP: a.BSP, Operation: providers.OpSetPublicKey}
	}
	if pushErr != nil {
		h.log.WarnContext(ctx, "public key push failed", "request_id", requestID, "app_id", a.ID,
			"bsp", a.BSP, "key_version", kp.Version, "error", pushErr)
	}
	if err := h.deps.Keys.MarkPushed(ctx, a.ID, kp.Version, recordedPushError(pushErr, requestID)); err != nil {
		return fmt.Errorf("httpapi: record key push for %s: %w", a.ID, err)
	}
	return nil
}

// uploader returns the app's provider when it can take a public key.
func (h *appsHandlers) uploader(bsp providers.BSP) (providers.Provider, bool) {
	if h.deps.Providers == nil {
		return nil, false
	}
	p, ok := h.deps.Providers.Provider(bsp)
	if !ok || !p.Capabilities().Supports(providers.OpSetPublicKey) {
		return nil, false
	}
	return p, true
}

// recordedPushError is the push failure as stored and shown in push_error:
// the BSP's own words, never a transport error that names internal hosts.
func recordedPushError(err error, requestID string) error {
	var (
		ue *providers.UnsupportedError
		pe *providers.Error
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ue):
		return ue
	case errors.As(err, &pe):
		msg := fmt.Sprintf("%s %s: %s", pe.BSP, pe.Operation, pe.Kind)
		if pe.Code != "" {
			msg += " (code " + pe.Code + ")"
		}
		if pe.Message != "" {
			msg += ": " + pe.Message
		}
		return errors.New(msg)
	}
	return fmt.Errorf("the BSP could not be reached; see the server log for request %s", requestID)
}

// encryptionView reads the app's keys. An app without any answers 404
// NO_ENCRYPTION_KEY.
func (h *appsHandlers) encryptionView(ctx context.Context, a apps.App) (encryptionView, error) {
	keys, err := h.deps.Keys.Keys(ctx, a.ID)
	if err != nil {
		return encryptionView{}, err
	}
	v := encryptionView{AppID: a.ID, PreviousKeys: []previousKeyView{}}
	found := false
	for _, k := range keys {
		switch k.Status {
		case apps.KeyActive:
			found = true
			v.Version, v.PublicKey, v.Fingerprint, v.Status, v.CreatedAt = k.Version, k.PublicPEM, k.Fingerprint, k.Status, k.CreatedAt
			v.PushedAt, v.PushError = k.PushedAt, k.PushError
		case apps.KeyPrevious:
			v.PreviousKeys = append(v.PreviousKeys, previousKeyView{Version: k.Version, PublicKey: k.PublicPEM,
				Fingerprint: k.Fingerprint, CreatedAt: k.CreatedAt, RetireAt: k.RetireAt})
		}
	}
	if !found {
		return encryptionView{}, fmt.Errorf("httpapi: encryption of %s: %w", a.ID, apps.ErrNoKey)
	}
	_, supported := h.uploader(a.BSP)
	switch {
	case !supported:
		v.PushStatus = PushUnsupported
	case v.PushError != "":
		v.PushStatus = PushFailed
	case v.PushedAt != nil:
		v.PushStatus = PushPushed
	default:
		v.PushStatus = PushPending
	}
	return v, nil
}
