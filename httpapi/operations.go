package httpapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Schema names of the operational routes.
const (
	SchemaHealth  = "Health"
	SchemaOpenAPI = "OpenAPIDocument"
	SchemaMetrics = "PrometheusText"
)

func (s *Server) mountOperations() {
	s.DefineSchema(SchemaHealth, Schema{
		"type":       "object",
		"required":   []string{"status"},
		"properties": Schema{"status": Schema{"type": "string", "enum": []string{"ok"}}},
	})
	s.DefineSchema(SchemaOpenAPI, Schema{"type": "object", "description": "This document."})
	s.DefineSchema(SchemaMetrics, Schema{"type": "string", "description": "Prometheus text exposition format."})

	s.Handle(Route{Method: http.MethodGet, Path: "/healthz", Tag: "operations", Response: SchemaHealth,
		Summary: "Liveness: the process answers."}, s.healthz)
	s.Handle(Route{Method: http.MethodGet, Path: "/readyz", Tag: "operations", Response: SchemaHealth,
		Summary: "Readiness: the store answers; 503 NOT_READY otherwise."}, s.readyz)
	s.Handle(Route{Method: http.MethodGet, Path: "/metrics", Tag: "operations", Response: SchemaMetrics,
		ContentType: "text/plain; version=0.0.4",
		Summary:     "Prometheus metrics of this server."},
		adaptor.HTTPHandler(promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{})))
	s.Handle(Route{Method: http.MethodGet, Path: "/openapi.json", Tag: "operations", Response: SchemaOpenAPI,
		Summary: "The OpenAPI 3.1 document of every route."}, s.serveOpenAPI)
}

func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

func (s *Server) readyz(c *fiber.Ctx) error {
	if s.ready != nil {
		ctx, cancel := context.WithTimeout(c.UserContext(), s.readyTimeout)
		defer cancel()
		if err := s.ready(ctx); err != nil {
			// The answer is the *Error; the cause rides along for the log.
			return fmt.Errorf("%w: %w", &Error{Status: http.StatusServiceUnavailable, Code: CodeNotReady,
				Message: "the server cannot reach its store"}, err)
		}
	}
	return c.JSON(fiber.Map{"status": "ok"})
}

func (s *Server) serveOpenAPI(c *fiber.Ctx) error {
	return c.JSON(s.OpenAPI())
}
