package httpapi

import (
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"

	"github.com/gofiber/fiber/v2"
)

// HeaderRequestID carries the request id both ways: a caller may choose
// it (to follow a request through its own logs), and every answer has one.
const HeaderRequestID = "X-Request-Id"

const requestIDKey = "httpapi.request_id"

// maxRequestIDLength bounds a caller's request id; with the character set
// of validRequestID it cannot forge log lines or blow up log storage.
const maxRequestIDLength = 64

func (s *Server) requestID(c *fiber.Ctx) error {
	id := c.Get(HeaderRequestID)
	if !validRequestID(id) {
		id = s.newRequestID()
	}
	c.Locals(requestIDKey, id)
	c.Set(HeaderRequestID, id)
	return c.Next()
}

// RequestID returns the id of the request c is answering.
func RequestID(c *fiber.Ctx) string { return requestIDOf(c) }

func requestIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(requestIDKey).(string)
	return id
}

func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch ch := id[i]; {
		case '0' <= ch && ch <= '9', 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', ch == '-', ch == '_', ch == '.':
		default:
			return false
		}
	}
	return true
}

func (s *Server) newRequestID() string {
	var b [12]byte
	if _, err := io.ReadFull(s.random, b[:]); err != nil {
		// A request id is for correlation, not security: a failing random
		// source must not fail the request.
		return fmt.Sprintf("t%x", s.now().UnixNano())
	}
	return hex.EncodeToString(b[:])
}

// observe writes the access log line and the request metrics. It handles
// the chain's error itself so that the status it records is the one sent.
func (s *Server) observe(c *fiber.Ctx) error {
	start := s.now()
	if err := c.Next(); err != nil {
		if werr := s.writeError(c, err); werr != nil {
			return werr
		}
	}
	elapsed := s.now().Sub(start)
	status := c.Response().StatusCode()
	route := routeLabel(c)
	s.metrics.observeHTTP(c.Method(), route, status, elapsed.Seconds())
	level := slog.LevelInfo
	if status >= fiber.StatusInternalServerError {
		level = slog.LevelWarn
	}
	// The query string is left out: webhook handshakes carry tokens in it.
	s.log.LogAttrs(c.UserContext(), level, "http request",
		slog.String("request_id", requestIDOf(c)),
		slog.String("method", c.Method()),
		slog.String("path", c.Path()),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Int("bytes", len(c.Response().Body())),
		slog.Duration("duration", elapsed),
		slog.String("remote", c.IP()),
	)
	return nil
}

// routeLabel is the matched route's pattern, never the raw path, so that
// metric cardinality stays bounded. Requests answered before routing (no
// such route, no API key) share one label.
func routeLabel(c *fiber.Ctx) string {
	if pattern, ok := c.Locals(routeKey).(string); ok {
		return pattern
	}
	return "unmatched"
}

// recoverPanic turns a panicking handler into a 500. The panic value and
// stack go to the log only; the client sees the generic answer.
func (s *Server) recoverPanic(c *fiber.Ctx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			s.log.ErrorContext(c.UserContext(), "handler panicked",
				"request_id", requestIDOf(c), "method", c.Method(), "path", c.Path(),
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			err = errPanic
		}
	}()
	return c.Next()
}
