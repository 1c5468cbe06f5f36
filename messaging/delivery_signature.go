package messaging

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Headers of every delivery.
const (
	// SignatureHeader carries "t=<unix seconds>,v1=<hex HMAC-SHA256>"
	// where the MAC is keyed with the subscription's secret over
	// "<t>.<body>".
	SignatureHeader = "Waflow-Signature"
	// EventIDHeader repeats the envelope's id.
	EventIDHeader = "Waflow-Event-Id"
)

// DefaultSignatureTolerance is how far from now a delivery's timestamp
// may be for [VerifyDeliverySignature] when given 0.
const DefaultSignatureTolerance = 5 * time.Minute

// Errors of [VerifyDeliverySignature].
var (
	ErrDeliverySignature = errors.New("messaging: delivery signature invalid")
	ErrDeliveryStale     = errors.New("messaging: delivery timestamp outside the tolerance")
)

// SignDelivery returns the Waflow-Signature value for body sent at t.
func SignDelivery(secret, body []byte, t time.Time) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(deliveryMAC(secret, ts, body))
}

func deliveryMAC(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// VerifyDeliverySignature is the receiver's check of a delivery: header is
// the Waflow-Signature value, body the raw request body, secrets the
// subscription's secrets newest first (several during a rotation). A
// timestamp further than tolerance from now (0 means
// DefaultSignatureTolerance) is refused with ErrDeliveryStale, which with
// a record of recent Waflow-Event-Id values stops replays. Several v1
// parts are accepted, any one matching.
func VerifyDeliverySignature(secrets [][]byte, header string, body []byte, now time.Time, tolerance time.Duration) error {
	var (
		ts   string
		macs [][]byte
	)
	for part := range strings.SplitSeq(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			if mac, err := hex.DecodeString(v); err == nil && len(mac) == sha256.Size {
				macs = append(macs, mac)
			}
		}
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(macs) == 0 {
		return fmt.Errorf("%w: want t=<unix>,v1=<hex>", ErrDeliverySignature)
	}
	if tolerance <= 0 {
		tolerance = DefaultSignatureTolerance
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: %s away", ErrDeliveryStale, d.Round(time.Second))
	}
	for _, secret := range secrets {
		if len(secret) == 0 {
			continue
		}
		want := deliveryMAC(secret, ts, body)
		for _, mac := range macs {
			if hmac.Equal(mac, want) {
				return nil
			}
		}
	}
	return ErrDeliverySignature
}
