package store_test

import (
	"testing"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/apps/appstest"
	"github.com/waflow/waflow/store/storetest"
)

func TestAppRepositoryConformance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, open storetest.Opener) {
		appstest.RepositoryConformance(t, func(t *testing.T) apps.Repository { return open(t).Apps() })
	})
}
