package main

import (
	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/sandbox"
)

// sandboxWebhookSecret signs the sandbox BSP's webhooks. It is made on
// first start and kept in the data directory, sealed with the master key,
// so that webhooks the sandbox queued before a restart still verify.
var sandboxWebhookSecret = sealedSecret{file: "sandbox-webhook.secret", what: "sandbox webhook secret file",
	ad: "waflow/sandbox-webhook-secret", fix: "delete it to have a new one made at start"}

// sandboxWebhookPath is where BSPs post webhooks, for the sandbox.
const sandboxWebhookPath = "/wa/v2/webhooks/sandbox/"

// mountSandbox builds the sandbox BSP as a BSP that talks back: it posts
// its webhooks (statuses, template reviews, flow health, the simulated
// user's flow completions) to this server's public URL, signed with the
// sandbox's secret, so that they enter through the same inbound pipeline
// as any BSP's. Each of its steps takes WAFLOW_SANDBOX_DELAY. Its webhooks
// leave from a background task.
func (d *serverDeps) mountSandbox() error {
	delay := d.cfg.SandboxDelay
	sb := sandbox.New(sandbox.Options{
		Validate:         sandboxValidate,
		IDs:              sandboxFlowID,
		TemplateApproval: delay,
		DeliveredAfter:   delay,
		ReadAfter:        delay,
		WebhookURL:       d.publicURL + sandboxWebhookPath,
		WebhookSecret:    d.sandboxSecret,
		Logger:           d.log,
	})
	d.sandbox = sb
	d.providers[providers.BSPSandbox] = sb
	d.background = append(d.background, sb.Run)
	return nil
}
