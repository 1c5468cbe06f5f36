package httpapi

import (
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
)

func defineFlowSchemas(s *Server) {
	str := Schema{"type": "string"}
	integer := Schema{"type": "integer"}
	ts := Schema{"type": "string", "format": "date-time"}
	strs := Schema{"type": "array", "items": str}
	statuses := make([]string, 0, len(lifecycle.Statuses()))
	for _, st := range lifecycle.Statuses() {
		statuses = append(statuses, string(st))
	}
	actions := make([]string, 0, len(lifecycle.Actions()))
	for _, a := range lifecycle.Actions() {
		actions = append(actions, string(a))
	}
	bsps := make([]string, 0, len(providers.BSPs()))
	for _, b := range providers.BSPs() {
		bsps = append(bsps, string(b))
	}
	categories := Schema{"type": "array", "items": str, "minItems": 1,
		"description": "Meta's flow categories (SIGN_UP, SURVEY, OTHER, ...); an unknown one is refused with the list."}
	diagnostics := Schema{"type": "array", "items": Schema{
		"type":     "object",
		"required": []string{"code", "severity", "pointer", "line", "column", "message"},
		"properties": Schema{
			"code":     str,
			"severity": Schema{"type": "string", "enum": []string{"error", "warning"}},
			"pointer":  Schema{"type": "string", "description": "RFC 6901 JSON pointer of the value concerned."},
			"line":     Schema{"type": "integer", "description": "1-based; 0 when unknown."},
			"column":   Schema{"type": "integer", "description": "1-based, in bytes; 0 when unknown."},
			"message":  str,
		},
	}}

	s.DefineSchema(SchemaFlow, Schema{
		"type": "object",
		"required": []string{"id", "name", "categories", "status", "current_revision", "published_revision",
			"script_revision", "version", "created_at", "updated_at", "allowed_actions"},
		"properties": Schema{
			"id":                 str,
			"name":               str,
			"categories":         strs,
			"status":             Schema{"type": "string", "enum": statuses},
			"current_revision":   Schema{"type": "integer", "description": "The newest Flow JSON revision; 0 before the first upload."},
			"published_revision": Schema{"type": "integer", "description": "The revision users get; 0 while never published."},
			"script_revision":    Schema{"type": "integer", "description": "The current handler script; 0 when there is none."},
			"endpoint_uri":       Schema{"type": "string", "description": "Overrides the data endpoint WhatsApp calls."},
			"version":            Schema{"type": "integer", "description": "Counts changes, from 1."},
			"created_at":         ts,
			"updated_at":         ts,
			"allowed_actions":    Schema{"type": "array", "items": Schema{"type": "string", "enum": actions}},
		},
	})
	s.DefineSchema(SchemaFlowCreate, Schema{
		"type":                 "object",
		"additionalProperties": false,
		"required":             []string{"name", "categories"},
		"properties": Schema{
			"name":         str,
			"categories":   categories,
			"endpoint_uri": Schema{"type": "string", "description": "Overrides waflow's own data endpoint."},
			"app_ids":      Schema{"type": "array", "items": str, "description": "Apps to deploy the flow to at once."},
		},
	})
	s.DefineSchema(SchemaFlowUpdate, Schema{
		"type":                 "object",
		"additionalProperties": false,
		"properties": Schema{
			"name":         str,
			"categories":   categories,
			"endpoint_uri": Schema{"type": "string", "description": `"" goes back to waflow's own data endpoint.`},
		},
	})
	s.DefineSchema(SchemaFlowList, listSchemaOf(SchemaFlow, true))

	revision := Schema{
		"type":     "object",
		"required": []string{"flow_id", "number", "flow_json_version", "valid", "diagnostics", "created_at"},
		"properties": Schema{
			"flow_id":           str,
			"number":            integer,
			"flow_json_version": str,
			"data_api_version":  str,
			"valid":             Schema{"type": "boolean"},
			"diagnostics":       diagnostics,
			"created_at":        ts,
		},
	}
	s.DefineSchema(SchemaFlowRevision, revision)
	s.DefineSchema(SchemaRevisionList, listSchemaOf(SchemaFlowRevision, false))
	s.DefineSchema(SchemaRevisionPut, Schema{
		"type":       "object",
		"required":   []string{"flow", "revision"},
		"properties": Schema{"flow": Ref(SchemaFlow), "revision": Ref(SchemaFlowRevision)},
	})
	s.DefineSchema(SchemaFlowScript, Schema{
		"type":     "object",
		"required": []string{"flow_id", "revision", "form", "created_at"},
		"properties": Schema{
			"flow_id":    str,
			"revision":   integer,
			"form":       Schema{"type": "string", "enum": []string{"kapso", "plain"}},
			"created_at": ts,
		},
	})
	s.DefineSchema(SchemaScriptPut, Schema{
		"type":       "object",
		"required":   []string{"flow", "script"},
		"properties": Schema{"flow": Ref(SchemaFlow), "script": Ref(SchemaFlowScript)},
	})
	s.DefineSchema(SchemaFlowJSONSource, Schema{"type": "object", "description": "A Flow JSON document, as uploaded."})
	s.DefineSchema(SchemaScriptSource, Schema{"type": "string", "description": "JavaScript source."})
	s.DefineSchema(SchemaValidation, Schema{
		"type":     "object",
		"required": []string{"valid", "version", "diagnostics"},
		"properties": Schema{
			"valid":       Schema{"type": "boolean", "description": "No errors; warnings allowed unless strict."},
			"version":     Schema{"type": "string", "description": `The version checked against; "" when none could be determined.`},
			"diagnostics": diagnostics,
		},
	})

	s.DefineSchema(SchemaFlowTarget, Schema{
		"type":     "object",
		"required": []string{"flow_id", "app_id", "desired", "revision", "step_state", "events"},
		"properties": Schema{
			"flow_id":            str,
			"app_id":             str,
			"app_name":           str,
			"bsp":                Schema{"type": "string", "enum": bsps},
			"desired":            Schema{"type": "string", "enum": statuses},
			"revision":           Schema{"type": "integer", "description": "The revision the target should serve."},
			"generation":         integer,
			"remote_id":          Schema{"type": "string", "description": "The flow's id at the BSP."},
			"meta_flow_id":       Schema{"type": "string", "description": "Meta's id of the flow, when the BSP has ids of its own (Kapso)."},
			"remote_status":      Schema{"type": "string", "description": "The status the BSP reports."},
			"uploaded_revision":  integer,
			"published_revision": integer,
			"endpoint_uri":       str,
			"in_flight":          Schema{"type": "string", "description": "A step whose call started and whose outcome is unknown."},
			"step":               Schema{"type": "string", "description": "The reconciler's last step: create, upload, endpoint, publish or deprecate."},
			"step_state":         Schema{"type": "string", "enum": []string{"pending", "retrying", "failed", "unsupported", "done"}},
			"attempts":           integer,
			"next_attempt_at":    ts,
			"last_error":         str,
			"unsupported":        Schema{"type": "array", "items": str, "description": "Operations the BSP does not offer."},
			"created_at":         ts,
			"updated_at":         ts,
			"events": Schema{"type": "array", "description": "The latest steps, newest first.", "items": Schema{
				"type": "object",
				"properties": Schema{
					"step":    str,
					"outcome": Schema{"type": "string", "enum": []string{"ok", "failed", "unsupported"}},
					"attempt": integer,
					"error":   str,
					"at":      ts,
				},
			}},
		},
	})
	s.DefineSchema(SchemaTargetList, listSchemaOf(SchemaFlowTarget, false))
	s.DefineSchema(SchemaFlowPreview, Schema{
		"type":     "object",
		"required": []string{"flow_id", "targets"},
		"properties": Schema{
			"flow_id": str,
			"targets": Schema{"type": "array", "items": Schema{
				"type":     "object",
				"required": []string{"app_id"},
				"properties": Schema{
					"app_id":      str,
					"bsp":         Schema{"type": "string", "enum": bsps},
					"remote_id":   str,
					"preview_url": Schema{"type": "string", "description": "The BSP's preview link."},
					"error":       Schema{"type": "string", "description": "Why there is no link for this target."},
				},
			}},
		},
	})
}

// listSchemaOf is a list answer of item; paged lists have a next cursor.
func listSchemaOf(item string, paged bool) Schema {
	props := Schema{"data": Schema{"type": "array", "items": Ref(item)}}
	if paged {
		props["next"] = Schema{"type": "string", "description": "Cursor of the next page; absent on the last one."}
	}
	return Schema{"type": "object", "required": []string{"data"}, "properties": props}
}
