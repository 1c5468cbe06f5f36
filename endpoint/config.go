package endpoint

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/endpoint/script"
	"github.com/waflow/waflow/flowjson"
)

// DefaultMaxBodyBytes bounds a request body when Config.MaxBodyBytes is 0.
// A request envelope is a few hundred bytes plus the payload; media arrive
// as CDN references, never inline, so a megabyte is generous.
const DefaultMaxBodyBytes = 1 << 20

// DefaultExpiredTokenMessage is the text sent with a 427 when
// Config.ExpiredTokenMessage is empty.
const DefaultExpiredTokenMessage = "This flow is no longer available."

// Config configures a [Handler]. Keys, Program and Host are required; the
// zero value of every other field means its default.
type Config struct {
	// FlowID identifies the flow to the script (flow.id, req.flow_id) and,
	// when Tokens is set, must match the flow id a token was issued for.
	FlowID string
	// Flow is the flow the answers are checked against: screen, data model,
	// routing model. Nil checks only the protocol's shape of answers.
	Flow *flowjson.Flow
	// Keys are the private keys, newest first; after a rotation keep the
	// previous key until clients have fetched the new public key.
	Keys crypto.KeySet
	// AppSecrets are the Meta app secrets, newest first. When set, every
	// POST must carry a valid X-Hub-Signature-256 (else 432) and a Data API
	// 4.0 flow_token_signature is verified when present.
	AppSecrets [][]byte
	// Tokens, when set, verifies flow tokens issued by waflow (427 when one
	// is malformed, forged, expired or for another flow). Nil accepts any
	// non-empty token: the script then owns that decision.
	Tokens *crypto.Tokens
	// Program is the handler script and Host runs it. The Host may be shared
	// by many handlers; Close it, not the handler.
	Program *script.Program
	Host    *script.Host
	// Env is passed to the script: `env` (Kapso form) or ctx.env (plain).
	Env map[string]string
	// MaxBodyBytes bounds the request body; larger ones get 413. 0 means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Notifications records WhatsApp's error notifications; nil logs them.
	Notifications NotificationSink
	// Observer is told every request's outcome; nil means none.
	Observer Observer
	// ExpiredTokenMessage is the text the client may show with a 427.
	ExpiredTokenMessage string
	// Logger receives one record per failed request; nil discards them.
	Logger *slog.Logger
	// Now is the clock for durations, notifications and the expiry of
	// flow_token_signature; nil means time.Now.
	Now func() time.Time
}

// ConfigError names the Config field that [New] refused.
type ConfigError struct {
	Field   string
	Problem string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("endpoint: Config.%s: %s", e.Field, e.Problem)
}

func (c Config) check() error {
	if len(c.Keys) == 0 {
		return &ConfigError{"Keys", "at least one private key is required"}
	}
	for i, k := range c.Keys {
		if k == nil || k.PrivateKey == nil {
			return &ConfigError{"Keys", fmt.Sprintf("key %d is nil", i)}
		}
	}
	if c.Program == nil {
		return &ConfigError{"Program", "a handler script is required"}
	}
	if c.Host == nil {
		return &ConfigError{"Host", "a script host is required"}
	}
	if len(c.AppSecrets) > 0 && !anyNonEmpty(c.AppSecrets) {
		return &ConfigError{"AppSecrets", "every secret is empty; leave AppSecrets nil to skip signature checks"}
	}
	if c.Tokens != nil && !anyNonEmpty(c.Tokens.Secrets) {
		return &ConfigError{"Tokens", "no non-empty secret to verify flow tokens with"}
	}
	if c.Flow != nil && !c.Flow.HasEndpoint() {
		return &ConfigError{"Flow", "the flow declares no data_api_version, so WhatsApp never calls an endpoint for it"}
	}
	if c.MaxBodyBytes < 0 {
		return &ConfigError{"MaxBodyBytes", "negative"}
	}
	return nil
}

func anyNonEmpty(secrets [][]byte) bool {
	for _, s := range secrets {
		if len(s) > 0 {
			return true
		}
	}
	return false
}
