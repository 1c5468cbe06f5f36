package lifecycle

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/waflow/waflow/providers"
)

func TestNextStep(t *testing.T) {
	ep := endpointPlan{needed: true, uri: "https://waflow.example/wa/v2/flows/f/endpoint"}
	cases := []struct {
		name string
		t    Target
		ep   endpointPlan
		want Step // "" means the target is where it should be
	}{
		{"draft without JSON is created", Target{Desired: StatusDraft}, endpointPlan{}, StepCreate},
		{"draft without JSON, created", Target{Desired: StatusDraft, RemoteID: "r"}, endpointPlan{}, ""},
		{"draft gets its revision", Target{Desired: StatusDraft, RemoteID: "r", Revision: 2, UploadedRevision: 1}, endpointPlan{}, StepUpload},
		{"draft gets its endpoint", Target{Desired: StatusDraft, RemoteID: "r", Revision: 2, UploadedRevision: 2}, ep, StepEndpoint},
		{"draft is never published", Target{Desired: StatusDraft, RemoteID: "r", Revision: 2, UploadedRevision: 2, EndpointURI: ep.uri}, ep, ""},
		{"endpoint without a URL still is a step", Target{Desired: StatusDraft, RemoteID: "r", Revision: 1, UploadedRevision: 1}, endpointPlan{needed: true}, StepEndpoint},
		{"publish creates first", Target{Desired: StatusPublished, Revision: 1}, endpointPlan{}, StepCreate},
		{"publish uploads", Target{Desired: StatusPublished, RemoteID: "r", Revision: 1}, endpointPlan{}, StepUpload},
		{"publish publishes", Target{Desired: StatusPublished, RemoteID: "r", Revision: 1, UploadedRevision: 1}, endpointPlan{}, StepPublish},
		{"published", Target{Desired: StatusPublished, RemoteID: "r", Revision: 1, UploadedRevision: 1, PublishedRevision: 1}, endpointPlan{}, ""},
		{"new revision is uploaded before publishing", Target{Desired: StatusPublished, RemoteID: "r", Revision: 2, UploadedRevision: 1, PublishedRevision: 1}, endpointPlan{}, StepUpload},
		{"changed endpoint is set again", Target{Desired: StatusPublished, RemoteID: "r", Revision: 1, UploadedRevision: 1, PublishedRevision: 1, EndpointURI: "https://old"}, ep, StepEndpoint},
		{"deprecate a published flow", Target{Desired: StatusDeprecated, RemoteID: "r", PublishedRevision: 1, RemoteStatus: providers.FlowPublished}, endpointPlan{}, StepDeprecate},
		{"deprecate a throttled flow", Target{Desired: StatusDeprecated, RemoteID: "r", PublishedRevision: 1, RemoteStatus: providers.FlowThrottled}, endpointPlan{}, StepDeprecate},
		{"deprecated", Target{Desired: StatusDeprecated, RemoteID: "r", PublishedRevision: 1, RemoteStatus: providers.FlowDeprecated}, endpointPlan{}, ""},
		{"nothing to deprecate without a remote flow", Target{Desired: StatusDeprecated}, endpointPlan{}, ""},
		{"nothing to deprecate in a never-published remote draft", Target{Desired: StatusDeprecated, RemoteID: "r", UploadedRevision: 1}, endpointPlan{}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := nextStep(c.t, c.ep)
			assert.Equal(t, c.want, got)
			assert.Equal(t, c.want != "", ok)
		})
	}
}

func TestPlanEndpoint(t *testing.T) {
	f := Flow{ID: "flw_1"}
	override := Flow{ID: "flw_1", EndpointURI: "https://elsewhere.example/x"}
	cases := []struct {
		name string
		base string
		f    Flow
		rev  Revision
		want endpointPlan
	}{
		{"static flow", "https://w.example", f, Revision{FlowJSONVersion: "7.3"}, endpointPlan{}},
		{"endpoint flow", "https://w.example/", f, Revision{FlowJSONVersion: "7.3", DataAPIVersion: "3.0"},
			endpointPlan{needed: true, uri: "https://w.example/wa/v2/flows/flw_1/endpoint"}},
		{"override", "https://w.example", override, Revision{FlowJSONVersion: "7.3", DataAPIVersion: "4.0"},
			endpointPlan{needed: true, uri: override.EndpointURI}},
		{"no base URL", "", f, Revision{FlowJSONVersion: "7.3", DataAPIVersion: "3.0"}, endpointPlan{needed: true}},
		{"before 3.0 the JSON carries it", "https://w.example", f, Revision{FlowJSONVersion: "2.1", DataAPIVersion: "3.0"}, endpointPlan{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, planEndpoint(c.base, c.f, c.rev))
		})
	}
}

func TestBackoff(t *testing.T) {
	b := Backoff{Base: time.Second, Max: 10 * time.Second}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		assert.Equal(t, w, b.delay(i+1), "after %d failures", i+1)
	}
	assert.Equal(t, 15*time.Minute, Backoff{}.withDefaults().delay(1000), "no overflow after many failures")
	for range 100 {
		d := equalJitter(8 * time.Second)
		assert.True(t, d >= 4*time.Second && d <= 8*time.Second, "equal jitter keeps half: %v", d)
	}
}
