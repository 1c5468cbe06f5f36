package kapsotest

import (
	"net/http"
	"net/url"
	"strings"
)

// proxyRoute names a proxy path for faults: "proxy.messages",
// "proxy.message_templates", "proxy.message_template" (one template by
// id), "proxy.flows", "proxy.assets", "proxy.publish", "proxy.deprecate",
// "proxy.node" (GET, POST or DELETE /{id}), "proxy.other".
func proxyRoute(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(parts) == 1:
		return "proxy.node"
	case len(parts) == 3 && parts[1] == "message_templates":
		return "proxy.message_template"
	case len(parts) == 2:
		switch parts[1] {
		case "messages", "message_templates", "flows", "assets", "publish", "deprecate":
			return "proxy." + parts[1]
		}
	}
	return "proxy.other"
}

// proxy passes a call to the Meta fake as Kapso does: it resolves which
// WhatsApp config the ids name, refuses ids outside the project, rewrites
// Kapso's own path forms to Meta's and relays Meta's answer unchanged.
// Calls addressed by a flow or template id alone need phone_number_id or
// business_account_id in the query.
func (s *Server) proxy(w http.ResponseWriter, r *http.Request, req Request, version string, body []byte) {
	parts := strings.Split(strings.Trim(req.Path, "/"), "/")
	query := url.Values{}
	for k, v := range req.Query {
		if k != "phone_number_id" && k != "business_account_id" {
			query[k] = v
		}
	}
	head := parts[0]
	waba, isPhone := s.wabaOf(head)
	switch {
	case isPhone || s.ownsWABA(head):
	case req.Query.Get("phone_number_id") != "":
		if _, ok := s.wabaOf(req.Query.Get("phone_number_id")); !ok {
			writeError(w, http.StatusForbidden, "The phone number does not belong to this project")
			return
		}
	case req.Query.Get("business_account_id") != "":
		if !s.ownsWABA(req.Query.Get("business_account_id")) {
			writeError(w, http.StatusForbidden, "The business account does not belong to this project")
			return
		}
	default:
		writeError(w, http.StatusBadRequest, "Cannot resolve the WhatsApp configuration: pass phone_number_id or business_account_id")
		return
	}
	path, method := req.Path, r.Method
	switch {
	case isPhone && len(parts) == 2 && parts[1] == "flows":
		path = waba + "/flows"
	case req.Route == "proxy.message_template" && method == http.MethodGet:
		path = parts[2]
	case req.Route == "proxy.message_templates" && method == http.MethodPut:
		id := req.Query.Get("hsm_id")
		if id == "" {
			writeError(w, http.StatusBadRequest, "hsm_id is required to edit a template")
			return
		}
		query.Del("hsm_id")
		path, method = id, http.MethodPost
	case req.Route == "proxy.message_templates" && method == http.MethodPost && isPhone:
		writeError(w, http.StatusBadRequest, "Templates belong to the business account: use /{business_account_id}/message_templates")
		return
	}
	ans := s.callMeta(method, version, path, query, r.Header.Get("Content-Type"), body)
	if method == http.MethodDelete && req.Route == "proxy.node" && ans.ok() {
		s.mu.Lock()
		s.forget(head)
		s.mu.Unlock()
	}
	for k, v := range ans.header {
		w.Header()[k] = v
	}
	w.WriteHeader(ans.status)
	_, _ = w.Write(ans.body)
}
