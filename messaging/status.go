package messaging

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/providers"
)

// rank orders the statuses a delivered message moves through.
func rank(s providers.MessageStatus) int {
	switch s {
	case providers.MessageSent:
		return 1
	case providers.MessageDelivered:
		return 2
	case providers.MessageRead:
		return 3
	}
	return 0
}

// Advances reports whether a message in status from moves to status to:
// forward along PENDING → SENT → DELIVERED → READ, skipping steps whose
// report was lost, or to FAILED from anything but FAILED. Nothing leaves
// FAILED and nothing goes back.
func Advances(from, to providers.MessageStatus) bool {
	switch {
	case from == providers.MessageFailed || !to.Valid():
		return false
	case to == providers.MessageFailed:
		return true
	}
	return rank(to) > rank(from)
}

// StatusReport is a delivery status a BSP reported for a message.
type StatusReport struct {
	// ID is the id the BSP names the message by: its own or the wamid.
	ID string
	// WAMID is WhatsApp's id when the report carries it beside the BSP's
	// own id; the message learns it.
	WAMID  string
	Status providers.MessageStatus
	// At is when the status happened; zero means now.
	At time.Time
	// Source defaults to SourceWebhook.
	Source Source
	// Error is why the message failed, for FAILED.
	Error *ErrorInfo
}

// ApplyStatus records a status webhook: it implements [StatusSink], see
// [Service.ReportStatus]. A status for a message waflow does not know is
// ErrReportAhead within Options.ReportGrace of r.At, so that the inbound
// pipeline retries it once the send is recorded, and ErrNotFound after,
// which drops it (a message another system sent from the same number).
func (s *Service) ApplyStatus(ctx context.Context, r StatusReport) error {
	_, err := s.ReportStatus(ctx, r)
	if errors.Is(err, ErrNotFound) && s.now().Sub(r.At) < s.reportGrace {
		return fmt.Errorf("messaging: status %s for message %s: %w", r.Status, r.ID+r.WAMID, ErrReportAhead)
	}
	return err
}

// ReportStatus records a reported status of the message that r.ID (or
// r.WAMID) names, whichever id the BSP uses. Every report goes into the
// message's history with its time and source; the message itself only
// moves forward (see [Advances]), so a DELIVERED arriving after READ is
// kept in the history and changes nothing else. An id no message has is
// ErrNotFound: a status can overtake the answer to the send, so callers
// that receive webhooks retry such reports a little later.
func (s *Service) ReportStatus(ctx context.Context, r StatusReport) (Message, error) {
	if !r.Status.Valid() {
		return Message{}, invalid("status", "unknown status %q", r.Status)
	}
	if r.ID == "" && r.WAMID == "" {
		return Message{}, invalid("id", "a BSP message id or a wamid is required")
	}
	var m Message
	err := ErrNotFound
	for _, id := range []string{r.ID, r.WAMID} {
		if id == "" || !errors.Is(err, ErrNotFound) {
			continue
		}
		m, err = s.repo.MessageByProviderID(ctx, id)
	}
	if err != nil {
		return Message{}, fmt.Errorf("messaging: status for message %s: %w", r.ID+r.WAMID, err)
	}
	c := change{status: r.Status, at: r.At, source: r.Source, err: r.Error, wamid: r.WAMID}
	if c.at.IsZero() {
		c.at = s.clock()
	}
	if c.source == "" {
		c.source = SourceWebhook
	}
	return s.apply(ctx, m, c)
}

// change is one status to record for a message, with the ids it teaches.
type change struct {
	status       providers.MessageStatus
	at           time.Time
	source       Source
	err          *ErrorInfo
	bspID, wamid string
}

// apply records c in m's history and moves m when c advances it, retrying
// against a message that a concurrent change moved on.
func (s *Service) apply(ctx context.Context, m Message, c change) (Message, error) {
	for attempt := 1; ; attempt++ {
		next, ev, changed := decide(m, c, s.clock())
		var save *Message
		if changed {
			saved := next
			save = &saved
		}
		err := s.repo.SaveStatus(ctx, save, ev)
		switch {
		case err == nil && changed:
			next.Version++
			return next, nil
		case err == nil:
			return m, nil
		case !errors.Is(err, ErrConflict) || attempt == updateAttempts:
			return m, fmt.Errorf("messaging: record status %s of %s: %w", c.status, m.ID, err)
		}
		if m, err = s.repo.GetMessage(ctx, m.ID); err != nil {
			return m, fmt.Errorf("messaging: record status %s: %w", c.status, err)
		}
	}
}

// decide computes what c does to m: the history entry, and the message
// after it with whether it changed (its status, or ids it did not know).
func decide(m Message, c change, now time.Time) (Message, StatusEvent, bool) {
	ev := StatusEvent{MessageID: m.ID, Status: c.status, At: c.at.UTC().Truncate(time.Microsecond), Source: c.source,
		Error: c.err, RecordedAt: now, Applied: Advances(m.Status, c.status)}
	next := m
	if ev.Applied {
		next.Status = c.status
		if c.status == providers.MessageFailed {
			next.Error = c.err
		}
	}
	if next.BSPMessageID == "" {
		next.BSPMessageID = c.bspID
	}
	if next.WAMID == "" {
		next.WAMID = c.wamid
	}
	changed := ev.Applied || next.BSPMessageID != m.BSPMessageID || next.WAMID != m.WAMID
	if changed {
		next.UpdatedAt = now
	}
	return next, ev, changed
}

var (
	_ StatusSink         = (*Service)(nil)
	_ TemplateStatusSink = (*TemplateService)(nil)
)
