package messaging

import (
	"context"
	"fmt"
	"time"

	"github.com/waflow/waflow/providers"
)

// ListOptions select and page messages for [Service.List]. Zero fields
// select everything.
type ListOptions struct {
	AppID  string
	To     string
	Status providers.MessageStatus
	// Since and Until bound the creation time: Since <= created < Until.
	Since time.Time
	Until time.Time
	// After is the Next of the previous page, "" for the first one.
	After string
	// Limit is the page size: 0 means DefaultPageSize, more than
	// MaxPageSize means MaxPageSize.
	Limit int
}

// Page is one page of messages. Next is the cursor of the following page,
// "" on the last one.
type Page struct {
	Messages []Message
	Next     string
}

// List returns one page of messages in creation order. Paging is by
// cursor: messages sent between two calls never make a page repeat or
// skip one.
func (s *Service) List(ctx context.Context, o ListOptions) (Page, error) {
	var fields []FieldError
	if o.Status != "" && !o.Status.Valid() {
		fields = append(fields, FieldError{Field: "status", Message: fmt.Sprintf("unknown status %q", o.Status)})
	}
	if o.Limit < 0 {
		fields = append(fields, FieldError{Field: "limit", Message: "must not be negative"})
	}
	if !o.Since.IsZero() && !o.Until.IsZero() && !o.Since.Before(o.Until) {
		fields = append(fields, FieldError{Field: "until", Message: "must be after since"})
	}
	if len(fields) > 0 {
		return Page{}, &ValidationError{Fields: fields}
	}
	limit := min(o.Limit, MaxPageSize)
	if limit == 0 {
		limit = DefaultPageSize
	}
	// One more than asked tells whether another page exists.
	msgs, err := s.repo.ListMessages(ctx, MessageQuery{AppID: o.AppID, To: o.To, Status: o.Status,
		Since: o.Since, Until: o.Until, After: o.After, Limit: limit + 1})
	if err != nil {
		return Page{}, fmt.Errorf("messaging: list messages: %w", err)
	}
	p := Page{Messages: msgs}
	if len(msgs) > limit {
		p.Messages = msgs[:limit]
		p.Next = msgs[limit-1].ID
	}
	return p, nil
}

// Get returns one message with its status history, oldest entry first.
func (s *Service) Get(ctx context.Context, id string) (Message, []StatusEvent, error) {
	m, err := s.repo.GetMessage(ctx, id)
	if err != nil {
		return Message{}, nil, fmt.Errorf("messaging: get message %s: %w", id, err)
	}
	h, err := s.repo.History(ctx, id)
	if err != nil {
		return Message{}, nil, fmt.Errorf("messaging: history of message %s: %w", id, err)
	}
	return m, h, nil
}
