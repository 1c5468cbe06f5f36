package store_test

import (
	"testing"

	"github.com/waflow/waflow/messaging"
	"github.com/waflow/waflow/messaging/messagingtest"
	"github.com/waflow/waflow/store/storetest"
)

func TestMessageRepositoryConformance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, open storetest.Opener) {
		messagingtest.MessageRepositoryConformance(t, func(t *testing.T) messaging.MessageRepository { return open(t).Messages() })
	})
}

func TestTemplateRepositoryConformance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, open storetest.Opener) {
		messagingtest.TemplateRepositoryConformance(t, func(t *testing.T) messaging.TemplateRepository { return open(t).Templates() })
	})
}
