package providertest

import (
	"testing"

	"github.com/waflow/waflow/providers"
)

// defaultUnknownID is digits only, so it is well formed for BSPs with
// numeric ids (Meta) as well as for those that take any string.
const defaultUnknownID = "999999999999999"

// Harness is what TestProvider needs from one provider under test. Only
// Provider is required. What a BSP does not offer is read from the
// provider's Capabilities; how BSPs differ in behaviour is stated here, never
// guessed by the suite. The hooks give the suite a view into the BSP that the
// Provider interface does not; a nil hook skips the checks that need it.
type Harness struct {
	// Provider is the provider under test, usually talking to its BSP's
	// fake server. The suite creates flows named "providertest-…", so it
	// needs a provider that holds no flows for App yet.
	Provider providers.Provider
	// App is the app every call acts for.
	App providers.App

	// EditPublished is true when uploading Flow JSON to a PUBLISHED flow
	// turns it back into a DRAFT while users keep the published version
	// (Meta today), false when the BSP refuses the upload with an
	// ErrorConflict.
	EditPublished bool
	// UnknownID names a flow that does not exist but is well formed for the
	// BSP; empty means "999999999999999".
	UnknownID string

	// What the BSP offers beyond its Capabilities: each is a fact about
	// the BSP that the suite checks both ways.

	// GetFlowHasValidationErrors is true when GetFlow reports the
	// validation errors of the last upload (Meta's validation_errors
	// field), false when only UpdateFlowJSON's answer carries them
	// (Infobip's flow search has none).
	GetFlowHasValidationErrors bool
	// StarterDocument is true when the BSP gives a new flow a document of
	// its own that can be published at once (Kapso's welcome screen),
	// false when a new flow has none and publishing it is refused.
	StarterDocument bool
	// MediaByLinkOnly is true when the BSP takes media by URL only
	// (Infobip): a message naming media by id must then be refused as
	// ErrorInvalid, before it reaches the BSP.
	MediaByLinkOnly bool
	// TypingIndicator is true when a mark-read request can show the
	// typing indicator (Meta's typing_indicator); false means such a
	// request is refused as ErrorInvalid rather than half done.
	TypingIndicator bool

	// Throttle moves a PUBLISHED flow to THROTTLED, as the BSP's quality
	// monitoring would.
	Throttle func(remoteID string) error
	// PublishedJSON returns the document users currently get for a flow,
	// and false when it has none.
	PublishedJSON func(remoteID string) ([]byte, bool)
	// PublicKey returns the public key the BSP holds for App, and false
	// when it holds none.
	PublicKey func() ([]byte, bool)

	// OpenWindow stands in for the user writing to the business first,
	// which opens WhatsApp's 24-hour window for non-template messages at
	// BSPs whose fake enforces it.
	OpenWindow func(to string) error
	// Received returns the request the BSP's server got for the send that
	// answered res, and false when it got none.
	Received func(res providers.SendResult) ([]byte, bool)
	// CheckWire compares what the BSP's server received for a send with the
	// BSP's golden file for the scenario ("send-text", …), so that each BSP
	// asserts its own wire shape while the suite asserts the outcome.
	CheckWire func(t *testing.T, scenario string, wire []byte)
	// ApproveTemplate ends a template's review with APPROVED, as the BSP's
	// reviewers would. Nil means the BSP approves on its own.
	ApproveTemplate func(remoteID string) error
	// EmitWebhook makes the BSP's server post w to url as the BSP would;
	// it returns ErrWebhookKind for a kind the BSP does not send.
	EmitWebhook func(url string, w Webhook) error
	// WebhookSecrets verify the webhooks EmitWebhook posts.
	WebhookSecrets [][]byte
	// UnsignedWebhooks is true for a BSP that does not sign its webhooks;
	// the suite then skips the tampered deliveries.
	UnsignedWebhooks bool
}

func (h Harness) unknownID() string {
	if h.UnknownID != "" {
		return h.UnknownID
	}
	return defaultUnknownID
}
