package messaging

import (
	"context"
	"fmt"
)

// Responses reads flow responses for the API. It is safe for concurrent
// use.
type Responses struct{ store ResponseStore }

// NewResponses returns the reader of store.
func NewResponses(store ResponseStore) *Responses { return &Responses{store: store} }

// ResponsePage is one page of a flow's responses; Next is the After of the
// following page, empty on the last.
type ResponsePage struct {
	Responses []FlowResponse
	Next      string
}

// List returns one page of the responses q selects, in the order they were
// stored. Limit 0 means DefaultPageSize; more than MaxPageSize, or Until
// not after Since, is a *ValidationError.
func (r *Responses) List(ctx context.Context, q ResponseQuery) (ResponsePage, error) {
	var errs []FieldError
	if q.FlowID == "" {
		errs = append(errs, FieldError{Field: "flow_id", Message: "required"})
	}
	if q.Limit < 0 || q.Limit > MaxPageSize {
		errs = append(errs, FieldError{Field: "limit", Message: fmt.Sprintf("must be from 1 to %d", MaxPageSize)})
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Until.After(q.Since) {
		errs = append(errs, FieldError{Field: "until", Message: "must be after since"})
	}
	if len(errs) > 0 {
		return ResponsePage{}, &ValidationError{Fields: errs}
	}
	limit := q.Limit
	if limit == 0 {
		limit = DefaultPageSize
	}
	// One more than asked tells whether another page follows.
	q.Limit = limit + 1
	rs, err := r.store.ListFlowResponses(ctx, q)
	if err != nil {
		return ResponsePage{}, err
	}
	page := ResponsePage{Responses: rs}
	if len(rs) > limit {
		page.Responses = rs[:limit]
		page.Next = rs[limit-1].ID
	}
	return page, nil
}
