package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/waflow/waflow/crypto"
)

// runToken dispatches "waflow token issue" and "waflow token verify".
func runToken(_ context.Context, m *Main, args []string) error {
	const synopsis = "usage: waflow token issue --secret-env NAME [--flow-id ID] [--to PHONE] [--ttl 24h]\n" +
		"       waflow token verify --secret-env NAME TOKEN"
	return m.runSubcommand(args, synopsis, map[string]func([]string) error{
		"issue":  m.runTokenIssue,
		"verify": m.runTokenVerify,
	})
}

// tokenIssueConfig is the typed form of "token issue"'s flags.
type tokenIssueConfig struct {
	SecretEnv string
	FlowID    string
	To        string
	TTL       time.Duration
}

func (c tokenIssueConfig) validate() error {
	if c.SecretEnv == "" {
		return requireFlag("secret-env")
	}
	if c.TTL <= 0 {
		return usageErrorf("--ttl: %s is not a positive duration", c.TTL)
	}
	return nil
}

// runTokenIssue mints the flow_token to put in a flow message, signed with
// the same secret that "waflow endpoint --token-secret-env" checks, so the
// endpoint can trust the token without a database. The token alone goes to
// stdout (its last line) so that shell scripts can capture it; the
// description goes to stderr.
func (m *Main) runTokenIssue(args []string) error {
	var c tokenIssueConfig
	flags := m.newCommandFlags("token issue", "--secret-env NAME [--flow-id ID] [--to PHONE] [--ttl 24h]")
	flags.StringVar(&c.SecretEnv, "secret-env", "", "environment variable holding the token signing secret")
	flags.StringVar(&c.FlowID, "flow-id", "", "flow the token is for (checked by the endpoint when set)")
	flags.StringVar(&c.To, "to", "", "recipient phone number the token is for")
	flags.DurationVar(&c.TTL, "ttl", crypto.DefaultTokenTTL, "lifetime of the token (Meta advises two to three days at most)")
	if err := parseFlagsOnly(flags, args, &c); err != nil {
		return err
	}
	secret, err := m.secretFromEnv("secret-env", c.SecretEnv)
	if err != nil {
		return err
	}
	now := time.Now()
	claims := crypto.TokenClaims{FlowID: c.FlowID, Recipient: c.To, IssuedAt: now, ExpiresAt: now.Add(c.TTL)}
	token, err := crypto.Tokens{Secrets: [][]byte{secret}}.Issue(claims)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stderr, "flow token for %s, expires %s\n", describeClaims(claims), claims.ExpiresAt.Format(time.RFC3339))
	fmt.Fprintln(m.Stdout, token)
	return nil
}

// tokenVerifyConfig is the typed form of "token verify"'s flags and argument.
type tokenVerifyConfig struct {
	SecretEnv string
	Token     string
}

func (c tokenVerifyConfig) validate() error {
	if c.SecretEnv == "" {
		return requireFlag("secret-env")
	}
	if c.Token == "" {
		return usageErrorf("missing TOKEN argument")
	}
	return nil
}

// runTokenVerify checks a token and says why it is refused, so that a user
// debugging a 427 from the endpoint can tell a stale token from one signed
// with another secret.
func (m *Main) runTokenVerify(args []string) error {
	var c tokenVerifyConfig
	flags := m.newCommandFlags("token verify", "--secret-env NAME TOKEN")
	flags.StringVar(&c.SecretEnv, "secret-env", "", "environment variable holding the token signing secret")
	if err := parseCommandFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 1 {
		return usageErrorf("want one TOKEN argument, got %d", flags.NArg())
	}
	c.Token = flags.Arg(0)
	if err := c.validate(); err != nil {
		return err
	}
	secret, err := m.secretFromEnv("secret-env", c.SecretEnv)
	if err != nil {
		return err
	}
	claims, err := crypto.Tokens{Secrets: [][]byte{secret}}.Verify(c.Token)
	switch {
	case err == nil:
		fmt.Fprintf(m.Stdout, "valid: %s, issued %s, expires %s\n", describeClaims(claims),
			claims.IssuedAt.Format(time.RFC3339), claims.ExpiresAt.Format(time.RFC3339))
		return nil
	case errors.Is(err, crypto.ErrTokenExpired):
		return fmt.Errorf("expired: token for %s expired at %s", describeClaims(claims), claims.ExpiresAt.Format(time.RFC3339))
	case errors.Is(err, crypto.ErrTokenForged):
		return errors.New("forged: the signature does not match the secret in $" + c.SecretEnv)
	case errors.Is(err, crypto.ErrTokenMalformed):
		return fmt.Errorf("malformed: %w", err)
	default:
		return err
	}
}

// describeClaims names the flow and recipient a token is bound to.
func describeClaims(c crypto.TokenClaims) string {
	flow, to := c.FlowID, c.Recipient
	if flow == "" {
		flow = "any"
	}
	if to == "" {
		to = "anyone"
	}
	return fmt.Sprintf("flow %s, to %s", flow, to)
}
