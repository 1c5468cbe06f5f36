package meta_test

import "testing"

// FuzzParseMetaWebhook checks that no body makes the parser panic, that
// every event it returns is complete, and that encoding the events and
// parsing them again gives the same events (providertest.WebhookSamples,
// with assertRoundTrip). Seeds: the golden samples and
// testdata/fuzz/FuzzParseMetaWebhook.
func FuzzParseMetaWebhook(f *testing.F) { webhookSamples.Fuzz(f) }
