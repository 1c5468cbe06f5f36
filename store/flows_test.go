package store_test

import (
	"testing"

	"github.com/waflow/waflow/lifecycle"
	"github.com/waflow/waflow/lifecycle/lifecycletest"
	"github.com/waflow/waflow/store/storetest"
)

func TestFlowRepositoryConformance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, open storetest.Opener) {
		lifecycletest.RepositoryConformance(t, func(t *testing.T) lifecycle.Repository { return open(t).Flows() })
	})
}
