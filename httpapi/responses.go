package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/messaging"
)

// FlowResponses reads flow completions; *messaging.Responses implements
// it. Invalid queries are *messaging.ValidationError values.
type FlowResponses interface {
	List(ctx context.Context, q messaging.ResponseQuery) (messaging.ResponsePage, error)
}

// Schema names of the flow responses route.
const (
	SchemaFlowResponse     = "FlowResponse"
	SchemaFlowResponseList = "FlowResponseList"
)

// RegisterResponses mounts GET /wa/v2/flows/{id}/responses.
func RegisterResponses(s *Server, responses FlowResponses) {
	str := Schema{"type": "string"}
	s.DefineSchema(SchemaFlowResponse, Schema{
		"type":     "object",
		"required": []string{"id", "bsp", "reply_message_id", "recipient", "response_json", "received_at", "created_at"},
		"properties": Schema{
			"id":                 str,
			"flow_id":            Schema{"type": "string", "description": "waflow's flow id, from the flow token or the flow message answered."},
			"app_id":             str,
			"bsp":                str,
			"flow_token":         str,
			"message_id":         Schema{"type": "string", "description": "waflow's id of the message that sent the flow."},
			"context_message_id": Schema{"type": "string", "description": "The BSP's id of the flow message answered."},
			"reply_message_id":   Schema{"type": "string", "description": "The BSP's id of the completion message."},
			"recipient":          Schema{"type": "string", "description": "The user's WhatsApp id."},
			"response_json":      Schema{"type": "object", "description": "The answers, decoded."},
			"body":               str,
			"received_at":        Schema{"type": "string", "format": "date-time"},
			"created_at":         Schema{"type": "string", "format": "date-time"},
		},
	})
	s.DefineSchema(SchemaFlowResponseList, listSchema(SchemaFlowResponse))
	s.Handle(Route{Method: http.MethodGet, Path: "/wa/v2/flows/:id/responses", Tag: "flows", Response: SchemaFlowResponseList,
		Query: []QueryParam{
			{Name: "since", Type: "string", Description: "RFC 3339; responses received at or after it."},
			{Name: "until", Type: "string", Description: "RFC 3339; responses received before it."},
			{Name: "recipient", Type: "string", Description: "The user's WhatsApp id."},
			{Name: "limit", Type: "integer", Description: "Page size, 1 to 200; default 50."},
			{Name: "after", Type: "string", Description: "The next cursor of the previous page."},
		},
		Summary: "List a flow's completions in the order they were received, a page at a time."},
		func(c *fiber.Ctx) error {
			q := messaging.ResponseQuery{FlowID: c.Params("id"), Recipient: c.Query("recipient"), After: c.Query("after")}
			var err error
			if q.Since, err = timeQuery(c, "since"); err != nil {
				return err
			}
			if q.Until, err = timeQuery(c, "until"); err != nil {
				return err
			}
			if q.Limit, err = limitQuery(c); err != nil {
				return err
			}
			page, err := responses.List(c.UserContext(), q)
			if err != nil {
				return subscriptionsError(err)
			}
			out := listBody[messaging.FlowResponse]{Data: page.Responses, Next: page.Next}
			if out.Data == nil {
				out.Data = []messaging.FlowResponse{}
			}
			return c.JSON(out)
		})
}

// listBody is every list answer: a page of data and the next cursor.
type listBody[T any] struct {
	Data []T    `json:"data"`
	Next string `json:"next,omitempty"`
}

func listSchema(item string) Schema {
	return Schema{
		"type":     "object",
		"required": []string{"data"},
		"properties": Schema{
			"data": Schema{"type": "array", "items": Ref(item)},
			"next": Schema{"type": "string", "description": "Pass as after to get the next page; absent on the last."},
		},
	}
}

func timeQuery(c *fiber.Ctx, name string) (time.Time, error) {
	raw := c.Query(name)
	if raw == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, raw)
	if err != nil {
		return time.Time{}, Validation("the "+name+" parameter is invalid",
			FieldDetail{Field: name, Message: "must be an RFC 3339 time, for example 2026-01-31T12:00:00Z"})
	}
	return t, nil
}

func limitQuery(c *fiber.Ctx) (int, error) {
	raw := c.Query("limit")
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > messaging.MaxPageSize {
		return 0, Validation("the limit parameter is invalid",
			FieldDetail{Field: "limit", Message: "must be an integer from 1 to " + strconv.Itoa(messaging.MaxPageSize)})
	}
	return n, nil
}
