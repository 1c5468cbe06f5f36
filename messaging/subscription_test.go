package messaging_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

func TestSubscriptionLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		ctx := context.Background()
		in := messaging.SubscriptionInput{Name: "crm", URL: "https://crm.example/hooks",
			Events: []messaging.EventType{messaging.EventTypeStatus, messaging.EventTypeMessage, messaging.EventTypeStatus},
			AppIDs: []string{p.app.ID}, Secret: testSubSecret}
		sub, err := p.subs.Create(ctx, in)
		require.NoError(t, err)
		require.Equal(t, []messaging.EventType{messaging.EventTypeMessage, messaging.EventTypeStatus}, sub.Events)
		require.Equal(t, 1, sub.Version)

		rec, err := db.Subscriptions().GetSubscription(ctx, sub.ID)
		require.NoError(t, err)
		require.NotContains(t, string(rec.SealedSecret), testSubSecret, "sealed at rest")

		name := "crm-2"
		secret := crypto.Secret("another-secret-0123456789")
		updated, err := p.subs.Update(ctx, sub.ID, messaging.SubscriptionChange{Name: &name, Secret: &secret})
		require.NoError(t, err)
		require.Equal(t, 2, updated.Version)
		require.Equal(t, "crm-2", updated.Name)

		got, err := p.subs.Get(ctx, sub.ID)
		require.NoError(t, err)
		require.Equal(t, updated, got)

		for range 2 {
			_, err := p.subs.Create(ctx, in)
			require.NoError(t, err)
		}
		first, err := p.subs.List(ctx, "", 2)
		require.NoError(t, err)
		require.Len(t, first.Subscriptions, 2)
		require.NotEmpty(t, first.Next)
		rest, err := p.subs.List(ctx, first.Next, 2)
		require.NoError(t, err)
		require.Len(t, rest.Subscriptions, 1)
		require.Empty(t, rest.Next)

		require.NoError(t, p.subs.Delete(ctx, sub.ID))
		_, err = p.subs.Get(ctx, sub.ID)
		require.ErrorIs(t, err, messaging.ErrSubscriptionNotFound)
		require.ErrorIs(t, p.subs.Delete(ctx, sub.ID), messaging.ErrSubscriptionNotFound)
	})
}

func TestSubscriptionValidation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		_, err := p.subs.Create(context.Background(), messaging.SubscriptionInput{Name: " x", URL: "ftp://a",
			Events: []messaging.EventType{"nope"}, AppIDs: []string{""}, Secret: "short"})
		var ve *messaging.ValidationError
		require.ErrorAs(t, err, &ve)
		fields := make([]string, len(ve.Fields))
		for i, f := range ve.Fields {
			fields[i] = f.Field
		}
		require.Equal(t, []string{"name", "url", "events[0]", "app_ids[0]", "secret"}, fields)
	})
}

func TestSubscriptionAppFilter(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		p := newPipeline(t, db)
		ctx := context.Background()
		mine := newReceiver(t)
		other := newReceiver(t)
		_, err := p.subs.Create(ctx, messaging.SubscriptionInput{Name: "mine", URL: mine.srv.URL, AppIDs: []string{p.app.ID},
			Events: []messaging.EventType{messaging.EventTypeMessage}, Secret: testSubSecret})
		require.NoError(t, err)
		_, err = p.subs.Create(ctx, messaging.SubscriptionInput{Name: "other", URL: other.srv.URL, AppIDs: []string{"app_other"},
			Events: []messaging.EventType{messaging.EventTypeMessage}, Secret: testSubSecret})
		require.NoError(t, err)
		body := webhook(t, textMessage("wamid.1", "1", "x"))
		require.NoError(t, p.inbound.Receive(ctx, "META", signed(body), body))
		p.processAll()
		deliverAll(t, p.deliverer(t, nil))
		require.Len(t, mine.received(), 1)
		require.Empty(t, other.received())
	})
}

func TestDeliverySignature(t *testing.T) {
	secret := []byte(testSubSecret)
	body := []byte(`{"id":"evt_1"}`)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	header := messaging.SignDelivery(secret, body, now)
	cases := []struct {
		name   string
		header string
		body   string
		at     int64
		want   error
	}{
		{"valid", header, string(body), 0, nil},
		{"body altered", header, `{"id":"evt_2"}`, 0, messaging.ErrDeliverySignature},
		{"replayed later", header, string(body), 600, messaging.ErrDeliveryStale},
		{"garbled", "v1=zz", string(body), 0, messaging.ErrDeliverySignature},
	}
	for _, c := range cases {
		err := messaging.VerifyDeliverySignature([][]byte{[]byte("old-secret"), secret}, c.header, []byte(c.body), now.Add(time.Duration(c.at)*time.Second), 0)
		if c.want == nil {
			require.NoError(t, err, c.name)
		} else {
			require.ErrorIs(t, err, c.want, c.name)
		}
	}
	// A vector checked with openssl dgst -sha256 -hmac, for receivers in
	// other languages (doc.go quotes it).
	require.Equal(t, "t=1767225600,v1=89fe20ccec1a8a421c2384be3c69eedd89db80ca5f75a1658893067edbf44386", header)
}
