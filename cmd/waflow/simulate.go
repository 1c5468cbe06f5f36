package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/flowrun"
)

// simulateFlowToken is the flow_token of every simulated request. It is
// fixed so that a handler deriving values from the token (an order number,
// a key-value entry) prints the same walk on every run.
const simulateFlowToken = "waflow-simulate"

// simulateConfig is the typed form of "waflow simulate"'s flags.
type simulateConfig struct {
	Flow          string
	Script        string
	Answers       string
	PrivateKey    string
	PassphraseEnv string
	EnvFile       string
	Timeout       time.Duration
	AllowErrors   bool
}

func (c simulateConfig) validate() error {
	if c.Flow == "" {
		return requireFlag("flow")
	}
	if c.PassphraseEnv != "" && c.PrivateKey == "" {
		return usageErrorf("--passphrase-env needs --private-key")
	}
	return checkScriptTimeout(c.Timeout)
}

// runSimulate walks a flow the way a user would, against its handler script,
// through the real envelope but with no network: the flow runtime plays
// WhatsApp's side, sealing each request to the endpoint's public key and
// opening each answer. It is the fastest way to see that a flow and its
// handler agree.
func runSimulate(ctx context.Context, m *Main, args []string) error {
	var c simulateConfig
	flags := m.newCommandFlags("simulate", "--flow FILE --script FILE [--answers FILE] [flags]")
	flags.StringVar(&c.Flow, "flow", "", "Flow JSON file")
	flags.StringVar(&c.Script, "script", "", "JavaScript handler; required when the flow has a data_api_version")
	flags.StringVar(&c.Answers, "answers", "", `JSON file of form values per screen: {"SCREEN_ID": {"field": value}}`)
	flags.StringVar(&c.PrivateKey, "private-key", "", "PEM private key to use (default: a throwaway key generated for the run)")
	flags.StringVar(&c.PassphraseEnv, "passphrase-env", "", "environment variable holding --private-key's passphrase")
	flags.StringVar(&c.EnvFile, "env-file", "", "file of KEY=VALUE lines passed to the script as its env")
	flags.DurationVar(&c.Timeout, "timeout", script.DefaultTimeout, "wall-clock budget of one script call")
	flags.BoolVar(&c.AllowErrors, "allow-errors", false, "carry on after answers carrying an error_message instead of failing")
	if err := parseFlagsOnly(flags, args, &c); err != nil {
		return err
	}

	flow, err := m.loadFlowFile(c.Flow)
	if err != nil {
		return err
	}
	src, err := readFlagFile("flow", c.Flow)
	if err != nil {
		return err
	}
	answers, err := readAnswers(c.Answers, flow)
	if err != nil {
		return err
	}
	// The handler's own checks are what a simulation exercises, so the
	// client's input checks do not stop the walk before it.
	opts := flowrun.Options{FlowToken: simulateFlowToken, SkipInputChecks: true}
	var ex flowrun.Exchanger
	if flow.HasEndpoint() {
		if c.Script == "" {
			return usageErrorf("--script is required: %s has a data_api_version, so its screens come from the endpoint", c.Flow)
		}
		key, err := m.simulateKey(c)
		if err != nil {
			return err
		}
		var closeHost func() error
		ex, closeHost, err = m.walkExchanger(flow, walkEndpoint{FlowPath: c.Flow, Script: c.Script, EnvFile: c.EnvFile, Timeout: c.Timeout, Key: key})
		if err != nil {
			return err
		}
		defer closeHost()
	} else {
		opts.InitialData = exampleData(flow.Screens[0].Data)
		if c.Script != "" {
			fmt.Fprintf(m.Stderr, "note: %s has no data_api_version; --script is not called\n", c.Flow)
		}
	}
	walker, err := flowrun.NewWalker(src, ex, opts)
	if err != nil {
		return err
	}
	sim := &simulation{out: m.Stdout, walker: walker, answers: answers, allowErrors: c.AllowErrors}
	return sim.run(ctx)
}

// simulateKey loads --private-key, or makes a throwaway key: the simulator
// is both sides of the envelope, so any key proves the handler path.
func (m *Main) simulateKey(c simulateConfig) (*crypto.PrivateKey, error) {
	if c.PrivateKey == "" {
		return crypto.GenerateKey(nil, crypto.MinKeyBits)
	}
	passphrase, err := m.secretFromEnv("passphrase-env", c.PassphraseEnv)
	if err != nil {
		return nil, err
	}
	return loadPrivateKey("private-key", c.PrivateKey, passphrase, "passphrase-env")
}

// readAnswers reads the --answers file. A screen id the flow lacks is an
// error: a typo there would otherwise walk the flow with empty forms.
func readAnswers(path string, flow *flowjson.Flow) (map[string]map[string]any, error) {
	answers := map[string]map[string]any{}
	if path == "" {
		return answers, nil
	}
	data, err := readFlagFile("answers", path)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &answers); err != nil {
		return nil, usageErrorf(`--answers: %s: %v (want {"SCREEN_ID": {"field": value}})`, path, err)
	}
	for id := range answers {
		if _, ok := flow.Screen(id); !ok {
			return nil, usageErrorf("--answers: %s: the flow has no screen %q", path, id)
		}
	}
	return answers, nil
}
