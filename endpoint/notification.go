package endpoint

import (
	"context"
	"log/slog"
	"time"
)

// NotificationSink records the error notifications WhatsApp sends when the
// client could not use one of the endpoint's earlier answers (an unknown
// screen, data not matching the screen's model, an answer it could not
// decrypt).
//
// RecordNotification is called on the request's goroutine, from many
// goroutines at once, before the notification is acknowledged; keep it
// short (WhatsApp waits). An error is logged and the notification is still
// acknowledged: it is advisory, and answering it with a 5xx would count
// against the endpoint's error rate, which Meta throttles flows on.
type NotificationSink interface {
	RecordNotification(ctx context.Context, n Notification) error
}

// Notification is one error notification, as decrypted.
type Notification struct {
	FlowID    string
	FlowToken string
	// Action is the request's action, INIT or data_exchange.
	Action string
	// Screen is the screen the client was on, when it says so.
	Screen string
	// Error is the error key (data.error, or pywa's data.error_key), for
	// example "invalid-screen-transition".
	Error string
	// Message is data.error_message, the client's description.
	Message string
	// Data is the notification's whole data object.
	Data map[string]any
	// Received is when the endpoint decrypted it (Config.Now).
	Received time.Time
}

// notificationOf reports whether a decrypted request is an error
// notification rather than a user's action. Notifications arrive with a
// normal action, so the test is on data: a string data.error or
// data.error_key marks one; data.error_message alone marks one only when the
// request names no screen, because a screen's own form may have a field of
// that name and a real data_exchange always names its screen.
func notificationOf(p *payload) (Notification, bool) {
	errKey, hasErr := p.data["error"].(string)
	if !hasErr {
		errKey, hasErr = p.data["error_key"].(string)
	}
	msg, hasMsg := p.data["error_message"].(string)
	if !hasErr && !(hasMsg && p.screen == "") {
		return Notification{}, false
	}
	return Notification{
		FlowToken: p.flowToken,
		Action:    p.action,
		Screen:    p.screen,
		Error:     errKey,
		Message:   msg,
		Data:      p.data,
	}, true
}

// record hands a notification to Config.Notifications, or to the log.
func (h *Handler) record(ctx context.Context, n Notification) {
	n.FlowID = h.cfg.FlowID
	n.Received = h.now()
	attrs := []any{slog.String("flow_id", n.FlowID), slog.String("action", n.Action),
		slog.String("screen", clip(n.Screen)), slog.String("error", clip(n.Error)), slog.String("message", n.Message)}
	if h.cfg.Notifications == nil {
		h.log.WarnContext(ctx, "endpoint: error notification from WhatsApp", attrs...)
		return
	}
	if err := h.cfg.Notifications.RecordNotification(ctx, n); err != nil {
		h.log.ErrorContext(ctx, "endpoint: error notification not recorded; acknowledged anyway", append(attrs, slog.Any("err", err))...)
	}
}
