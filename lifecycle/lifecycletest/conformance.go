package lifecycletest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/internal/conformance"
	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/providers"
)

// RepositoryConformance checks that the repositories newRepo makes satisfy
// the [lifecycle.Repository] contract. Each case runs in its own subtest
// with a fresh, empty repository.
func RepositoryConformance(t *testing.T, newRepo func(t *testing.T) lifecycle.Repository) {
	t.Helper()
	conformance.Run(t, newRepo, []conformance.Case[lifecycle.Repository]{
		{Name: "CreateGetFlow", Run: testCreateGetFlow},
		{Name: "CreateFlowConflicts", Run: testCreateFlowConflicts},
		{Name: "ListFlows", Run: testListFlows},
		{Name: "UpdateFlow", Run: testUpdateFlow},
		{Name: "UpdateFlowIsAtomic", Run: testUpdateFlowIsAtomic},
		{Name: "Retarget", Run: testRetarget},
		{Name: "DeleteFlow", Run: testDeleteFlow},
		{Name: "Revisions", Run: testRevisions},
		{Name: "Scripts", Run: testScripts},
		{Name: "Targets", Run: testTargets},
		{Name: "ResetAndRemoteStatus", Run: testResetAndRemoteStatus},
		{Name: "ClaimTargets", Run: testClaimTargets},
		{Name: "ConcurrentClaims", Run: testConcurrentClaims},
		{Name: "SaveProgress", Run: testSaveProgress},
	})
}

// base is a time with microseconds, the precision repositories must keep.
var base = time.Date(2026, 5, 6, 7, 8, 9, 123456000, time.UTC)

func at(seconds int) time.Time { return base.Add(time.Duration(seconds) * time.Second) }

func ptr[T any](v T) *T { return &v }

func flow(n int) lifecycle.Flow {
	return lifecycle.Flow{
		ID:         fmt.Sprintf("flw_%04d", n),
		Name:       fmt.Sprintf("flow %d", n),
		Categories: []string{"SURVEY", "OTHER"},
		Status:     lifecycle.StatusDraft,
		Version:    1,
		CreatedAt:  at(n),
		UpdatedAt:  at(n),
	}
}

func create(t *testing.T, repo lifecycle.Repository, n int) lifecycle.Flow {
	t.Helper()
	f := flow(n)
	require.NoError(t, repo.CreateFlow(t.Context(), f))
	return f
}

func target(flowID, appID string, due *time.Time) lifecycle.Target {
	return lifecycle.Target{
		FlowID: flowID, AppID: appID, Desired: lifecycle.StatusDraft, Generation: 1,
		StepState: lifecycle.StatePending, NextAttemptAt: due, CreatedAt: base, UpdatedAt: base,
	}
}

func addTarget(t *testing.T, repo lifecycle.Repository, f lifecycle.Flow, appID string, due *time.Time) lifecycle.Target {
	t.Helper()
	tg := target(f.ID, appID, due)
	require.NoError(t, repo.AddTarget(t.Context(), tg, f.Version))
	return tg
}

func sameTime(t *testing.T, want, got time.Time, what string) {
	t.Helper()
	assert.True(t, want.Equal(got), "%s: want %v, got %v", what, want, got)
	assert.Equal(t, time.UTC, got.Location(), "%s comes back in UTC", what)
}

func testCreateGetFlow(t *testing.T, repo lifecycle.Repository) {
	want := flow(1)
	want.EndpointURI = "https://example.com/endpoint"
	want.CurrentRevision, want.PublishedRevision, want.ScriptRevision = 3, 2, 1
	want.Status = lifecycle.StatusPublished
	require.NoError(t, repo.CreateFlow(t.Context(), want))
	got, err := repo.GetFlow(t.Context(), want.ID)
	require.NoError(t, err)
	sameTime(t, want.CreatedAt, got.CreatedAt, "CreatedAt")
	sameTime(t, want.UpdatedAt, got.UpdatedAt, "UpdatedAt")
	got.CreatedAt, got.UpdatedAt = want.CreatedAt, want.UpdatedAt
	assert.Equal(t, want, got)

	_, err = repo.GetFlow(t.Context(), "flw_missing")
	assert.ErrorIs(t, err, lifecycle.ErrNotFound)
}

func testCreateFlowConflicts(t *testing.T, repo lifecycle.Repository) {
	first := create(t, repo, 1)
	sameID, sameName := flow(2), flow(3)
	sameID.ID, sameName.Name = first.ID, first.Name
	assert.ErrorIs(t, repo.CreateFlow(t.Context(), sameID), lifecycle.ErrConflict, "same id")
	assert.ErrorIs(t, repo.CreateFlow(t.Context(), sameName), lifecycle.ErrConflict, "same name")
}

func testListFlows(t *testing.T, repo lifecycle.Repository) {
	var ids []string
	for i := 1; i <= 5; i++ {
		f := flow(i)
		if i%2 == 0 {
			f.Status, f.PublishedRevision = lifecycle.StatusPublished, 1
		}
		require.NoError(t, repo.CreateFlow(t.Context(), f))
		ids = append(ids, f.ID)
	}
	idsOf := func(fs []lifecycle.Flow) []string {
		out := []string{}
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	page, err := repo.ListFlows(t.Context(), lifecycle.FlowQuery{Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, ids[:2], idsOf(page), "first page")
	page, err = repo.ListFlows(t.Context(), lifecycle.FlowQuery{After: ids[1], Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, ids[2:], idsOf(page), "after a cursor")

	page, err = repo.ListFlows(t.Context(), lifecycle.FlowQuery{Status: lifecycle.StatusPublished, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, []string{ids[1], ids[3]}, idsOf(page), "by status")

	f1, err := repo.GetFlow(t.Context(), ids[0])
	require.NoError(t, err)
	f4, err := repo.GetFlow(t.Context(), ids[3])
	require.NoError(t, err)
	addTarget(t, repo, f1, "app_a", nil)
	addTarget(t, repo, f4, "app_a", nil)
	addTarget(t, repo, f4, "app_b", nil)
	page, err = repo.ListFlows(t.Context(), lifecycle.FlowQuery{AppID: "app_a", Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, []string{ids[0], ids[3]}, idsOf(page), "by app")
	page, err = repo.ListFlows(t.Context(), lifecycle.FlowQuery{AppID: "app_b", Status: lifecycle.StatusPublished, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, []string{ids[3]}, idsOf(page), "by app and status")
}

func testUpdateFlow(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	next := f
	next.Name, next.Categories, next.Status = "renamed", []string{"SIGN_UP"}, lifecycle.StatusPublished
	next.CurrentRevision, next.PublishedRevision, next.ScriptRevision = 1, 1, 1
	next.EndpointURI, next.UpdatedAt = "https://example.com/e", at(100)
	next.CreatedAt = at(999) // ignored
	require.NoError(t, repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{Flow: next}))
	got, err := repo.GetFlow(t.Context(), f.ID)
	require.NoError(t, err)
	assert.Equal(t, f.Version+1, got.Version, "the version moves on")
	sameTime(t, f.CreatedAt, got.CreatedAt, "CreatedAt is kept")
	sameTime(t, next.UpdatedAt, got.UpdatedAt, "UpdatedAt")
	got.CreatedAt, got.UpdatedAt, got.Version = next.CreatedAt, next.UpdatedAt, next.Version
	assert.Equal(t, next, got)

	assert.ErrorIs(t, repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{Flow: next}), lifecycle.ErrConflict, "stale version")
	missing := flow(9)
	assert.ErrorIs(t, repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{Flow: missing}), lifecycle.ErrNotFound, "unknown flow")

	other := create(t, repo, 2)
	other.Name = "renamed"
	assert.ErrorIs(t, repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{Flow: other}), lifecycle.ErrConflict, "taken name")
}

func revision(flowID string, n int) lifecycle.Revision {
	return lifecycle.Revision{
		FlowID: flowID, Number: n,
		// Bytes a text column would mangle: a NUL and invalid UTF-8.
		JSON:            []byte(fmt.Sprintf("{\"version\":\"7.3\",\"n\":%d}\x00\xff", n)),
		FlowJSONVersion: "7.3", DataAPIVersion: "3.0", Valid: true,
		Diagnostics: flowjson.Diagnostics{{Code: "W", Severity: flowjson.SeverityWarning, Pointer: "/screens/0", Line: 3, Column: 5, Message: "hm"}},
		CreatedAt:   at(n),
	}
}

func testUpdateFlowIsAtomic(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	rev := revision(f.ID, 1)
	next := f
	next.CurrentRevision = 1
	require.NoError(t, repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{Flow: next, Revision: &rev}))

	// A second writer that read version 2 and reuses number 1 loses whole.
	again := next
	again.Version, again.Name = 2, "changed"
	dup := revision(f.ID, 1)
	err := repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{Flow: again, Revision: &dup})
	assert.ErrorIs(t, err, lifecycle.ErrConflict, "revision number taken")
	got, err := repo.GetFlow(t.Context(), f.ID)
	require.NoError(t, err)
	assert.Equal(t, f.Name, got.Name, "nothing of a failed update is stored")
	assert.Equal(t, 2, got.Version)
}

func testRetarget(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	a := addTarget(t, repo, f, "app_a", nil)
	addTarget(t, repo, f, "app_b", ptr(at(1)))
	claimed, err := repo.ClaimTargets(t.Context(), lifecycle.Claim{Owner: "r1", Now: at(2), Until: at(60), Limit: 5})
	require.NoError(t, err)
	require.Len(t, claimed, 1)
	b := claimed[0]
	b.StepState, b.LastError, b.Attempts = lifecycle.StateUnsupported, "nope", 3
	b.Unsupported, b.NextAttemptAt = []providers.Operation{providers.OpSetEndpoint}, nil
	b.RemoteID, b.ClaimedBy, b.ClaimedUntil = "remote-b", "", nil
	_, err = repo.SaveProgress(t.Context(), "r1", b, nil)
	require.NoError(t, err)

	next := f
	next.Status, next.PublishedRevision, next.CurrentRevision = lifecycle.StatusPublished, 1, 1
	require.NoError(t, repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{
		Flow: next, Retarget: &lifecycle.Retarget{Desired: lifecycle.StatusPublished, Revision: 1, At: at(10)},
	}))
	ts, err := repo.Targets(t.Context(), f.ID)
	require.NoError(t, err)
	require.Len(t, ts, 2)
	for _, tg := range ts {
		assert.Equal(t, lifecycle.StatusPublished, tg.Desired, tg.AppID)
		assert.Equal(t, 1, tg.Revision, tg.AppID)
		assert.Equal(t, a.Generation+1, tg.Generation, tg.AppID)
		assert.Equal(t, lifecycle.StatePending, tg.StepState, tg.AppID)
		assert.Zero(t, tg.Attempts, tg.AppID)
		assert.Empty(t, tg.LastError, tg.AppID)
		assert.Empty(t, tg.Unsupported, tg.AppID)
		if assert.NotNil(t, tg.NextAttemptAt, tg.AppID) {
			sameTime(t, at(10), *tg.NextAttemptAt, "NextAttemptAt")
		}
	}
	assert.Equal(t, "remote-b", ts[1].RemoteID, "what the BSP holds is kept")
}

func testDeleteFlow(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	rev := revision(f.ID, 1)
	sc := lifecycle.Script{FlowID: f.ID, Revision: 1, Source: "function handle() {}", Form: "plain", CreatedAt: base}
	next := f
	next.CurrentRevision, next.ScriptRevision = 1, 1
	require.NoError(t, repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{Flow: next, Revision: &rev, Script: &sc}))
	addTarget(t, repo, lifecycle.Flow{ID: f.ID, Version: 2}, "app_a", ptr(base))

	assert.ErrorIs(t, repo.DeleteFlow(t.Context(), f.ID, 1), lifecycle.ErrConflict, "stale version")
	require.NoError(t, repo.DeleteFlow(t.Context(), f.ID, 2))
	_, err := repo.GetFlow(t.Context(), f.ID)
	assert.ErrorIs(t, err, lifecycle.ErrNotFound)
	_, err = repo.Revision(t.Context(), f.ID, 1)
	assert.ErrorIs(t, err, lifecycle.ErrNotFound, "revisions go with the flow")
	_, err = repo.Script(t.Context(), f.ID, 1)
	assert.ErrorIs(t, err, lifecycle.ErrNotFound, "scripts go with the flow")
	ts, err := repo.Targets(t.Context(), f.ID)
	require.NoError(t, err)
	assert.Empty(t, ts, "targets go with the flow")
	assert.ErrorIs(t, repo.DeleteFlow(t.Context(), f.ID, 2), lifecycle.ErrNotFound)

	// The flow's name is free again.
	require.NoError(t, repo.CreateFlow(t.Context(), flow(1)))
}

func testRevisions(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	for n := 1; n <= 3; n++ {
		rev := revision(f.ID, n)
		if n == 2 {
			rev.Diagnostics, rev.DataAPIVersion = nil, ""
		}
		next := f
		next.CurrentRevision, next.Version = n, n
		require.NoError(t, repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{Flow: next, Revision: &rev}))
	}
	want := revision(f.ID, 1)
	got, err := repo.Revision(t.Context(), f.ID, 1)
	require.NoError(t, err)
	assert.Equal(t, want.JSON, got.JSON, "JSON round-trips byte-exact")
	sameTime(t, want.CreatedAt, got.CreatedAt, "CreatedAt")
	got.CreatedAt = want.CreatedAt
	assert.Equal(t, want, got)

	got, err = repo.Revision(t.Context(), f.ID, 2)
	require.NoError(t, err)
	assert.Empty(t, got.Diagnostics, "no diagnostics stay none")
	assert.Empty(t, got.DataAPIVersion)

	list, err := repo.Revisions(t.Context(), f.ID)
	require.NoError(t, err)
	require.Len(t, list, 3)
	for i, rev := range list {
		assert.Equal(t, i+1, rev.Number, "oldest first")
		assert.Nil(t, rev.JSON, "listings leave the JSON out")
	}
	_, err = repo.Revision(t.Context(), f.ID, 4)
	assert.ErrorIs(t, err, lifecycle.ErrNotFound)
	list, err = repo.Revisions(t.Context(), "flw_missing")
	require.NoError(t, err)
	assert.Empty(t, list)
}

func testScripts(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	want := lifecycle.Script{FlowID: f.ID, Revision: 1, Source: "async function handler(request, env) {\n  // é\n}", Form: "kapso", CreatedAt: at(3)}
	next := f
	next.ScriptRevision = 1
	require.NoError(t, repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{Flow: next, Script: &want}))
	got, err := repo.Script(t.Context(), f.ID, 1)
	require.NoError(t, err)
	sameTime(t, want.CreatedAt, got.CreatedAt, "CreatedAt")
	got.CreatedAt = want.CreatedAt
	assert.Equal(t, want, got)
	_, err = repo.Script(t.Context(), f.ID, 2)
	assert.ErrorIs(t, err, lifecycle.ErrNotFound)
}

func testTargets(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	want := target(f.ID, "app_b", ptr(at(5)))
	want.Desired, want.Revision, want.RemoteID = lifecycle.StatusPublished, 2, "r-1"
	want.RemoteStatus, want.UploadedRevision, want.PublishedRevision = providers.FlowPublished, 2, 1
	want.EndpointURI, want.InFlight, want.Step = "https://example.com/e", lifecycle.StepPublish, lifecycle.StepPublish
	want.Attempts, want.LastError = 2, "boom"
	want.Unsupported = []providers.Operation{providers.OpSetEndpoint}
	require.NoError(t, repo.AddTarget(t.Context(), want, f.Version))
	addTarget(t, repo, f, "app_a", nil)

	got, err := repo.Target(t.Context(), f.ID, "app_b")
	require.NoError(t, err)
	sameTime(t, *want.NextAttemptAt, *got.NextAttemptAt, "NextAttemptAt")
	sameTime(t, want.CreatedAt, got.CreatedAt, "CreatedAt")
	got.NextAttemptAt, got.CreatedAt, got.UpdatedAt = want.NextAttemptAt, want.CreatedAt, want.UpdatedAt
	assert.Equal(t, want, got)

	ts, err := repo.Targets(t.Context(), f.ID)
	require.NoError(t, err)
	require.Len(t, ts, 2)
	assert.Equal(t, "app_a", ts[0].AppID, "ordered by app id")
	assert.Nil(t, ts[0].NextAttemptAt)
	assert.Nil(t, ts[0].Unsupported)

	assert.ErrorIs(t, repo.AddTarget(t.Context(), target(f.ID, "app_a", nil), f.Version), lifecycle.ErrConflict, "existing target")
	assert.ErrorIs(t, repo.AddTarget(t.Context(), target(f.ID, "app_c", nil), f.Version+1), lifecycle.ErrConflict, "stale flow version")
	assert.ErrorIs(t, repo.AddTarget(t.Context(), target("flw_missing", "app_c", nil), 1), lifecycle.ErrNotFound, "unknown flow")

	require.NoError(t, repo.RemoveTarget(t.Context(), f.ID, "app_a"))
	_, err = repo.Target(t.Context(), f.ID, "app_a")
	assert.ErrorIs(t, err, lifecycle.ErrNotFound)
	assert.ErrorIs(t, repo.RemoveTarget(t.Context(), f.ID, "app_a"), lifecycle.ErrNotFound)
}

func testResetAndRemoteStatus(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	tg := target(f.ID, "app_a", nil)
	tg.StepState, tg.InFlight, tg.LastError, tg.Attempts = lifecycle.StateFailed, lifecycle.StepCreate, "interrupted", 4
	tg.Unsupported = []providers.Operation{providers.OpPublishFlow}
	require.NoError(t, repo.AddTarget(t.Context(), tg, f.Version))

	got, err := repo.ResetTarget(t.Context(), f.ID, "app_a", at(9))
	require.NoError(t, err)
	assert.Equal(t, lifecycle.StatePending, got.StepState)
	assert.Empty(t, got.InFlight, "a reset forgets the interrupted step")
	assert.Empty(t, got.LastError)
	assert.Empty(t, got.Unsupported)
	assert.Zero(t, got.Attempts)
	assert.Equal(t, tg.Generation+1, got.Generation)
	if assert.NotNil(t, got.NextAttemptAt) {
		sameTime(t, at(9), *got.NextAttemptAt, "NextAttemptAt")
	}
	_, err = repo.ResetTarget(t.Context(), f.ID, "app_x", at(9))
	assert.ErrorIs(t, err, lifecycle.ErrNotFound)

	require.NoError(t, repo.SetRemoteStatus(t.Context(), f.ID, "app_a", providers.FlowThrottled, at(10)))
	got, err = repo.Target(t.Context(), f.ID, "app_a")
	require.NoError(t, err)
	assert.Equal(t, providers.FlowThrottled, got.RemoteStatus)
	assert.ErrorIs(t, repo.SetRemoteStatus(t.Context(), f.ID, "app_x", providers.FlowBlocked, at(10)), lifecycle.ErrNotFound)
}

func testClaimTargets(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	addTarget(t, repo, f, "app_late", ptr(at(20)))
	addTarget(t, repo, f, "app_second", ptr(at(5)))
	addTarget(t, repo, f, "app_first", ptr(at(1)))
	addTarget(t, repo, f, "app_idle", nil)

	claim := func(owner string, now, until time.Time, limit int) []string {
		ts, err := repo.ClaimTargets(t.Context(), lifecycle.Claim{Owner: owner, Now: now, Until: until, Limit: limit})
		require.NoError(t, err)
		var apps []string
		for _, tg := range ts {
			assert.Equal(t, owner, tg.ClaimedBy)
			if assert.NotNil(t, tg.ClaimedUntil) {
				sameTime(t, until, *tg.ClaimedUntil, "ClaimedUntil")
			}
			apps = append(apps, tg.AppID)
		}
		return apps
	}
	assert.Equal(t, []string{"app_first"}, claim("r1", at(10), at(70), 1), "earliest due first, up to the limit")
	assert.Equal(t, []string{"app_second"}, claim("r2", at(10), at(70), 5), "claimed and future targets are left alone")
	assert.Equal(t, []string{"app_late"}, claim("r3", at(69), at(100), 5), "claims last until they expire")
	assert.Equal(t, []string{"app_first", "app_second"}, claim("r4", at(70), at(130), 5), "expired claims are taken over")
}

func testConcurrentClaims(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	const targets, claimers = 12, 6
	for i := range targets {
		addTarget(t, repo, f, fmt.Sprintf("app_%02d", i), ptr(at(i)))
	}
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		got []string
	)
	for c := range claimers {
		wg.Go(func() {
			ts, err := repo.ClaimTargets(t.Context(), lifecycle.Claim{Owner: fmt.Sprintf("r%d", c), Now: at(100), Until: at(200), Limit: 3})
			assert.NoError(t, err)
			mu.Lock()
			defer mu.Unlock()
			for _, tg := range ts {
				got = append(got, tg.AppID)
			}
		})
	}
	wg.Wait()
	slices.Sort(got)
	assert.Len(t, slices.Compact(slices.Clone(got)), len(got), "no target is claimed twice: %v", got)
	assert.Len(t, got, targets, "every due target is claimed by someone")
}

func testSaveProgress(t *testing.T, repo lifecycle.Repository) {
	f := create(t, repo, 1)
	addTarget(t, repo, f, "app_a", ptr(at(1)))
	ts, err := repo.ClaimTargets(t.Context(), lifecycle.Claim{Owner: "r1", Now: at(2), Until: at(60), Limit: 1})
	require.NoError(t, err)
	require.Len(t, ts, 1)
	tg := ts[0]

	tg.RemoteID, tg.RemoteStatus, tg.InFlight, tg.Step = "remote-1", providers.FlowDraft, "", lifecycle.StepCreate
	tg.StepState, tg.Attempts, tg.UpdatedAt, tg.ClaimedUntil = lifecycle.StateRetrying, 1, at(3), ptr(at(63))
	tg.Desired, tg.Revision = lifecycle.StatusDeprecated, 9 // not the reconciler's to write
	ev := &lifecycle.TargetEvent{FlowID: f.ID, AppID: "app_a", Step: lifecycle.StepCreate, Outcome: lifecycle.OutcomeOK, Attempt: 1, At: at(3)}
	saved, err := repo.SaveProgress(t.Context(), "r1", tg, ev)
	require.NoError(t, err)
	assert.Equal(t, "remote-1", saved.RemoteID)
	assert.Equal(t, lifecycle.StateRetrying, saved.StepState)
	assert.Equal(t, lifecycle.StatusDraft, saved.Desired, "Desired is never written by SaveProgress")
	assert.Zero(t, saved.Revision, "Revision is never written by SaveProgress")

	_, err = repo.SaveProgress(t.Context(), "r2", saved, nil)
	assert.ErrorIs(t, err, lifecycle.ErrClaimLost, "only the claimer saves")

	// The desired state changes while r1 works: r1's facts land, its
	// schedule does not.
	next := f
	next.CurrentRevision = 0
	require.NoError(t, repo.UpdateFlow(t.Context(), lifecycle.FlowUpdate{
		Flow: next, Retarget: &lifecycle.Retarget{Desired: lifecycle.StatusDraft, Revision: 0, At: at(4)},
	}))
	stale := saved
	stale.UploadedRevision, stale.StepState, stale.NextAttemptAt, stale.Step = 7, lifecycle.StateDone, nil, lifecycle.StepUpload
	stale.ClaimedBy, stale.ClaimedUntil = "", nil
	ev2 := &lifecycle.TargetEvent{FlowID: f.ID, AppID: "app_a", Step: lifecycle.StepUpload, Outcome: lifecycle.OutcomeFailed, Attempt: 2, Error: "bad", At: at(5)}
	got, err := repo.SaveProgress(t.Context(), "r1", stale, ev2)
	require.NoError(t, err)
	assert.Equal(t, 7, got.UploadedRevision, "facts are written")
	assert.Equal(t, lifecycle.StepUpload, got.Step)
	assert.Empty(t, got.ClaimedBy, "the claim is released")
	assert.Nil(t, got.ClaimedUntil)
	assert.Equal(t, lifecycle.StatePending, got.StepState, "the newer generation's schedule stands")
	if assert.NotNil(t, got.NextAttemptAt) {
		sameTime(t, at(4), *got.NextAttemptAt, "NextAttemptAt")
	}

	_, err = repo.SaveProgress(t.Context(), "r1", got, nil)
	assert.ErrorIs(t, err, lifecycle.ErrClaimLost, "a released claim is lost")

	evs, err := repo.TargetEvents(t.Context(), f.ID, "app_a", 10)
	require.NoError(t, err)
	require.Len(t, evs, 2)
	sameTime(t, ev2.At, evs[0].At, "At")
	evs[0].At, evs[1].At = ev2.At, ev.At
	assert.Equal(t, []lifecycle.TargetEvent{*ev2, *ev}, evs, "newest first")
	evs, err = repo.TargetEvents(t.Context(), f.ID, "app_a", 1)
	require.NoError(t, err)
	assert.Len(t, evs, 1, "limit")

	missing := got
	missing.AppID = "app_x"
	_, err = repo.SaveProgress(t.Context(), "r1", missing, nil)
	assert.ErrorIs(t, err, lifecycle.ErrNotFound)
}
