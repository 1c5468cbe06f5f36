package kapso_test

import "testing"

// FuzzParseWebhook checks that no body makes the parser panic, that
// every refusal is ErrWebhookMalformed, that every event it returns is
// complete, and that encoding the events and parsing them again gives the
// same events (providertest.WebhookSamples, with assertRoundTrip). Seeds:
// the samples under testdata/webhooks and testdata/fuzz/FuzzParseWebhook.
func FuzzParseWebhook(f *testing.F) { webhookSamples.Fuzz(f) }
