package gupshup_test

import "testing"

// FuzzParseWebhook checks that no body makes the parser panic, that a
// refusal always wraps ErrWebhookMalformed, that every event it returns is
// complete, and that parsing is deterministic (providertest.WebhookSamples).
// Seeds: the golden samples and testdata/fuzz/FuzzParseWebhook.
func FuzzParseWebhook(f *testing.F) { webhookSamples.Fuzz(f) }
