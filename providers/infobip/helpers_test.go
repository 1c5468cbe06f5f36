package infobip_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/providers"
	"github.com/waflow/waflow/providers/infobip"
	"github.com/waflow/waflow/providers/infobip/infobiptest"
	"github.com/waflow/waflow/providers/providertest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// noSleep records the waits between attempts instead of waiting.
type noSleep struct{ waits []time.Duration }

func (n *noSleep) sleep(_ context.Context, d time.Duration) error {
	n.waits = append(n.waits, d)
	return nil
}

// fixture is a provider talking to a fresh fake.
type fixture struct {
	srv   *infobiptest.Server
	p     *infobip.Provider
	app   providers.App
	sleep *noSleep
}

func newFixture(t *testing.T, fo infobiptest.Options, po infobip.Options) fixture {
	t.Helper()
	srv := infobiptest.New(t, fo)
	ns := &noSleep{}
	if po.Sleep == nil {
		po.Sleep = ns.sleep
	}
	if po.Retry.Jitter == nil {
		po.Retry.Jitter = func(d time.Duration) time.Duration { return d }
	}
	if po.Timeout == 0 {
		po.Timeout = 2 * time.Second
	}
	app := providers.App{ID: "app-infobip", BSP: providers.BSPInfobip, PhoneNumber: "+" + srv.Sender(),
		Credentials: map[string]string{infobip.CredentialAPIKey: srv.APIKey(), infobip.CredentialWebhookSecret: "hook-user:hook-password"},
		Settings:    map[string]string{infobip.SettingBaseURL: srv.URL}}
	return fixture{srv: srv, p: infobip.New(po), app: app, sleep: ns}
}

// checkGolden compares an indented form of got with
// testdata/<dir>/<name>, rewriting it under -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	var buf bytes.Buffer
	if json.Valid(got) {
		require.NoError(t, json.Indent(&buf, got, "", "  "))
	} else {
		buf.Write(got)
	}
	buf.WriteByte('\n')
	providertest.Golden(t, path, buf.Bytes(), *update)
}
