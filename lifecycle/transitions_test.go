package lifecycle_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/lifecycle"
)

func TestNext(t *testing.T) {
	var (
		draft        = lifecycle.State{Status: lifecycle.StatusDraft}
		redraft      = lifecycle.State{Status: lifecycle.StatusDraft, Published: true}
		published    = lifecycle.State{Status: lifecycle.StatusPublished, Published: true}
		throttled    = lifecycle.State{Status: lifecycle.StatusThrottled, Published: true}
		blocked      = lifecycle.State{Status: lifecycle.StatusBlocked, Published: true}
		deprecated   = lifecycle.State{Status: lifecycle.StatusDeprecated, Published: true}
		refused      = lifecycle.Status("refused")
		gone         = lifecycle.Status("")
		D, P, T, B   = lifecycle.StatusDraft, lifecycle.StatusPublished, lifecycle.StatusThrottled, lifecycle.StatusBlocked
		X            = lifecycle.StatusDeprecated
		actionsOrder = lifecycle.Actions()
	)
	// One row per state, one column per action in the order of
	// lifecycle.Actions(): update_metadata, put_json, put_script, publish,
	// deprecate, delete, add_target, remove_target.
	table := []struct {
		from lifecycle.State
		to   []lifecycle.Status
	}{
		{draft, []lifecycle.Status{D, D, D, P, refused, gone, D, D}},
		{redraft, []lifecycle.Status{D, D, D, P, refused, refused, D, D}},
		{published, []lifecycle.Status{D, D, P, refused, X, refused, P, P}},
		{throttled, []lifecycle.Status{refused, refused, T, refused, X, refused, T, T}},
		{blocked, []lifecycle.Status{refused, refused, B, refused, X, refused, B, B}},
		{deprecated, []lifecycle.Status{refused, refused, refused, refused, refused, refused, refused, refused}},
	}
	for _, row := range table {
		require.Len(t, row.to, len(actionsOrder))
		var allowed []lifecycle.Action
		for i, a := range actionsOrder {
			if row.to[i] != refused {
				allowed = append(allowed, a)
			}
		}
		for i, a := range actionsOrder {
			t.Run(row.from.String()+"/"+string(a), func(t *testing.T) {
				got, err := lifecycle.Next(row.from, a)
				if row.to[i] != refused {
					require.NoError(t, err)
					assert.Equal(t, row.to[i], got)
					return
				}
				var te *lifecycle.TransitionError
				require.ErrorAs(t, err, &te)
				assert.Equal(t, row.from, te.From)
				assert.Equal(t, a, te.Action)
				assert.Equal(t, allowed, te.Allowed, "the error lists what the state allows")
				assert.ErrorIs(t, err, lifecycle.ErrConflict)
			})
		}
		assert.Equal(t, allowed, lifecycle.Allowed(row.from), row.from.String())
	}
}

func TestTransitionErrorMessage(t *testing.T) {
	_, err := lifecycle.Next(lifecycle.State{Status: lifecycle.StatusDraft, Published: true}, lifecycle.ActionDelete)
	assert.EqualError(t, err, "lifecycle: delete is not allowed for a flow in DRAFT (published before) "+
		"(allowed: update_metadata, put_json, put_script, publish, add_target, remove_target)")
	_, err = lifecycle.Next(lifecycle.State{Status: lifecycle.StatusDeprecated, Published: true}, lifecycle.ActionPublish)
	assert.EqualError(t, err, "lifecycle: publish is not allowed for a flow in DEPRECATED (allowed: none, the state is terminal)")
	assert.False(t, errors.Is(err, lifecycle.ErrInvalid))
}
