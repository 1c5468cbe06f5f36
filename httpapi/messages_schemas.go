package httpapi

import (
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

func enumOf[T ~string](values []T) Schema {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return Schema{"type": "string", "enum": out}
}

// outboundProperties are the members of an outbound message, shared by the
// send body and the stored request.
func outboundProperties() Schema {
	str := Schema{"type": "string"}
	obj := func(desc string) Schema { return Schema{"type": "object", "description": desc} }
	return Schema{
		"to":            Schema{"type": "string", "description": "The recipient's number in E.164 digits, + optional; not for mark_read."},
		"reply_to":      Schema{"type": "string", "description": "The id of the message this one quotes."},
		"callback_data": str,
		"type":          enumOf(providers.MessageTypes()),
		"text":          obj("type text: {body, preview_url}."),
		"media":         obj("type media: {kind: image|video|document|audio|sticker, link or id, caption, filename, voice}."),
		"reaction":      obj("type reaction: {message_id, emoji}; an empty emoji removes the reaction."),
		"template": obj("type template: {name, language, components: [{type: header|body|button, sub_type, index, " +
			"parameters: [{type, name, text, media, location, payload, action: {flow_token, flow_action_data}, coupon_code}]}]}. " +
			"Checked against the app's stored template, which must be APPROVED."),
		"interactive": obj("type interactive: {type: button|list|cta_url|location_request|flow, header, body, footer, buttons, " +
			"list_button, sections, cta: {display_text, url}, flow: {flow_id or flow_name (waflow's), cta (at most 20 characters), " +
			"token, mode: published|draft, action: navigate|data_exchange, screen, data}}. A flow token is issued when none is given."),
		"mark_read": obj("type mark_read: {message_id, typing}."),
	}
}

func defineMessageSchemas(s *Server) {
	str := Schema{"type": "string"}
	ts := Schema{"type": "string", "format": "date-time"}
	errInfo := Schema{"type": "object", "properties": Schema{"code": str, "message": str, "kind": str}}
	send := outboundProperties()
	send["app_id"] = Schema{"type": "string", "description": "The app that sends."}
	s.DefineSchema(SchemaMessageSend, Schema{
		"type": "object", "additionalProperties": false, "required": []string{"app_id", "type"}, "properties": send,
	})
	s.DefineSchema(SchemaMessage, Schema{
		"type":     "object",
		"required": []string{"id", "app_id", "bsp", "type", "request", "status", "created_at", "updated_at"},
		"properties": Schema{
			"id":              str,
			"app_id":          str,
			"bsp":             str,
			"to":              str,
			"type":            enumOf(providers.MessageTypes()),
			"request":         Schema{"type": "object", "description": "The message as the BSP was sent it: flows by the BSP's id, tokens filled in.", "properties": outboundProperties()},
			"flow_id":         Schema{"type": "string", "description": "waflow's id of the flow the message opens."},
			"flow_token":      Schema{"type": "string", "description": "The flow token sent, which the completion echoes."},
			"template_id":     str,
			"status":          enumOf(providers.MessageStatuses()),
			"bsp_message_id":  Schema{"type": "string", "description": "The id the BSP gave the message."},
			"wamid":           Schema{"type": "string", "description": "WhatsApp's id, when known."},
			"error":           errInfo,
			"idempotency_key": str,
			"created_at":      ts,
			"updated_at":      ts,
			"history": Schema{"type": "array", "description": "GET by id only: every status reported, in the order received.",
				"items": Schema{"type": "object", "properties": Schema{
					"status":      enumOf(providers.MessageStatuses()),
					"at":          ts,
					"source":      enumOf([]messaging.Source{messaging.SourceAPI, messaging.SourceSend, messaging.SourceWebhook}),
					"applied":     Schema{"type": "boolean", "description": "false for a status that came out of order and changed nothing."},
					"error":       errInfo,
					"recorded_at": ts,
				}}},
		},
	})
	s.DefineSchema(SchemaMessageList, listSchema(SchemaMessage))
}
