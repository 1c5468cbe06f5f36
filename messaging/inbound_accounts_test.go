package messaging_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/store"
	"github.com/waflow/waflow/store/storetest"
)

// eventsReceiver reads a body that is the normalized events themselves,
// signed by the X-Test-Secret header naming one of the secrets: it lets a
// test post any event for any BSP.
type eventsReceiver struct{}

func (eventsReceiver) Handshake(url.Values, []string) (string, bool) { return "", false }

func (eventsReceiver) VerifyWebhook(secrets [][]byte, header http.Header, _ []byte) error {
	for _, s := range secrets {
		if string(s) == header.Get("X-Test-Secret") {
			return nil
		}
	}
	return providers.ErrWebhookSignature
}

func (eventsReceiver) ParseWebhook(body []byte) ([]providers.Event, error) {
	var events []providers.Event
	if err := json.Unmarshal(body, &events); err != nil {
		return nil, providers.ErrWebhookMalformed
	}
	return events, nil
}

// Gupshup's and Infobip's webhooks name the business by the BSP's own
// account key, not by Meta ids: events reach the app whose settings or
// number it is, template updates that name no business reach every app of
// the BSP, and a status keeps both the BSP's id and the wamid.
func TestEventsFindTheirAppByTheBSPsAccount(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPipeline(t, db, func(c *pipelineConfig) {
			c.inbound = func(o *messaging.InboundOptions) {
				o.Receivers[providers.BSPGupshup] = eventsReceiver{}
				o.Receivers[providers.BSPInfobip] = eventsReceiver{}
			}
		})
		gupshup, err := p.apps.Create(ctx, apps.App{Name: "gs", BSP: providers.BSPGupshup, PhoneNumber: "+15550001111",
			Settings:    map[string]string{"app_id": "6f2a9b1e-0000-4000-8000-000000000001", "app_name": "shopdemo"},
			Credentials: map[string]crypto.Secret{"app_token": "t", "webhook_secret": "gs-secret"}})
		require.NoError(t, err)
		infobip, err := p.apps.Create(ctx, apps.App{Name: "ib", BSP: providers.BSPInfobip, PhoneNumber: "+15550002222",
			Settings:    map[string]string{"base_url": "https://xyz.api.infobip.com"},
			Credentials: map[string]crypto.Secret{"api_key": "k", "webhook_secret": "ib-secret"}})
		require.NoError(t, err)
		infobip2, err := p.apps.Create(ctx, apps.App{Name: "ib2", BSP: providers.BSPInfobip, PhoneNumber: "+15550003333",
			Settings:    map[string]string{"base_url": "https://xyz.api.infobip.com"},
			Credentials: map[string]crypto.Secret{"api_key": "k"}})
		require.NoError(t, err)

		at := time.Unix(1_750_000_000, 0).UTC()
		message := func(id, account string) providers.Event {
			return providers.Event{Kind: providers.EventMessage, DedupeKey: "message:" + id, Account: account, At: at,
				Message: &providers.InboundMessage{ID: id, From: "16505551234", Type: "text", Text: "hi"}}
		}
		template := func(id, account string) providers.Event {
			return providers.Event{Kind: providers.EventTemplateStatus, DedupeKey: "template:" + id, Account: account, At: at,
				TemplateStatus: &providers.TemplateStatusUpdate{TemplateID: id, Name: "promo", Language: "en",
					Status: providers.TemplateApproved, RawStatus: "APPROVED"}}
		}
		post := func(bsp providers.BSP, secret string, events ...providers.Event) {
			body, err := json.Marshal(events)
			require.NoError(t, err)
			require.NoError(t, p.inbound.Receive(ctx, bsp, http.Header{"X-Test-Secret": {secret}}, body))
		}
		post(providers.BSPGupshup, "gs-secret",
			message("gs-v3", "6f2a9b1e-0000-4000-8000-000000000001"), message("gs-v2", "shopdemo"), message("gs-other", "otherapp"),
			template("tpl-gs", "shopdemo"),
			providers.Event{Kind: providers.EventStatus, DedupeKey: "status:gs-1", Account: "shopdemo", At: at,
				Status: &providers.StatusUpdate{MessageID: "00000042-0000-4000-8000-000000000042", WAMID: "wamid.HBgL42",
					Status: providers.MessageDelivered, RawStatus: "delivered", At: at}})
		post(providers.BSPInfobip, "ib-secret", message("ib-plus", "+15550002222"), message("ib-bare", "15550002222"),
			template("tpl-ib", ""))
		p.processAll()

		byMessage := map[string]string{}
		for _, m := range p.inboundMessages() {
			byMessage[m.Message.ID] = m.AppID
		}
		require.Equal(t, map[string]string{"gs-v3": gupshup.ID, "gs-v2": gupshup.ID, "gs-other": "",
			"ib-plus": infobip.ID, "ib-bare": infobip.ID}, byMessage)
		statuses, templates, _ := p.sinks.snapshot()
		require.Equal(t, []string{"00000042-0000-4000-8000-000000000042/wamid.HBgL42 DELIVERED"}, statuses)
		require.ElementsMatch(t, []string{gupshup.ID + " tpl-gs APPROVED", infobip.ID + " tpl-ib APPROVED",
			infobip2.ID + " tpl-ib APPROVED"}, templates)
	})
}
