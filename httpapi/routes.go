package httpapi

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Route describes one operation of the API. Every route is registered with
// [Server.Handle], which mounts it on Fiber and records it for
// /openapi.json, so the document cannot drift from what is served.
type Route struct {
	// Method is the HTTP method, upper case.
	Method string
	// Path is the Fiber pattern, parameters as ":name" ("/wa/v2/apps/:id").
	Path string
	// Summary is one line for the document.
	Summary string
	// Tag groups routes in the document ("apps", "flows", "operations").
	Tag string
	// Query lists the query parameters the route reads.
	Query []QueryParam
	// Request names the schema of the JSON body, "" for none. Names refer
	// to [Server.DefineSchema].
	Request string
	// Response names the schema of the success body, "" for none.
	Response string
	// Status is the success status; 0 means 200.
	Status int
	// ContentType is the success body's media type; "" means
	// application/json.
	ContentType string
	// RequestTypes are the media types of a body that is not JSON (a
	// handler script), for routes without a Request schema; the body is
	// documented as a string of those types.
	RequestTypes []string
	// BodyLimit is the largest request body the route accepts, for the few
	// routes that take more than Options.BodyLimit (the Flow JSON upload
	// takes Meta's 10 MiB); 0 means Options.BodyLimit. It is applied when
	// the headers arrive, before the body is read.
	BodyLimit int
	// Public is set by Handle: true for routes that take no API key, the
	// operational ones outside [APIPrefix] and those the BSPs call, which
	// are authenticated by signature instead (see [BSPCalled]).
	Public bool
}

// QueryParam is one query parameter of a [Route].
type QueryParam struct {
	Name        string
	Description string
	// Type is the JSON Schema type: "string", "integer", "boolean".
	Type string
}

func (r Route) status() int { return cmp.Or(r.Status, http.StatusOK) }

func (r Route) contentType() string { return cmp.Or(r.ContentType, fiber.MIMEApplicationJSON) }

// Handle mounts h for r and records r in the route table. It panics on a
// malformed route or one registered twice: both are programming errors that
// every test run would catch at start-up.
func (s *Server) Handle(r Route, h fiber.Handler) {
	r.Method = strings.ToUpper(r.Method)
	if r.Method == "" || !validPattern(r.Path) || h == nil {
		panic(fmt.Sprintf("httpapi: malformed route %q %q", r.Method, r.Path))
	}
	for _, name := range []string{r.Request, r.Response} {
		if name != "" && s.schemas[name] == nil {
			panic(fmt.Sprintf("httpapi: route %s %s names undefined schema %q", r.Method, r.Path, name))
		}
	}
	if slices.ContainsFunc(s.routes, func(o Route) bool { return o.Method == r.Method && o.Path == r.Path }) {
		panic(fmt.Sprintf("httpapi: route %s %s registered twice", r.Method, r.Path))
	}
	r.Public = !needsKey(r.Method, examplePath(r.Path))
	s.routes = append(s.routes, r)
	if r.BodyLimit > 0 {
		s.largeBodies = append(s.largeBodies, r)
	}
	pattern := r.Path
	handler := func(c *fiber.Ctx) error {
		c.Locals(routeKey, pattern)
		return h(c)
	}
	s.app.Add(r.Method, r.Path, handler)
	if r.Method == fiber.MethodGet {
		// As Fiber's own Get does: HEAD is GET without the body.
		s.app.Add(fiber.MethodHead, r.Path, handler)
	}
}

const routeKey = "httpapi.route"

// Routes returns the route table, sorted by path and method.
func (s *Server) Routes() []Route {
	out := slices.Clone(s.routes)
	slices.SortFunc(out, func(a, b Route) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
	})
	return out
}

// allowedMethods lists the methods registered for the routes matching path,
// for the Allow header of a 405.
func (s *Server) allowedMethods(path string) []string {
	var out []string
	for _, r := range s.routes {
		if matchPattern(r.Path, path) && !slices.Contains(out, r.Method) {
			out = append(out, r.Method)
		}
	}
	if slices.Contains(out, fiber.MethodGet) {
		out = append(out, fiber.MethodHead)
	}
	slices.Sort(out)
	return out
}

// validPattern accepts literal segments and ":name" parameters only: the
// document and the 405 matcher understand no more of Fiber's syntax.
func validPattern(pattern string) bool {
	if !strings.HasPrefix(pattern, "/") {
		return false
	}
	for _, seg := range strings.Split(pattern[1:], "/") {
		name, param := strings.CutPrefix(seg, ":")
		if param && name == "" || strings.ContainsAny(name, ":*?+{}") {
			return false
		}
	}
	return true
}

// matchPattern reports whether path matches a Fiber pattern made of literal
// segments and ":name" parameters, ignoring a trailing slash as the router
// does.
func matchPattern(pattern, path string) bool {
	ps := strings.Split(strings.Trim(pattern, "/"), "/")
	xs := strings.Split(strings.Trim(path, "/"), "/")
	if len(ps) != len(xs) {
		return false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, ":") {
			if xs[i] == "" {
				return false
			}
			continue
		}
		if p != xs[i] {
			return false
		}
	}
	return true
}

// examplePath fills a pattern's parameters with a placeholder, so rules
// written for concrete paths can judge a pattern.
func examplePath(pattern string) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = "x"
		}
	}
	return strings.Join(segs, "/")
}
