package store_test

import (
	"testing"

	"github.com/waflow/waflow/apikeys"
	"github.com/waflow/waflow/apikeys/apikeystest"
	"github.com/waflow/waflow/store/storetest"
)

func TestAPIKeyRepositoryConformance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, open storetest.Opener) {
		apikeystest.RepositoryConformance(t, func(t *testing.T) apikeys.Repository { return open(t).APIKeys() })
	})
}
