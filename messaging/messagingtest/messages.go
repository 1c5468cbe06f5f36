package messagingtest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/internal/conformance"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
)

// MessageRepositoryConformance checks that the repositories newRepo makes
// satisfy the [messaging.MessageRepository] contract.
func MessageRepositoryConformance(t *testing.T, newRepo func(t *testing.T) messaging.MessageRepository) {
	t.Helper()
	conformance.Run(t, newRepo, []conformance.Case[messaging.MessageRepository]{
		{Name: "CreateGet", Run: testCreateGet},
		{Name: "GetMissing", Run: testGetMissing},
		{Name: "IdempotencyKey", Run: testIdempotencyKey},
		{Name: "ConcurrentIdempotentCreates", Run: testConcurrentIdempotentCreates},
		{Name: "ProviderIDs", Run: testProviderIDs},
		{Name: "SaveStatus", Run: testSaveStatus},
		{Name: "ListFilters", Run: testListFilters},
	})
}

// base has microseconds, the precision repositories must keep.
var base = time.Date(2026, 5, 6, 7, 8, 9, 123456000, time.UTC)

func message(n int) messaging.Message {
	at := base.Add(time.Duration(n) * time.Second)
	return messaging.Message{
		ID: fmt.Sprintf("msg_%04d", n), AppID: "app_1", BSP: providers.BSPSandbox, To: "15550001234",
		Type: providers.MessageText,
		Request: providers.OutboundMessage{To: "15550001234", Type: providers.MessageText,
			Text: &providers.Text{Body: fmt.Sprintf("hello %d ✓", n), PreviewURL: true}},
		Status: providers.MessagePending, RequestHash: "h", Version: 1, CreatedAt: at, UpdatedAt: at,
	}
}

func pending(m messaging.Message) messaging.StatusEvent {
	return messaging.StatusEvent{MessageID: m.ID, Status: providers.MessagePending, At: m.CreatedAt,
		Source: messaging.SourceAPI, Applied: true, RecordedAt: m.CreatedAt}
}

func create(t *testing.T, repo messaging.MessageRepository, m messaging.Message) {
	t.Helper()
	require.NoError(t, repo.CreateMessage(t.Context(), m, pending(m)))
}

func testCreateGet(t *testing.T, repo messaging.MessageRepository) {
	m := message(1)
	m.FlowID, m.FlowToken, m.TemplateID = "flow_1", "wf1.token", "tpl_1"
	m.Request.Text = nil
	m.Type, m.Request.Type = providers.MessageInteractive, providers.MessageInteractive
	m.Request.Interactive = &providers.Interactive{Type: providers.InteractiveFlow, Body: "Book",
		Flow: &providers.FlowAction{FlowID: "remote-1", CTA: "Open", Token: "wf1.token",
			Data: map[string]any{"n": 1.5, "s": "x"}}}
	create(t, repo, m)
	got, err := repo.GetMessage(t.Context(), m.ID)
	require.NoError(t, err)
	assert.Equal(t, m, got)
	h, err := repo.History(t.Context(), m.ID)
	require.NoError(t, err)
	assert.Equal(t, []messaging.StatusEvent{pending(m)}, h)
	assert.ErrorIs(t, repo.CreateMessage(t.Context(), m, pending(m)), messaging.ErrConflict, "a taken id")
}

func testGetMissing(t *testing.T, repo messaging.MessageRepository) {
	_, err := repo.GetMessage(t.Context(), "msg_missing")
	assert.ErrorIs(t, err, messaging.ErrNotFound)
	_, err = repo.MessageByIdempotencyKey(t.Context(), "scope", "key")
	assert.ErrorIs(t, err, messaging.ErrNotFound)
	_, err = repo.MessageByProviderID(t.Context(), "wamid.missing")
	assert.ErrorIs(t, err, messaging.ErrNotFound)
	err = repo.SaveStatus(t.Context(), &messaging.Message{ID: "msg_missing", Version: 1, Status: providers.MessageSent},
		messaging.StatusEvent{MessageID: "msg_missing", Status: providers.MessageSent, At: base, Source: messaging.SourceSend, RecordedAt: base})
	assert.ErrorIs(t, err, messaging.ErrNotFound)
	h, err := repo.History(t.Context(), "msg_missing")
	require.NoError(t, err)
	assert.Empty(t, h)
}

func testIdempotencyKey(t *testing.T, repo messaging.MessageRepository) {
	a, b, c, d := message(1), message(2), message(3), message(4)
	a.IdempotencyScope, a.IdempotencyKey = "key_1", "k"
	b.IdempotencyScope, b.IdempotencyKey = "key_1", "k"
	c.IdempotencyScope, c.IdempotencyKey = "key_2", "k"
	create(t, repo, a)
	assert.ErrorIs(t, repo.CreateMessage(t.Context(), b, pending(b)), messaging.ErrConflict, "the same key in the same scope")
	_, err := repo.GetMessage(t.Context(), b.ID)
	assert.ErrorIs(t, err, messaging.ErrNotFound, "a refused create stores nothing")
	h, err := repo.History(t.Context(), b.ID)
	require.NoError(t, err)
	assert.Empty(t, h, "a refused create stores no history")
	create(t, repo, c)
	create(t, repo, d) // no key
	e := message(5)
	create(t, repo, e) // no key either: empty keys never collide
	got, err := repo.MessageByIdempotencyKey(t.Context(), "key_1", "k")
	require.NoError(t, err)
	assert.Equal(t, a.ID, got.ID)
	got, err = repo.MessageByIdempotencyKey(t.Context(), "key_2", "k")
	require.NoError(t, err)
	assert.Equal(t, c.ID, got.ID)
	_, err = repo.MessageByIdempotencyKey(t.Context(), "key_1", "")
	assert.ErrorIs(t, err, messaging.ErrNotFound, "the empty key names no message")
}

func testConcurrentIdempotentCreates(t *testing.T, repo messaging.MessageRepository) {
	const n = 8
	conformance.OneWins(t, n, messaging.ErrConflict, func(i int) error {
		m := message(100 + i)
		m.IdempotencyScope, m.IdempotencyKey = "key_1", "same"
		return repo.CreateMessage(t.Context(), m, pending(m))
	}, "exactly one create with the key succeeds")
}

func testProviderIDs(t *testing.T, repo messaging.MessageRepository) {
	a, b := message(1), message(2)
	create(t, repo, a)
	create(t, repo, b)
	for _, m := range []*messaging.Message{&a, &b} {
		next := *m
		next.Status, next.UpdatedAt = providers.MessageSent, base.Add(time.Minute)
		next.BSPMessageID, next.WAMID = "bsp-"+m.ID, "wamid."+m.ID
		require.NoError(t, repo.SaveStatus(t.Context(), &next, messaging.StatusEvent{MessageID: m.ID,
			Status: providers.MessageSent, At: next.UpdatedAt, Source: messaging.SourceSend, Applied: true, RecordedAt: next.UpdatedAt}))
	}
	for _, id := range []string{"bsp-" + b.ID, "wamid." + b.ID} {
		got, err := repo.MessageByProviderID(t.Context(), id)
		require.NoError(t, err, id)
		assert.Equal(t, b.ID, got.ID, "found by %s", id)
	}
	_, err := repo.MessageByProviderID(t.Context(), "")
	assert.ErrorIs(t, err, messaging.ErrNotFound, "the empty id names no message")
}

func testSaveStatus(t *testing.T, repo messaging.MessageRepository) {
	m := message(1)
	create(t, repo, m)
	at := base.Add(time.Minute)
	next := m
	next.Status, next.Error, next.UpdatedAt = providers.MessageFailed, &messaging.ErrorInfo{Code: "131026", Message: "undeliverable", Kind: providers.ErrorInvalid}, at
	failed := messaging.StatusEvent{MessageID: m.ID, Status: providers.MessageFailed, At: at.Add(-time.Second),
		Source: messaging.SourceWebhook, Applied: true, Error: next.Error, RecordedAt: at}
	require.NoError(t, repo.SaveStatus(t.Context(), &next, failed))

	stale := m // still Version 1
	stale.Status = providers.MessageSent
	err := repo.SaveStatus(t.Context(), &stale, messaging.StatusEvent{MessageID: m.ID, Status: providers.MessageSent,
		At: at, Source: messaging.SourceSend, Applied: true, RecordedAt: at})
	assert.ErrorIs(t, err, messaging.ErrConflict, "a stale version")

	late := messaging.StatusEvent{MessageID: m.ID, Status: providers.MessageDelivered, At: at, Source: messaging.SourceWebhook, RecordedAt: at}
	require.NoError(t, repo.SaveStatus(t.Context(), nil, late), "history only")

	got, err := repo.GetMessage(t.Context(), m.ID)
	require.NoError(t, err)
	next.Version = 2
	assert.Equal(t, next, got)
	h, err := repo.History(t.Context(), m.ID)
	require.NoError(t, err)
	assert.Equal(t, []messaging.StatusEvent{pending(m), failed, late}, h, "history in recording order; the stale save added nothing")
}

func testListFilters(t *testing.T, repo messaging.MessageRepository) {
	var all []messaging.Message
	for i := 1; i <= 6; i++ {
		m := message(i)
		if i%2 == 0 {
			m.AppID, m.To = "app_2", "15559999999"
		}
		create(t, repo, m)
		all = append(all, m)
	}
	sent := all[2]
	sent.Status, sent.UpdatedAt = providers.MessageSent, base.Add(time.Hour)
	require.NoError(t, repo.SaveStatus(t.Context(), &sent, messaging.StatusEvent{MessageID: sent.ID,
		Status: providers.MessageSent, At: base, Source: messaging.SourceSend, Applied: true, RecordedAt: base}))

	ids := func(q messaging.MessageQuery) []string {
		t.Helper()
		if q.Limit == 0 {
			q.Limit = 100
		}
		got, err := repo.ListMessages(t.Context(), q)
		require.NoError(t, err)
		out := []string{}
		for _, m := range got {
			out = append(out, m.ID)
		}
		return out
	}
	assert.Equal(t, []string{"msg_0001", "msg_0002", "msg_0003", "msg_0004", "msg_0005", "msg_0006"}, ids(messaging.MessageQuery{}))
	assert.Equal(t, []string{"msg_0002", "msg_0004", "msg_0006"}, ids(messaging.MessageQuery{AppID: "app_2"}))
	assert.Equal(t, []string{"msg_0001", "msg_0003", "msg_0005"}, ids(messaging.MessageQuery{To: "15550001234"}))
	assert.Equal(t, []string{"msg_0003"}, ids(messaging.MessageQuery{Status: providers.MessageSent}))
	assert.Equal(t, []string{"msg_0002", "msg_0003", "msg_0004"},
		ids(messaging.MessageQuery{Since: all[1].CreatedAt, Until: all[4].CreatedAt}), "since inclusive, until exclusive")
	assert.Equal(t, []string{"msg_0004", "msg_0005"}, ids(messaging.MessageQuery{After: "msg_0003", Limit: 2}))
}
