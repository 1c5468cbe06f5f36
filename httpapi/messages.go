package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// MessageService sends and reads messages; *messaging.Service implements
// it. Errors follow package messaging.
type MessageService interface {
	Send(ctx context.Context, req messaging.SendRequest) (messaging.Message, bool, error)
	List(ctx context.Context, o messaging.ListOptions) (messaging.Page, error)
	Get(ctx context.Context, id string) (messaging.Message, []messaging.StatusEvent, error)
}

// HeaderIdempotencyKey makes a send happen once; HeaderIdempotentReplayed
// marks the answer to a repeated key.
const (
	HeaderIdempotencyKey     = "Idempotency-Key"
	HeaderIdempotentReplayed = "Idempotent-Replayed"
	maxIdempotencyKey        = 255
)

// Error codes of the messages and templates routes.
const (
	CodeTemplateParameters = "TEMPLATE_PARAMETERS_MISMATCH"
	CodeIdempotencyReused  = "IDEMPOTENCY_KEY_REUSED"
	CodeStateConflict      = "STATE_CONFLICT"
)

// Schema names of the messages routes.
const (
	SchemaMessage     = "Message"
	SchemaMessageSend = "MessageSend"
	SchemaMessageList = "MessageList"
)

// RegisterMessages mounts the /wa/v2/messages routes on s.
func RegisterMessages(s *Server, msgs MessageService) {
	h := messageHandlers{msgs: msgs}
	defineMessageSchemas(s)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/messages/", Tag: "messages", Request: SchemaMessageSend,
		Response: SchemaMessage, Status: http.StatusCreated,
		Summary: "Send a message (text, media, reaction, template, interactive, flow, mark as read). " +
			"With an Idempotency-Key header, a repeated request returns the first message (200, Idempotent-Replayed: true) " +
			"and the same key with another body is refused (409)."}, h.send)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/messages/", Tag: "messages", Response: SchemaMessageList,
		Summary: "List messages in the order they were sent, a page at a time.",
		Query: []QueryParam{
			{Name: "app_id", Type: "string", Description: "Messages of this app."},
			{Name: "to", Type: "string", Description: "Messages to this recipient."},
			{Name: "status", Type: "string", Description: "PENDING, SENT, DELIVERED, READ or FAILED."},
			{Name: "since", Type: "string", Description: "RFC 3339; messages created at or after it."},
			{Name: "until", Type: "string", Description: "RFC 3339; messages created before it."},
			{Name: "limit", Type: "integer", Description: "Page size, 1 to 200; default 50."},
			{Name: "after", Type: "string", Description: "The next cursor of the previous page."},
		}}, h.list)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/messages/:id", Tag: "messages", Response: SchemaMessage,
		Summary: "Get a message with its status history, late statuses included."}, h.get)
}

type messageHandlers struct{ msgs MessageService }

// messageSend is the body of POST /wa/v2/messages/: the app and an
// outbound message. Flows are named by waflow's flow id or name.
type messageSend struct {
	AppID        string                     `json:"app_id"`
	To           string                     `json:"to"`
	ReplyTo      string                     `json:"reply_to"`
	CallbackData string                     `json:"callback_data"`
	Type         providers.MessageType      `json:"type"`
	Text         *providers.Text            `json:"text"`
	Media        *providers.Media           `json:"media"`
	Reaction     *providers.Reaction        `json:"reaction"`
	Template     *providers.TemplateMessage `json:"template"`
	Interactive  *providers.Interactive     `json:"interactive"`
	MarkRead     *providers.MarkRead        `json:"mark_read"`
}

// messageView is a message as the API shows it; History is set by GET
// /wa/v2/messages/{id} only.
type messageView struct {
	messaging.Message
	History []messaging.StatusEvent `json:"history,omitempty"`
}

func (h messageHandlers) send(c *fiber.Ctx) error {
	var body messageSend
	if err := DecodeJSON(c, &body); err != nil {
		return err
	}
	key := c.Get(HeaderIdempotencyKey)
	if len(key) > maxIdempotencyKey {
		return Validation("the Idempotency-Key header is too long",
			FieldDetail{Field: HeaderIdempotencyKey, Message: fmt.Sprintf("must be at most %d bytes", maxIdempotencyKey)})
	}
	p, _ := PrincipalOf(c)
	m, replayed, err := h.msgs.Send(c.UserContext(), messaging.SendRequest{
		AppID: body.AppID, IdempotencyScope: p.KeyID, IdempotencyKey: key,
		OutboundMessage: providers.OutboundMessage{To: body.To, ReplyTo: body.ReplyTo, CallbackData: body.CallbackData,
			Type: body.Type, Text: body.Text, Media: body.Media, Reaction: body.Reaction, Template: body.Template,
			Interactive: body.Interactive, MarkRead: body.MarkRead},
	})
	if err != nil {
		return messagingError(err)
	}
	c.Location("/wa/v2/messages/" + m.ID)
	if replayed {
		c.Set(HeaderIdempotentReplayed, "true")
		return c.JSON(messageView{Message: m})
	}
	return c.Status(http.StatusCreated).JSON(messageView{Message: m})
}

func (h messageHandlers) list(c *fiber.Ctx) error {
	o := messaging.ListOptions{AppID: c.Query("app_id"), To: c.Query("to"),
		Status: providers.MessageStatus(c.Query("status")), After: c.Query("after")}
	var err error
	if o.Since, err = timeQuery(c, "since"); err != nil {
		return err
	}
	if o.Until, err = timeQuery(c, "until"); err != nil {
		return err
	}
	if o.Limit, err = limitQuery(c); err != nil {
		return err
	}
	page, err := h.msgs.List(c.UserContext(), o)
	if err != nil {
		return messagingError(err)
	}
	out := listBody[messageView]{Data: make([]messageView, len(page.Messages)), Next: page.Next}
	for i, m := range page.Messages {
		out.Data[i] = messageView{Message: m}
	}
	return c.JSON(out)
}

func (h messageHandlers) get(c *fiber.Ctx) error {
	m, history, err := h.msgs.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return messagingError(err)
	}
	if history == nil {
		history = []messaging.StatusEvent{}
	}
	return c.JSON(messageView{Message: m, History: history})
}

// ResourceDetail names the stored message or template a failed BSP call
// left behind, FAILED, so that the client can read it.
type ResourceDetail struct {
	MessageID  string `json:"message_id,omitempty"`
	TemplateID string `json:"template_id,omitempty"`
}

// ParameterDetail is one template placeholder a message does not fill as
// its template wants.
type ParameterDetail struct {
	Field string `json:"field"`
	messaging.ParameterProblem
}

// StateDetail says which flow, template or message refused a request in
// which status, and why.
type StateDetail struct {
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// messagingError answers the errors of package messaging; the BSP's and
// the apps' errors fall through to the server's mapping.
func messagingError(err error) error {
	var (
		ve  *messaging.ValidationError
		pe  *messaging.ParametersError
		ie  *messaging.IdempotencyError
		se  *messaging.StateError
		sde *messaging.SendError
		sue *messaging.SubmitError
	)
	switch {
	case errors.As(err, &ve):
		return fieldErrors(ve.Fields)
	case errors.As(err, &pe):
		out := &Error{Status: http.StatusBadRequest, Code: CodeTemplateParameters,
			Message: fmt.Sprintf("the parameters do not fit template %s (%s)", pe.Template, pe.Language)}
		for _, p := range pe.Problems {
			out.Details = append(out.Details, ParameterDetail{Field: p.Field(), ParameterProblem: p})
		}
		return out
	case errors.As(err, &ie):
		return &Error{Status: http.StatusConflict, Code: CodeIdempotencyReused,
			Message: "this Idempotency-Key was used for a request with another body; use a new key for a new message",
			Details: []any{ResourceDetail{MessageID: ie.MessageID}}}
	case errors.As(err, &se):
		return &Error{Status: http.StatusConflict, Code: CodeStateConflict,
			Message: fmt.Sprintf("%s %s is %s: %s", se.Kind, se.ID, se.Status, se.Reason),
			Details: []any{StateDetail{Kind: se.Kind, ID: se.ID, Status: se.Status, Reason: se.Reason}}}
	case errors.As(err, &sde):
		return withResource(sde.Err, ResourceDetail{MessageID: sde.MessageID})
	case errors.As(err, &sue):
		return withResource(sue.Err, ResourceDetail{TemplateID: sue.TemplateID})
	case errors.Is(err, messaging.ErrNotFound):
		return NotFound("no message or template has this id")
	case errors.Is(err, messaging.ErrConflict):
		return &Error{Status: http.StatusConflict, Code: CodeConflict,
			Message: "the request conflicts with the current state; read it again and retry"}
	}
	return err
}

// withResource answers a BSP failure as the server does and names the
// stored resource it left.
func withResource(err error, d ResourceDetail) error {
	out := *errorFor(err)
	out.Details = append(append([]any{}, out.Details...), d)
	return &out
}
