package endpoint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint/script"
)

// seal encrypts a 200 answer.
func (h *Handler) seal(ctx context.Context, sess *crypto.Session, p *payload, plain []byte) Response {
	body, err := sess.Seal(plain)
	if err != nil {
		return h.fail(ctx, nil, p, &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Err: fmt.Errorf("seal answer: %w", err)})
	}
	return Response{Status: http.StatusOK, Body: body, ContentType: ContentTypeSealed}
}

// fail logs err and builds its response. Once the envelope has opened (sess
// is not nil), the body is sealed too: {"error_msg": ...}, the protocol's
// form for 427, used for every status so that nothing about a failure
// travels in clear and only the request's sender can read it. The text is
// fixed per code; causes stay in the log.
func (h *Handler) fail(ctx context.Context, sess *crypto.Session, p *payload, err error) Response {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Err: err}
	}
	h.logFailure(ctx, p, e)
	resp := Response{Status: e.Status, Err: e}
	if sess == nil {
		return resp
	}
	plain := h.expiredMsg
	if e.Code != CodeTokenInvalid {
		plain, _ = json.Marshal(map[string]string{"error_msg": e.publicMessage()})
	}
	if body, sealErr := sess.Seal(plain); sealErr == nil {
		resp.Body, resp.ContentType = body, ContentTypeSealed
	}
	return resp
}

func (h *Handler) logFailure(ctx context.Context, p *payload, e *Error) {
	level := slog.LevelInfo
	if !e.ClientFault() {
		level = slog.LevelError
	}
	attrs := []slog.Attr{
		slog.String("flow_id", h.cfg.FlowID),
		slog.Int("status", e.Status),
		slog.String("code", string(e.Code)),
	}
	if p != nil {
		attrs = append(attrs, slog.String("action", p.action), slog.String("screen", clip(p.screen)))
	}
	if se, ok := errors.AsType[*script.ScriptError](e.Err); ok {
		attrs = append(attrs, slog.String("fault", se.Fault.String()), slog.String("script", se.Program),
			slog.Int("line", se.Line), slog.Int("column", se.Column), slog.String("reason", se.Message))
	} else {
		attrs = append(attrs, slog.Any("err", e.Err))
	}
	h.log.LogAttrs(ctx, level, "endpoint: request failed", attrs...)
}

// clip bounds sender-controlled text before it reaches a log line.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
