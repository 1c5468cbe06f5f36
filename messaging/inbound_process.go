package messaging

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/providers"
)

// Run processes stored webhooks until ctx ends: at once when kicked (every
// Receive kicks), otherwise every PollInterval, which also picks up
// entries another instance stored or a dead process left leased. It
// returns nil when ctx ends.
func (in *Inbound) Run(ctx context.Context) error {
	poll := in.opts.PollInterval
	if poll <= 0 {
		poll = time.Second
	}
	return drain(ctx, poll, in.kick, in.ProcessOnce, in.log, "process webhooks")
}

// ProcessOnce claims one batch of stored webhooks and processes it,
// returning how many entries it claimed. Each entry's events are handed to
// the sinks, then its new events, their messages, responses and
// deliveries are recorded and the entry is marked processed, all in one
// transaction. An entry a sink failed on is retried later; an entry whose
// body cannot be parsed is marked processed with the failure.
func (in *Inbound) ProcessOnce(ctx context.Context) (int, error) {
	now := in.clock()
	entries, err := in.store.ClaimInbox(ctx, now, in.lease(), in.claimBatch())
	if err != nil || len(entries) == 0 {
		return 0, err
	}
	subs, err := in.subscriptions(ctx)
	if err != nil {
		return 0, err
	}
	results := make([]InboxResult, 0, len(entries))
	queued := false
	// Copies of one webhook often arrive together: an event taken from an
	// earlier entry of this batch is not handed to the sinks again.
	batchSeen := map[providers.BSP]map[string]bool{}
	for _, e := range entries {
		if batchSeen[e.BSP] == nil {
			batchSeen[e.BSP] = map[string]bool{}
		}
		res, err := in.processEntry(ctx, e, subs, batchSeen[e.BSP])
		if err != nil {
			in.log.WarnContext(ctx, "webhook processing deferred", "inbox_id", e.ID, "attempts", e.Attempts+1, "error", err)
			retry := in.opts.Retry.withDefaults(time.Second, 5*time.Minute)
			if rerr := in.store.RetryInbox(ctx, e.ID, now.Add(retry.delay(e.Attempts+1)), err.Error()); rerr != nil {
				return 0, rerr
			}
			continue
		}
		for _, pe := range res.Events {
			queued = queued || len(pe.Deliveries) > 0
			batchSeen[e.BSP][pe.DedupeKey] = true
		}
		results = append(results, res)
	}
	if len(results) > 0 {
		if err := in.store.CompleteInbox(ctx, results); err != nil {
			return 0, err
		}
	}
	if queued && in.opts.Delivered != nil {
		in.opts.Delivered()
	}
	return len(entries), nil
}

func (in *Inbound) clock() time.Time { return in.now().UTC().Truncate(time.Microsecond) }

func (in *Inbound) lease() time.Duration {
	if in.opts.Lease > 0 {
		return in.opts.Lease
	}
	return time.Minute
}

func (in *Inbound) claimBatch() int {
	if in.opts.ClaimBatch > 0 {
		return in.opts.ClaimBatch
	}
	return 64
}

func (in *Inbound) subscriptions(ctx context.Context) ([]Subscription, error) {
	if in.opts.Subscriptions == nil {
		return nil, nil
	}
	recs, err := in.opts.Subscriptions.ListSubscriptions(ctx, "", 0)
	if err != nil {
		return nil, fmt.Errorf("messaging: list subscriptions: %w", err)
	}
	subs := make([]Subscription, len(recs))
	for i, r := range recs {
		subs[i] = r.Subscription
	}
	return subs, nil
}

func (in *Inbound) processEntry(ctx context.Context, e InboxEntry, subs []Subscription, batchSeen map[string]bool) (InboxResult, error) {
	res := InboxResult{EntryID: e.ID, BSP: e.BSP, ProcessedAt: in.clock()}
	rcv, ok := in.opts.Receivers[e.BSP]
	if !ok {
		res.Failure = fmt.Sprintf("no webhook receiver for BSP %q", e.BSP)
		return res, nil
	}
	events, err := rcv.ParseWebhook(e.Body)
	if err != nil {
		res.Failure = err.Error()
		return res, nil
	}
	keys := make([]string, len(events))
	for i, ev := range events {
		keys[i] = ev.DedupeKey
	}
	seen, err := in.store.SeenEvents(ctx, e.BSP, keys)
	if err != nil {
		return res, err
	}
	view, err := in.apps.view(ctx, e.BSP, false)
	if err != nil {
		return res, err
	}
	for _, ev := range events {
		if seen[ev.DedupeKey] || batchSeen[ev.DedupeKey] {
			continue
		}
		// Repeated within this body: the first one counts.
		seen[ev.DedupeKey] = true
		appIDs := view.appsOf(ev)
		if err := in.dispatch(ctx, ev, appIDs); err != nil {
			return res, err
		}
		pe, err := in.record(ctx, e.BSP, ev, appIDs, subs, res.ProcessedAt)
		if err != nil {
			return res, err
		}
		res.Events = append(res.Events, pe)
	}
	return res, nil
}

// dispatch hands an event to the sink of its kind.
func (in *Inbound) dispatch(ctx context.Context, ev providers.Event, appIDs []string) error {
	var err error
	switch {
	case ev.Status != nil && in.opts.Statuses != nil:
		s := ev.Status
		var info *ErrorInfo
		if len(s.Errors) > 0 {
			info = &ErrorInfo{Code: s.Errors[0].Code, Message: firstNonEmpty(s.Errors[0].Details, s.Errors[0].Message, s.Errors[0].Title)}
		}
		err = in.opts.Statuses.ApplyStatus(ctx, StatusReport{ID: s.MessageID, WAMID: s.WAMID, Status: s.Status, At: s.At, Error: info})
	case ev.TemplateStatus != nil && in.opts.Templates != nil:
		for _, app := range appIDs {
			if err = ignoreNotFound(in.opts.Templates.ApplyTemplateStatus(ctx, app, *ev.TemplateStatus, ev.At)); err != nil {
				break
			}
		}
	case ev.FlowStatus != nil && in.opts.Flows != nil:
		for _, app := range appIDs {
			if err = ignoreNotFound(in.opts.Flows.ApplyFlowStatus(ctx, app, *ev.FlowStatus, ev.At)); err != nil {
				break
			}
		}
	}
	if err = ignoreNotFound(err); err != nil {
		return fmt.Errorf("messaging: apply %s event %s: %w", ev.Kind, ev.DedupeKey, err)
	}
	return nil
}

func ignoreNotFound(err error) error {
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// record builds what a new event leaves behind: the stored message, the
// flow response, and a delivery for each subscription that wants it.
func (in *Inbound) record(ctx context.Context, bsp providers.BSP, ev providers.Event, appIDs []string, subs []Subscription, now time.Time) (ProcessedEvent, error) {
	pe := ProcessedEvent{DedupeKey: ev.DedupeKey, Kind: ev.Kind}
	appID := ""
	if len(appIDs) > 0 {
		appID = appIDs[0]
	}
	if m := ev.Message; m != nil {
		id, err := newID("inb_", now, in.random)
		if err != nil {
			return pe, err
		}
		pe.Message = &InboundRecord{ID: id, BSP: bsp, AppID: appID, PhoneNumberID: ev.PhoneNumberID, Message: m,
			SentAt: orNow(ev.At, now), CreatedAt: now}
		if m.FlowReply != nil {
			fr, err := in.linkResponse(ctx, bsp, ev, appID, now)
			if err != nil {
				return pe, err
			}
			pe.Response = fr
		}
	}
	data := EventData{BSP: bsp, AppIDs: nonNilStrings(appIDs), Event: &ev}
	ds, err := in.fanOut(subs, eventTypeOf(ev.Kind), orderingKey(ev), data, appIDs, now)
	if err != nil {
		return pe, err
	}
	pe.Deliveries = ds
	if pe.Response != nil {
		ds, err := in.fanOut(subs, EventTypeFlowResponse, pe.Response.Recipient,
			EventData{BSP: bsp, AppIDs: nonNilStrings(appIDs), Response: pe.Response}, appIDs, now)
		if err != nil {
			return pe, err
		}
		pe.Deliveries = append(pe.Deliveries, ds...)
	}
	return pe, nil
}

func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
