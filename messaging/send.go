package messaging

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/waflow/waflow/providers"
)

// SendRequest is one message to send for an app. A flow message names its
// flow by waflow's id (interactive.flow.flow_id) or name (flow_name); the
// message the BSP gets names it by the BSP's id.
type SendRequest struct {
	AppID string `json:"app_id"`
	providers.OutboundMessage
	// IdempotencyScope and IdempotencyKey make the send happen once: a
	// second request with the same key in the same scope (the API key that
	// sends) gets the first one's message instead of a new send.
	IdempotencyScope string `json:"-"`
	IdempotencyKey   string `json:"-"`
}

// SendError is a send that the BSP refused or that failed on the way; the
// message is stored as FAILED with the BSP's code and message. Err is the
// provider's error.
type SendError struct {
	MessageID string
	Err       error
}

func (e *SendError) Error() string {
	return fmt.Sprintf("messaging: send message %s: %v", e.MessageID, e.Err)
}

func (e *SendError) Unwrap() error { return e.Err }

// Send validates req, stores the message as PENDING, sends it through the
// app's provider and stores the outcome: SENT with the BSP's ids, or FAILED
// with its error, which is then returned as a *SendError. Nothing is
// stored when the request is invalid (*ValidationError, *ParametersError),
// refers to a flow or template whose state forbids sending (*StateError),
// or asks for a message type the BSP cannot send
// (*providers.UnsupportedError).
//
// With an idempotency key, a request whose key was used before in the same
// scope returns the first message and replayed true, without sending again
// (a first send that failed fails again the same way); a different body
// under the same key is an *IdempotencyError. Of concurrent requests with
// one key one sends, and the others return its message, still PENDING if
// its send has not finished.
//
// Once the message is stored, the send and its recording go on even when
// ctx is cancelled, bounded by Options.SendTimeout: a message the BSP took
// is never left PENDING because the caller went away.
func (s *Service) Send(ctx context.Context, req SendRequest) (m Message, replayed bool, err error) {
	hash, err := requestHash(req)
	if err != nil {
		return Message{}, false, err
	}
	if req.IdempotencyKey != "" {
		first, err := s.repo.MessageByIdempotencyKey(ctx, req.IdempotencyScope, req.IdempotencyKey)
		switch {
		case err == nil:
			return replay(first, req.IdempotencyKey, hash)
		case !errors.Is(err, ErrNotFound):
			return Message{}, false, fmt.Errorf("messaging: idempotency key: %w", err)
		}
	}
	m, sender, app, err := s.prepare(ctx, req)
	if err != nil {
		return Message{}, false, err
	}
	m.RequestHash = hash
	ev := StatusEvent{MessageID: m.ID, Status: providers.MessagePending, At: m.CreatedAt, Source: SourceAPI,
		Applied: true, RecordedAt: m.CreatedAt}
	if err := s.repo.CreateMessage(ctx, m, ev); err != nil {
		if req.IdempotencyKey != "" && errors.Is(err, ErrConflict) {
			// A concurrent request with the same key stored its message
			// first; it is the one that sends.
			if first, gerr := s.repo.MessageByIdempotencyKey(ctx, req.IdempotencyScope, req.IdempotencyKey); gerr == nil {
				return replay(first, req.IdempotencyKey, hash)
			}
		}
		return Message{}, false, fmt.Errorf("messaging: store message: %w", err)
	}

	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.sendTimeout)
	defer cancel()
	res, sendErr := sender.SendMessage(sendCtx, app, m.Request)
	c := change{status: providers.MessageSent, at: s.clock(), source: SourceSend, bspID: res.ID, wamid: res.WAMID}
	if sendErr != nil {
		c = change{status: providers.MessageFailed, at: s.clock(), source: SourceSend, err: errorInfo(sendErr)}
	}
	m, err = s.apply(sendCtx, m, c)
	switch {
	case sendErr != nil && err != nil:
		return m, false, errors.Join(&SendError{MessageID: m.ID, Err: sendErr}, fmt.Errorf("messaging: record failure: %w", err))
	case sendErr != nil:
		return m, false, &SendError{MessageID: m.ID, Err: sendErr}
	case err != nil:
		return m, false, fmt.Errorf("messaging: record send of %s: %w", m.ID, err)
	}
	return m, false, nil
}

// prepare checks req and builds the PENDING message: the request as the BSP
// will get it, flows resolved, tokens issued, template parameters checked.
func (s *Service) prepare(ctx context.Context, req SendRequest) (Message, providers.MessageSender, providers.App, error) {
	if req.AppID == "" {
		return Message{}, nil, providers.App{}, invalid("app_id", "is required")
	}
	if err := req.OutboundMessage.Validate(); err != nil {
		var ime *providers.InvalidMessageError
		if errors.As(err, &ime) {
			ve := &ValidationError{Fields: make([]FieldError, len(ime.Fields))}
			for i, f := range ime.Fields {
				ve.Fields[i] = FieldError(f)
			}
			return Message{}, nil, providers.App{}, ve
		}
		return Message{}, nil, providers.App{}, err
	}
	app, err := s.apps.ResolveApp(ctx, req.AppID)
	if err != nil {
		return Message{}, nil, providers.App{}, fmt.Errorf("messaging: app %s: %w", req.AppID, err)
	}
	msg, err := cloneMessage(req.OutboundMessage)
	if err != nil {
		return Message{}, nil, providers.App{}, err
	}
	p, err := providerFor(s.providers, app, msg.Operation())
	if err != nil {
		return Message{}, nil, providers.App{}, err
	}
	sender, err := providers.SenderOf(p, msg)
	if err != nil {
		return Message{}, nil, providers.App{}, err
	}
	now := s.clock()
	id, err := newID("msg_", now, s.random)
	if err != nil {
		return Message{}, nil, providers.App{}, err
	}
	m := Message{ID: id, AppID: app.ID, BSP: app.BSP, To: msg.To, Type: msg.Type,
		Status: providers.MessagePending, IdempotencyScope: req.IdempotencyScope, IdempotencyKey: req.IdempotencyKey,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	switch msg.Operation() {
	case providers.OpSendFlow:
		if m.FlowID, err = s.prepareFlow(ctx, app.ID, &msg); err != nil {
			return Message{}, nil, providers.App{}, err
		}
		m.FlowToken = msg.Interactive.Flow.Token
	case providers.OpSendTemplate:
		if err := s.prepareTemplate(ctx, app.ID, &msg, &m); err != nil {
			return Message{}, nil, providers.App{}, err
		}
	}
	m.Request = msg
	return m, sender, app, nil
}

// replay answers a request whose idempotency key was used before.
func replay(first Message, key, hash string) (Message, bool, error) {
	if first.RequestHash != hash {
		return Message{}, false, &IdempotencyError{Key: key, MessageID: first.ID}
	}
	if first.Status == providers.MessageFailed && first.Error != nil && first.Error.Kind != "" {
		return first, true, &SendError{MessageID: first.ID, Err: &providers.Error{BSP: first.BSP,
			Operation: first.Request.Operation(), Kind: first.Error.Kind, Code: first.Error.Code, Message: first.Error.Message}}
	}
	return first, true, nil
}

// requestHash identifies a request body: the app and the message as the
// client gave them. encoding/json sorts map keys, so equal requests hash
// equally.
func requestHash(req SendRequest) (string, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return "", fmt.Errorf("messaging: hash request: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// cloneMessage copies msg deeply, so that resolving flows and filling in
// tokens never writes into the caller's request.
func cloneMessage(msg providers.OutboundMessage) (providers.OutboundMessage, error) {
	b, err := json.Marshal(msg)
	if err != nil {
		return providers.OutboundMessage{}, fmt.Errorf("messaging: copy message: %w", err)
	}
	var out providers.OutboundMessage
	if err := json.Unmarshal(b, &out); err != nil {
		return providers.OutboundMessage{}, fmt.Errorf("messaging: copy message: %w", err)
	}
	return out, nil
}

// errorInfo keeps what a failed send's error says: a provider's code,
// message and kind, or the error's text for failures that never reached
// the BSP.
func errorInfo(err error) *ErrorInfo {
	var pe *providers.Error
	if errors.As(err, &pe) {
		msg := pe.Message
		if msg == "" {
			msg = pe.Error()
		}
		return &ErrorInfo{Code: pe.Code, Message: msg, Kind: pe.Kind}
	}
	var ue *providers.UnsupportedError
	if errors.As(err, &ue) {
		return &ErrorInfo{Message: ue.Error(), Kind: providers.ErrorInvalid}
	}
	return &ErrorInfo{Message: err.Error(), Kind: providers.ErrorUnknown}
}
