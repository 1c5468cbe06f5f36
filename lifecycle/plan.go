package lifecycle

import (
	"net/url"
	"strings"

	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/providers"
)

// endpointPlan says whether a target's remote flow needs a data endpoint
// and which one. URI is empty when one is needed but none can be named.
type endpointPlan struct {
	needed bool
	uri    string
}

// planEndpoint decides the endpoint of flow f serving rev. Only flows whose
// JSON declares a data_api_version have one, and from Flow JSON 3.0 on it
// is set through the API; older documents carry it themselves, as
// data_channel_uri.
func planEndpoint(publicBaseURL string, f Flow, rev Revision) endpointPlan {
	if rev.DataAPIVersion == "" {
		return endpointPlan{}
	}
	v, err := flowjson.ParseVersion(rev.FlowJSONVersion)
	if err != nil || !v.AtLeast(flowjson.Version{Major: 3}) {
		return endpointPlan{}
	}
	switch {
	case f.EndpointURI != "":
		return endpointPlan{needed: true, uri: f.EndpointURI}
	case publicBaseURL == "":
		return endpointPlan{needed: true}
	}
	return endpointPlan{needed: true, uri: strings.TrimRight(publicBaseURL, "/") + "/wa/v2/flows/" + url.PathEscape(f.ID) + "/endpoint"}
}

// nextStep is the step that brings t closer to its desired state, or false
// when t is there. It only looks at what the recorded steps say the BSP
// holds, so a step is never taken twice once its success is recorded.
func nextStep(t Target, ep endpointPlan) (Step, bool) {
	if t.Desired == StatusDeprecated {
		// A remote flow that was never published has nothing users could
		// be sent, and Meta deprecates published flows only.
		if t.RemoteID == "" || t.PublishedRevision == 0 || t.RemoteStatus == providers.FlowDeprecated {
			return "", false
		}
		return StepDeprecate, true
	}
	switch {
	case t.RemoteID == "":
		return StepCreate, true
	case t.Revision > 0 && t.UploadedRevision != t.Revision:
		return StepUpload, true
	case t.Revision > 0 && ep.needed && (ep.uri == "" || t.EndpointURI != ep.uri):
		return StepEndpoint, true
	case t.Desired == StatusPublished && t.Revision > 0 && t.PublishedRevision != t.Revision:
		return StepPublish, true
	}
	return "", false
}
