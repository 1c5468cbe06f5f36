package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// WebhookInbound verifies and stores BSP webhooks; *messaging.Inbound
// implements it. Errors are classified by messaging.InboundStatus.
type WebhookInbound interface {
	Receive(ctx context.Context, bsp providers.BSP, header http.Header, body []byte) error
	Handshake(ctx context.Context, bsp providers.BSP, query url.Values) (string, error)
}

// Schema names of the webhook routes.
const (
	SchemaWebhookAck       = "WebhookAck"
	SchemaWebhookChallenge = "WebhookChallenge"
)

// RegisterWebhooks mounts GET and POST /wa/v2/webhooks/{bsp}/, the URL
// each BSP is given. They take no API key: the POST is authenticated by its
// signature, the GET by the verify token. The POST takes bodies up to
// messaging.DefaultMaxWebhookBytes, as Meta's payloads reach 3 MB, whatever
// the server's BodyLimit.
func RegisterWebhooks(s *Server, in WebhookInbound) {
	s.DefineSchema(SchemaWebhookAck, Schema{
		"type":       "object",
		"required":   []string{"status"},
		"properties": Schema{"status": Schema{"type": "string", "enum": []string{"received"}}},
	})
	s.DefineSchema(SchemaWebhookChallenge, Schema{"type": "string", "description": "The hub.challenge value, echoed."})
	h := webhookHandlers{in: in}
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/webhooks/:bsp/", Tag: "webhooks",
		Response: SchemaWebhookChallenge, ContentType: "text/plain",
		Query: []QueryParam{
			{Name: "hub.mode", Type: "string", Description: "Must be subscribe."},
			{Name: "hub.verify_token", Type: "string", Description: "An app's verify_token."},
			{Name: "hub.challenge", Type: "string", Description: "Echoed as the body."},
		},
		Summary: "Meta's verification handshake: answers hub.challenge when the verify token is known, else 403."}, h.handshake)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/webhooks/:bsp/", Tag: "webhooks", Response: SchemaWebhookAck,
		BodyLimit: messaging.DefaultMaxWebhookBytes,
		Summary: "Receive a BSP's webhook: the signature is checked over the raw body (401 missing, 403 wrong), " +
			"the body is stored durably, and 200 is answered before processing."}, h.receive)
}

type webhookHandlers struct{ in WebhookInbound }

func bspParam(c *fiber.Ctx) providers.BSP { return providers.BSP(strings.ToUpper(c.Params("bsp"))) }

func (h webhookHandlers) handshake(c *fiber.Ctx) error {
	query, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return inboundError(messaging.ErrHandshakeRefused)
	}
	challenge, err := h.in.Handshake(c.UserContext(), bspParam(c), query)
	if err != nil {
		return inboundError(err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.SendString(challenge)
}

func (h webhookHandlers) receive(c *fiber.Ctx) error {
	header := http.Header{}
	c.Request().Header.VisitAll(func(k, v []byte) { header.Add(string(k), string(v)) })
	// The raw bytes, never a decoded or re-encoded body: the signature is
	// over exactly what was sent.
	if err := h.in.Receive(c.UserContext(), bspParam(c), header, c.Request().Body()); err != nil {
		return inboundError(err)
	}
	return c.JSON(fiber.Map{"status": "received"})
}

// inboundError answers the pipeline's refusals with their own status and
// code; a 500 keeps its cause for the log.
func inboundError(err error) error {
	status := messaging.InboundStatus(err)
	if status == http.StatusInternalServerError {
		return err
	}
	return &Error{Status: status, Code: messaging.InboundErrorCode(err), Message: messaging.InboundErrorMessage(err)}
}
