package endpoint

import (
	"bytes"
	"errors"
	"io"
	"net/http"
)

// ServeHTTP mounts the handler on net/http. POST is the data exchange; GET
// and HEAD answer 200 so that load balancers and uptime probes can check the
// route without a key; every other method gets 405. The body is read up to
// the size limit and no further.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
	case http.MethodGet, http.MethodHead:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, "ok\n")
		}
		return
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		h.write(w, h.Reject(r.Context(), newError(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "method %s", r.Method)))
		return
	}
	body, err := h.readBody(w, r)
	if err != nil {
		h.write(w, h.Reject(r.Context(), err))
		return
	}
	h.write(w, h.Handle(r.Context(), Request{Body: body, Header: r.Header}))
}

func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength > h.maxBody {
		return nil, newError(http.StatusRequestEntityTooLarge, CodeBodyTooLarge, "Content-Length %d, limit %d", r.ContentLength, h.maxBody)
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, h.maxBody))
	if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return nil, newError(http.StatusRequestEntityTooLarge, CodeBodyTooLarge, "body over the limit of %d bytes", mbe.Limit)
	}
	if err != nil {
		return nil, newError(http.StatusBadRequest, CodeBadPayload, "read body: %w", err)
	}
	return buf.Bytes(), nil
}

func (h *Handler) write(w http.ResponseWriter, resp Response) {
	if resp.ContentType != "" {
		w.Header().Set("Content-Type", resp.ContentType)
	}
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}
