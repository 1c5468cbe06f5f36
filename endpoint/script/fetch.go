package script

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/dop251/goja"
)

// allowList holds the hosts fetch may reach.
type allowList []hostRule

type hostRule struct {
	host     string // lower case; for a wildcard, the suffix with its leading dot
	port     string // empty means any port
	wildcard bool
}

func newAllowList(hosts []string) allowList {
	var l allowList
	for _, h := range hosts {
		h = strings.ToLower(strings.TrimSpace(h))
		switch {
		case h == "":
			continue
		case strings.HasPrefix(h, "*."):
			l = append(l, hostRule{host: h[1:], wildcard: true})
		default:
			if host, port, err := net.SplitHostPort(h); err == nil {
				l = append(l, hostRule{host: host, port: port})
			} else {
				l = append(l, hostRule{host: strings.Trim(h, "[]")})
			}
		}
	}
	return l
}

func (l allowList) allows(u *url.URL) bool {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	for _, r := range l {
		if r.port != "" && r.port != port {
			continue
		}
		if host == r.host || r.wildcard && strings.HasSuffix(host, r.host) {
			return true
		}
	}
	return false
}

// fetchClient copies base (or a default client) so that redirects, too, stay
// within the allowed hosts.
func fetchClient(base *http.Client, allowed allowList) *http.Client {
	c := &http.Client{}
	if base != nil {
		*c = *base
	}
	next := c.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !allowed.allows(req.URL) {
			return fmt.Errorf("redirect to host %q, which is not allowed", req.URL.Host)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return c
}

func (rt *runtime) installFetch() error {
	fetch, ok := rt.vm.ToValue(rt.fetch).(*goja.Object)
	if !ok {
		return errNotObject("fetch")
	}
	return rt.global("fetch", fetch)
}

// fetch is fetch(url, {method, headers, body}); it resolves to a Response
// for any HTTP status and rejects with a TypeError when the URL is refused or
// the request fails.
func (rt *runtime) fetch(fc goja.FunctionCall) goja.Value {
	raw := fc.Argument(0).String()
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return rt.rejectWith(rt.vm.NewTypeError(fmt.Sprintf("fetch: %q is not an absolute http or https URL", raw)))
	}
	if !rt.host.allowed.allows(u) {
		return rt.rejectWith(rt.vm.NewTypeError(fmt.Sprintf("fetch: host %q is not among the hosts this flow may reach", u.Host)))
	}
	method, body, headers := http.MethodGet, "", map[string]string{}
	if init, ok := fc.Argument(1).(*goja.Object); ok {
		if v := init.Get("method"); v != nil && !goja.IsUndefined(v) {
			method = strings.ToUpper(v.String())
		}
		if v := init.Get("body"); v != nil && !goja.IsUndefined(v) && !goja.IsNull(v) {
			body = v.String()
		}
		if h, ok := init.Get("headers").(*goja.Object); ok {
			for _, k := range h.Keys() {
				headers[k] = h.Get(k).String()
			}
		}
	}
	client, limit := rt.host.client, rt.host.opts.MaxFetchBytes
	return rt.call.spawn(func(ctx context.Context) settle {
		resp, data, err := doFetch(ctx, client, method, u, body, headers, limit)
		if err != nil {
			return func() (goja.Value, goja.Value) {
				return nil, rt.vm.NewTypeError(fmt.Sprintf("fetch %s: %v", u.Redacted(), err))
			}
		}
		return func() (goja.Value, goja.Value) {
			return rt.newResponse(&response{status: resp.status, body: data}, resp.statusText, resp.headers), nil
		}
	})
}

type fetched struct {
	status     int
	statusText string
	headers    map[string]string
}

func doFetch(ctx context.Context, client *http.Client, method string, u *url.URL, body string, headers map[string]string, limit int) (fetched, string, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), r)
	if err != nil {
		return fetched{}, "", err
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fetched{}, "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(limit)+1))
	if err != nil {
		return fetched{}, "", fmt.Errorf("read body: %w", err)
	}
	if len(data) > limit {
		return fetched{}, "", fmt.Errorf("response body larger than %d bytes", limit)
	}
	f := fetched{status: resp.StatusCode, headers: map[string]string{}}
	if _, text, ok := strings.Cut(resp.Status, " "); ok {
		f.statusText = text
	}
	for k, v := range resp.Header {
		f.headers[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	return f, string(data), nil
}
