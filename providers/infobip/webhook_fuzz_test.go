package infobip_test

import "testing"

// FuzzParseWebhook checks that no body makes the parser panic, that
// refusals wrap ErrWebhookMalformed, that every event is complete, and
// that re-serialising an accepted body gives the same events
// (providertest.WebhookSamples, with assertStable). Seeds: the golden
// samples and testdata/fuzz/FuzzParseWebhook.
func FuzzParseWebhook(f *testing.F) { webhookSamples.Fuzz(f) }
