package sandbox

import (
	"net/url"
	"slices"
	"time"

	"github.com/waflow/waflow/providers"
)

// remoteFlow is one flow as the sandbox holds it. It keeps the draft and the
// published document apart because editing a published flow re-drafts it
// while users keep getting the published one.
type remoteFlow struct {
	id          string
	name        string
	status      providers.FlowStatus
	endpointURI string
	// draft is the last uploaded document and draftErrors what validation
	// found in it; draft is nil until the first upload.
	draft       []byte
	draftErrors []providers.ValidationError
	// draftNeedsEndpoint is decided at upload, outside the lock, so that
	// publishing never parses a document.
	draftNeedsEndpoint bool
	// published is what users get; nil until the first publish, which is
	// also what forbids deleting the flow from then on.
	published []byte
	updatedAt time.Time
}

func (f *remoteFlow) everPublished() bool { return f.published != nil }

// snapshot copies the flow out, so callers never share memory with the
// sandbox.
func (f *remoteFlow) snapshot(previewBase string) providers.RemoteFlow {
	return providers.RemoteFlow{
		ID:               f.id,
		Name:             f.name,
		Status:           f.status,
		RawStatus:        string(f.status),
		ValidationErrors: slices.Clone(f.draftErrors),
		EndpointURI:      f.endpointURI,
		PreviewURL:       previewURL(previewBase, f.id),
		UpdatedAt:        f.updatedAt,
	}
}

// previewURL is stable for a flow, like Meta's link while it is valid.
func previewURL(base, remoteID string) string {
	return base + "/" + url.PathEscape(remoteID) + "/preview"
}
