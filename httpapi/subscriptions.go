package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/messaging"
)

// SubscriptionService manages subscriptions; *messaging.Subscriptions
// implements it. Errors follow package messaging: *ValidationError,
// ErrSubscriptionNotFound, ErrDeliveryNotFound, ErrDeliveryNotDead,
// ErrSubscriptionConflict.
type SubscriptionService interface {
	Create(ctx context.Context, in messaging.SubscriptionInput) (messaging.Subscription, error)
	Get(ctx context.Context, id string) (messaging.Subscription, error)
	List(ctx context.Context, after string, limit int) (messaging.SubscriptionPage, error)
	Update(ctx context.Context, id string, c messaging.SubscriptionChange) (messaging.Subscription, error)
	Delete(ctx context.Context, id string) error
	Deliveries(ctx context.Context, id string, state messaging.DeliveryState, after string, limit int) (messaging.DeliveryPage, error)
	Redeliver(ctx context.Context, id, deliveryID string) (messaging.Delivery, error)
}

// Schema names of the subscription routes.
const (
	SchemaSubscription       = "Subscription"
	SchemaSubscriptionCreate = "SubscriptionCreate"
	SchemaSubscriptionUpdate = "SubscriptionUpdate"
	SchemaSubscriptionList   = "SubscriptionList"
	SchemaDelivery           = "Delivery"
	SchemaDeliveryList       = "DeliveryList"
)

// RegisterSubscriptions mounts /wa/v2/subscriptions and their deliveries.
func RegisterSubscriptions(s *Server, subs SubscriptionService) {
	defineSubscriptionSchemas(s)
	h := subscriptionHandlers{subs: subs}
	page := []QueryParam{
		{Name: "limit", Type: "integer", Description: "Page size, 1 to 200; default 50."},
		{Name: "after", Type: "string", Description: "The next cursor of the previous page."},
	}
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/subscriptions/", Tag: "subscriptions", Response: SchemaSubscriptionList,
		Query: page, Summary: "List subscriptions in creation order, a page at a time."}, h.list)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/subscriptions/", Tag: "subscriptions",
		Request: SchemaSubscriptionCreate, Response: SchemaSubscription, Status: http.StatusCreated,
		Summary: "Create a subscription. The secret signs every delivery; it is sealed at rest and never returned."}, h.create)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/subscriptions/:id", Tag: "subscriptions", Response: SchemaSubscription,
		Summary: "Get a subscription."}, h.get)
	s.Handle(Route{Method: http.MethodPatch, Path: "/wa/v2/subscriptions/:id", Tag: "subscriptions",
		Request: SchemaSubscriptionUpdate, Response: SchemaSubscription,
		Summary: "Change a subscription; fields not given stay. A new secret applies to the next delivery."}, h.update)
	s.Handle(Route{Method: http.MethodDelete, Path: "/wa/v2/subscriptions/:id", Tag: "subscriptions", Status: http.StatusNoContent,
		Summary: "Delete a subscription and its queued deliveries."}, h.delete)
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/subscriptions/:id/deliveries", Tag: "subscriptions",
		Response: SchemaDeliveryList,
		Query:    append([]QueryParam{{Name: "state", Type: "string", Description: "pending, delivered or dead; all when absent."}}, page...),
		Summary:  "List a subscription's deliveries in queue order; state=dead lists the dead letters."}, h.deliveries)
	s.Handle(Route{Method: http.MethodPost, Path: "/wa/v2/subscriptions/:id/deliveries/:delivery_id/redeliver", Tag: "subscriptions",
		Response: SchemaDelivery,
		Summary:  "Queue a dead delivery again, due now, with its attempts reset."}, h.redeliver)
}

type subscriptionHandlers struct{ subs SubscriptionService }

// subscriptionCreate is the body of POST /wa/v2/subscriptions/.
type subscriptionCreate struct {
	Name   string                `json:"name"`
	URL    string                `json:"url"`
	Events []messaging.EventType `json:"events"`
	AppIDs []string              `json:"app_ids"`
	Secret string                `json:"secret"`
}

// subscriptionUpdate is the body of PATCH /wa/v2/subscriptions/{id}.
type subscriptionUpdate struct {
	Name   *string                `json:"name"`
	URL    *string                `json:"url"`
	Events *[]messaging.EventType `json:"events"`
	AppIDs *[]string              `json:"app_ids"`
	Secret *string                `json:"secret"`
}

func viewSubscription(sub messaging.Subscription) messaging.Subscription {
	if sub.AppIDs == nil {
		sub.AppIDs = []string{}
	}
	return sub
}

func (h subscriptionHandlers) list(c *fiber.Ctx) error {
	limit, err := limitQuery(c)
	if err != nil {
		return err
	}
	page, err := h.subs.List(c.UserContext(), c.Query("after"), limit)
	if err != nil {
		return subscriptionsError(err)
	}
	out := listBody[messaging.Subscription]{Data: make([]messaging.Subscription, len(page.Subscriptions)), Next: page.Next}
	for i, sub := range page.Subscriptions {
		out.Data[i] = viewSubscription(sub)
	}
	return c.JSON(out)
}

func (h subscriptionHandlers) create(c *fiber.Ctx) error {
	var req subscriptionCreate
	if err := DecodeJSON(c, &req); err != nil {
		return err
	}
	sub, err := h.subs.Create(c.UserContext(), messaging.SubscriptionInput{Name: req.Name, URL: req.URL,
		Events: req.Events, AppIDs: req.AppIDs, Secret: crypto.Secret(req.Secret)})
	if err != nil {
		return subscriptionsError(err)
	}
	c.Location("/wa/v2/subscriptions/" + sub.ID)
	return c.Status(http.StatusCreated).JSON(viewSubscription(sub))
}

func (h subscriptionHandlers) get(c *fiber.Ctx) error {
	sub, err := h.subs.Get(c.UserContext(), c.Params("id"))
	if err != nil {
		return subscriptionsError(err)
	}
	return c.JSON(viewSubscription(sub))
}

func (h subscriptionHandlers) update(c *fiber.Ctx) error {
	var req subscriptionUpdate
	if err := DecodeJSON(c, &req); err != nil {
		return err
	}
	change := messaging.SubscriptionChange{Name: req.Name, URL: req.URL, Events: req.Events, AppIDs: req.AppIDs}
	if req.Secret != nil {
		secret := crypto.Secret(*req.Secret)
		change.Secret = &secret
	}
	sub, err := h.subs.Update(c.UserContext(), c.Params("id"), change)
	if err != nil {
		return subscriptionsError(err)
	}
	return c.JSON(viewSubscription(sub))
}

func (h subscriptionHandlers) delete(c *fiber.Ctx) error {
	if err := h.subs.Delete(c.UserContext(), c.Params("id")); err != nil {
		return subscriptionsError(err)
	}
	return c.SendStatus(http.StatusNoContent)
}

func (h subscriptionHandlers) deliveries(c *fiber.Ctx) error {
	limit, err := limitQuery(c)
	if err != nil {
		return err
	}
	page, err := h.subs.Deliveries(c.UserContext(), c.Params("id"), messaging.DeliveryState(c.Query("state")), c.Query("after"), limit)
	if err != nil {
		return subscriptionsError(err)
	}
	out := listBody[messaging.Delivery]{Data: page.Deliveries, Next: page.Next}
	if out.Data == nil {
		out.Data = []messaging.Delivery{}
	}
	return c.JSON(out)
}

func (h subscriptionHandlers) redeliver(c *fiber.Ctx) error {
	d, err := h.subs.Redeliver(c.UserContext(), c.Params("id"), c.Params("delivery_id"))
	if err != nil {
		return subscriptionsError(err)
	}
	return c.JSON(d)
}

// subscriptionsError maps the errors of subscriptions, deliveries and
// flow responses to answers; others go to the server's mapping.
func subscriptionsError(err error) error {
	var ve *messaging.ValidationError
	switch {
	case errors.As(err, &ve):
		return fieldErrors(ve.Fields)
	case errors.Is(err, messaging.ErrSubscriptionNotFound):
		return NotFound("no subscription has this id")
	case errors.Is(err, messaging.ErrDeliveryNotFound):
		return NotFound("the subscription has no delivery with this id")
	case errors.Is(err, messaging.ErrDeliveryNotDead):
		return &Error{Status: http.StatusConflict, Code: CodeConflict,
			Message: "only dead deliveries can be redelivered; this one is still pending or was delivered"}
	case errors.Is(err, messaging.ErrSubscriptionConflict):
		return &Error{Status: http.StatusConflict, Code: CodeConflict,
			Message: "the subscription changed concurrently; read it again and retry"}
	}
	return err
}

func defineSubscriptionSchemas(s *Server) {
	str := Schema{"type": "string"}
	ts := Schema{"type": "string", "format": "date-time"}
	events := make([]string, 0, len(messaging.EventTypes()))
	for _, e := range messaging.EventTypes() {
		events = append(events, string(e))
	}
	eventList := Schema{"type": "array", "items": Schema{"type": "string", "enum": events}, "minItems": 1}
	appIDs := Schema{"type": "array", "items": str, "description": "Only events of these apps; all apps when empty."}
	secret := Schema{"type": "string", "minLength": messaging.MinSubscriptionKey, "maxLength": messaging.MaxSubscriptionKey,
		"description": "Signs deliveries (Waflow-Signature); sealed at rest, never returned."}
	s.DefineSchema(SchemaSubscription, Schema{
		"type":     "object",
		"required": []string{"id", "name", "url", "events", "app_ids", "version", "created_at", "updated_at"},
		"properties": Schema{
			"id": str, "name": str, "url": str, "events": eventList, "app_ids": appIDs,
			"version": Schema{"type": "integer"}, "created_at": ts, "updated_at": ts,
		},
	})
	input := func(required []string) Schema {
		sc := Schema{"type": "object", "additionalProperties": false, "properties": Schema{
			"name": str, "url": Schema{"type": "string", "format": "uri"}, "events": eventList, "app_ids": appIDs, "secret": secret,
		}}
		if required != nil {
			sc["required"] = required
		}
		return sc
	}
	s.DefineSchema(SchemaSubscriptionCreate, input([]string{"name", "url", "events", "secret"}))
	s.DefineSchema(SchemaSubscriptionUpdate, input(nil))
	s.DefineSchema(SchemaSubscriptionList, listSchema(SchemaSubscription))
	states := []string{string(messaging.DeliveryPending), string(messaging.DeliveryDelivered), string(messaging.DeliveryDead)}
	s.DefineSchema(SchemaDelivery, Schema{
		"type":     "object",
		"required": []string{"id", "subscription_id", "event_id", "event_type", "ordering_key", "state", "attempts", "next_attempt_at", "created_at", "updated_at"},
		"properties": Schema{
			"id": str, "subscription_id": str, "event_id": str,
			"event_type":      Schema{"type": "string", "enum": events},
			"ordering_key":    Schema{"type": "string", "description": "The conversation; its deliveries go out in order."},
			"state":           Schema{"type": "string", "enum": states},
			"attempts":        Schema{"type": "integer"},
			"next_attempt_at": ts,
			"last_error":      str,
			"last_status":     Schema{"type": "integer", "description": "The receiver's last HTTP status; 0 when it never answered."},
			"created_at":      ts, "updated_at": ts, "delivered_at": ts,
		},
	})
	s.DefineSchema(SchemaDeliveryList, listSchema(SchemaDelivery))
}
