package httpapi

import (
	"bytes"

	"github.com/valyala/fasthttp"
)

// requestConfig raises the body limit for the routes that declare their
// own [Route.BodyLimit]. fasthttp calls it once the headers are read and
// before it reads the body, so a body over the limit is refused from its
// Content-Length without being read, and every other route keeps
// Options.BodyLimit. A zero RequestConfig keeps the server's settings.
func (s *Server) requestConfig(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	if len(s.largeBodies) == 0 {
		return fasthttp.RequestConfig{}
	}
	path := h.RequestURI()
	if i := bytes.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	method := string(h.Method())
	for _, r := range s.largeBodies {
		if r.Method == method && matchPattern(r.Path, string(path)) {
			return fasthttp.RequestConfig{MaxRequestBodySize: r.BodyLimit}
		}
	}
	return fasthttp.RequestConfig{}
}
