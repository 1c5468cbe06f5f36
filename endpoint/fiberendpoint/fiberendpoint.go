package fiberendpoint

import (
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/endpoint"
)

// New returns a Fiber handler for h, with the same contract as
// [endpoint.Handler.ServeHTTP]: POST is the data exchange, GET and HEAD
// answer 200 for probes, other methods get 405. The signature is checked
// over the raw body bytes, before any content decoding.
func New(h *endpoint.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		switch c.Method() {
		case fiber.MethodPost:
		case fiber.MethodGet, fiber.MethodHead:
			c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
			return c.Status(http.StatusOK).SendString("ok\n")
		default:
			c.Set(fiber.HeaderAllow, "GET, HEAD, POST")
			return send(c, h.Reject(c.UserContext(), &endpoint.Error{
				Status: http.StatusMethodNotAllowed, Code: endpoint.CodeMethodNotAllowed, Err: fmt.Errorf("method %s", c.Method()),
			}))
		}
		header := make(http.Header)
		c.Request().Header.VisitAll(func(k, v []byte) {
			header.Add(string(k), string(v))
		})
		// fasthttp reuses the body buffer once this handler returns; Handle
		// is synchronous and keeps nothing of it.
		return send(c, h.Handle(c.UserContext(), endpoint.Request{Body: c.Request().Body(), Header: header}))
	}
}

func send(c *fiber.Ctx, resp endpoint.Response) error {
	if resp.ContentType != "" {
		c.Set(fiber.HeaderContentType, resp.ContentType)
	}
	return c.Status(resp.Status).Send(resp.Body)
}
