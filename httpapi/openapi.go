package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Schema is a JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as a
// plain map, ready to be marshalled.
type Schema map[string]any

// Ref returns a schema that refers to the named component schema.
func Ref(name string) Schema { return Schema{"$ref": "#/components/schemas/" + name} }

// DefineSchema records a component schema that routes name as their
// Request or Response. Define schemas before the routes that use them;
// redefining one panics.
func (s *Server) DefineSchema(name string, schema Schema) {
	if name == "" || schema == nil {
		panic("httpapi: DefineSchema needs a name and a schema")
	}
	if _, dup := s.schemas[name]; dup {
		panic(fmt.Sprintf("httpapi: schema %q defined twice", name))
	}
	s.schemas[name] = schema
}

// Schema names defined by every server.
const (
	SchemaError = "Error"
)

func (s *Server) defineCommonSchemas() {
	s.DefineSchema(SchemaError, Schema{
		"type":     "object",
		"required": []string{"error"},
		"properties": Schema{
			"error": Schema{
				"type":     "object",
				"required": []string{"code", "message", "details"},
				"properties": Schema{
					"code":       Schema{"type": "string", "description": "Stable, machine-readable code."},
					"message":    Schema{"type": "string"},
					"details":    Schema{"type": "array", "description": "Fields, positions, diagnostics or allowed transitions, by code."},
					"request_id": Schema{"type": "string"},
				},
			},
		},
	})
}

// OpenAPI returns the OpenAPI 3.1 document of every route registered so
// far, ready for encoding/json (which sorts map keys, so the output is
// stable).
func (s *Server) OpenAPI() map[string]any {
	paths := map[string]any{}
	for _, r := range s.Routes() {
		p := OpenAPIPath(r.Path)
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		item[strings.ToLower(r.Method)] = s.operation(r)
	}
	schemas := make(map[string]any, len(s.schemas))
	for name, sc := range s.schemas {
		schemas[name] = sc
	}
	return map[string]any{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
		"info": map[string]any{
			"title":   "waflow",
			"version": s.version,
			"description": "Management API of waflow: WhatsApp apps and their flows encryption keys, flows and their lifecycle. " +
				"Errors are JSON: {\"error\": {\"code\", \"message\", \"details\", \"request_id\"}}.",
		},
		"security": []any{map[string]any{"bearer": []string{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "An API key."},
			},
		},
	}
}

func (s *Server) operation(r Route) map[string]any {
	op := map[string]any{
		"operationId": operationID(r),
		"summary":     r.Summary,
	}
	if r.Tag != "" {
		op["tags"] = []string{r.Tag}
	}
	if r.Public {
		op["security"] = []any{}
	}
	var params []any
	for _, seg := range strings.Split(r.Path, "/") {
		if name, ok := strings.CutPrefix(seg, ":"); ok {
			params = append(params, map[string]any{"name": name, "in": "path", "required": true,
				"schema": Schema{"type": "string"}})
		}
	}
	for _, q := range r.Query {
		params = append(params, map[string]any{"name": q.Name, "in": "query", "description": q.Description,
			"schema": Schema{"type": q.Type}})
	}
	if params != nil {
		op["parameters"] = params
	}
	switch {
	case r.Request != "":
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			fiber.MIMEApplicationJSON: map[string]any{"schema": Ref(r.Request)},
		}}
	case len(r.RequestTypes) > 0:
		content := map[string]any{}
		for _, t := range r.RequestTypes {
			content[t] = map[string]any{"schema": Schema{"type": "string"}}
		}
		op["requestBody"] = map[string]any{"required": true, "content": content}
	}
	success := map[string]any{"description": http.StatusText(r.status())}
	if r.Response != "" {
		success["content"] = map[string]any{r.contentType(): map[string]any{"schema": Ref(r.Response)}}
	}
	errBody := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{
			fiber.MIMEApplicationJSON: map[string]any{"schema": Ref(SchemaError)},
		}}
	}
	responses := map[string]any{
		strconv.Itoa(r.status()): success,
		"4XX":                    errBody("The request cannot be served as sent; the code says why."),
		"5XX":                    errBody("The server or a BSP failed."),
	}
	if !r.Public {
		responses["401"] = errBody("No API key, or not a valid one.")
	}
	op["responses"] = responses
	return op
}

// OpenAPIPath turns a Fiber pattern into an OpenAPI path template
// ("/wa/v2/apps/:id" → "/wa/v2/apps/{id}").
func OpenAPIPath(pattern string) string {
	segs := strings.Split(pattern, "/")
	for i, seg := range segs {
		if name, ok := strings.CutPrefix(seg, ":"); ok {
			segs[i] = "{" + name + "}"
		}
	}
	return strings.Join(segs, "/")
}

// operationID derives a stable id: "get_wa_v2_apps_id".
func operationID(r Route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(r.Method))
	for _, seg := range strings.Split(r.Path, "/") {
		seg = strings.TrimPrefix(seg, ":")
		seg = strings.NewReplacer(".", "_", "-", "_").Replace(seg)
		if seg != "" {
			b.WriteString("_")
			b.WriteString(seg)
		}
	}
	return b.String()
}
