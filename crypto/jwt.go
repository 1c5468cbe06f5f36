package crypto

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Errors returned by [VerifyFlowTokenSignature].
var (
	// ErrJWTMalformed means the token is not a well-formed compact JWS/JWT.
	ErrJWTMalformed = errors.New("crypto: flow_token_signature is not a well-formed JWT")
	// ErrJWTSignature means the token is not HS256 or its MAC matches none
	// of the app secrets.
	ErrJWTSignature = errors.New("crypto: flow_token_signature does not verify")
	// ErrJWTExpired means the token is past exp or before nbf.
	ErrJWTExpired = errors.New("crypto: flow_token_signature is outside its validity period")
)

const (
	// jwtLeeway absorbs clock skew between Meta and the endpoint.
	jwtLeeway = time.Minute
	// jwtMaxLen bounds the work done on a hostile token; a flow token and a
	// few claims fit in far less.
	jwtMaxLen = 16 << 10
)

// FlowTokenClaims is the payload of a Data API 4.0 flow_token_signature.
//
// Meta documents that the payload contains the flow token but not the claim
// name; FlowToken is read from the "flow_token" claim and Raw keeps every
// claim (numbers as json.Number) for callers that need another.
type FlowTokenClaims struct {
	FlowToken string
	// Issued and Expires come from iat and exp; zero when absent.
	Issued, Expires time.Time
	Raw             map[string]any
}

// VerifyFlowTokenSignature checks the flow_token_signature JWT of a Data API
// 4.0 request: alg must be HS256 (none and every other algorithm are
// refused), the MAC must match one of appSecrets (newest first; empty ones
// skipped), and only then is the payload decoded and exp/nbf compared with
// now, allowing one minute of clock skew. Tokens without exp are accepted.
//
// Errors wrap ErrJWTMalformed, ErrJWTSignature, ErrJWTExpired or
// ErrNoSecret. With ErrJWTExpired the decoded claims are returned too.
func VerifyFlowTokenSignature(jwt string, appSecrets [][]byte, now time.Time) (FlowTokenClaims, error) {
	if len(jwt) > jwtMaxLen {
		return FlowTokenClaims{}, fmt.Errorf("%w: %d bytes, limit %d", ErrJWTMalformed, len(jwt), jwtMaxLen)
	}
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		return FlowTokenClaims{}, fmt.Errorf("%w: %d dot-separated parts, want 3", ErrJWTMalformed, len(parts))
	}
	if err := checkJWTHeader(parts[0]); err != nil {
		return FlowTokenClaims{}, err
	}
	sig, err := strictB64URL.DecodeString(parts[2])
	if err != nil || len(sig) != sha256.Size {
		return FlowTokenClaims{}, fmt.Errorf("%w: signature is not %d base64url bytes", ErrJWTMalformed, sha256.Size)
	}
	signed := jwt[:len(parts[0])+1+len(parts[1])]
	usable, ok := matchMAC(appSecrets, []byte(signed), sig)
	if usable == 0 {
		return FlowTokenClaims{}, ErrNoSecret
	}
	if !ok {
		return FlowTokenClaims{}, fmt.Errorf("%w: MAC matches none of %d app secrets", ErrJWTSignature, usable)
	}
	claims, nbf, err := parseJWTPayload(parts[1])
	if err != nil {
		return FlowTokenClaims{}, err
	}
	if !claims.Expires.IsZero() && !now.Before(claims.Expires.Add(jwtLeeway)) {
		return claims, fmt.Errorf("%w: expired at %s", ErrJWTExpired, claims.Expires.UTC().Format(time.RFC3339))
	}
	if !nbf.IsZero() && now.Add(jwtLeeway).Before(nbf) {
		return claims, fmt.Errorf("%w: not valid before %s", ErrJWTExpired, nbf.UTC().Format(time.RFC3339))
	}
	return claims, nil
}

// checkJWTHeader accepts only {"alg":"HS256"} plus harmless members. Keys are
// matched exactly, unlike encoding/json's struct decoding, so "ALG" cannot
// smuggle a second algorithm past the check.
func checkJWTHeader(enc string) error {
	raw, err := strictB64URL.DecodeString(enc)
	if err != nil {
		return fmt.Errorf("%w: header: %w", ErrJWTMalformed, err)
	}
	var h map[string]any
	if err := json.Unmarshal(raw, &h); err != nil || h == nil {
		return fmt.Errorf("%w: header is not a JSON object", ErrJWTMalformed)
	}
	if _, ok := h["crit"]; ok {
		return fmt.Errorf("%w: header has critical extensions", ErrJWTMalformed)
	}
	alg, _ := h["alg"].(string)
	if alg != "HS256" {
		return fmt.Errorf("%w: alg %q, only HS256 is accepted", ErrJWTSignature, alg)
	}
	return nil
}

func parseJWTPayload(enc string) (FlowTokenClaims, time.Time, error) {
	raw, err := strictB64URL.DecodeString(enc)
	if err != nil {
		return FlowTokenClaims{}, time.Time{}, fmt.Errorf("%w: payload: %w", ErrJWTMalformed, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil || dec.More() {
		return FlowTokenClaims{}, time.Time{}, fmt.Errorf("%w: payload is not a JSON object", ErrJWTMalformed)
	}
	c := FlowTokenClaims{Raw: m}
	if v, ok := m["flow_token"]; ok {
		s, isString := v.(string)
		if !isString {
			return FlowTokenClaims{}, time.Time{}, fmt.Errorf("%w: flow_token claim is %T, want string", ErrJWTMalformed, v)
		}
		c.FlowToken = s
	}
	var nbf time.Time
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{{"iat", &c.Issued}, {"exp", &c.Expires}, {"nbf", &nbf}} {
		t, err := numericDate(m, d.name)
		if err != nil {
			return FlowTokenClaims{}, time.Time{}, err
		}
		*d.dst = t
	}
	return c, nbf, nil
}

// numericDate reads an RFC 7519 NumericDate claim (seconds, possibly
// fractional); the zero time when absent.
func numericDate(m map[string]any, name string) (time.Time, error) {
	v, ok := m[name]
	if !ok {
		return time.Time{}, nil
	}
	n, isNumber := v.(json.Number)
	if !isNumber {
		return time.Time{}, fmt.Errorf("%w: %s claim is %T, want a number", ErrJWTMalformed, name, v)
	}
	f, err := n.Float64()
	// Beyond ±2^53 seconds float precision and time.Time's range both break.
	if err != nil || math.IsNaN(f) || math.Abs(f) > 1<<53 {
		return time.Time{}, fmt.Errorf("%w: %s claim %s is not a usable time", ErrJWTMalformed, name, n)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

// SignFlowTokenSignature produces an HS256 flow_token_signature as Meta
// would for flowToken, for tests, `waflow simulate` and the sandbox. extra
// claims are added alongside flow_token, iat and exp (zero times omitted).
func SignFlowTokenSignature(appSecret []byte, flowToken string, issued, expires time.Time, extra map[string]any) (string, error) {
	if len(appSecret) == 0 {
		return "", ErrNoSecret
	}
	claims := make(map[string]any, len(extra)+3)
	for k, v := range extra {
		claims[k] = v
	}
	claims["flow_token"] = flowToken
	if !issued.IsZero() {
		claims["iat"] = issued.Unix()
	}
	if !expires.IsZero() {
		claims["exp"] = expires.Unix()
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("crypto: encode JWT claims: %w", err)
	}
	signed := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		base64.RawURLEncoding.EncodeToString(payload)
	return signed + "." + base64.RawURLEncoding.EncodeToString(macSHA256(appSecret, []byte(signed))), nil
}
