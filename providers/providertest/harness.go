package providertest

import "github.com/waflow/waflow/providers"

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

	// Throttle moves a PUBLISHED flow to THROTTLED, as the BSP's quality
	// monitoring would.
	Throttle func(remoteID string) error
	// PublishedJSON returns the document users currently get for a flow,
	// and false when it has none.
	PublishedJSON func(remoteID string) ([]byte, bool)
	// PublicKey returns the public key the BSP holds for App, and false
	// when it holds none.
	PublicKey func() ([]byte, bool)
}

func (h Harness) unknownID() string {
	if h.UnknownID != "" {
		return h.UnknownID
	}
	return defaultUnknownID
}
