package messaging

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// Resolver looks up a host's addresses; *net.Resolver is one. It must be
// safe for concurrent use.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// targetGuard keeps subscriptions from reaching waflow's own network
// (server-side request forgery). A URL is checked when a subscription is
// saved, and every connection of a delivery dials only addresses checked
// at that moment, so a name that resolves elsewhere later (DNS rebinding)
// is refused too.
type targetGuard struct {
	allowPrivate bool
	resolver     Resolver
}

// refused reports why addr may not be reached, or "".
func (g targetGuard) refused(addr netip.Addr) string {
	if g.allowPrivate {
		return ""
	}
	addr = addr.Unmap()
	switch {
	case addr.IsLoopback():
		return "loopback"
	case addr.IsPrivate():
		return "private"
	case addr.IsLinkLocalUnicast(), addr.IsLinkLocalMulticast():
		return "link-local"
	case addr.IsUnspecified(), addr.IsMulticast(), addr.IsInterfaceLocalMulticast():
		return "not a unicast"
	case sharedAddressSpace.Contains(addr):
		return "carrier-grade NAT"
	}
	return ""
}

// sharedAddressSpace (RFC 6598) is private in practice, though netip does
// not count it so.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// resolve returns the addresses of host that may be reached, or an error
// wrapping ErrTargetRefused when any address is refused: one bad address
// is enough for a rebinding attack to pick it.
func (g targetGuard) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	var addrs []netip.Addr
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		addrs = []netip.Addr{a}
	} else {
		if addrs, err = g.resolver.LookupNetIP(ctx, "ip", host); err != nil {
			return nil, fmt.Errorf("messaging: resolve %s: %w", host, err)
		}
		if len(addrs) == 0 {
			return nil, fmt.Errorf("messaging: resolve %s: no address", host)
		}
	}
	for _, a := range addrs {
		if why := g.refused(a); why != "" {
			return nil, fmt.Errorf("%w: %s resolves to %s, a %s address", ErrTargetRefused, host, a, why)
		}
	}
	return addrs, nil
}

// checkURL validates a subscription URL and the addresses it names now.
func (g targetGuard) checkURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	if u.User != nil {
		return fmt.Errorf("must not carry credentials; sign with the secret instead")
	}
	if g.allowPrivate {
		// Nothing to refuse; the name may be one only the delivery
		// worker's resolver knows.
		return nil
	}
	_, err = g.resolve(ctx, u.Hostname())
	return err
}

// dialContext resolves, checks and dials the checked address, so the
// check and the connection see the same address.
func (g targetGuard) dialContext(dialer *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		addrs, err := g.resolve(ctx, host)
		if err != nil {
			return nil, err
		}
		var firstErr error
		for _, a := range addrs {
			conn, err := dialer.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
			if err == nil {
				return conn, nil
			}
			if firstErr == nil {
				firstErr = err
			}
		}
		return nil, firstErr
	}
}
