package infobip_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/infobip"
	"github.com/waflow/waflow/providers/infobip/infobiptest"
)

// Example sends a flow through the fake: create it, upload its JSON,
// publish it, send it. Infobip answers with its own message id, which
// its delivery reports use too.
func Example() {
	t := &testing.T{}
	srv := infobiptest.New(t, infobiptest.Options{})
	p := infobip.New(infobip.Options{})
	app := providers.App{BSP: providers.BSPInfobip, PhoneNumber: "+" + srv.Sender(),
		Credentials: map[string]string{infobip.CredentialAPIKey: srv.APIKey()},
		Settings:    map[string]string{infobip.SettingBaseURL: srv.URL}}
	ctx := context.Background()

	flow, _ := p.CreateFlow(ctx, app, providers.CreateFlowRequest{Name: "booking", Categories: []string{"APPOINTMENT_BOOKING"}})
	verrs, _ := p.UpdateFlowJSON(ctx, app, flow.ID, []byte(`{"version":"7.3","screens":[{"id":"WELCOME","terminal":true}]}`))
	err := p.PublishFlow(ctx, app, flow.ID)
	fmt.Println(flow.Status, len(verrs), err)

	res, err := p.SendMessage(ctx, app, providers.OutboundMessage{To: "+15550001234", Type: providers.MessageInteractive,
		Interactive: &providers.Interactive{Type: providers.InteractiveFlow, Body: "Book a table",
			Flow: &providers.FlowAction{FlowID: flow.ID, CTA: "Book", Token: "tok-1", Screen: "WELCOME"}}})
	fmt.Println(res.ID != "", res.WAMID == "", err)

	report, _ := srv.DeliveryReportWebhook(res.ID, infobiptest.GroupDelivered)
	events, _ := p.ParseWebhook(report)
	fmt.Println(events[0].Status.MessageID == res.ID, events[0].Status.Status)
	// Output:
	// DRAFT 0 <nil>
	// true true <nil>
	// true DELIVERED
}
